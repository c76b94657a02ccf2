"""Denial of service: silent or idle connections do not stop the server (issue #18)."""

from __future__ import annotations

import socket

import httpx
import pytest
from server_support import AUTH, ServerProcess, build_store


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    d = tmp_path_factory.mktemp("dos")
    build_store(d / "store")
    s = ServerProcess(d / "store")
    yield s
    s.stop()


def _ask(s: ServerProcess) -> httpx.Response:
    return httpx.get(s.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)


def test_idle_sockets_do_not_stop_the_server(srv):
    socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=10) for _ in range(300)]
    try:
        r = _ask(srv)
        assert r.status_code == 200 and "true" in r.text
    finally:
        for c in socks:
            c.close()


def test_idle_keep_alive_clients_do_not_stop_the_server(srv):
    socks = []
    try:
        for _ in range(150):
            c = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            c.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\n\r\n")
            assert c.recv(65536).startswith(b"HTTP/1.1 200")
            socks.append(c)
        r = _ask(srv)
        assert r.status_code == 200 and "true" in r.text
    finally:
        for c in socks:
            c.close()


DEEP = 5000
RDF_XML = (
    '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://ex/"><rdf:Description rdf:about="http://ex/a">{}</rdf:Description></rdf:RDF>'
)


def _alive(s: ServerProcess) -> None:
    assert s.proc.poll() is None
    assert _ask(s).status_code == 200


def test_deeply_nested_query_is_refused(srv):
    q = "SELECT * WHERE { FILTER(" + "(" * DEEP + "1" + ")" * DEEP + ") }"
    r = httpx.post(srv.url + "/sparql", data={"query": q}, timeout=30)
    assert r.status_code == 400 and "200 levels" in r.text
    q = "SELECT * WHERE " + "{ " * DEEP + "?s ?p ?o" + " }" * DEEP
    r = httpx.post(srv.url + "/sparql", data={"query": q}, timeout=30)
    assert r.status_code == 400 and "200 levels" in r.text
    _alive(srv)


def test_nesting_in_strings_and_iris_is_not_counted(srv):
    q = 'SELECT * WHERE { ?s ?p "' + "(" * DEEP + '" }'
    r = httpx.post(srv.url + "/sparql", data={"query": q}, timeout=30)
    assert r.status_code == 200, r.text
    q = "SELECT * WHERE { FILTER(" + "(" * 150 + "1" + ")" * 150 + ") }"
    assert httpx.post(srv.url + "/sparql", data={"query": q}, timeout=30).status_code == 200


def test_deeply_nested_update_is_refused(srv):
    u = "INSERT DATA { <http://ex/a> <http://ex/p> " + "[ <http://ex/p> " * DEEP + "1" + " ]" * DEEP + " }"
    r = httpx.post(
        srv.url + "/sparql",
        content=u,
        headers={"Content-Type": "application/sparql-update", **AUTH},
        timeout=30,
    )
    assert r.status_code == 400 and "200 levels" in r.text
    _alive(srv)


@pytest.mark.parametrize(
    ("media_type", "body"),
    [
        (
            "application/ld+json",
            '{"@id": "http://ex/a", "http://ex/p": ' + "[" * DEEP + "1" + "]" * DEEP + "}",
        ),
        ("application/ld+json", '{"http://ex/p": ' * DEEP + "1" + "}" * DEEP),
        ("text/turtle", "<http://ex/a> <http://ex/p> " + "(" * DEEP + ")" * DEEP + " ."),
        # RDF/XML: its parser is quadratic in the depth (40,000 levels, 1.5 MB: seconds of CPU)
        (
            "application/rdf+xml",
            RDF_XML.format('<ex:p rdf:parseType="Resource">' * 40_000 + "</ex:p>" * 40_000),
        ),
    ],
)
def test_deeply_nested_graph_store_body_is_refused(srv, media_type, body):
    r = httpx.put(
        srv.url + "/store",
        params={"graph": "http://example.org/deep"},
        content=body,
        headers={"Content-Type": media_type, **AUTH},
        timeout=30,
    )
    assert r.status_code == 400 and "200 levels" in r.text
    _alive(srv)


def _put_rdf_xml(srv, body: str) -> httpx.Response:
    return httpx.put(
        srv.url + "/store",
        params={"graph": "http://example.org/xml"},
        content=body,
        headers={"Content-Type": "application/rdf+xml", **AUTH},
        timeout=30,
    )


def test_rdf_xml_entities_that_expand_to_gigabytes_are_refused(srv):
    # 9 levels of 10 references: 10 characters become 10 GB; the body is under 1 KB
    entities = '<!ENTITY a0 "xxxxxxxxxx">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    body = RDF_XML.replace("<rdf:RDF", f"<!DOCTYPE rdf:RDF [{entities}]><rdf:RDF", 1).format(
        "<ex:p>&a9;</ex:p>"
    )
    r = _put_rdf_xml(srv, body)
    assert r.status_code == 400 and "entities expand to over 1,048,576 characters" in r.text
    _alive(srv)


def test_rdf_xml_with_entities_for_namespaces_is_stored(srv):
    doctype = '<!DOCTYPE rdf:RDF [<!ENTITY ex "http://ex/">]>'
    body = RDF_XML.replace("<rdf:RDF", doctype + "<rdf:RDF", 1).format(
        '<ex:p rdf:resource="&ex;b"/>' + '<ex:q rdf:parseType="Resource">' * 50 + "</ex:q>" * 50
    )
    r = _put_rdf_xml(srv, body)
    assert r.status_code in (201, 204), r.text
    ask = "ASK { GRAPH <http://example.org/xml> { <http://ex/a> <http://ex/p> <http://ex/b> } }"
    assert httpx.get(srv.url + "/sparql", params={"query": ask}, timeout=30).json()["boolean"]


def test_json_ld_body_within_the_limit_is_stored(srv):
    body = '{"@id": "http://ex/a", "http://ex/p": ' + "[" * 50 + '"x"' + "]" * 50 + "}"
    r = httpx.put(
        srv.url + "/store",
        params={"graph": "http://example.org/shallow"},
        content=body,
        headers={"Content-Type": "application/ld+json", **AUTH},
        timeout=30,
    )
    assert r.status_code in (201, 204), r.text


def test_form_with_too_many_parameters_is_refused(srv):
    body = "query=ASK%7B%7D" + "&x=1" * 5000
    r = httpx.post(
        srv.url + "/sparql",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    assert r.status_code == 400 and "more than 1000 parameters" in r.text
    r = httpx.get(srv.url + "/sparql?query=ASK%7B%7D" + "&x=1" * 5000, timeout=30)
    assert r.status_code == 400 and "more than 1000 parameters" in r.text


def test_large_form_body_is_answered(srv):
    # over 64 KiB: parsed in a thread; the answer is the same
    q = "ASK { ?s ?p ?o }" + " " * 100_000
    r = httpx.post(srv.url + "/sparql", data={"query": q, "x": "1"}, timeout=30)
    assert r.status_code == 200 and "true" in r.text
