"""``sevare-kg map FILE…``: article files to RDF on stdout, no store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sevare_kg.cli._options import add_base_argument, mapper_config
from sevare_kg.store.knowledge_store import KnowledgeStore, rdf_format

RDF_CHOICES = ["turtle", "nquads", "ntriples", "trig", "jsonld-expanded", "rdfxml"]


def add_parser(sub: Any) -> None:
    sp = sub.add_parser("map", help="map article files to RDF on stdout (no store)")
    sp.add_argument("files", nargs="+", type=Path)
    sp.add_argument(
        "--format",
        choices=[*RDF_CHOICES, "jsonld"],
        default="turtle",
        help="an RDF syntax; jsonld is compact JSON-LD in the project's context (the triples), "
        "jsonld-expanded keeps the named graphs",
    )
    add_base_argument(sp)
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sevare_kg.build.inputs import read_sources_table
    from sevare_kg.extraction.article import read_article_file
    from sevare_kg.rdf.mapper import map_article, with_reference

    config = mapper_config(args)
    quads = []
    for path in args.files:  # read all first: an error leaves stdout empty
        article = read_article_file(path, url=read_sources_table(path.parent).get(path.name))
        quads.extend(map_article(article, config))
    store = KnowledgeStore(None)
    # the articles' graphs, and the part of the reference graph (gazetteer entities) they name
    store.oxigraph.extend(with_reference(quads, config))
    if args.format == "jsonld":
        from sevare_kg.exports.formats import render

        sys.stdout.write(render(store, "jsonld"))
        return 0
    store.export(sys.stdout.buffer, rdf_format(args.format), canonical=True)
    sys.stdout.buffer.flush()
    return 0
