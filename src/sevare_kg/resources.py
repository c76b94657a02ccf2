"""Where the project's shipped files are: ontology/, queries/ and data/.

In a source checkout (editable install) they sit at the repository root; in a wheel they are
packaged under ``sevare_kg/_resources/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root() -> Path:
    packaged = _PACKAGE / "_resources"
    if (packaged / "ontology").is_dir():
        return packaged
    return _PACKAGE.parents[1]


def ontology_dir() -> Path:
    return _root() / "ontology"


def queries_dir() -> Path:
    return _root() / "queries"


def data_dir() -> Path:
    return _root() / "data"
