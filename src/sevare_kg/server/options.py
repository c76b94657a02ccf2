"""The options of the endpoint, defined once for ``sevare-kg serve`` and ``python -m sevare_kg.server``
(light: no web framework is imported here)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sevare_kg import settings
from sevare_kg.errors import SevareKgError


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every interface)",
    )
    parser.add_argument("--port", type=int, default=7878, help="TCP port to listen on (default 7878)")
    parser.add_argument(
        "--token-file",
        type=Path,
        help="file holding the write token (else $SEVARE_KG_TOKEN; none: read-only)",
    )
    parser.add_argument(
        "--query-timeout", type=float, default=30.0, help="seconds before a query is stopped (default 30)"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="query worker processes (default: one per CPU, at least 2)"
    )
    parser.add_argument("--no-cache", action="store_true", help="disable the result cache")
    parser.add_argument(
        "--service-allow",
        action="append",
        default=[],
        metavar="URL_PREFIX",
        help="let SERVICE (and LOAD, in authorized updates) fetch IRIs starting with this prefix "
        "(repeatable; none by default)",
    )


def read_token(token_file: Path | None = None) -> str | None:
    """The write token: from ``token_file`` (its first line, stripped) or the SEVARE_KG_TOKEN variable;
    None: the endpoint is read-only."""
    if token_file is None:
        return settings.current().token
    try:
        lines = token_file.read_text(encoding="utf-8").splitlines()
        token = (
            lines[0].strip() if lines else ""
        )  # the first line: a trailing note or newline is not the token
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise SevareKgError(f"{token_file}: cannot read token file: {reason}") from None
    if not token:
        raise SevareKgError(f"{token_file}: token file is empty")
    return token
