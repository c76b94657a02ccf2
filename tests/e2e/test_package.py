"""As a user of the package: build the wheel, install it into a fresh venv, and go.

Without the ``server`` extra, ``sevare-kg serve`` is a one-line error naming the extra, and leaves
nothing behind; with it, ``serve`` builds the packaged flagship article and answers queries."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.parse
import urllib.request
import venv
from pathlib import Path

import pytest
from server_support import free_port

pytestmark = pytest.mark.slow  # see tests/conftest.py

ROOT = Path(__file__).resolve().parents[2]


def _pip(python: Path, *args: str) -> None:
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A venv with nothing but the wheel (no extras) installed; returns (bin folder, wheel)."""
    work = tmp_path_factory.mktemp("package")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next((work / "dist").glob("sevare_kg-*.whl"))
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    bin_dir = work / "venv" / "bin"
    _pip(bin_dir / "python", str(wheel))
    return bin_dir, wheel


def test_serve_without_the_server_extra_names_the_extra(
    fresh_venv: tuple[Path, Path], tmp_path: Path
) -> None:
    bin_dir, _wheel = fresh_venv
    done = subprocess.run(
        [str(bin_dir / "sevare-kg"), "serve", "--port", str(free_port())],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "sevare-kg: error: starlette, granian not installed: this needs the 'server' extra "
        "(pip install 'sevare-kg[server]')"
    )
    assert list(tmp_path.iterdir()) == []  # no empty store left behind


def test_the_core_package_exports_jsonld_and_names_the_extra_for_dataframes(
    fresh_venv: tuple[Path, Path], tmp_path: Path
) -> None:
    """Without extras: framed and compact JSON-LD work (PyLD is a core dependency); query_df() is
    a one-line error of our own naming the 'notebook' extra."""
    bin_dir, _wheel = fresh_venv
    script = """
from sevare_kg import KnowledgeGraph
from sevare_kg.errors import MissingExtraError
kg = KnowledgeGraph()
kg.build()
print(len(kg.serialize("jsonld")) > 1000, kg.serialize("jsonld").count('"@context"'))
try:
    kg.query_df("casualties")
except MissingExtraError as exc:
    print(exc)
"""
    done = subprocess.run(
        [str(bin_dir / "python"), "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "True 1",
        "pandas not installed: this needs the 'notebook' extra (pip install 'sevare-kg[notebook]')",
    ]


def test_the_wheel_ships_the_flagship_article_and_serves_it(
    fresh_venv: tuple[Path, Path], tmp_path: Path
) -> None:
    bin_dir, wheel = fresh_venv
    _pip(bin_dir / "python", f"{wheel}[server]")
    port = free_port()
    server = subprocess.Popen(
        [str(bin_dir / "sevare-kg"), "serve", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        query = "SELECT ?l WHERE { ?e a <https://w3id.org/sevare-kg/ontology#Event> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "text/csv"})
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not answer within 120 s"
                time.sleep(0.5)
        assert body.splitlines() == ["l", "2023 Sévaré attack"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_wheel_ships_the_map_outlines_with_their_attribution(fresh_venv: tuple[Path, Path]) -> None:
    import zipfile

    _bin_dir, wheel = fresh_venv
    names = set(zipfile.ZipFile(wheel).namelist())
    folder = "sevare_kg/_resources/data/natural-earth/"
    assert {folder + "land-110m.json", folder + "README.md"} <= names
