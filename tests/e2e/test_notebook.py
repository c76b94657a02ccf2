"""notebooks/quickstart.ipynb runs top to bottom (nbclient, the venv's ipykernel), so it never rots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # see tests/conftest.py

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "quickstart.ipynb"


def test_quickstart_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "TMPDIR", str(tmp_path)
    )  # the kernel inherits it: the notebook's work folder goes there
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # each cell within nbclient's timeout
    text = "\n".join(
        out.get("text", "") or str(out.get("data", {}).get("text/plain", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )
    assert "built 1 article" in text
    assert "endpoint: http://127.0.0.1:" in text
    assert "Katiba Macina" in text and "Malian Armed Forces" in text
    assert "2023 Sévaré attack | 2 sides | 10 casualty reports" in text
    assert "saved" in text and "casualties.png" in text
    # the map: every event of the development sets that the graph gives a point
    mapped = re.search(r"(\d+) events on the map", text)
    assert mapped is not None and int(mapped.group(1)) >= 20, text[-2000:]
    assert "2016 Berlin truck attack" in text and "52.52" in text  # Berlin, from GeoNames
    assert "saved" in text and "events_map.png" in text
