#!/usr/bin/env python3
"""Synthetic corpora in the seed's format, made from the real articles, for scale benchmarks.

    .venv/bin/python bench/scale/synth.py --articles 10000 --output bench/scale/corpus-10k.jsonl.gz

Each synthetic article is a real one (the Sévaré article and the development set, taken in turn)
with a varied title, its first place renamed to a generated town, its years shifted, its days of
month redrawn, and its small figures (casualties, vehicles, …) changed — deterministic for a given
seed, and distinct titles, so N articles give N named graphs. Output is JSON Lines
(``{"url": …, "text": …}`` per line), gzip when the name ends in ``.gz``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SYLLABLES = [
    "ka",
    "ba",
    "lo",
    "mi",
    "du",
    "sa",
    "te",
    "ro",
    "na",
    "fi",
    "go",
    "ze",
    "ya",
    "ko",
    "ma",
    "di",
    "bu",
    "ti",
    "le",
    "wa",
    "ni",
    "so",
    "gu",
    "ra",
    "pe",
    "do",
    "ha",
    "mo",
    "ke",
    "lu",
]


def seed_articles(corpus: Path | None = None) -> list[str]:
    corpus = corpus or ROOT / "tests" / "corpus"
    files = [ROOT / "data" / "articles" / "2023_sevare_attack.txt", *sorted((corpus / "dev").glob("*.txt"))]
    return [f.read_text(encoding="utf-8") for f in files if f.is_file()]


def town(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def vary(text: str, n: int, rng: random.Random) -> str:
    lines = text.split("\n")
    title = re.match(r"^= (.*) =$", lines[0])
    assert title, "not an article"
    place_line = next((ln for ln in lines if re.match(r"^- (Place|Location):", ln)), None)
    new_town = town(rng)
    body = "\n".join(lines[1:])
    if place_line:
        first = place_line.split(":", 1)[1].split(",")[0].strip()
        if len(first) > 3:
            body = body.replace(first, new_town)
    shift = rng.randint(-15, 0)
    body = re.sub(r"\b(19[5-9]\d|20[0-2]\d)\b", lambda m: str(int(m.group(1)) + shift), body)
    # single days only (ranges such as "3–4 January" keep their order)
    body = re.sub(
        rf"(?<![–\d-])\b([1-9]|[12]\d|3[01])( (?:{MONTHS}))\b",
        lambda m: f"{rng.randint(1, 28)}{m.group(2)}",
        body,
    )
    body = re.sub(
        rf"((?:{MONTHS}) )([1-9]|[12]\d|3[01])\b(?![–\d-])",
        lambda m: f"{m.group(1)}{rng.randint(1, 28)}",
        body,
    )
    month_before = re.compile(rf"(?:{MONTHS})\s*$")

    def figure(m: re.Match[str]) -> str:
        if month_before.search(m.string[max(0, m.start() - 12) : m.start()]):
            return m.group(0)  # a day of month
        value = int(m.group(0))
        return str(max(1, value + rng.randint(-value // 3 - 1, value // 2 + 2)))

    body = re.sub(r"(?<![\d.,:/–-])\b([1-9]\d{0,2})\b(?![\d.,:/–-])(?! (?:" + MONTHS + r"))", figure, body)
    return f"= {title.group(1)} ({new_town} variant {n}) =\n" + body


def generate(count: int, seed: int = 1, corpus: Path | None = None) -> Iterator[tuple[str, str]]:
    """``count`` (url, text) records."""
    seeds = seed_articles(corpus)
    rng = random.Random(seed)
    for n in range(count):
        yield f"https://example.org/synthetic/{n}", vary(seeds[n % len(seeds)], n, rng)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--output", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    opener = gzip.open if args.output.name.endswith(".gz") else open
    with opener(args.output, "wt", encoding="utf-8") as out:  # type: ignore[operator]
        for url, text in generate(args.articles, args.seed):
            out.write(json.dumps({"url": url, "text": text}, ensure_ascii=False) + "\n")
    print(f"wrote {args.articles} articles to {args.output}")


if __name__ == "__main__":
    main()
