"""``sevare-kg link``: reconcile unlinked entities with a Wikidata-style dataset; apply reviewed links."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sevare_kg.cli._options import add_store_argument, open_store


def add_parser(sub: Any) -> None:
    sp = sub.add_parser(
        "link", help="reconcile unlinked entities with a Wikidata-style dataset; apply reviewed links"
    )
    src = sp.add_mutually_exclusive_group(required=True)
    src.add_argument("--endpoint", metavar="URL", help="a SPARQL endpoint using Wikidata's vocabulary")
    src.add_argument(
        "--dataset", metavar="FILE", type=Path, help="a local RDF file using Wikidata's vocabulary"
    )
    src.add_argument(
        "--apply", metavar="FILE", type=Path, help="apply the rows marked 'accept' in a review file"
    )
    sp.add_argument(
        "--output",
        "-o",
        type=Path,
        default=Path("links-review.tsv"),
        help="review file to write (default: links-review.tsv)",
    )
    sp.add_argument(
        "--min-score", type=float, default=0.5, help="drop candidates scoring below (default 0.5)"
    )
    sp.add_argument("--top", type=int, default=3, help="candidates kept per entity (default 3)")
    sp.add_argument(
        "--links",
        type=Path,
        default=None,
        help="user link table --apply appends to (default: $SEVARE_KG_LINKS, else "
        "./.sevare-kg/links-accepted.tsv); the mapper reads it on every build",
    )
    add_store_argument(sp)
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sevare_kg.linking.reconcile import cli_link

    return cli_link(args, open_store(args, existing=True))
