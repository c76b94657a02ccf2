"""The ``sevare-kg`` command line: ``main(argv)`` parses the arguments and runs one command.

Each command is a module of this package with ``add_parser(sub)`` and ``run(args)``; the options
several commands share are in ``_options``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from sevare_kg._version import __version__
from sevare_kg.cli import (
    build_command,
    evaluate_command,
    export_command,
    link_command,
    map_command,
    query_command,
    serve_command,
    store_commands,
)
from sevare_kg.cli._options import check_base
from sevare_kg.errors import SevareKgError


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING if not args.quiet else logging.ERROR,
        format="sevare-kg: %(levelname)s: %(message)s"
        if not args.verbose
        else "%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    try:
        check_base(getattr(args, "base", None))  # before anything is read or created
        return int(args.func(args) or 0)
    except SevareKgError as exc:
        print(f"sevare-kg: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("sevare-kg: interrupted", file=sys.stderr)
        return 130


class _SubcommandParser(argparse.ArgumentParser):
    """A sub-command's parser: takes -v/-q too, so that `sevare-kg build -q` works as `sevare-kg -q build`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # SUPPRESS: when not given after the sub-command, the value given before it (or False) stands
        self.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging"
        )
        self.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="errors only")


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sevare-kg", description="Wikipedia articles about armed attacks as an RDF knowledge graph."
    )
    p.add_argument("--version", action="version", version=f"sevare-kg {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    p.add_argument("-q", "--quiet", action="store_true", help="errors only")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_SubcommandParser)
    map_command.add_parser(sub)
    build_command.add_parser(sub)
    query_command.add_parser(sub)
    link_command.add_parser(sub)
    export_command.add_parser(sub)
    store_commands.add_parsers(sub)
    serve_command.add_parser(sub)
    evaluate_command.add_parser(sub)
    return p


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
