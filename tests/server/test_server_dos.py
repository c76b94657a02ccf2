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
