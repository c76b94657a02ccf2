"""The query editor in a real browser: headless Chromium loads /, YASGUI runs a query against /sparql
and renders the rows; the named queries of queries/ are its tabs.

CI installs Chromium (Debian package ``chromium``); without it this test is skipped, saying why."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from server_support import ServerProcess, build_store

from sevare_kg.resources import queries_dir
from sevare_kg.server.index import named_queries

ROOT_DIR = Path(__file__).resolve().parents[2]
BAMAKO = ROOT_DIR / "tests" / "corpus" / "dev" / "radisson_blu_bamako_attack.txt"  # an event with a point
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """The Sévaré article (no coordinates) and the Radisson Blu Bamako attack (Bamako's point)."""
    d = tmp_path_factory.mktemp("browser")
    build_store(d / "store", [BAMAKO])
    s = ServerProcess(d / "store")
    yield s
    s.stop()


def dump_dom(url: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=20000",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            timeout=90,
        )
    return out.stdout.decode("utf-8", "replace")


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (apt-get install -y chromium)",
)
def test_yasgui_runs_a_query_and_shows_rows(server):
    q = (
        "SELECT ?actor ?label WHERE { <https://w3id.org/sevare-kg/event/2023-sevare-attack> "
        "<http://www.wikidata.org/prop/direct/P710> ?actor . ?actor <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
    )
    dom = dump_dom(f"{server.url}/?run={quote(q)}")
    assert "yasgui" in dom.lower(), dom[:500]
    table = dom[dom.find('class="dataTable') :]
    assert 'class="dataTable' in dom, "no result table rendered"
    cells = re.sub(r"<[^>]+>", " ", table[: table.find("</table>")])
    for label in ("Katiba Macina", "Malian Armed Forces", "MINUSMA"):
        assert label in cells
    # the browser's request reached the endpoint
    assert re.search(r"(POST|GET) /sparql .*200", server.log_text())
    # one tab per named query; the Wikidata-style examples in a menu
    names = [q["name"] for q in named_queries(queries_dir())]
    for name in names:
        if "/" in name:
            assert f">{name.split('/', 1)[1]}</option>" in dom, name
        else:
            assert re.search(rf">\s*{re.escape(name)}\s*<", dom), name
    menu = re.search(r'<select id="examples".*?</select>', dom, re.S)
    assert menu and menu.group(0).count("</option>") == 1 + sum("/" in n for n in names) >= 26
    assert ">run<" in dom or '"run"' in dom  # the run query has a tab of its own


def test_the_editor_links_to_a_service_description_a_browser_can_read(server) -> None:
    """The editor's "service description" link must not lead a browser back to the editor."""
    import httpx

    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    page = httpx.get(server.url + "/", headers=browser).text
    link = re.search(r'<a href="([^"]+)">service description</a>', page)
    assert link, page[:500]
    answer = httpx.get(server.url + link.group(1), headers=browser)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/turtle")
    assert "sd:Service" in answer.text or "ns/sparql-service-description#Service" in answer.text


def screenshot(url: str, path, size: str = "1280,900") -> bytes:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=20000",
                "--hide-scrollbars",
                f"--window-size={size}",
                f"--screenshot={path}",
                url,
            ],
            capture_output=True,
            timeout=90,
        )
    return path.read_bytes()


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (apt-get install -y chromium)",
)
def test_screenshots_of_the_editor_and_an_event_page(server, tmp_path) -> None:
    """The pictures in the docs (docs/img/editor.png, docs/img/event-page.png) are taken here: set
    SEVARE_KG_SCREENSHOTS=docs/img to write them there."""
    import struct

    q = (
        "SELECT ?event ?eventLabel ?deaths WHERE { ?event wdt:P1120 ?deaths . "
        'SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } }'
    )
    shots = {
        "editor.png": (f"{server.url}/?run={quote(q)}", "1280,800"),
        "event-page.png": (f"{server.url}/event/2023-sevare-attack", "1100,1400"),
        "event-map.png": (f"{server.url}/event/radisson-blu-bamako-attack", "1100,900"),
    }
    keep = os.environ.get("SEVARE_KG_SCREENSHOTS")
    for name, (url, size) in shots.items():
        png = screenshot(url, tmp_path / name, size)
        assert png[:8] == b"\x89PNG\r\n\x1a\n", name
        width, height = struct.unpack(">II", png[16:24])
        assert f"{width},{height}" == size, name
        assert len(png) > 20_000, f"{name}: {len(png)} bytes, an empty page?"
        if keep:
            (ROOT_DIR / keep / name).write_bytes(png)


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (apt-get install -y chromium)",
)
def test_the_browser_draws_the_locator_map_under_the_pages_csp(server, tmp_path) -> None:
    """Chromium renders the inline SVG (sea, land, the red dot) though the page allows no script nor
    any image from elsewhere; a page without coordinates shows none of its colours."""
    image = pytest.importorskip("PIL.Image")

    def colours(path: str) -> dict[str, int]:
        png = tmp_path / (path.rsplit("/", 1)[1] + ".png")
        screenshot(server.url + path, png, "1100,900")
        counts = {"sea": 0, "land": 0, "marker": 0}
        wanted = {"sea": (0xDB, 0xE7, 0xF0), "land": (0xF2, 0xEF, 0xE4), "marker": (0xC6, 0x28, 0x28)}
        with image.open(png) as picture:
            for count, rgb in picture.convert("RGB").getcolors(maxcolors=1 << 20) or []:
                for name, want in wanted.items():
                    if all(abs(a - b) <= 3 for a, b in zip(rgb, want, strict=True)):
                        counts[name] += count
        return counts

    mapped = colours("/event/radisson-blu-bamako-attack")
    assert mapped["sea"] > 5_000 and mapped["land"] > 20_000, mapped  # most of a 360 x 360 map
    assert 30 < mapped["marker"] < 200, mapped  # one dot of 5 px radius
    unmapped = colours("/event/2023-sevare-attack")
    assert unmapped == {"sea": 0, "land": 0, "marker": 0}, unmapped
