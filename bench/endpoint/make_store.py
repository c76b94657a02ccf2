"""Build a benchmark store of ≥ N triples by mapping the corpus repeatedly under distinct base IRIs.

    .venv/bin/python bench/endpoint/make_store.py /tmp/bench-store --min-triples 1000000
Also writes DIR.nq (N-Quads) for peers that load a file (rdflib-endpoint)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sevare_kg.build.builder import support_graphs
from sevare_kg.rdf.mapper import MapperConfig, map_text, reference_graph_iri
from sevare_kg.store.knowledge_store import KnowledgeStore

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("--min-triples", type=int, default=1_000_000)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    texts = [
        (p.stem, p.read_text(encoding="utf-8"))
        for p in sorted(list(args.corpus.glob("*.txt")) + list((args.corpus / "dev").glob("*.txt")))
        if p.name != "README.md"
    ]
    base_cfg = MapperConfig()
    ks = KnowledgeStore(args.store)
    # map each article once, then rewrite IRIs for each copy (mapping is the slow part)
    mapped = []
    for name, text in texts:
        try:
            mapped.append(map_text(text, base_cfg, source=name))
        except Exception as exc:
            print(f"skip {name}: {exc}", file=sys.stderr)
    # the support graphs a build writes: the reference graph is copied with each copy's IRIs, the
    # ontology graph once
    support = support_graphs(base_cfg)
    mapped.append(support[reference_graph_iri(base_cfg.base).value])
    for graph, quads in support.items():
        if graph != reference_graph_iri(base_cfg.base).value:
            ks.replace_graph(quads[0].graph_name, quads)  # one graph: the ontology
    import pyoxigraph as ox

    base = base_cfg.base
    total, copy = 0, 0
    t0 = time.time()
    while total < args.min_triples:
        prefix = f"{base}copy{copy}/" if copy else base

        def re_iri(term):
            if (
                isinstance(term, ox.NamedNode)
                and term.value.startswith(base)
                and "/ontology" not in term.value
            ):
                return ox.NamedNode(prefix + term.value[len(base) :])  # noqa: B023 - used within the iteration
            return term

        for quads in mapped:  # an article's graph (or the reference graph), and its entity graphs
            g = re_iri(next(q.graph_name for q in quads if "/graph/entity/" not in q.graph_name.value))
            out = [
                ox.Quad(re_iri(q.subject), q.predicate, re_iri(q.object), re_iri(q.graph_name)) for q in quads
            ]
            total += ks.replace_graph(g, out, add_to_others=True)
        copy += 1
    ks.flush()
    print(f"{total} quads in {copy} copies of {len(mapped)} articles, {time.time() - t0:.0f} s")
    with open(str(args.store) + ".nq", "wb") as f:
        ks.export(f, ox.RdfFormat.N_QUADS)


if __name__ == "__main__":
    main()
