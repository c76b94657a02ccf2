"""Queries pasted from the Wikidata Query Service run here unchanged (issue #17): the prefixes WDQS
predeclares, its label service answered from the local graph, a syntax error as one line at the
user's line and column, a SERVICE that cannot be reached as one short line — through the Python
API, the CLI and the HTTP endpoint, over the Sévaré graph."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cli_support import SEVARE, run_cli
from server_support import AUTH, SecretService, ServerProcess, build_store

from sevare_kg import KnowledgeGraph
from sevare_kg.errors import QueryError, ServiceError, SparqlSyntaxError
from sevare_kg.rdf.vocab import PREFIXES
from sevare_kg.store.sparql_text import predeclared, prefix_header

EVENT = "https://w3id.org/sevare-kg/event/2023-sevare-attack"
KATIBA = "https://w3id.org/sevare-kg/actor/katiba-macina"
FAMA = "https://w3id.org/sevare-kg/actor/malian-armed-forces"

# as written on query.wikidata.org: no PREFIX line, the label service in automatic mode
TYPES = """SELECT ?e ?eLabel ?c ?cLabel WHERE {
  ?e wdt:P31 ?c .
  SERVICE wikibase:label { bd:serviceParam wikibase:language "[AUTO_LANGUAGE],en". }
}"""
BAD_PREFIX = "SELECT * WHERE {\n  ?e wdt:P31 ?c ; foo:x ?y }"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens once it is closed


def _participants(languages: str) -> str:
    return (
        "SELECT ?p ?pLabel ?pAltLabel ?pDescription WHERE {\n"
        f"  <{EVENT}> wdt:P710 ?p .\n"
        f'  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "{languages}". }}\n'
        "} ORDER BY ?p"
    )


# -- the prefix table --------------------------------------------------------------------------------


def test_only_used_and_undeclared_prefixes_are_predeclared() -> None:
    text = "PREFIX wd: <http://example.org/> SELECT ?x WHERE { ?x wdt:P31 wd:Q5 ; rdfs:label 'x:y' } # bd:x"
    assert predeclared(text, PREFIXES) == {"rdfs": PREFIXES["rdfs"], "wdt": PREFIXES["wdt"]}
    header = prefix_header("SELECT * WHERE {\n ?s wdt:P31 ?o }", PREFIXES)
    assert header.count("\n") == 1 and header.startswith(
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/> "
    )
    for prefix, iri in {
        "wds": "http://www.wikidata.org/entity/statement/",
        "wdv": "http://www.wikidata.org/value/",
        "wdref": "http://www.wikidata.org/reference/",
        "bd": "http://www.bigdata.com/rdf#",
        "wikibase": "http://wikiba.se/ontology#",
        "pqv": "http://www.wikidata.org/prop/qualifier/value/",
        "prv": "http://www.wikidata.org/prop/reference/value/",
        "geo": "http://www.opengis.net/ont/geosparql#",
    }.items():
        assert PREFIXES[prefix] == iri


# -- Python API --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    graph = KnowledgeGraph()
    graph.build([SEVARE])
    # one French label, written with predeclared prefixes only (the update path)
    graph.store.update(
        f'INSERT DATA {{ GRAPH <urn:test:fr> {{ <{KATIBA}> rdfs:label "Katiba Macina (fr)"@fr }} }}'
    )
    return graph


def test_api_runs_a_wdqs_query_with_its_label_service(kg: KnowledgeGraph) -> None:
    rows = kg.query(TYPES)
    assert isinstance(rows, list) and len(rows) == 3
    assert {r["eLabel"] for r in rows} == {"2023 Sévaré attack"}
    # the Wikidata classes are described in the reference graph, as WDQS describes items
    assert {r["cLabel"] for r in rows} == {"attack", "bomb attack", "suicide bombing"}
    # an item the graph does not describe gets its own name, as on WDQS
    unknown = kg.query(
        'SELECT ?x ?xLabel WHERE { VALUES ?x { wd:Q42 } SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } }'
    )
    assert unknown == [{"x": "http://www.wikidata.org/entity/Q42", "xLabel": "Q42"}]


def test_api_label_languages_fall_back_in_order(kg: KnowledgeGraph) -> None:
    fr = {r["p"]: r for r in kg.query(_participants("fr,en"))}
    en = {r["p"]: r for r in kg.query(_participants("en"))}
    assert fr[KATIBA]["pLabel"] == "Katiba Macina (fr)" and en[KATIBA]["pLabel"] == "Katiba Macina"
    assert fr[FAMA]["pLabel"] == en[FAMA]["pLabel"] == "Malian Armed Forces"
    aliases = en[FAMA]["pAltLabel"].split(", ")
    assert "FAMa" in aliases and "Malian Armed Forces" not in aliases
    assert all(r["pDescription"] is None for r in en.values())  # no schema:description written


def test_api_label_in_group_by_with_count_star(kg: KnowledgeGraph) -> None:
    rows = kg.query(
        "SELECT ?p ?pLabel (COUNT(*) AS ?n) WHERE {\n"
        '  SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }\n'
        "  ?e wdt:P710 ?p .\n} GROUP BY ?p ?pLabel ORDER BY ?pLabel"
    )
    assert [r["pLabel"] for r in rows] == [
        "Katiba Macina",
        "MINUSMA",
        "Malian Armed Forces",
        "Senegalese Armed Forces",
    ]


def test_api_manual_label_service(kg: KnowledgeGraph) -> None:
    rows = kg.query(
        f"SELECT ?p ?name WHERE {{ <{EVENT}> wdt:P710 ?p . SERVICE wikibase:label {{\n"
        '  bd:serviceParam wikibase:language "en" . ?p rdfs:label ?name . } } ORDER BY ?name'
    )
    assert [r["name"] for r in rows][:2] == ["Katiba Macina", "MINUSMA"]


def test_api_select_star_shows_what_wdqs_shows(kg: KnowledgeGraph) -> None:
    """On WDQS ``*`` is expanded to the WHERE's variables before the label service reads the
    projection: no ?xLabel in automatic mode, the manual form's variables, no helper variables."""
    automatic = kg.query(
        f"SELECT * WHERE {{ <{EVENT}> wdt:P8031 ?p . "
        'SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } }'
    )
    assert automatic == [{"p": KATIBA}]
    manual = kg.query(
        f"SELECT * WHERE {{ <{EVENT}> wdt:P8031 ?p . SERVICE wikibase:label {{ "
        'bd:serviceParam wikibase:language "en". ?p rdfs:label ?name ; skos:altLabel ?aliases } }'
    )
    assert [sorted(r) for r in manual] == [["aliases", "name", "p"]]
    assert manual[0]["name"] == "Katiba Macina" and "Katibat Macina" in manual[0]["aliases"].split(", ")


def test_api_an_unbound_variable_has_no_label(kg: KnowledgeGraph) -> None:
    """The Sévaré attack has no end time (P582): one row, ?endLabel unbound, as on WDQS (the
    OPTIONAL of the rewrite once bound ?end to every labelled entity instead)."""
    rows = kg.query(
        "SELECT ?e ?end ?endLabel WHERE { ?e wdt:P31 wd:Q891854 . OPTIONAL { ?e wdt:P582 ?end } "
        'SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } }'
    )
    assert rows == [{"e": EVENT, "end": None, "endLabel": None}]


def test_api_label_service_in_a_construct(kg: KnowledgeGraph) -> None:
    triples = kg.construct(
        "CONSTRUCT { ?p rdfs:comment ?pLabel } WHERE { ?e wdt:P8031 ?p "
        'SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } }'
    )
    assert [(t.subject.value, t.object.value) for t in triples] == [(KATIBA, "Katiba Macina")]


def test_api_label_service_in_an_update(kg: KnowledgeGraph) -> None:
    """In INSERT … WHERE the service fills the ?xLabel the template uses, from the update's
    dataset (the default graph unless USING says otherwise), with its language fallback."""
    kg.store.update(
        "INSERT DATA { <urn:test:e> wdt:P361 wd:Q2946372 , wd:Q42 . "
        'wd:Q2946372 rdfs:label "Mali War"@en , "Guerre du Mali"@fr }'
    )
    kg.store.update(
        "INSERT { GRAPH <urn:test:names> { ?e rdfs:comment ?wholeLabel } } WHERE {\n"
        '  ?e wdt:P361 ?whole . SERVICE wikibase:label { bd:serviceParam wikibase:language "fr,en". } }'
    )
    rows = kg.query("SELECT ?c WHERE { GRAPH <urn:test:names> { ?e rdfs:comment ?c } } ORDER BY ?c")
    assert rows == [{"c": "Guerre du Mali"}, {"c": "Q42"}]
    second = '?e ?e SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } }'
    with pytest.raises(SparqlSyntaxError) as info:  # at the user's position, though rewritten
        kg.store.update("INSERT { ?e rdfs:comment ?wholeLabel } WHERE {\n" + second)
    assert (info.value.line, info.value.column) == (2, len(second))


def test_api_a_query_own_prefix_is_kept(kg: KnowledgeGraph) -> None:
    asked = "SELECT ?e WHERE { ?e wdt:P31 wd:Q891854 }"
    assert kg.query(asked) == [{"e": EVENT}]
    assert kg.query("PREFIX wd: <http://example.org/not-wikidata/> " + asked) == []


def test_api_syntax_error_at_the_users_line_and_column(kg: KnowledgeGraph) -> None:
    with pytest.raises(SparqlSyntaxError) as info:
        kg.query(BAD_PREFIX)
    assert (info.value.line, info.value.column) == (2, 19)
    assert str(info.value) == "SPARQL syntax error at line 2, column 19: unknown prefix 'foo:'"
    assert isinstance(info.value, QueryError)
    # after a label service (rewritten out of the text) the position is still the user's
    text = (
        "SELECT ?e ?eLabel WHERE { SERVICE wikibase:label { bd:serviceParam wikibase:language 'en' } "
        "?e wdt:P31 ?c . ?e ?p }"
    )
    with pytest.raises(SparqlSyntaxError) as info:
        kg.query(text)
    assert (info.value.line, info.value.column) == (1, text.rindex("}") + 1)
    with pytest.raises(
        SparqlSyntaxError, match=r"^SPARQL syntax error at line 1, column 1: unexpected 'SELEC'"
    ):
        kg.query("SELEC ?x WHERE { ?x ?p ?o }")


def test_api_unreachable_service_is_a_service_error(kg: KnowledgeGraph) -> None:
    port = _closed_port()
    with pytest.raises(ServiceError) as info:
        kg.query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
    assert str(info.value) == f"SERVICE <http://127.0.0.1:{port}/sparql> cannot be used: connection refused"


# -- CLI ---------------------------------------------------------------------------------------------


def _one_line(proc) -> str:  # type: ignore[no-untyped-def]
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_cli_runs_a_wdqs_query(built_store: Path) -> None:
    out = run_cli("query", TYPES, "--store", built_store, "--format", "csv").stdout
    assert out.count("2023 Sévaré attack") == 3 and "Q891854" in out


def test_cli_syntax_error_is_one_line(built_store: Path) -> None:
    proc = run_cli("query", BAD_PREFIX, "--store", built_store, check=False)
    assert (
        _one_line(proc) == "sevare-kg: error: SPARQL syntax error at line 2, column 19: unknown prefix 'foo:'"
    )
    proc = run_cli("query", "SELECT * WHERE {\n ?s ?p ?o\n", "--store", built_store, check=False)
    assert _one_line(proc).endswith("at line 3, column 1: unexpected end of query, expected '}'")


def test_cli_unreachable_service_is_one_line(built_store: Path) -> None:
    port = _closed_port()
    url = f"http://127.0.0.1:{port}/sparql"
    proc = run_cli("query", "federated-country", "--service", url, "--store", built_store, check=False)
    assert _one_line(proc) == f"sevare-kg: error: SERVICE <{url}> cannot be used: connection refused"


# -- HTTP endpoint -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def upstream() -> Iterator[int]:
    service = SecretService()
    yield service.port
    service.stop()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, upstream: int) -> Iterator[tuple[ServerProcess, int]]:
    store = tmp_path_factory.mktemp("wdqs") / "store"
    build_store(store)
    closed = _closed_port()
    srv = ServerProcess(
        store,
        extra=[
            "--service-allow",
            f"http://127.0.0.1:{closed}/",
            "--service-allow",
            f"http://127.0.0.1:{upstream}/",
        ],
    )
    yield srv, closed
    srv.stop()


def _ask(srv: ServerProcess, text: str, accept: str = "text/csv") -> httpx.Response:
    return httpx.post(srv.url + "/sparql", data={"query": text}, headers={"Accept": accept}, timeout=30)


def test_endpoint_answers_the_label_service_locally_and_caches_it(endpoint) -> None:  # type: ignore[no-untyped-def]
    srv, _ = endpoint
    r = _ask(srv, TYPES)
    assert r.status_code == 200, r.text
    assert r.text.count("2023 Sévaré attack") == 3 and "Q18493502" in r.text
    again = _ask(srv, TYPES)
    assert again.text == r.text and again.headers.get("x-cache") == "hit"


def test_endpoint_syntax_error_is_400_one_line(endpoint) -> None:  # type: ignore[no-untyped-def]
    srv, _ = endpoint
    r = _ask(srv, BAD_PREFIX)
    assert r.status_code == 400
    assert r.text == "SPARQL syntax error at line 2, column 19: unknown prefix 'foo:'\n"


def test_endpoint_unreachable_service_is_502(endpoint, upstream: int) -> None:  # type: ignore[no-untyped-def]
    srv, closed = endpoint
    r = _ask(srv, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{closed}/sparql> {{ ?s ?p ?o }} }}")
    assert r.status_code == 502
    assert r.text == f"SERVICE <http://127.0.0.1:{closed}/sparql> cannot be used: connection refused\n"
    r = _ask(srv, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{upstream}/sparql> {{ ?s ?p ?o }} }}")
    assert r.status_code == 502 and "HTTP 500" in r.text
    assert "secret" not in r.text and r.text.count("\n") == 1  # never the upstream's body


def test_endpoint_update_from_an_unreachable_service_is_502(endpoint) -> None:  # type: ignore[no-untyped-def]
    srv, closed = endpoint
    update = (
        "INSERT { GRAPH <urn:test:copy> { ?s ?p ?o } } "
        f"WHERE {{ SERVICE <http://127.0.0.1:{closed}/sparql> {{ ?s ?p ?o }} }}"
    )
    r = httpx.post(srv.url + "/sparql", data={"update": update}, headers=AUTH, timeout=30)
    assert r.status_code == 502
    assert r.text == f"SERVICE <http://127.0.0.1:{closed}/sparql> cannot be used: connection refused\n"


def test_endpoint_update_with_predeclared_prefixes(endpoint) -> None:  # type: ignore[no-untyped-def]
    srv, _ = endpoint
    update = 'INSERT DATA { GRAPH <urn:test:wdqs> { wd:Q9999999 rdfs:label "added"@en } }'
    r = httpx.post(srv.url + "/sparql", data={"update": update}, headers=AUTH, timeout=30)
    assert r.status_code == 204, r.text
    r = _ask(
        srv,
        "SELECT ?xLabel WHERE { VALUES ?x { wd:Q9999999 } SERVICE wikibase:label { "
        'bd:serviceParam wikibase:language "en" } }',
    )
    assert r.status_code == 200 and r.text.splitlines()[1] == "added"
    r = httpx.post(
        srv.url + "/sparql", data={"update": "INSERT DATA {\n wd:Q1 wdt:P31 }"}, headers=AUTH, timeout=30
    )
    assert r.status_code == 400 and r.text == "SPARQL syntax error at line 2, column 16: unexpected '}'\n"


def test_endpoint_update_with_the_label_service(endpoint) -> None:  # type: ignore[no-untyped-def]
    srv, _ = endpoint
    update = (
        "INSERT { GRAPH <urn:test:labels> { ?e rdfs:comment ?warLabel } } "
        "USING <urn:test:wars> WHERE { ?e wdt:P361 ?war . "
        'SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } }'
    )
    seed = 'INSERT DATA { GRAPH <urn:test:wars> { <urn:test:e> wdt:P361 wd:Q7 . wd:Q7 rdfs:label "war"@en } }'
    for text in (seed, update):
        r = httpx.post(srv.url + "/sparql", data={"update": text}, headers=AUTH, timeout=30)
        assert r.status_code == 204, r.text
    r = _ask(srv, "SELECT ?c WHERE { GRAPH <urn:test:labels> { <urn:test:e> rdfs:comment ?c } }")
    assert r.status_code == 200 and r.text.splitlines()[1:] == ["war"]


# -- CLI against a remote endpoint that predeclares nothing ------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint that knows no prefix: it records the query text and answers no rows."""

    seen: list[str] = []

    def do_POST(self) -> None:
        import urllib.parse

        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        _Recorder.seen.append(form["query"][0])
        body = b'{"head": {"vars": ["e"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_cli_remote_query_gets_the_prefix_lines_on_its_first_line() -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        text = "PREFIX wd: <http://example.org/own/>\nSELECT ?e WHERE {\n  ?e wdt:P31 wd:Q891854 }"
        url = f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
        run_cli("query", text, "--remote-query", url)
    finally:
        httpd.shutdown()
    (sent,) = _Recorder.seen
    assert sent == "PREFIX wdt: <http://www.wikidata.org/prop/direct/> " + text  # same lines; own wd: kept
