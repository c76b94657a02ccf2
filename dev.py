#!/usr/bin/env python3
"""Set up and run sevare-kg with nothing but python3.

    python3 dev.py serve     # build the graph from data/ (if the store is empty) and serve it
    python3 dev.py test      # run the test suite

Both create ./.venv on first use and install the project into it (editable, with its extras).
Extra arguments go to the command: `python3 dev.py serve --port 8000`, `python3 dev.py test -k cli`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
EXTRAS = {"serve": "server", "test": "test,server,notebook,scale,docs"}


def ensure_venv(extras: str) -> None:
    if not (BIN / "python").exists():
        print(f"dev.py: creating {VENV}", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras.replace(',', '-')}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    wanted = set(extras.split(","))
    for done in VENV.glob(".installed-*"):  # an install with more extras will do (test covers serve)
        if wanted <= set(done.name.removeprefix(".installed-").split("-")) and done.read_text() == digest:
            return
    print(f"dev.py: installing sevare-kg[{extras}] into {VENV}", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[{extras}]"], check=True)
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_venv(EXTRAS[command])
    if command == "serve":
        cmd = [str(BIN / "sevare-kg"), "serve", *rest]
    else:
        cmd = [str(BIN / "python"), "-m", "pytest", *rest]
    if os.name == "nt":
        return subprocess.call(cmd, cwd=ROOT)
    # become the command: signals (a supervisor's SIGTERM, Ctrl-C) then reach the server itself,
    # which stops its query workers; a child left behind would keep the port and the store
    os.chdir(ROOT)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
