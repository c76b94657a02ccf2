"""The query editor in a real browser: headless Chromium loads /, YASGUI runs a query against /sparql
and renders the rows; the named queries of queries/ are its tabs.

CI installs Chromium (Debian package ``chromium``); without it this test is skipped, saying why."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from urllib.parse import quote

import pytest
from test_server_support import server  # noqa: F401

from sevare_kg.resources import queries_dir
from sevare_kg.server.index import named_queries

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
    # one tab per named query
    names = [q["name"] for q in named_queries(queries_dir())]
    for name in names:
        assert name in dom
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
