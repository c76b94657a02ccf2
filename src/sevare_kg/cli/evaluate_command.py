"""``sevare-kg evaluate DIR``: score the extraction on a folder of articles with gold facts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sevare_kg.cli._options import mapper_config
from sevare_kg.errors import InputError


def add_parser(sub: Any) -> None:
    sp = sub.add_parser(
        "evaluate",
        help="score the extraction against a folder's gold.json: recall and precision per kind, each miss and extra",
    )
    sp.add_argument("folder", type=Path, help="a folder of article files with gold.json (and SOURCES.tsv)")
    sp.add_argument(
        "--half",
        help="only the articles of this half in the folder's HALVES.tsv (file<TAB>half), e.g. A or B",
    )
    sp.add_argument("--json", action="store_true", help="print the figures and findings as JSON")
    sp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sevare_kg.evaluation.scoring import evaluate_corpus, read_halves

    folder: Path = args.folder
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    files = None
    if args.half is not None:
        halves = read_halves(folder)
        files = {f for f, h in halves.items() if h == args.half}
        if not files:
            known = ", ".join(sorted(set(halves.values())))
            raise InputError(f"--half {args.half}: no such half in {folder / 'HALVES.tsv'} (halves: {known})")
    result = evaluate_corpus(folder, mapper_config(args), files=files)  # the user's links, as build
    if args.json:
        print(json.dumps(_as_json(result), indent=2, ensure_ascii=False))
        return 0
    half = f", half {args.half}" if args.half else ""
    print(f"{result.articles} articles in {folder}{half}")
    print(result.table())
    for f in result.findings:
        print(f"{f.outcome:8} {f.file}\t{f.kind}\t{f.value}")
    return 0


def _as_json(result: Any) -> dict[str, Any]:
    return {
        "articles": result.articles,
        "kinds": {
            kind: {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "gold": s.gold,
                "found": s.found,
                "extracted": s.extracted,
                "correct": s.correct,
            }
            for kind, s in result.totals.items()
        },
        "findings": [
            {"file": f.file, "kind": f.kind, "outcome": f.outcome, "value": f.value} for f in result.findings
        ],
    }
