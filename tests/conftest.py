"""Shared fixtures: the CLI as users run it, and a store built from data/articles/.

The tests: ``unit/`` (intricate logic, one module at a time), ``e2e/`` (the CLI, the Python API,
the docs' examples, the package as a user installs it), ``server/`` (the endpoint over HTTP, a real
server process each), ``support/`` (helpers: a server process, a local Wikidata-style endpoint).
``pytest -m "not slow"`` leaves out the tests that start servers, browsers, builds in many
processes or fresh virtual environments."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "support"))  # cli_support, server_support, wikidata_server

from cli_support import run_cli  # noqa: E402


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/server/ talks HTTP to a real server process: marked slow."""
    for item in items:
        if HERE / "server" in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("kg") / "store"
    run_cli("build", "--store", store)
    return store
