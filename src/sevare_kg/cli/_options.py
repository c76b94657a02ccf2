"""What several commands share: the option groups (``--store``, ``--base``, the remote endpoint's
credentials) and the objects they give (the store, the mapper's configuration)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from sevare_kg.errors import SevareKgError
from sevare_kg.store.knowledge_store import KnowledgeStore, default_store_path

if TYPE_CHECKING:
    from sevare_kg.build.remote import GraphStoreClient
    from sevare_kg.rdf.mapper import MapperConfig


def add_store_argument(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--store",
        type=Path,
        default=None,
        help="store folder (default: $SEVARE_KG_STORE, else ./.sevare-kg/store)",
    )


def add_base_argument(sp: argparse.ArgumentParser, help: str | None = None) -> None:
    sp.add_argument(
        "--base",
        default=None,
        help=help or "base IRI of the graph's resources (default https://w3id.org/sevare-kg/)",
    )


def add_remote_credentials(group: argparse._ArgumentGroup) -> None:
    """``--remote-credentials`` and ``--remote-auth``, for a remote query endpoint or Graph Store."""
    group.add_argument(
        "--remote-credentials",
        type=Path,
        default=None,
        metavar="FILE",
        help="key=value lines: user, password, token, scheme (else $SEVARE_KG_REMOTE_USER, "
        "_PASSWORD, _TOKEN, _AUTH)",
    )
    group.add_argument(
        "--remote-auth",
        choices=["basic", "digest", "bearer"],
        default=None,
        help="authentication scheme (default: bearer with a token, else basic)",
    )


def add_remote_query_arguments(sp: argparse.ArgumentParser) -> None:
    group = sp.add_argument_group("remote SPARQL endpoint (instead of the local store)")
    group.add_argument(
        "--remote-query",
        metavar="SPARQL_URL",
        default=None,
        help="ask this SPARQL 1.1 query endpoint (e.g. the remote a build wrote to)",
    )
    add_remote_credentials(group)


def check_base(base: str | None) -> None:
    """``--base`` must be an absolute IRI: said before anything is read or created."""
    if base is None:
        return
    from pyoxigraph import NamedNode

    try:
        NamedNode(base)
    except ValueError as exc:
        raise SevareKgError(f"--base {base!r}: not an absolute IRI ({exc})") from None


def mapper_config(args: argparse.Namespace) -> MapperConfig:
    """The mapper's configuration of a command: ``--base`` and the user's link table with the shipped one."""
    from sevare_kg.rdf.link_table import shipped_and_user_links
    from sevare_kg.rdf.mapper import MapperConfig

    links = shipped_and_user_links()
    base = getattr(args, "base", None)
    return MapperConfig(base=base, links=links) if base else MapperConfig(links=links)


def event_base(args: argparse.Namespace) -> str:
    """The base under which an ``--event`` slug is read."""
    from sevare_kg.rdf.vocab import DEFAULT_BASE

    return getattr(args, "base", None) or DEFAULT_BASE


def open_store(args: argparse.Namespace, *, existing: bool = False) -> KnowledgeStore:
    """The store of ``--store`` (or the default); with ``existing``, one that must be there already
    (a command that only reads creates nothing: an empty or unrelated folder is an error)."""
    path = args.store or default_store_path()
    if existing and not (path / "CURRENT").is_file():  # RocksDB's marker of a database folder
        what = "no store here" if not path.exists() or not any(path.iterdir()) else "not a store"
        raise SevareKgError(f"{path}: {what}; run 'sevare-kg build' first (or pass --store)")
    return KnowledgeStore(path)


def default_articles() -> Path:
    """What a build with no paths reads: the packaged flagship article."""
    from sevare_kg.resources import data_dir

    return data_dir() / "articles"


def remote_client(args: argparse.Namespace) -> GraphStoreClient:
    from sevare_kg.build.remote import GraphStoreClient, load_credentials

    creds = load_credentials(args.remote_credentials, args.remote_auth)
    return GraphStoreClient(args.remote_query, query_url=args.remote_query, credentials=creds, retries=2)
