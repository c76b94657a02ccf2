"""Bad options on the command line: one line naming the option and the value, exit 2, nothing made."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEVARE, run_cli


@pytest.mark.parametrize("command", ["map", "build", "serve"])
@pytest.mark.parametrize("base", ["not a base", "relative/path/", "http://exa mple.org/"])
def test_an_invalid_base_is_one_line_and_exit_2(tmp_path: Path, command: str, base: str) -> None:
    args = {
        "map": [SEVARE],
        "build": [SEVARE, "--store", tmp_path / "store"],
        "serve": ["--store", tmp_path / "store"],
    }
    done = run_cli(command, *args[command], "--base", base, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith(f"sevare-kg: error: --base {base!r}: not an absolute IRI")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not (tmp_path / "store").exists()


def test_a_base_without_a_trailing_slash_still_gets_one(tmp_path: Path) -> None:
    out = run_cli("map", SEVARE, "--format", "ntriples", "--base", "http://example.org/kg").stdout
    assert "<http://example.org/kg/event/2023-sevare-attack>" in out
