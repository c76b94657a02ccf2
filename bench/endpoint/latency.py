"""Single-request latency of one named query, alternating between servers already running: for
queries too slow for a 6-second wrk run.

    .venv/bin/python bench/endpoint/latency.py provenance --runs 4 \
        ours=http://127.0.0.1:7878/sparql oxigraph=http://127.0.0.1:7879/query
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import httpx

QUERIES = Path(__file__).resolve().parents[2] / "queries"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("query", help="a named query of queries/ (file stem)")
    ap.add_argument("servers", nargs="+", help="NAME=URL")
    ap.add_argument("--runs", type=int, default=4)
    args = ap.parse_args()
    q = (QUERIES / f"{args.query}.rq").read_text(encoding="utf-8")
    urls = dict(s.split("=", 1) for s in args.servers)
    res: dict[str, list[float]] = {k: [] for k in urls}
    for i in range(args.runs):
        for name, url in urls.items():  # servers take turns
            t = time.perf_counter()
            r = httpx.get(
                url, params={"query": q}, headers={"Accept": "application/sparql-results+json"}, timeout=600
            )
            rows = len(r.json()["results"]["bindings"])
            res[name].append(time.perf_counter() - t)
            print(f"{name} run {i}: {rows} rows, {res[name][-1]:.2f} s", flush=True)
    print(
        json.dumps(
            {
                k: {"runs_s": [round(x, 2) for x in v], "median_s": round(statistics.median(v), 2)}
                for k, v in res.items()
            }
        )
    )


if __name__ == "__main__":
    main()
