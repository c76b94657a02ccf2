"""The query timeout really stops a query: the worker process that computes a GROUP BY (no row before
the end) is killed, its CPU freed, a fresh worker takes its place; other clients are served meanwhile."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import httpx
import pytest
from server_support import ServerProcess, build_store

HEAVY = "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a ORDER BY DESC(?n)"


def children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(d))
    return out


def cpu_seconds(pid: int) -> float | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    if fields[0] == "Z":
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    d = tmp_path_factory.mktemp("timeout")
    build_store(d / "store")
    s = ServerProcess(d / "store", timeout=2, workers=2)
    yield s
    s.stop()


def test_timeout_kills_worker_and_frees_cpu(slow_server):
    url = slow_server.url
    before = set(children(slow_server.proc.pid))
    assert len(before) == 2
    result: dict = {}

    def heavy() -> None:
        t0 = time.monotonic()
        result["resp"] = httpx.get(url + "/sparql", params={"query": HEAVY}, timeout=30)
        result["elapsed"] = time.monotonic() - t0

    t = threading.Thread(target=heavy)
    t.start()
    # the worker running it burns CPU (waited for, not assumed after a fixed sleep)
    busy: list[int] = []
    deadline = time.monotonic() + 10
    while not busy and time.monotonic() < deadline:
        time.sleep(0.05)
        busy = [p for p in before if (cpu_seconds(p) or 0) > 0.3]
    assert len(busy) == 1, [(p, cpu_seconds(p)) for p in before]
    pid = busy[0]
    # other clients are answered meanwhile: before the heavy query has ended
    r = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert r.status_code == 200 and t.is_alive() and "resp" not in result
    t.join(30)
    resp = result["resp"]
    assert resp.status_code == 503 and "timed out" in resp.text
    assert result["elapsed"] >= 1.9  # not before the 2 s timeout
    # the worker is gone: no process, no CPU time growing
    deadline = time.monotonic() + 3
    while cpu_seconds(pid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cpu_seconds(pid) is None, "the timed-out worker still runs"
    # a fresh worker replaced it, and it works
    deadline = time.monotonic() + 10
    while len(children(slow_server.proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    now = set(children(slow_server.proc.pid))
    assert len(now) == 2 and pid not in now
    idle = {p: cpu_seconds(p) for p in now}
    time.sleep(0.5)
    assert all((cpu_seconds(p) or 0) - (idle[p] or 0) < 0.2 for p in now), "some worker still computes"
    for _ in range(4):
        assert (
            httpx.get(
                url + "/sparql", params={"query": "ASK { ?s ?p ?o }", "x": str(_)}, timeout=10
            ).status_code
            == 200
        )
    assert "timed out" in slow_server.log_text()


def test_busy_pool_still_answers_cache_hits(slow_server):
    url = slow_server.url
    q = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    assert httpx.get(url + "/sparql", params=q).status_code == 200  # now cached
    threads = [
        threading.Thread(target=lambda: httpx.get(url + "/sparql", params={"query": HEAVY}, timeout=30))
        for _ in range(2)
    ]
    for th in threads:
        th.start()
    time.sleep(0.5)
    r = httpx.get(url + "/sparql", params=q, timeout=10)
    # answered from the cache while both workers are still busy with the heavy queries
    assert r.status_code == 200 and r.headers.get("x-cache") == "hit"
    assert all(th.is_alive() for th in threads)
    for th in threads:
        th.join(30)


def test_timeout_while_streaming_aborts_the_response_instead_of_ending_it(slow_server):
    """Rows already went out with a 200 when the timeout strikes: the response must not end as if
    complete. The server aborts it, so the client sees an incomplete body, not a short result."""
    streaming = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # rows at once, billions of them
    received = 0
    t0 = time.monotonic()
    with pytest.raises(httpx.RemoteProtocolError):
        with httpx.stream(
            "GET",
            slow_server.url + "/sparql",
            params={"query": streaming},
            headers={"Accept": "text/tab-separated-values"},
            timeout=30,
        ) as resp:
            assert resp.status_code == 200
            for chunk in resp.iter_bytes():
                received += len(chunk)
    assert received > 100_000  # it did stream before the timeout
    assert time.monotonic() - t0 >= 1.9  # cut by the 2 s timeout, not before
    # and the server goes on answering
    r = httpx.get(slow_server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert r.status_code == 200


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_query_workers_die_with_the_server(tmp_path, how):
    """A server stopped (or killed) while a worker computes leaves no worker behind burning CPU."""
    import signal as sig

    build_store(tmp_path / "store")
    server = ServerProcess(tmp_path / "store", timeout=120, workers=2)
    try:
        workers = set(children(server.proc.pid))
        assert len(workers) == 2

        def ask() -> None:
            with contextlib.suppress(httpx.HTTPError):  # the server goes away under it
                httpx.get(server.url + "/sparql", params={"query": HEAVY}, timeout=60)

        threading.Thread(target=ask, daemon=True).start()
        deadline = time.monotonic() + 10
        while not any((cpu_seconds(p) or 0) > 0.5 for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert any((cpu_seconds(p) or 0) > 0.5 for p in workers), "no worker got busy"
        server.proc.send_signal(getattr(sig, how))
        server.proc.wait(20)
        deadline = time.monotonic() + 5
        while any(cpu_seconds(p) is not None for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p for p in workers if cpu_seconds(p) is not None] == []
    finally:
        server.stop()


def test_dev_py_serve_becomes_the_server_and_a_sigterm_leaves_nothing(tmp_path):
    """The README's first command: ``python3 dev.py serve`` builds the empty store from data/ and
    serves it, as the server process itself (exec), so that a supervisor's SIGTERM stops the server
    and its query workers instead of leaving them orphaned."""
    import signal as sig
    import subprocess
    import sys

    from server_support import REPO, free_port

    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "dev.py"),
            "serve",
            "--store",
            str(tmp_path / "store"),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        ask = "ASK { ?e a <https://w3id.org/sevare-kg/ontology#Event> }"
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(httpx.HTTPError):
                r = httpx.get(
                    url,
                    params={"query": ask},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=5,
                )
                if r.status_code == 200:
                    break
            assert proc.poll() is None, "dev.py serve exited"
            assert time.monotonic() < deadline, "dev.py serve did not answer within 120 s"
            time.sleep(0.3)
        assert r.json()["boolean"] is True  # the graph of data/ was built
        argv = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        assert any(a.endswith(b"/sevare-kg") for a in argv) and b"serve" in argv, argv
        workers = children(proc.pid)
        assert len(workers) >= 2
        proc.send_signal(sig.SIGTERM)
        proc.wait(30)
        deadline = time.monotonic() + 5
        while any(cpu_seconds(p) is not None for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p for p in workers if cpu_seconds(p) is not None] == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_worker_killed_mid_query_is_logged_and_replaced(slow_server):
    import signal as _signal

    url = slow_server.url
    before = set(children(slow_server.proc.pid))
    assert len(before) == 2
    result: dict = {}

    def heavy() -> None:
        result["resp"] = httpx.get(url + "/sparql", params={"query": HEAVY + " LIMIT 7"}, timeout=30)

    t = threading.Thread(target=heavy)
    t.start()
    time.sleep(0.8)
    busy = [p for p in before if (cpu_seconds(p) or 0) > 0.3]
    assert len(busy) == 1
    os.kill(busy[0], _signal.SIGKILL)
    t.join(30)
    resp = result["resp"]
    assert resp.status_code == 500 and "stopped unexpectedly (killed by SIGKILL)" in resp.text
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        now = set(children(slow_server.proc.pid))
        if len(now) == 2 and busy[0] not in now:
            break
        time.sleep(0.1)
    assert len(now) == 2 and busy[0] not in now
    assert f"query worker pid {busy[0]} died while answering a request (killed by SIGKILL)" in (
        slow_server.log_text()
    )
    r = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert r.status_code == 200
