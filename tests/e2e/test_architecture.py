"""The layout is enforced, not only described: layers, lint, format, one version."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sevare_kg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
        return found
    return str(path)


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)


def test_pipeline_layers_hold() -> None:
    """import-linter: each subpackage imports only the steps before it; extraction knows no RDF."""
    done = _run(_tool("lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_ruff_check_is_clean() -> None:
    done = _run(_tool("ruff"), "check", "src", "tests", "bench")
    assert done.returncode == 0, done.stdout[-3000:]


def test_mypy_finds_no_error() -> None:
    """The package is typed (py.typed ships) and mypy checks it whole (config in pyproject.toml)."""
    done = _run(_tool("mypy"), "--no-incremental")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Success: no issues found" in done.stdout


def test_ruff_format_is_clean() -> None:
    done = _run(_tool("ruff"), "format", "--check", "src", "tests", "bench")
    assert done.returncode == 0, done.stdout[-3000:]


def test_one_version_everywhere() -> None:
    """The package, the ontology, its shapes and the ontology's README carry the same version."""
    version = sevare_kg.__version__
    for name in ("sevare.ttl", "shapes.ttl"):
        text = (ROOT / "ontology" / name).read_text(encoding="utf-8")
        assert re.findall(r'owl:versionInfo "([^"]+)"', text) == [version], name
    ontology = (ROOT / "ontology" / "sevare.ttl").read_text(encoding="utf-8")
    assert re.findall(r"owl:versionIRI <([^>]+)>", ontology) == [
        f"https://w3id.org/sevare-kg/ontology/{version}"
    ]
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    assert f"version {version}" in readme


def test_package_is_typed() -> None:
    assert (Path(sevare_kg.__file__).parent / "py.typed").exists()


LONGEST_FUNCTION = 60  # lines, signature and docstring included


def test_no_function_runs_over_sixty_lines() -> None:
    """Long work is a sequence of named steps (a table of handlers, a pipeline of steps, a planner
    and a write loop), each short enough to read at once."""
    import ast

    package = Path(sevare_kg.__file__).resolve().parent
    long = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LONGEST_FUNCTION:
                    long.append(f"{path.relative_to(package)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == [], long
