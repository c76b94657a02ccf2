"""Real clients against a running server: SPARQLWrapper, rdflib's SPARQLStore / SPARQLUpdateStore, and
a federated query from a separate Oxigraph server (PyPI ``oxigraph``) that reaches us with SERVICE."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from server_support import TOKEN, free_port, server  # noqa: F401

EVENT = "https://w3id.org/sevare-kg/event/2023-sevare-attack"
Q = f"SELECT ?l WHERE {{ <{EVENT}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv"])
def test_sparqlwrapper(server, method, fmt):
    from SPARQLWrapper import CSV, GET, JSON, POST, XML, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(Q)
    sw.setMethod(POST if method == "POST" else GET)
    sw.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV}[fmt])
    res = sw.query().convert()
    if fmt == "json":
        assert res["results"]["bindings"][0]["l"]["value"] == "2023 Sévaré attack"
    elif fmt == "xml":
        assert "2023 Sévaré attack" in res.toxml()
    else:
        assert res.decode("utf-8").splitlines() == ["l", "2023 Sévaré attack"]


def test_sparqlwrapper_construct_and_ask(server):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery("ASK { ?s a <https://w3id.org/sevare-kg/ontology#Attack> }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery(f"CONSTRUCT {{ <{EVENT}> ?p ?o }} WHERE {{ <{EVENT}> ?p ?o }}")
    sw.setReturnFormat(TURTLE)
    assert b"2023 S" in sw.query().convert()


def test_sparqlwrapper_update(server):
    from SPARQLWrapper import POST, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql", updateEndpoint=server.url + "/sparql")
    sw.setMethod(POST)
    sw.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    sw.setQuery("INSERT DATA { GRAPH <http://example.org/sw> { <http://ex/sw> <http://ex/p> 1 } }")
    assert sw.query().response.status in (200, 204)
    r = httpx.get(server.url + "/sparql", params={"query": "ASK { <http://ex/sw> ?p ?o }"})
    assert r.json()["boolean"] is True
    sw.setQuery("DROP GRAPH <http://example.org/sw>")
    sw.query()


def test_rdflib_sparqlstore(server):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(server.url + "/sparql", returnFormat="json"))
    rows = list(g.query(Q))
    assert str(rows[0][0]) == "2023 Sévaré attack"
    labels = list(g.objects(URIRef(EVENT), URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert [str(x) for x in labels] == ["2023 Sévaré attack"]
    assert g.query("ASK { ?s ?p ?o }").askAnswer is True


def test_rdflib_sparqlupdatestore(server):
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    store = SPARQLUpdateStore(
        server.url + "/sparql",
        server.url + "/sparql",
        headers={"Authorization": f"Bearer {TOKEN}"},
        autocommit=True,
    )
    g = Graph(store=store, identifier=URIRef("http://example.org/rdflib"))
    s = URIRef("http://example.org/rdflib/x")
    g.add((s, URIRef("http://example.org/p"), Literal("from rdflib")))
    got = httpx.get(
        server.url + "/sparql",
        params={"query": "SELECT ?o WHERE { GRAPH <http://example.org/rdflib> { ?s ?p ?o } }"},
    ).json()
    assert got["results"]["bindings"][0]["o"]["value"] == "from rdflib"
    assert (s, URIRef("http://example.org/p"), Literal("from rdflib")) in g
    g.remove((s, None, None))
    assert len(g) == 0
    # without the token rdflib's write fails and nothing changes
    ro = Graph(
        store=SPARQLUpdateStore(server.url + "/sparql", server.url + "/sparql", autocommit=True),
        identifier=URIRef("http://example.org/rdflib"),
    )
    with pytest.raises(Exception):  # noqa: B017 - rdflib wraps the 401 in varying types
        ro.add((s, URIRef("http://example.org/p"), Literal("nope")))


def _oxigraph_cli() -> str | None:
    exe = Path(sys.executable).parent / "oxigraph"
    return str(exe) if exe.exists() else shutil.which("oxigraph")


def test_federated_query_from_oxigraph(server, tmp_path):
    exe = _oxigraph_cli()
    if exe is None:
        pytest.fail("the 'oxigraph' command (PyPI 'oxigraph', in the server extra) is missing")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(tmp_path / "ox"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        q = f"SELECT ?l WHERE {{ SERVICE <{server.url}/sparql> {{ <{EVENT}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}"
        r = httpx.get(
            f"http://127.0.0.1:{port}/query",
            params={"query": q},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert r.status_code == 200, r.text
        assert r.json()["results"]["bindings"][0]["l"]["value"] == "2023 Sévaré attack"
    finally:
        proc.terminate()
        proc.wait(10)
