"""Denial of service: silent or idle connections do not stop the server (issue #18)."""

from __future__ import annotations

import socket

import httpx
import pytest
from test_server_support import ServerProcess, build_store


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
