"""``sevare-kg serve``: the SPARQL endpoint over the store; an empty store is built from the packaged
flagship article first."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sevare_kg.cli._options import add_base_argument, add_store_argument, default_articles, mapper_config
from sevare_kg.errors import require_extra
from sevare_kg.server.options import add_serve_arguments
from sevare_kg.store.knowledge_store import KnowledgeStore, default_store_path


def add_parser(sub: Any) -> None:
    sp = sub.add_parser(
        "serve", help="serve the store over HTTP (SPARQL endpoint); builds data/ first if empty"
    )
    add_store_argument(sp)
    add_serve_arguments(sp)
    add_base_argument(sp)
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sevare_kg.build.builder import build
    from sevare_kg.build.inputs import check_paths, iter_records
    from sevare_kg.server.options import read_token

    path = args.store or default_store_path()
    token = read_token(args.token_file)
    require_extra("server", "starlette", "granian")
    from sevare_kg.rdf.vocab import DEFAULT_BASE
    from sevare_kg.server import check_port_free, serve

    check_port_free(args.host, args.port)  # before building: a taken port is the first thing to say

    with KnowledgeStore(path) as store:
        if len(store) == 0:
            report = build(store, iter_records(check_paths([default_articles()])), mapper_config(args))
            print(report.summary(), file=sys.stderr)

    serve(
        path,
        host=args.host,
        port=args.port,
        token=token,
        query_timeout=args.query_timeout,
        base=args.base or DEFAULT_BASE,
        workers=args.workers,
        cache=not args.no_cache,
        service_allow=tuple(args.service_allow),
    )
    return 0
