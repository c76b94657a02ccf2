"""The SPARQL 1.1 Protocol at /sparql against a running server: every case of the W3C protocol
test suite (https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl), plus
content negotiation, the cache, CORS, size limits, the Graph Store Protocol, VoID and entity pages.

The W3C dataset tests name remote documents (http://kasei.us/.../data1.rdf) that a server is meant to
load; this endpoint serves its own store, so the same behaviours are checked on graphs of the store.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from server_support import AUTH, TOKEN, client, server  # noqa: F401  (fixtures)

EVENT = "https://w3id.org/sevare-kg/event/2023-sevare-attack"
PEOPLE = "http://example.org/graph/people"
ARTICLE = "https://w3id.org/sevare-kg/graph/2023-sevare-attack"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def bindings(resp):
    assert resp.status_code == 200, resp.text
    return resp.json()["results"]["bindings"]


# -- W3C protocol suite: positive cases -------------------------------------------------------------


def test_query_get(client):  # :query_get
    r = client.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert r.headers["content-type"].startswith("application/sparql-results+json")


def test_query_post_form(client):  # :query_post_form
    r = client.post("/sparql", data={"query": "ASK {}"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_query_post_direct(client):  # :query_post_direct
    r = client.post("/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_query_post_direct_with_charset(client):
    r = client.post(
        "/sparql",
        content=b"ASK {}",
        headers={"Content-Type": "application/sparql-query; charset=UTF-8"},
    )
    assert r.status_code == 200


def test_default_graph_is_union(client):
    rows = bindings(
        client.get("/sparql", params={"query": "SELECT ?n WHERE { ?s <http://example.org/name> ?n }"})
    )
    assert {r["n"]["value"] for r in rows} == {"Alice", "Bob"}
    rows = bindings(
        client.get(
            "/sparql",
            params={
                "query": f"SELECT ?l WHERE {{ <{EVENT}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
            },
        )
    )
    assert rows[0]["l"]["value"] == "2023 Sévaré attack"


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_default_graphs(client, method):  # :query_dataset_default_graphs_get/_post
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    params = [("query", q), ("default-graph-uri", PEOPLE)]
    r = client.get("/sparql", params=params) if method == "get" else client.post("/sparql", data=dict(params))
    assert bindings(r)[0]["n"]["value"] == "3"
    # two default graphs: their merge (:query_dataset_default_graphs)
    params.append(("default-graph-uri", ARTICLE))
    r = client.get("/sparql", params=params)
    assert int(bindings(r)[0]["n"]["value"]) > 3


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_named_graphs(client, method):  # :query_dataset_named_graphs_get/_post
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    params = [("query", q), ("named-graph-uri", PEOPLE)]
    r = client.get("/sparql", params=params) if method == "get" else client.post("/sparql", data=dict(params))
    rows = bindings(r)
    assert [(x["g"]["value"], x["n"]["value"]) for x in rows] == [(PEOPLE, "3")]
    # only named graphs given: the default graph is empty
    r = client.get("/sparql", params=[("query", "ASK { ?s ?p ?o }"), ("named-graph-uri", PEOPLE)])
    assert r.json()["boolean"] is False


def test_query_dataset_full(client):  # :query_dataset_full
    q = "SELECT ?g ?x WHERE { { ?x <http://example.org/knows> ?y } UNION { GRAPH ?g { ?x a <https://w3id.org/sevare-kg/ontology#Attack> } } }"
    r = client.get(
        "/sparql", params=[("query", q), ("default-graph-uri", PEOPLE), ("named-graph-uri", ARTICLE)]
    )
    got = {(x.get("g", {}).get("value"), x["x"]["value"]) for x in bindings(r)}
    assert got == {(None, "http://example.org/alice"), (ARTICLE, EVENT)}


def test_query_multiple_dataset(client):  # :query_multiple_dataset — protocol dataset overrides FROM
    q = f"SELECT (COUNT(*) AS ?n) FROM <{ARTICLE}> WHERE {{ ?s ?p ?o }}"
    r = client.get("/sparql", params=[("query", q), ("default-graph-uri", PEOPLE)])
    assert bindings(r)[0]["n"]["value"] == "3"
    r = client.get(
        "/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{PEOPLE}> WHERE {{ ?s ?p ?o }}"}
    )
    assert bindings(r)[0]["n"]["value"] == "3"  # FROM alone is honoured


@pytest.mark.parametrize(
    "accept,mt",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        (None, "application/sparql-results+json"),
    ],
)
def test_query_content_type_select(client, accept, mt):  # :query_content_type_select
    headers = {"Accept": accept} if accept else {}
    r = client.get(
        "/sparql",
        params={"query": "SELECT ?n WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n"},
        headers=headers,
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith(mt)
    if mt == "text/csv":
        assert list(csv.reader(io.StringIO(r.text))) == [["n"], ["Alice"], ["Bob"]]
    elif mt == "application/sparql-results+xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert [e.text for e in ET.fromstring(r.content).iter(ns + "literal")] == ["Alice", "Bob"]
    elif mt == "text/tab-separated-values":
        assert r.text.splitlines() == ["?n", '"Alice"', '"Bob"']


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "application/sparql-results+json"])
def test_query_content_type_ask(client, accept):  # :query_content_type_ask
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert b"true" in r.content


@pytest.mark.parametrize(
    "accept,mt",
    [
        ("text/turtle", "text/turtle"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-quads", "application/n-quads"),
        ("application/trig", "application/trig"),
        (None, "text/turtle"),
        ("text/html;q=0.9, */*;q=0.1", "text/turtle"),
    ],
)
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_query_content_type_construct_describe(
    client, accept, mt, form
):  # :query_content_type_construct/_describe
    import pyoxigraph as ox

    q = (
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://example.org/graph/people> { ?s ?p ?o } }"
        if form == "CONSTRUCT"
        else "DESCRIBE <http://example.org/alice>"
    )
    r = client.get("/sparql", params={"query": q}, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200 and r.headers["content-type"].startswith(mt)
    triples = list(ox.parse(r.content, ox.RdfFormat.from_media_type(mt)))
    assert len(triples) == (3 if form == "CONSTRUCT" else 2)


@pytest.mark.parametrize(
    "fmt,mt",
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_format_parameter(client, fmt, mt):
    r = client.get(
        "/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "format": fmt},
        headers={"Accept": "text/turtle"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith(mt)


def test_not_acceptable(client):
    r = client.get(
        "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "image/png"}
    )
    assert r.status_code == 406
    r = client.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "text/csv"}
    )
    assert r.status_code == 406


def test_update_post_form_and_direct(client):  # :update_post_form, :update_post_direct
    g = "http://example.org/protocol-update-test/"
    r = client.post(
        "/sparql",
        data={"update": f"INSERT DATA {{ GRAPH <{g}> {{ <http://ex/a> <http://ex/p> 1 }} }}"},
        headers=AUTH,
    )
    assert r.status_code == 204, r.text
    r = client.post(
        "/sparql",
        content=f"INSERT DATA {{ GRAPH <{g}> {{ <http://ex/b> <http://ex/p> 2 }} }}",
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert r.status_code == 204, r.text
    rows = bindings(
        client.get(
            "/sparql", params={"query": f"SELECT ?s WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} ORDER BY ?s"}
        )
    )
    assert [x["s"]["value"] for x in rows] == ["http://ex/a", "http://ex/b"]
    assert client.post("/sparql", data={"update": f"DROP GRAPH <{g}>"}, headers=AUTH).status_code == 204
    assert (
        client.get("/sparql", params={"query": f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"}).json()["boolean"]
        is False
    )


@pytest.mark.parametrize("how", ["form", "direct"])
def test_update_dataset_using(
    client, how
):  # :update_dataset_default_graph(s), :update_dataset_named_graphs, :update_dataset_full
    target = "http://example.org/protocol-update-dataset-test/"
    update = (
        f"INSERT {{ GRAPH <{target}> {{ ?s <http://ex/copied> ?n }} }} "
        "WHERE { ?s <http://example.org/name> ?n . FILTER NOT EXISTS { GRAPH ?g { ?s <http://example.org/knows> ?x } } }"
    )
    params = [("using-graph-uri", PEOPLE), ("using-named-graph-uri", ARTICLE)]
    if how == "form":
        r = client.post("/sparql", data=dict([("update", update)] + params), headers=AUTH)
    else:
        r = client.post(
            "/sparql",
            params=params,
            content=update,
            headers={**AUTH, "Content-Type": "application/sparql-update"},
        )
    assert r.status_code == 204, r.text
    rows = bindings(
        client.get(
            "/sparql", params={"query": f"SELECT ?n WHERE {{ GRAPH <{target}> {{ ?s ?p ?n }} }} ORDER BY ?n"}
        )
    )
    # ?g ranges over the using-named graph only (the article), where nobody 'knows': both names copied
    assert [x["n"]["value"] for x in rows] == ["Alice", "Bob"]
    client.post("/sparql", data={"update": f"DROP GRAPH <{target}>"}, headers=AUTH)


def test_update_base_uri(client):  # :update_base_uri — relative IRIs resolve against the base
    r = client.post(
        "/sparql",
        data={"update": "INSERT DATA { GRAPH <graph/base-test> { <thing/x> <p> <y> } }"},
        headers=AUTH,
    )
    assert r.status_code == 204, r.text
    rows = bindings(
        client.get(
            "/sparql",
            params={
                "query": "SELECT ?s WHERE { GRAPH <https://w3id.org/sevare-kg/graph/base-test> { ?s ?p ?o } }"
            },
        )
    )
    assert rows[0]["s"]["value"] == "https://w3id.org/sevare-kg/thing/x"
    client.post(
        "/sparql", data={"update": "DROP GRAPH <https://w3id.org/sevare-kg/graph/base-test>"}, headers=AUTH
    )


# -- W3C protocol suite: negative cases (every one must be a 4xx, the store unchanged) ---------------

NEGATIVE = [
    # (W3C test name, method, params, headers, body)
    ("bad_query_method", "PUT", {"query": "ASK {}"}, {}, None),
    ("bad_multiple_queries", "GET", [("query", "ASK {}"), ("query", "SELECT * {}")], {}, None),
    ("bad_query_wrong_media_type", "POST", None, {"Content-Type": "text/plain"}, b"ASK {}"),
    ("bad_query_missing_form_type", "POST", None, {}, b"query=ASK%20%7B%7D"),
    ("bad_query_missing_direct_type", "POST", None, {}, b"ASK {}"),
    (
        "bad_query_non_utf8",
        "POST",
        None,
        {"Content-Type": "application/sparql-query; charset=UTF-16"},
        "ASK {}".encode("utf-16"),
    ),
    ("bad_query_syntax", "GET", {"query": "ASK {"}, {}, None),
    ("bad_update_get", "GET", {"update": "CLEAR ALL"}, {}, None),
    (
        "bad_multiple_updates",
        "POST",
        None,
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
    ),
    ("bad_update_wrong_media_type", "POST", None, {"Content-Type": "text/plain"}, b"CLEAR NAMED"),
    ("bad_update_missing_form_type", "POST", None, {}, b"update=CLEAR%20NAMED"),
    (
        "bad_update_non_utf8",
        "POST",
        None,
        {"Content-Type": "application/sparql-update; charset=UTF-16"},
        "CLEAR NAMED".encode("utf-16"),
    ),
    ("bad_update_syntax", "POST", None, {"Content-Type": "application/sparql-update"}, b"CLEAR XYZ"),
    (
        "bad_update_dataset_conflict",
        "POST",
        None,
        {"Content-Type": "application/x-www-form-urlencoded"},
        f"using-graph-uri={PEOPLE}&update=".encode()
        + b"DELETE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20USING%20%3Chttp%3A%2F%2Fexample.org%2Fgraph%2Fpeople%3E%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
    ),
    # beyond the suite
    (
        "query_and_update",
        "POST",
        None,
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"query=ASK%20%7B%7D&update=CLEAR%20ALL",
    ),
    ("not_utf8_bytes", "POST", None, {"Content-Type": "application/sparql-query"}, b"ASK { \xff }"),
    (
        "form_not_utf8",
        "POST",
        None,
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"query=ASK%20%7B%FF%7D",
    ),
    ("bad_graph_iri", "GET", {"query": "ASK {}", "default-graph-uri": "not an iri"}, {}, None),
    ("empty_form", "POST", None, {"Content-Type": "application/x-www-form-urlencoded"}, b""),
    (
        "update_with_query_dataset",
        "POST",
        None,
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"default-graph-uri=http%3A%2F%2Fex%2Fg&update=CLEAR%20ALL",
    ),
]


@pytest.mark.parametrize("name,method,params,headers,body", NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_negative_cases(client, name, method, params, headers, body):
    before = client.get(
        "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
    ).json()
    r = client.request(method, "/sparql", params=params, headers={**AUTH, **headers}, content=body)
    assert 400 <= r.status_code < 500, (name, r.status_code, r.text)
    after = client.get(
        "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
    ).json()
    assert before == after


def test_syntax_error_message_in_body(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    assert r.text == "SPARQL syntax error at line 1, column 24: unexpected '}'\n"
    r = client.post(
        "/sparql",
        content="INSERT DATA { <a> }",
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert r.status_code == 400 and "syntax error" in r.text.lower()


# -- safety -------------------------------------------------------------------------------------------


def test_update_auth(client):
    u = {"update": "INSERT DATA { <http://ex/x> <http://ex/y> <http://ex/z> }"}
    assert client.post("/sparql", data=u).status_code == 401
    assert client.post("/sparql", data=u, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/sparql", data=u, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 403
    assert client.get("/sparql", params={"query": "ASK { <http://ex/x> ?p ?o }"}).json()["boolean"] is False


def test_request_too_large(client):
    r = client.post(
        "/sparql", content=b"#" * (65 * 1024 * 1024), headers={"Content-Type": "application/sparql-query"}
    )
    assert r.status_code == 413


def test_cors(client):
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://notebook.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    r = client.options(
        "/sparql",
        headers={
            "Origin": "https://notebook.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 204 and "POST" in r.headers["access-control-allow-methods"]
    assert "Authorization" not in r.headers["access-control-allow-headers"]  # reads only


def test_cache_etag_and_invalidation(client, server):
    q = {"query": "SELECT ?n WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n"}
    r1 = client.get("/sparql", params=q)
    r2 = client.get("/sparql", params=q)
    assert r2.headers.get("x-cache") == "hit" and r1.content == r2.content
    etag = r1.headers["etag"]
    assert client.get("/sparql", params=q, headers={"If-None-Match": etag}).status_code == 304
    # different format: different entry and ETag
    r3 = client.get("/sparql", params=q, headers={"Accept": "text/csv"})
    assert r3.headers["etag"] != etag
    # a write invalidates
    assert (
        client.post(
            "/sparql",
            data={
                "update": f'INSERT DATA {{ GRAPH <{PEOPLE}> {{ <http://example.org/carol> <http://example.org/name> "Carol" }} }}'
            },
            headers=AUTH,
        ).status_code
        == 204
    )
    assert client.get("/sparql", params=q, headers={"If-None-Match": etag}).status_code == 200
    r4 = client.get("/sparql", params=q)
    assert [b["n"]["value"] for b in bindings(r4)] == ["Alice", "Bob", "Carol"]
    client.post(
        "/sparql",
        data={
            "update": f'DELETE DATA {{ GRAPH <{PEOPLE}> {{ <http://example.org/carol> <http://example.org/name> "Carol" }} }}'
        },
        headers=AUTH,
    )
    # volatile queries are not cached
    v = {"query": "SELECT (RAND() AS ?r) WHERE {}"}
    client.get("/sparql", params=v)
    assert client.get("/sparql", params=v).headers.get("x-cache") is None


def test_access_log(client, server):
    client.get("/sparql", params={"query": "ASK { ?logged ?p ?o }"})
    import time

    time.sleep(0.2)
    lines = [
        ln for ln in server.log_text().splitlines() if "sevare_kg.server.access" in ln and "GET /sparql" in ln
    ]
    assert any("127.0.0.1" in ln and " 200 " in ln and "ms" in ln and "q=" in ln for ln in lines)


def test_large_result_streams(client):
    q = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?p2 ?o2 } LIMIT 20000"
    with client.stream("GET", "/sparql", params={"query": q}, headers={"Accept": "text/csv"}) as r:
        assert r.status_code == 200
        assert "content-length" not in r.headers  # chunked
        n = sum(chunk.count(b"\n") for chunk in r.iter_bytes())
    assert n == 20001


# -- service description, VoID ----------------------------------------------------------------------


def test_service_description(client, server):
    import pyoxigraph as ox

    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = list(ox.parse(r.content, ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate.value == sd + "endpoint" and t.object.value == server.url + "/sparql" for t in g)
    assert any(t.object.value == sd + "SPARQL11Update" for t in g)
    r = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    assert (
        client.get("/sparql", headers={"Accept": "text/html"}).headers["content-type"].startswith("text/html")
    )


def test_void(client):
    import pyoxigraph as ox

    r = client.get("/.well-known/void")
    assert r.status_code == 200
    st = ox.Store()
    st.load(r.content, ox.RdfFormat.TURTLE)
    V = "http://rdfs.org/ns/void#"
    ds = next(iter(st.quads_for_pattern(None, ox.NamedNode(V + "sparqlEndpoint"), None))).subject
    total = int(next(iter(st.quads_for_pattern(ds, ox.NamedNode(V + "triples"), None))).object.value)
    n = client.get(
        "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
    ).json()
    assert total >= int(n["results"]["bindings"][0]["n"]["value"]) > 700
    vocabs = {q.object.value for q in st.quads_for_pattern(None, ox.NamedNode(V + "vocabulary"), None)}
    assert (
        "https://w3id.org/sevare-kg/ontology#" in vocabs and "http://www.wikidata.org/prop/direct/" in vocabs
    )
    examples = {q.object.value for q in st.quads_for_pattern(None, ox.NamedNode(V + "exampleResource"), None)}
    assert EVENT in examples
    assert len(list(st.quads_for_pattern(None, ox.NamedNode(V + "subset"), None))) >= 2


# -- Graph Store Protocol -----------------------------------------------------------------------------


def test_graph_store_protocol(client):
    import pyoxigraph as ox

    g = "http://example.org/gsp/test"
    ttl = '<http://ex/s> <http://ex/p> "one" , "two" .'
    assert client.get("/store", params={"graph": g}).status_code == 404
    assert (
        client.put(
            "/store", params={"graph": g}, content=ttl, headers={"Content-Type": "text/turtle"}
        ).status_code
        == 401
    )
    r = client.put(
        "/store", params={"graph": g}, content=ttl, headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert r.status_code == 201, r.text
    r = client.get("/store", params={"graph": g}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(list(ox.parse(r.content, ox.RdfFormat.N_TRIPLES))) == 2
    h = client.head("/store", params={"graph": g})
    assert h.status_code == 200 and h.content == b""
    # PUT replaces
    r = client.put(
        "/store",
        params={"graph": g},
        content='<http://ex/s> <http://ex/p> "three" .',
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert r.status_code == 204
    # POST merges
    r = client.post(
        "/store",
        params={"graph": g},
        content='<http://ex/s> <http://ex/q> "four" .',
        headers={**AUTH, "Content-Type": "application/n-triples"},
    )
    assert r.status_code == 204
    vals = sorted(
        t.object.value
        for t in ox.parse(client.get("/store", params={"graph": g}).content, ox.RdfFormat.TURTLE)
    )
    assert vals == ["four", "three"]
    # bad bodies never change the graph
    assert (
        client.put(
            "/store", params={"graph": g}, content="<oops", headers={**AUTH, "Content-Type": "text/turtle"}
        ).status_code
        == 400
    )
    assert (
        client.put(
            "/store", params={"graph": g}, content="x", headers={**AUTH, "Content-Type": "image/png"}
        ).status_code
        == 415
    )
    assert len(list(ox.parse(client.get("/store", params={"graph": g}).content, ox.RdfFormat.TURTLE))) == 2
    assert client.delete("/store", params={"graph": g}, headers=AUTH).status_code == 204
    assert client.delete("/store", params={"graph": g}, headers=AUTH).status_code == 404
    assert client.get("/store", params={"graph": g}).status_code == 404
    assert client.get("/store", params=[("graph", g), ("default", "")]).status_code == 400


def test_graph_store_default_and_dataset(client):
    import pyoxigraph as ox

    r = client.get("/store", params={"default": ""})
    assert r.status_code == 200  # the store's own default graph (empty here)
    r = client.get("/store", headers={"Accept": "application/n-quads"})
    assert r.status_code == 200
    quads = list(ox.parse(r.content, ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} >= {PEOPLE, ARTICLE}
    assert client.get("/store", headers={"Accept": "text/turtle"}).status_code == 406


# -- entity pages ---------------------------------------------------------------------------------------


def test_entity_html(client):
    r = client.get(
        "/event/2023-sevare-attack", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "2023 Sévaré attack" in r.text
    assert 'href="/actor/katiba-macina"' in r.text  # links stay on this server
    assert "Katiba Macina" in r.text  # labels of linked entities
    r = client.get("/actor/katiba-macina", headers={"Accept": "text/html"})
    assert (
        r.status_code == 200 and "Katiba Macina" in r.text and "2023 Sévaré attack" in r.text
    )  # referenced by
    assert client.get("/event/no-such-thing", headers={"Accept": "text/html"}).status_code == 404


@pytest.mark.parametrize(
    "accept,mt",
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_entity_rdf(client, accept, mt):
    import pyoxigraph as ox

    r = client.get("/actor/katiba-macina", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(mt)
    triples = list(ox.parse(r.content, ox.RdfFormat.from_media_type(mt)))
    assert any(t.subject.value == "https://w3id.org/sevare-kg/actor/katiba-macina" for t in triples)
    assert client.get("/actor/nobody", headers={"Accept": accept}).status_code == 404


def test_context_jsonld(client):
    r = client.get("/context.jsonld")
    assert r.status_code == 200 and "@context" in r.json()


def test_home_page(client):
    r = client.get("/")
    assert r.status_code == 200 and "/static/yasgui.min.js" in r.text
    assert client.get("/static/yasgui.min.js").status_code == 200
    assert "https://cdn" not in r.text and "unpkg" not in r.text


def test_ontology_documentation(client):
    r = client.get("/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Casualty report" in r.text or "CasualtyReport" in r.text
    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "owl:Ontology" in r.text


def test_if_none_match_star_is_no_304_for_a_query_never_answered(client) -> None:
    """`If-None-Match: *` matches only an answer that exists: a syntax error still gets its 400."""
    r = client.get("/sparql", params={"query": "SELEC nothing"}, headers={"If-None-Match": "*"})
    assert r.status_code == 400
    q = "ASK { ?s ?p ?o } # if-none-match star"
    assert client.get("/sparql", params={"query": q}, headers={"If-None-Match": "*"}).status_code == 200
    assert client.get("/sparql", params={"query": q}, headers={"If-None-Match": "*"}).status_code == 304
