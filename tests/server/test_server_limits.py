"""Limits of the endpoint under heavy requests (issue #18): a query worker over its memory limit is
stopped and replaced, an update over its timeout is stopped and rolled back; the server answers on."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from server_support import AUTH, ServerProcess, build_store

# every pair of triples and a third: about 5e9 rows to sort, never reached
CROSS_PRODUCT = "SELECT DISTINCT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("limits") / "store"
    build_store(path)
    return path


@pytest.fixture(scope="module")
def capped(store):
    # a query worker rests at about 40 MB; the cross product passes 200 MiB within a second or two,
    # long before the 20 s timeout (whose message differs)
    s = ServerProcess(store, timeout=20, extra=["--worker-memory", "200M"])
    yield s
    s.stop()


def _query(s: ServerProcess, text: str) -> httpx.Response:
    return httpx.post(s.url + "/sparql", data={"query": text}, headers={"Accept": "text/csv"}, timeout=60)


def test_a_query_over_the_worker_memory_limit_is_stopped_and_the_worker_replaced(capped) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = _query(capped, count).text
    r = _query(capped, CROSS_PRODUCT)
    assert r.status_code == 503
    assert r.text.strip() == "query stopped: over the worker memory limit of 200 MiB"
    assert "over the limit of 200 MiB: killing it" in capped.log_text()
    # the server answers on, with every worker (the killed one replaced)
    for _ in range(4):
        assert _query(capped, count + " LIMIT 1").text == before


def test_ordinary_queries_fit_under_a_small_memory_limit(capped) -> None:
    r = _query(capped, "SELECT DISTINCT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)")
    assert r.status_code == 200 and len(r.text.splitlines()) > 20


def test_a_bad_worker_memory_size_is_a_usage_error(store) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sevare_kg.server", "--store", str(store), "--worker-memory", "lots"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "not a size: 'lots'" in proc.stderr


# counts every triple of a cross product: a core busy for hours, in constant memory
ENDLESS_UPDATE = (
    "INSERT { <http://example.org/n> <http://example.org/count> ?n } "
    "WHERE { SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } }"
)


def test_an_update_over_its_timeout_is_stopped_and_nothing_is_written(store) -> None:
    s = ServerProcess(store, extra=["--update-timeout", "2"])
    try:
        r = _update(s, ENDLESS_UPDATE)
        assert r.status_code == 503, r.text
        assert r.text.strip() == "update timed out after 2 s and was stopped; nothing was written"
        pid = int(s.log_text().split("killing its process pid ")[1].split()[0])
        assert not _running(pid)
        assert _query(s, "ASK { ?s <http://example.org/count> ?n }").text.strip() == "false"
        # the store is not left locked: the next update runs, the readers see it
        assert (
            _update(s, "INSERT DATA { <http://example.org/n> <http://example.org/count> 0 }").status_code
            == 204
        )
        assert _query(s, "ASK { ?s <http://example.org/count> 0 }").text.strip() == "true"
    finally:
        s.stop()


def _update(s: ServerProcess, text: str) -> httpx.Response:
    return httpx.post(s.url + "/sparql", data={"update": text}, headers=AUTH, timeout=60)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return "zombie" not in handle.read().split("State:", 1)[1].split("\n", 1)[0]
    except OSError:
        return False


def test_an_update_over_the_memory_limit_is_stopped_and_nothing_is_written(capped) -> None:
    # 3 million distinct triples (one per pair of triples), computed before any is written
    r = _update(
        capped,
        "INSERT { ?a <http://example.org/pair> ?n } "
        "WHERE { ?a ?p ?x . ?c ?r ?z BIND(CONCAT(STR(?x), STR(?z)) AS ?n) }",
    )
    assert r.status_code == 503, r.text
    assert (
        r.text.strip() == "update went over the memory limit of 200 MiB and was stopped; nothing was written"
    )
    assert _query(capped, "ASK { ?s <http://example.org/pair> ?o }").text.strip() == "false"


def test_the_body_limit_is_the_operators(store) -> None:
    s = ServerProcess(store, extra=["--max-body", "1K"])
    try:
        triples = "".join(f"<http://example.org/s{i}> <http://example.org/p> {i} .\n" for i in range(100))
        r = httpx.put(
            s.url + "/store",
            params={"graph": "http://example.org/big"},
            content=triples,
            headers={"Content-Type": "text/turtle", **AUTH},
            timeout=30,
        )
        assert r.status_code == 413 and r.text.strip() == "request body over 1024 bytes"
        r = httpx.put(
            s.url + "/store",
            params={"graph": "http://example.org/small"},
            content="".join(triples.splitlines(keepends=True)[:5]),
            headers={"Content-Type": "text/turtle", **AUTH},
            timeout=30,
        )
        assert r.status_code == 201, r.text
    finally:
        s.stop()


def test_an_update_that_computes_without_data_is_checked_in_a_worker_under_the_query_timeout(store) -> None:
    # an update is first run on an empty store, to find its syntax errors before the readers are
    # stopped; this one needs no data to count 8e9 rows: that check is stopped at the query timeout
    values = "VALUES ?{} {{ " + " ".join(str(i) for i in range(2000)) + " }} "
    where = "".join(values.format(v) for v in "abc")
    s = ServerProcess(store, timeout=2, extra=["--worker-memory", "300M"])
    try:
        r = _update(
            s,
            f"INSERT {{ <http://example.org/n> <http://example.org/rows> ?n }} WHERE {{ SELECT (COUNT(*) AS ?n) WHERE {{ {where} }} }}",
        )
        assert r.status_code == 503, r.text
        assert r.text.strip() == "update stopped: checking it on an empty store took over 2 s"
        assert "killing worker pid" in s.log_text()
        assert _query(s, "ASK { ?s ?p ?o }").text.strip() == "true"
    finally:
        s.stop()
