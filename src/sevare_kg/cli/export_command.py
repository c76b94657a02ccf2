"""``sevare-kg export``: the store in an RDF syntax, or as framed JSON-LD, schema.org, CSV (GED,
ACLED) or QuickStatements; atomically to a file, or in shards."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sevare_kg.cli._options import add_store_argument, open_store
from sevare_kg.cli.map_command import RDF_CHOICES
from sevare_kg.errors import SevareKgError
from sevare_kg.files import atomic_output
from sevare_kg.store.knowledge_store import KnowledgeStore, rdf_format

EXPORT_CHOICES = [
    "jsonld",
    "jsonld-framed",
    "schema-org",
    "csv-ged",
    "csv-acled",
    "quickstatements",
]  # sevare_kg.exports.formats


def add_parser(sub: Any) -> None:
    sp = sub.add_parser("export", help="export the store as RDF")
    sp.add_argument(
        "--format",
        choices=RDF_CHOICES + EXPORT_CHOICES,
        default="nquads",
        help="an RDF syntax: jsonld is compact JSON-LD in the project's context (the union of the "
        "graphs, as Turtle), jsonld-expanded keeps the named graphs (as TriG and N-Quads); or "
        "jsonld-framed (one framed document per event), schema-org (Event JSON-LD for web pages), "
        "csv-ged / csv-acled (one row per event), quickstatements",
    )
    sp.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    sp.add_argument("--graph", help="export only this named graph")
    add_store_argument(sp)
    sp.add_argument(
        "--shards",
        type=int,
        default=None,
        metavar="N",
        help="with --format nquads: write N gzip N-Quads shards into the --output folder",
    )
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pyoxigraph import NamedNode

    store = open_store(args, existing=True)
    if getattr(args, "shards", None) is not None:
        return _export_shards(args, store)
    if args.format in EXPORT_CHOICES:
        from sevare_kg.exports.formats import cli_export

        return cli_export(store, args.format, args.output, args.graph)
    fmt = rdf_format(args.format)
    graph = NamedNode(args.graph) if args.graph else None
    if graph is not None and not store.contains_graph(graph):
        raise SevareKgError(f"no graph {args.graph!r} in the store (see 'sevare-kg stats')")
    if args.output is None:
        store.export(sys.stdout.buffer, fmt, graph=graph, canonical=True)
        return 0
    target = args.output
    with atomic_output(target) as handle:  # an interrupted export leaves no half file
        store.export(handle, fmt, graph=graph, canonical=True)
    print(f"wrote {target}", file=sys.stderr)
    return 0


def _export_shards(args: argparse.Namespace, store: KnowledgeStore) -> int:
    from sevare_kg.build.shards import export_shards

    if args.format != "nquads":
        raise SevareKgError("--shards needs --format nquads")
    if args.output is None:
        raise SevareKgError("--shards needs --output DIR (the folder for the shards)")
    if args.graph:
        raise SevareKgError("--shards exports the whole store; drop --graph")
    paths = export_shards(store, args.output, args.shards)
    print(f"wrote {len(paths)} shards to {args.output}", file=sys.stderr)
    return 0
