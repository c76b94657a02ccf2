"""Sharded gzip N-Quads export, for the engines' own bulk loaders.

``export --format nquads --shards N --output DIR`` writes ``DIR/part-00000.nq.gz`` … ``part-<N-1>``:
each named graph goes whole into one shard (chosen by a stable hash of its IRI), lines sorted
within a shard, no blank nodes — so shards can be loaded in parallel and in any order:

* Oxigraph:  ``oxigraph load --location STORE --file DIR/part-*.nq.gz`` (one ``--file`` per shard)
* Virtuoso:  ``ld_dir('DIR', 'part-*.nq.gz', 'urn:unused')`` then ``rdf_loader_run()`` and
  ``checkpoint`` in ``isql`` (N-Quads carry their graph; the folder must be in ``DirsAllowed``)
* QLever:    ``zcat DIR/part-*.nq.gz | IndexBuilderMain -i INDEX -F nq -f -``
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

from sevare_kg.errors import SevareKgError
from sevare_kg.store.knowledge_store import KnowledgeStore


def shard_of(graph: str, shards: int) -> int:
    return int.from_bytes(hashlib.sha1(graph.encode("utf-8")).digest()[:8], "big") % shards


def export_shards(store: KnowledgeStore, output: Path, shards: int, *, compresslevel: int = 6) -> list[Path]:
    """Write the store as ``shards`` gzip N-Quads files in ``output``; returns their paths.

    Graph by graph, so memory holds one graph at a time (plus the open gzip streams). Each shard is
    written to a temporary name and renamed when complete."""
    if shards < 1:
        raise SevareKgError("--shards must be at least 1")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SevareKgError(f"{output}: cannot create the folder: {exc.strerror or exc}") from None
    final = [output / f"part-{i:05d}.nq.gz" for i in range(shards)]
    tmps = [p.with_name(f".{p.name}.tmp") for p in final]
    handles = [gzip.open(t, "wb", compresslevel=compresslevel) for t in tmps]
    try:
        default = sorted(
            f"{q} .\n" for q in store.oxigraph.quads_for_pattern(None, None, None, _default_graph())
        )
        if default:
            handles[0].write("".join(default).encode("utf-8"))
        for graph in store.graphs():
            lines = sorted(f"{q} .\n" for q in store.quads(graph))
            handles[shard_of(graph.value, shards)].write("".join(lines).encode("utf-8"))
    except BaseException:
        for h, t in zip(handles, tmps, strict=True):
            h.close()
            t.unlink(missing_ok=True)
        raise
    for h in handles:
        h.close()
    for t, p in zip(tmps, final, strict=True):
        os.replace(t, p)
    return final


def _default_graph():
    from pyoxigraph import DefaultGraph

    return DefaultGraph()
