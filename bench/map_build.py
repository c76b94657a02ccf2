#!/usr/bin/env python3
"""Benchmark: map and build throughput (articles/s, triples/s) on the real articles.

    .venv/bin/python bench/map_build.py [--rounds 20] [--corpus tests/corpus] [--tag before]

Maps every article of the corpus (the Sévaré article and the development set) ``rounds`` times,
in process (map only; then again, "warm": the cost once the gazetteers are loaded), then builds them into a fresh on-disk store (parse + map + atomic graph
replace), each round under its own title so that every article is a distinct graph.
Prints one line per measure and adds them to bench/results/map_build-<date>[-<tag>].txt (a day's
runs follow one another there; give each version of the code its own ``--tag`` when comparing).
docs/benchmarks.md's tables show a file's runs as ranges: ``python bench/report.py``.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import platform
import re
import tempfile
import time
from pathlib import Path

from sevare_kg.extraction.article import parse_article
from sevare_kg.rdf.mapper import MapperConfig, graph_iri, map_article
from sevare_kg.store.knowledge_store import KnowledgeStore

ROOT = Path(__file__).resolve().parents[1]


def articles(corpus: Path) -> list[str]:
    files = [corpus / "2023_sevare_attack.txt", *sorted((corpus / "dev").glob("*.txt"))]
    return [f.read_text(encoding="utf-8") for f in files if f.is_file()]


def renamed(text: str, n: int) -> str:
    return re.sub(r"^= (.*) =$", lambda m: f"= {m.group(1)} (copy {n}) =", text, count=1, flags=re.M)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    ap.add_argument("--tag", default="", help="added to the results file's name: map_build-<date>-<tag>.txt")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the corpus's odd values warn once per copy
    texts = articles(args.corpus)
    config = MapperConfig()
    inputs = [renamed(t, r) for r in range(args.rounds) for t in texts]

    started = time.perf_counter()
    quads = 0
    for text in inputs:
        quads += len(map_article(parse_article(text), config))
    map_s = time.perf_counter() - started
    started = time.perf_counter()  # again, in the same process: what mapping costs once loaded
    for text in inputs:
        map_article(parse_article(text), config)
    warm_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        store = KnowledgeStore(Path(tmp) / "store")
        started = time.perf_counter()
        written = 0
        for text in inputs:
            article = parse_article(text)
            written += store.replace_graph(
                graph_iri(config.base, article.title), map_article(article, config), add_to_others=True
            )  # the article's entity graphs are written in the same transaction, as a build does
        store.flush()
        build_s = time.perf_counter() - started

    n = len(inputs)
    lines = [
        f"date {datetime.date.today()} machine {platform.machine()} {platform.processor() or ''} "
        f"python {platform.python_version()} cpus {__import__('os').cpu_count()}",
        f"articles {n} ({len(texts)} distinct texts x {args.rounds} rounds), quads {quads}",
        f"map   {n / map_s:8.1f} articles/s  {quads / map_s:10.0f} triples/s  ({map_s:.2f} s)",
        f"warm  {n / warm_s:8.1f} articles/s  {1000 * warm_s / n:10.2f} ms/article  (map again, data loaded)",
        f"build {n / build_s:8.1f} articles/s  {written / build_s:10.0f} triples/s  ({build_s:.2f} s, on-disk store)",
    ]
    report = "\n".join(lines)
    print(report)
    tag = f"-{args.tag}" if args.tag else ""
    out = ROOT / "bench" / "results" / f"map_build-{datetime.date.today()}{tag}.txt"
    earlier = out.read_text(encoding="utf-8") + "\n" if out.exists() else ""  # a run is added, not replaced
    out.write_text(earlier + report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
