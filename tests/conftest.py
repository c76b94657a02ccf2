"""Shared fixtures: the CLI as users run it, and a store built from data/articles/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"  # copied from the shared material, with its attribution
CORPUS_DEV = CORPUS / "dev"
CORPUS_WORLD = CORPUS / "dev-world"
SEVARE = ROOT / "data" / "articles" / "2023_sevare_attack.txt"
CLI = Path(sys.executable).parent / "sevare-kg"


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [str(CLI), *map(str, args)], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=300
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"sevare-kg {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("kg") / "store"
    run_cli("build", "--store", store)
    return store


def query_json(store: Path, name: str) -> list[dict[str, str]]:
    out = run_cli("query", name, "--store", store, "--format", "json").stdout
    data = json.loads(out)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
