"""``sevare-kg build [PATH…]``: map articles (files, folders, JSON Lines corpora) into the store,
the local one or a remote Graph Store, serially, in a process pool or on Dask."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from sevare_kg.cli._options import (
    add_base_argument,
    add_remote_credentials,
    add_store_argument,
    default_articles,
    mapper_config,
    open_store,
)
from sevare_kg.cli._progress import Progress
from sevare_kg.errors import SevareKgError
from sevare_kg.store.knowledge_store import KnowledgeStore


def add_parser(sub: Any) -> None:
    sp = sub.add_parser("build", help="map articles (files or folders) into the store")
    sp.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: data/articles/)")
    add_store_argument(sp)
    sp.add_argument("--memory", action="store_true", help="use an in-memory store (for a dry run)")
    sp.add_argument("--force", action="store_true", help="re-map articles even when unchanged")
    add_base_argument(sp)
    _add_scale_arguments(sp)
    sp.set_defaults(func=run)


def _add_scale_arguments(sp: argparse.ArgumentParser) -> None:
    g = sp.add_argument_group("scale")
    g.add_argument(
        "--prune",
        action="store_true",
        help="drop the graphs of articles no longer in the input (never the ontology graph)",
    )
    g.add_argument(
        "--failures",
        type=Path,
        default=None,
        help="TSV of failed inputs (input<TAB>reason); default: failures.tsv next to the store; none when nothing failed",
    )
    g.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: number of cores)")
    g.add_argument(
        "--engine",
        choices=["processes", "dask"],
        default="processes",
        help="map in a local process pool (default) or on Dask",
    )
    g.add_argument(
        "--scheduler",
        default=None,
        help="Dask scheduler address (default: start a LocalCluster of --jobs workers)",
    )
    g.add_argument(
        "--shards",
        type=Path,
        default=None,
        help="workers write gzip N-Quads shards to this (shared) folder; the writer loads them",
    )
    g.add_argument("--chunk-size", type=int, default=16, help="articles per unit of work (default 16)")
    r = sp.add_argument_group("remote triple store (SPARQL 1.1 Graph Store Protocol)")
    r.add_argument(
        "--remote",
        metavar="GSP_URL",
        default=None,
        help="write each article's graph with PUT GSP_URL?graph=… instead of the local store",
    )
    r.add_argument(
        "--remote-query",
        metavar="SPARQL_URL",
        default=None,
        help="the remote's SPARQL query endpoint (incremental check and --prune)",
    )
    add_remote_credentials(r)
    r.add_argument("--remote-concurrency", type=int, default=4, help="parallel PUTs (default 4)")
    r.add_argument(
        "--remote-retries",
        type=int,
        default=6,
        help="retries on connection errors and 5xx, with exponential backoff (default 6)",
    )


def run(args: argparse.Namespace) -> int:
    from sevare_kg.build.builder import build
    from sevare_kg.build.inputs import check_paths, is_jsonl, iter_files, iter_records

    config = mapper_config(args)
    paths = check_paths(args.paths or [default_articles()])  # every path checked before anything is written
    files = list(iter_files(paths))
    total: int | str = "?" if any(is_jsonl(f) for f in files) else len(files)
    target = None
    store = None
    if args.remote:
        from sevare_kg.build.remote import GraphStoreClient, RemoteTarget, load_credentials

        creds = load_credentials(args.remote_credentials, args.remote_auth)
        client = GraphStoreClient(
            args.remote, query_url=args.remote_query, credentials=creds, retries=args.remote_retries
        )
        target = RemoteTarget(client, concurrency=args.remote_concurrency, base=config.base)
        if args.prune and not args.remote_query:
            raise SevareKgError("--prune with --remote needs --remote-query")
    else:
        store = KnowledgeStore(None) if args.memory else open_store(args)
    if args.jobs is not None and args.jobs < 1:
        raise SevareKgError("--jobs must be at least 1")
    progress = Progress(total)
    try:
        report = build(
            store,
            iter_records(paths),
            config,
            progress=progress,
            force=args.force,
            prune=args.prune,
            jobs=args.jobs if args.jobs is not None else (os.cpu_count() or 1),
            engine=args.engine,
            scheduler=args.scheduler,
            shard_dir=args.shards,
            target=target,
            chunk_size=max(1, args.chunk_size),
        )
    finally:
        progress.done()
    print(report.summary())
    for note in report.notes:
        print(f"sevare-kg: {note}", file=sys.stderr)
    failures = args.failures or _default_failures(args)
    beside_store = args.failures is not None or not (args.remote or args.memory)
    try:
        if report.failed or beside_store:  # no stray file in the working folder for a clean run
            report.write_failures(failures)
    except OSError as exc:
        print(f"sevare-kg: cannot write {failures}: {exc.strerror or exc}", file=sys.stderr)
    for _name, reason in report.failed:
        print(f"sevare-kg: failed: {reason}", file=sys.stderr)
    if report.failed:
        print(f"sevare-kg: {len(report.failed)} input(s) failed; listed in {failures}", file=sys.stderr)
    return 1 if report.failed else 0


def _default_failures(args: argparse.Namespace) -> Path:
    from sevare_kg.store.knowledge_store import default_store_path

    if args.remote or args.memory:
        return args.store.parent / "failures.tsv" if args.store else Path("sevare-kg-failures.tsv")
    store = args.store or default_store_path()
    return store.parent / "failures.tsv"
