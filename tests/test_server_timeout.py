"""The query timeout really stops a query: the worker process that computes a GROUP BY (no row before
the end) is killed, its CPU freed, a fresh worker takes its place; other clients are served meanwhile."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import httpx
import pytest
from test_server_support import ServerProcess, build_store

HEAVY = ("SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a ORDER BY DESC(?n)")


def children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(d))
    return out


def cpu_seconds(pid: int) -> float | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
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
    time.sleep(0.8)
    # the worker running it burns CPU
    busy = [p for p in before if (cpu_seconds(p) or 0) > 0.3]
    assert len(busy) == 1, [(p, cpu_seconds(p)) for p in before]
    pid = busy[0]
    # other clients are answered meanwhile, promptly
    t0 = time.monotonic()
    r = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert r.status_code == 200 and time.monotonic() - t0 < 1.0
    t.join(30)
    resp = result["resp"]
    assert resp.status_code == 503 and "timed out" in resp.text
    assert 1.9 < result["elapsed"] < 5
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
        assert httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }", "x": str(_)}, timeout=10).status_code == 200
    assert "timed out" in slow_server.log_text()


def test_busy_pool_still_answers_cache_hits(slow_server):
    url = slow_server.url
    q = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    assert httpx.get(url + "/sparql", params=q).status_code == 200  # now cached
    threads = [threading.Thread(target=lambda: httpx.get(url + "/sparql", params={"query": HEAVY}, timeout=30))
               for _ in range(2)]
    for th in threads:
        th.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    r = httpx.get(url + "/sparql", params=q, timeout=10)
    assert r.status_code == 200 and r.headers.get("x-cache") == "hit" and time.monotonic() - t0 < 0.5
    for th in threads:
        th.join(30)
