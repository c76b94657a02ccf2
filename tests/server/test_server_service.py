"""SERVICE and LOAD on the endpoint: nothing is fetched unless its operator allowed it (no SSRF).

A small HTTP server on 127.0.0.1 stands for an internal service: it must see no request from a
query that names it, in any spelling, unless the endpoint was started with --service-allow."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from server_support import TOKEN, SecretService, ServerProcess, build_store


@pytest.fixture(scope="module")
def internal_service() -> Iterator[SecretService]:
    service = SecretService()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def internal(internal_service: SecretService) -> int:
    return internal_service.port


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("svc") / "store"
    build_store(path)
    return path


@pytest.fixture(scope="module")
def server(store) -> Iterator[ServerProcess]:
    srv = ServerProcess(store)
    yield srv
    srv.stop()


def _query(server: ServerProcess, text: str) -> httpx.Response:
    return httpx.post(server.url + "/sparql", data={"query": text}, timeout=30)


@pytest.mark.parametrize(
    "target",
    [
        "<http://127.0.0.1:{port}/x>",
        "<http://2130706433:{port}/x>",
        "<http://localhost:{port}/x>",
        "?endpoint",
    ],
)
def test_service_is_refused_by_default(
    server: ServerProcess, internal: int, target: str, internal_service: SecretService
) -> None:
    internal_service.hits.clear()
    t = target.format(port=internal)
    r = _query(
        server,
        f"SELECT * WHERE {{ BIND(<http://127.0.0.1:{internal}/x> AS ?endpoint) SERVICE {t} {{ ?s ?p ?o }} }}",
    )
    assert r.status_code == 403, r.text
    assert "not allowed" in r.text or "explicit <IRI>" in r.text
    assert "secret-token" not in r.text
    assert internal_service.hits == []


def test_service_silent_is_refused_too(
    server: ServerProcess, internal: int, internal_service: SecretService
) -> None:
    internal_service.hits.clear()
    r = _query(server, f"ASK {{ SERVICE SILENT <http://127.0.0.1:{internal}/x> {{ ?s ?p ?o }} }}")
    assert r.status_code == 403 and internal_service.hits == []


def test_load_is_refused_even_with_the_token(
    server: ServerProcess, internal: int, internal_service: SecretService
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = httpx.post(
        server.url + "/sparql", data={"update": "LOAD <file:///etc/passwd>"}, headers=auth, timeout=30
    )
    assert r.status_code == 400 and "does not read local files" in r.text
    internal_service.hits.clear()
    r = httpx.post(
        server.url + "/sparql",
        data={"update": f"LOAD <http://127.0.0.1:{internal}/x>"},
        headers=auth,
        timeout=30,
    )
    assert r.status_code == 403 and internal_service.hits == []


def test_an_allowed_endpoint_is_reached(store, internal: int, internal_service: SecretService) -> None:
    srv = ServerProcess(store, extra=["--service-allow", f"http://127.0.0.1:{internal}/"])
    try:
        internal_service.hits.clear()
        r = _query(srv, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{internal}/sparql> {{ ?s ?p ?o }} }}")
        assert internal_service.hits, "the allowed endpoint was not asked"
        assert r.status_code != 403
        # another port of the same host is not under the allowed prefix
        r = _query(
            srv, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{internal + 1}/sparql> {{ ?s ?p ?o }} }}"
        )
        assert r.status_code == 403
    finally:
        srv.stop()


def test_a_query_over_the_size_limit_is_413_and_the_server_stays_well(server: ServerProcess) -> None:
    big = "ASK { ?s ?p ?o } #" + "x" * (1024 * 1024)
    r = httpx.post(
        server.url + "/sparql", content=big, headers={"Content-Type": "application/sparql-query"}, timeout=60
    )
    assert r.status_code == 413 and "query text over 1,048,576 characters" in r.text
    assert _query(server, "ASK { ?s ?p ?o }").status_code == 200
