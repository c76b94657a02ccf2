"""Entity pages under hostile paths and input: the IRI is bound as a term, never pasted into SPARQL;
only http(s) URLs become links; HTML pages carry a Content-Security-Policy. An event's page draws
its place(s) on a locator map (inline SVG), or says it has no coordinates."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from server_support import ServerProcess, build_store

from sevare_kg.store.knowledge_store import KnowledgeStore

BASE = "https://w3id.org/sevare-kg/"
HOSTILE = BASE + "source/hostile"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# events with GeoNames points: Bamako (one place), Surabaya and Sidoarjo (two), and the Manchester
# Arena, which has none, in Manchester, which has one
WITH_POINTS = [
    CORPUS / "dev" / "radisson_blu_bamako_attack.txt",
    CORPUS / "dev-world" / "surabaya_bombings.txt",
    CORPUS / "dev-world" / "manchester_arena_bombing.txt",
]
# as it was before the maps: inline SVG needs no new source
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    d = tmp_path_factory.mktemp("pages")
    build_store(d / "store", WITH_POINTS)
    g = ox.NamedNode("http://example.org/graph/hostile")
    with KnowledgeStore(d / "store") as ks:
        s = ox.NamedNode(HOSTILE)
        ks.replace_graph(
            g,
            [
                ox.Quad(
                    s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("hostile"), g
                ),
                ox.Quad(
                    s,
                    ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"),
                    ox.NamedNode("javascript:alert(document.domain)//"),
                    g,
                ),
            ],
        )
        ks.flush()
    srv = ServerProcess(d / "store")
    yield srv
    srv.stop()


def _get(server: ServerProcess, path: str, accept: str = "text/html") -> httpx.Response:
    return httpx.get(server.url + path, headers={"Accept": accept}, timeout=30)


def test_an_entity_page_has_a_content_security_policy(server: ServerProcess) -> None:
    r = _get(server, "/event/2023-sevare-attack")
    assert r.status_code == 200 and "2023 Sévaré attack" in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp


def test_an_event_page_opens_with_a_summary_and_its_casualty_reports(server: ServerProcess) -> None:
    html = _get(server, "/event/2023-sevare-attack").text
    summary, rest = html.split("<h2>Casualties</h2>")
    reports, statements = rest.split("<h2>Statements</h2>")
    assert "<th>When</th><td>2023-04-22, 05:00</td>" in summary
    assert 'Mopti Airport</a> <span class="meta">(Sévaré, Mopti Region, Mali)</span>' in summary
    assert '<th>Part of</th><td><a href="/event/mali-war"' in summary
    assert "<th>Perpetrators</th><td>Katiba Macina" in summary
    # each report with its qualifiers and the sentence it was read from; the total in bold
    assert "<strong" in reports and ">13</strong>" in reports
    assert "“Ten civilians and three soldiers were killed, and over 60 others injured.”" in reports
    assert "<td>Government of Mali</td>" in reports  # according to
    # then the statements grouped by property under their labels, the Wikidata view folded away
    assert '<th><span title="sev:partOf">part of</span></th>' in statements
    assert "<details><summary>Wikidata view" in statements and "p:statement/" not in html


def _map(html: str) -> tuple[str, str]:
    """The summary's map row: the SVG and its caption."""
    row = re.search(r"<tr><th>Map</th><td>(.*?)</td></tr>", html, re.S)
    assert row, "no Map row in the summary"
    svg = re.search(r"<svg .*?</svg>", row.group(1), re.S)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", row.group(1), re.S)
    assert svg and caption, row.group(1)[:300]
    return svg.group(0), caption.group(1)


def _view_box(svg: str) -> tuple[float, float]:
    m = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert m, svg[:200]
    return float(m.group(1)), float(m.group(2))


def _markers(svg: str) -> list[tuple[float, float]]:
    return [
        (float(x), float(y))
        for x, y in re.findall(r'<circle class="marker" cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]


def test_an_event_page_maps_its_place_centred_with_its_coordinates(server: ServerProcess) -> None:
    r = _get(server, "/event/radisson-blu-bamako-attack")
    assert r.status_code == 200 and r.headers["content-security-policy"] == CSP
    svg, caption = _map(r.text)
    width, height = _view_box(svg)
    # one marker, Bamako's GeoNames point (12.60915 N, 7.97522 W), in the middle of the map
    assert _markers(svg) == [(round(width / 2, 1), round(height / 2, 1))]
    assert caption.startswith("Bamako: 12.6091, -7.9752 ") and "(lat, lon" in caption
    assert "<title>Bamako: 12.6091, -7.9752</title>" in svg
    # the land: Natural Earth's outlines, closed rings (West Africa's coast lies in the ±15° around it)
    land = re.search(r'<path d="(M[^"]+Z)" fill="#f2efe4"', svg)
    assert land and land.group(1).count("L") > 50
    assert "<script" not in r.text.lower() and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_an_event_in_two_places_has_two_markers_around_the_middle(server: ServerProcess) -> None:
    svg, caption = _map(_get(server, "/event/surabaya-bombings").text)
    width, height = _view_box(svg)
    markers = _markers(svg)
    assert len(markers) == 2 and len(set(markers)) == 2
    (x1, y1), (x2, y2) = markers
    # the map is centred on the middle of the two points
    assert abs((x1 + x2) / 2 - width / 2) < 0.2 and abs((y1 + y2) / 2 - height / 2) < 0.2
    assert "Sidoarjo: -7.4478, 112.7183" in caption and "Surabaya: -7.2492, 112.7508" in caption


def test_a_place_without_a_point_is_marked_at_the_place_holding_it(server: ServerProcess) -> None:
    html = _get(server, "/event/manchester-arena-bombing").text
    assert "Manchester Arena" in html.split("<th>Where</th>")[1].split("</tr>")[0]
    svg, caption = _map(html)
    assert len(_markers(svg)) == 1 and caption.startswith("Manchester: 53.4809, -2.2374 ")


def test_an_event_without_coordinates_has_no_map_and_says_so(server: ServerProcess) -> None:
    # the Sévaré attack's places (Mopti Airport, the MINUSMA base, Sévaré) have no point in GeoNames'
    # towns nor in the infobox
    r = _get(server, "/event/2023-sevare-attack")
    assert r.status_code == 200 and r.headers["content-security-policy"] == CSP
    assert '<tr><th>Map</th><td><span class="meta">no coordinates</span></td></tr>' in r.text
    assert "<svg" not in r.text


def test_an_actor_page_is_referenced_by_events_not_by_statement_nodes(server: ServerProcess) -> None:
    html = _get(server, "/actor/katiba-macina").text
    referenced = html.split("<h2>Referenced by</h2>")[1]
    assert "2023 Sévaré attack" in referenced
    assert "/statement/" not in referenced and "/fact/" not in referenced


def test_a_place_page_says_where_the_article_names_it(server: ServerProcess) -> None:
    html = _get(server, "/place/mali/sevare/minusma-base").text
    derived = html.split("<h2>Derived from</h2>")[1].split("<h2>")[0]
    assert "<th>named in</th>" in derived and "infobox Place: Mopti Airport and MINUSMA base" in derived


def test_an_entity_is_served_as_rdf(server: ServerProcess) -> None:
    r = _get(server, "/event/2023-sevare-attack", accept="text/turtle")
    assert r.status_code == 200
    triples = list(ox.parse(r.content, ox.RdfFormat.TURTLE))
    assert triples and {str(t.subject) for t in triples} == {f"<{BASE}event/2023-sevare-attack>"}


def test_an_entity_as_json_ld_is_compact_and_loads_whole_into_rdflib(server: ServerProcess) -> None:
    import json

    import rdflib
    from rdflib.compare import isomorphic

    turtle = _get(server, "/event/2023-sevare-attack", accept="text/turtle")
    r = _get(server, "/event/2023-sevare-attack", accept="application/ld+json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    doc = json.loads(r.text)
    assert isinstance(doc["@context"], dict) and doc["@context"]["sev"].startswith("https://w3id.org/")
    assert "http://www.w3.org/2000/01/rdf-schema#label" not in r.text  # terms are compacted
    from_jsonld = rdflib.Graph().parse(data=r.text, format="json-ld")
    from_turtle = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert len(from_jsonld) == len(from_turtle) > 10
    assert isomorphic(from_jsonld, from_turtle)


@pytest.mark.parametrize(
    "path",
    [
        "a b",
        "x> ?p ?o } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #",
        "x>} ; DROP ALL ; #",
        'x"{}',
    ],
)
def test_a_path_that_is_not_an_iri_is_404(server: ServerProcess, path: str) -> None:
    for accept in ("text/html", "text/turtle"):
        r = _get(server, "/event/" + urllib.parse.quote(path), accept=accept)
        assert r.status_code == 404, (path, accept, r.status_code, r.text[:200])


def test_an_unknown_entity_is_404(server: ServerProcess) -> None:
    for accept in ("text/html", "text/turtle"):
        assert _get(server, "/event/no-such-event", accept=accept).status_code == 404


def test_a_javascript_url_from_the_input_is_not_a_link(server: ServerProcess) -> None:
    r = _get(server, "/source/hostile")
    assert r.status_code == 200 and "hostile" in r.text
    assert "javascript:" in r.text  # shown, as text
    assert 'href="javascript:' not in r.text.lower()
    assert "<code>javascript:alert(document.domain)//</code>" in r.text
