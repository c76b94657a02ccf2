"""The project's paths and the CLI as users run it, for every test (``from cli_support import …``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"  # copied from the shared material, with its attribution
CORPUS_DEV = CORPUS / "dev"
CORPUS_WORLD = CORPUS / "dev-world"
CORPUS_FRESH = CORPUS / "fresh"  # held out: no rule is written from it (issue 16)
SEVARE = ROOT / "data" / "articles" / "2023_sevare_attack.txt"
CLI = Path(sys.executable).parent / "sevare-kg"


def run_cli(
    *args: str | Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    check: bool = True,
    process: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``sevare-kg ARGS`` as a user runs it: its exit status, stdout and stderr. In this process
    (``sevare_kg.cli.main(argv)``, with its own stdout, stderr, environment and working folder)
    unless ``process``: a real process is for what only one shows (signals, a terminal, a crash)."""
    if process:
        full_env = {**os.environ, **(env or {})}
        proc = subprocess.run(
            [str(CLI), *map(str, args)], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=300
        )
    else:
        proc = _run_in_process([str(a) for a in args], env or {}, cwd)
    if check and proc.returncode != 0:
        raise AssertionError(f"sevare-kg {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def _run_in_process(
    argv: list[str], env: dict[str, str], cwd: Path | None
) -> subprocess.CompletedProcess[str]:
    import gc
    import io
    import logging

    from sevare_kg.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", newline="", write_through=True)
    saved_env = {k: os.environ.get(k) for k in env}
    saved = sys.stdout, sys.stderr, os.getcwd()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers = []  # main() configures logging for its own run, to its own stderr
    os.environ.update(env)
    if cwd is not None:
        os.chdir(cwd)
    sys.stdout, sys.stderr = stdout, stderr
    try:
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: --help, a usage error
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
            if not isinstance(exc.code, int) and exc.code is not None:
                print(exc.code, file=sys.stderr)
    finally:
        sys.stdout, sys.stderr = saved[0], saved[1]
        os.chdir(saved[2])
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        root.handlers, root.level = handlers, level
        gc.collect()  # a store the command opened is closed before the next command opens it
    return subprocess.CompletedProcess(
        ["sevare-kg", *argv], code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
    )


def query_json(store: Path, name: str) -> list[dict[str, str]]:
    out = run_cli("query", name, "--store", store, "--format", "json").stdout
    data = json.loads(out)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
