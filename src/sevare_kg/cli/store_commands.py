"""``sevare-kg validate``, ``stats`` and ``queries``: what is in the store, and is it well-formed."""

from __future__ import annotations

import argparse
from typing import Any

from sevare_kg.cli._options import add_remote_query_arguments, add_store_argument, open_store, remote_client
from sevare_kg.store.named_queries import named_queries, store_stats


def add_parsers(sub: Any) -> None:
    sp = sub.add_parser("validate", help="SHACL-validate the store and list inconsistent reports")
    add_store_argument(sp)
    sp.set_defaults(func=run_validate)

    sp = sub.add_parser("stats", help="counts of graphs, triples, events and reports")
    add_store_argument(sp)
    add_remote_query_arguments(sp)
    sp.set_defaults(func=run_stats)

    sp = sub.add_parser("queries", help="list the named queries")
    sp.set_defaults(func=run_queries)


def run_validate(args: argparse.Namespace) -> int:
    from sevare_kg.store.validation import validate

    report = validate(open_store(args, existing=True))
    print(report.text())
    return 0 if report.conforms else 1


def run_stats(args: argparse.Namespace) -> int:
    if args.remote_query:
        from sevare_kg.store.named_queries import remote_stats

        client = remote_client(args)
        try:
            stats = remote_stats(client.select)
        finally:
            client.close()
    else:
        stats = store_stats(open_store(args, existing=True))
    width = max(len(k) for k in stats)
    for key, value in stats.items():
        print(f"{key.ljust(width)}  {value}")
    return 0


def run_queries(args: argparse.Namespace) -> int:
    queries = named_queries()
    width = max((len(name) for name in queries), default=0)
    for name, description in queries.items():
        print(f"{name:{width}} {description}")
    return 0
