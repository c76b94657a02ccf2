"""Endpoint benchmark: wrk replays each query of a fixed mix at 1, 4 and 16 clients against our server
(cache off and on), `oxigraph serve-read-only` and rdflib-endpoint, on the same store.

    .venv/bin/python bench/endpoint/make_store.py /tmp/bench-store        # ≥ 1M triples, + .nq
    .venv/bin/python bench/endpoint/run.py /tmp/bench-store --duration 6 [--peers ours-nocache,ours-cache,oxigraph,rdflib]
    .venv/bin/python bench/endpoint/run.py /tmp/bench-store --clients 16 --rounds 5 --peers ours-nocache,oxigraph

With ``--rounds N`` the whole mix is replayed N times, the peers still taking turns query by query;
the summary gives the median of each figure and, per peer, the median of its per-round throughput
ratio to Oxigraph (each round's pair was measured back to back, so the ratio is the steadier figure).

Raw wrk output and a summary (JSON + Markdown) go to bench/results/. Needs Debian's `wrk`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from statistics import median
from urllib.parse import quote

import httpx

HERE = Path(__file__).resolve().parent
RESULTS = HERE.parents[0] / "results"
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE.parent))  # bench/report.py: the per-round ratios, shared with the docs' tables
from report import round_ratios  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mix() -> dict[str, str]:
    out = {}
    named = HERE.parents[1] / "queries"
    for p in sorted(named.glob("*.rq")):
        out[f"named:{p.stem}"] = p.read_text()
    for p in sorted((HERE / "queries").glob("*.rq")):
        out[f"dash:{p.stem}"] = p.read_text()
    return out


def start(peer: str, store: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("SEVARE_KG_TOKEN", None)
    if peer.startswith("ours"):
        args = [
            sys.executable,
            "-m",
            "sevare_kg.server",
            "--store",
            str(store),
            "--port",
            str(port),
            "--no-access-log",
            "--query-timeout",
            "120",
        ]
        if peer == "ours-nocache":
            args.append("--no-cache")
        if peer.endswith("uvicorn"):
            args += ["--http-server", "uvicorn"]
    elif peer == "oxigraph":
        args = [
            str(VENV_BIN / "oxigraph"),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ]
    elif peer == "rdflib":
        args = [
            str(VENV_BIN / "rdflib-endpoint"),
            "serve",
            str(store) + ".nq",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
    else:
        raise SystemExit(f"unknown peer {peer}")
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def endpoint(peer: str, port: int) -> str:
    path = {"oxigraph": "query", "rdflib": ""}.get(peer, "sparql")  # rdflib-endpoint 0.6 answers at /
    return f"http://127.0.0.1:{port}/{path}"


def wait_up(url: str, limit: float = 900) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not come up")


def rss_mb(pid: int) -> float:
    """RSS of a process and its children (our query workers)."""
    total = 0
    pids = [pid]
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                st = Path(f"/proc/{d}/stat").read_text()
                if int(st[st.rindex(")") + 2 :].split()[1]) == pid:
                    pids.append(int(d))
            except OSError:
                pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def fill_cache(url: str, pid: int, entries: int = 48) -> float:
    """Send distinct large-result queries until the result cache (256 MB) is over-full; the RSS then."""
    peak = 0.0
    for k in range(entries):
        q = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT 25000 OFFSET {k * 25000}"
        httpx.get(
            url, params={"query": q}, headers={"Accept": "application/sparql-results+json"}, timeout=300
        )
        peak = max(peak, rss_mb(pid))
    return peak


def parse_wrk(text: str) -> dict:
    def ms(v: str) -> float:
        m = re.match(r"([\d.]+)(us|ms|s|m)", v)
        if not m:
            return float("nan")
        x, u = float(m.group(1)), m.group(2)
        return x / 1000 if u == "us" else x if u == "ms" else x * 1000 if u == "s" else x * 60000

    out: dict = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rps"] = float(m.group(1)) if m else 0.0
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        out[f"p{pct}_ms"] = ms(m.group(1)) if m else float("nan")
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"timeout (\d+)", text)
    out["timeouts"] = int(m.group(1)) if m else 0
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path, nargs="?", help="the store to serve (made by make_store.py)")
    ap.add_argument("--duration", type=int, default=6)
    ap.add_argument("--clients", default="1,4,16")
    ap.add_argument("--peers", default="ours-nocache,ours-cache,oxigraph,rdflib")
    ap.add_argument("--only", default=None, help="comma-separated query names")
    ap.add_argument(
        "--skip",
        default="named:federated-country",
        help="comma-separated query names left out (default: the one that needs Wikidata online)",
    )
    ap.add_argument(
        "--rounds", type=int, default=1, help="replay the whole mix this many times (medians reported)"
    )
    ap.add_argument(
        "--warmup-timeout",
        type=float,
        default=120.0,
        help="seconds for the first (checking) run of a query; slower: no wrk run for it on that peer",
    )
    ap.add_argument(
        "--summarize",
        type=Path,
        default=None,
        metavar="JSON",
        help="only rewrite the Markdown summary of a stored run (endpoint-*.json) and print it",
    )
    args = ap.parse_args()
    if args.summarize is not None:
        info = json.loads(args.summarize.read_text())
        info.setdefault("peers", list(dict.fromkeys(r["peer"] for r in info["results"] if "query" in r)))
        info.setdefault("clients", sorted({r["clients"] for r in info["results"] if "clients" in r}))
        info.setdefault("rounds", max((r.get("round", 1) for r in info["results"]), default=1))
        text = summarize(info)
        args.summarize.with_suffix(".md").write_text(text)
        print(text)
        return
    if args.store is None:
        ap.error("the store to serve is needed (or --summarize JSON)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    raw = open(RESULTS / f"endpoint-{stamp}-raw.txt", "w")
    queries = mix()
    if args.only:
        queries = {k: v for k, v in queries.items() if k in args.only.split(",")}
    queries = {k: v for k, v in queries.items() if k not in args.skip.split(",")}
    info = {
        "date": stamp,
        "machine": f"{platform.node()} {os.cpu_count()} cpus {platform.platform()}",
        "duration_s": args.duration,
        "store": str(args.store),
        "results": [],
    }
    info["peers"] = peers = args.peers.split(",")
    info["clients"] = clients = [int(x) for x in args.clients.split(",")]
    # every peer is up for the whole run and idle while another is measured; the peers take turns
    # query by query, so that a drift of the machine's speed during the run hits them alike
    running: dict[str, tuple[subprocess.Popen, int]] = {}
    try:
        for peer in peers:
            port = free_port()
            running[peer] = (start(peer, args.store, port), port)
        for peer, (proc, port) in running.items():
            t0 = time.monotonic()
            wait_up(endpoint(peer, port))
            raw.write(f"### {peer} up after {time.monotonic() - t0:.1f}s, RSS {rss_mb(proc.pid):.0f} MB\n")
        peak = dict.fromkeys(peers, 0.0)
        given_up: set[tuple[str, str]] = set()
        for rnd in range(args.rounds):
            for name, q in queries.items():
                for peer in peers:
                    if (peer, name) in given_up:
                        continue
                    proc, port = running[peer]
                    url = endpoint(peer, port)
                    full = f"{url}?query={quote(q)}"
                    # warm up (and check the answer)
                    started = time.monotonic()
                    try:
                        r = httpx.get(
                            url,
                            params={"query": q},
                            headers={"Accept": "application/sparql-results+json"},
                            timeout=args.warmup_timeout,
                        )
                    except httpx.HTTPError as exc:
                        res = {
                            "peer": peer,
                            "query": name,
                            "skipped": f"first run: {type(exc).__name__} after "
                            f"{time.monotonic() - started:.0f} s (limit {args.warmup_timeout:.0f} s)",
                        }
                        given_up.add((peer, name))
                        info["results"].append(res)
                        print(json.dumps(res), flush=True)
                        if isinstance(exc, httpx.TimeoutException):  # still busy with it: restart, so
                            # that the next query does not queue behind it (rdflib-endpoint reloads its data)
                            proc.terminate()
                            try:
                                proc.wait(30)
                            except subprocess.TimeoutExpired:  # a server busy in a request may not stop
                                proc.kill()
                                proc.wait()
                            running[peer] = (start(peer, args.store, port), port)
                            wait_up(url)
                        continue
                    first = time.monotonic() - started
                    try:  # an engine may answer 200 with a broken body (e.g. a failed SERVICE call)
                        rows = len(r.json()["results"]["bindings"]) if r.status_code == 200 else -1
                    except ValueError:
                        rows = -1
                    if first > 25:  # beyond wrk's 30 s timeout: one slow run is the figure
                        res = {
                            "peer": peer,
                            "query": name,
                            "rows": rows,
                            "skipped": f"first run took {first:.1f} s",
                        }
                        given_up.add((peer, name))
                        info["results"].append(res)
                        print(json.dumps(res), flush=True)
                        continue
                    for c in clients:
                        cmd = [
                            "wrk",
                            f"-t{min(2, c)}",
                            f"-c{c}",
                            f"-d{args.duration}s",
                            "--latency",
                            "--timeout",
                            "30s",
                            "-H",
                            "Accept: application/sparql-results+json",
                            full,
                        ]
                        out = subprocess.run(cmd, capture_output=True, text=True).stdout
                        peak[peer] = max(peak[peer], rss_mb(proc.pid))
                        raw.write(f"## {peer} {name} c={c} rows={rows} round={rnd + 1}\n{out}\n")
                        raw.flush()
                        res = {
                            "peer": peer,
                            "query": name,
                            "clients": c,
                            "round": rnd + 1,
                            "rows": rows,
                            **parse_wrk(out),
                        }
                        info["results"].append(res)
                        print(json.dumps(res), flush=True)
        info["rss_mb"] = {p: round(v) for p, v in peak.items()}
        for peer, v in peak.items():
            raw.write(f"### {peer} peak RSS {v:.0f} MB\n")
        if "ours-cache" in running:
            proc, port = running["ours-cache"]
            full = fill_cache(endpoint("ours-cache", port), proc.pid)
            info["rss_mb"]["ours-cache, cache full"] = round(full)
            raw.write(f"### ours-cache RSS with the cache full: {full:.0f} MB\n")
            print(json.dumps({"peer": "ours-cache", "rss_cache_full_mb": round(full)}), flush=True)
    finally:
        for proc, _port in running.values():
            proc.terminate()
        for proc, _port in running.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    info["rounds"] = args.rounds
    text = summarize(info)
    (RESULTS / f"endpoint-{stamp}.json").write_text(json.dumps(info, indent=1))
    (RESULTS / f"endpoint-{stamp}.md").write_text(text)
    print(text)


def _num(x: float) -> str:
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}"


def summarize(info: dict) -> str:
    """The Markdown summary of a run: medians over its rounds and, per peer, the median of its
    per-round throughput and p99 ratios to Oxigraph (stored in ``info["ratios"]`` too)."""
    stamp = info["date"]
    peers = info["peers"]
    clients = info["clients"]
    rounds = info.get("rounds", 1)
    queries = list(dict.fromkeys(r["query"] for r in info["results"]))
    rounds_note = f", {rounds} rounds: medians (min-max req/s)" if rounds > 1 else ""
    ratio_peers = [p for p in peers if p != "oxigraph"] if "oxigraph" in peers else []
    lines = [
        f"# Endpoint benchmark {stamp}",
        "",
        f"machine: {info['machine']}; wrk -d{info['duration_s']}s{rounds_note}",
        "",
        "| query | clients | "
        + " | ".join(f"{p} req/s (p50/p99 ms)" for p in peers)
        + "".join(f" | {p} ÷ oxigraph: req/s; p99" for p in ratio_peers)
        + " |",
        "|---|---|" + "---|" * (len(peers) + len(ratio_peers)),
    ]
    runs: dict[tuple[str, str, int], list[dict]] = {}
    for r in info["results"]:
        if "clients" in r:
            runs.setdefault((r["peer"], r["query"], r["clients"]), []).append(r)
    skipped = {(r["peer"], r["query"]): r["skipped"] for r in info["results"] if "skipped" in r}
    summary = []
    for name in queries:
        for c in clients:
            cells = []
            for p in peers:
                rs = runs.get((p, name, c))
                if not rs:
                    cells.append(skipped.get((p, name), "-"))
                    continue
                rps = [r["rps"] for r in rs]
                spread = f" [{_num(min(rps))}-{_num(max(rps))}]" if len(rs) > 1 else ""
                cells.append(
                    f"{_num(median(rps))}{spread} ({median(r['p50_ms'] for r in rs):.1f}/"
                    f"{median(r['p99_ms'] for r in rs):.1f})"
                )
            for p in ratio_peers:
                ratios = round_ratios(info["results"], p, name, c)
                if ratios is None:
                    cells.append("-")
                    continue
                tput, p99, n_pairs = ratios
                summary.append(
                    {
                        "peer": p,
                        "query": name,
                        "clients": c,
                        "rounds": n_pairs,
                        "throughput_ratio_median": round(tput, 3),
                        "p99_ratio_median": round(p99, 3),
                    }
                )
                cells.append(f"{tput:.2f}×; {p99:.2f}×")
            lines.append(f"| {name} | {c} | " + " | ".join(cells) + " |")
    if summary:
        info["ratios"] = summary
    lines += ["", "peak RSS (MB, server + workers): " + json.dumps(info.get("rss_mb", {}))]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
