"""``python -m sevare_kg.server --store DIR ...``: the same as ``sevare-kg serve`` (tests, bench)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sevare_kg.errors import SevareKgError
from sevare_kg.rdf.vocab import DEFAULT_BASE
from sevare_kg.server import serve
from sevare_kg.server.options import add_serve_arguments, read_token
from sevare_kg.store.knowledge_store import default_store_path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m sevare_kg.server")
    ap.add_argument("--store", type=Path, default=None)
    add_serve_arguments(ap)
    ap.add_argument("--base", default=DEFAULT_BASE)
    ap.add_argument("--http-server", choices=["granian", "uvicorn"], default=None)
    ap.add_argument("--no-access-log", action="store_true")
    args = ap.parse_args(argv)
    try:
        _serve(args)
    except SevareKgError as exc:
        raise SystemExit(f"sevare-kg: error: {exc}") from None


def _serve(args: argparse.Namespace) -> None:
    serve(
        args.store or default_store_path(),
        host=args.host,
        port=args.port,
        token=read_token(args.token_file),
        query_timeout=args.query_timeout,
        base=args.base,
        workers=args.workers,
        cache=not args.no_cache,
        http_server=args.http_server,
        access_log=not args.no_access_log,
        service_allow=tuple(args.service_allow),
        worker_memory=args.worker_memory,
        update_timeout=args.update_timeout,
        max_body=args.max_body,
    )


if __name__ == "__main__":
    main()
