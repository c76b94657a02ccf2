"""Extraction quality against hand-checked gold facts (the corpus's ``gold.json``).

Scored in the Wikidata-compatible view, the way ``corpus/README.md`` describes: names after
Unicode folding against an entity's ``rdfs:label`` or any ``skos:altLabel``, dates by prefix,
figures by value or bound.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import QuerySolutions

from sevare_kg.build.inputs import read_sources_table
from sevare_kg.errors import InputError
from sevare_kg.extraction.article import read_article_file
from sevare_kg.extraction.names import fold
from sevare_kg.rdf.mapper import MapperConfig, map_article, with_reference
from sevare_kg.store.knowledge_store import KnowledgeStore

KINDS = ("dates", "part_of", "places", "participants", "perpetrators", "killed", "injured")
GOLD_KEYS = ("part_of", "places", "participants", "perpetrators", "killed", "injured")

PREFIXES = """
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX psv: <http://www.wikidata.org/prop/statement/value/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


@dataclass
class Score:
    gold: int = 0
    found: int = 0  # gold items matched
    extracted: int = 0  # extracted items counted for precision
    correct: int = 0  # extracted items matching gold

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.extracted += other.extracted
        self.correct += other.correct


@dataclass(frozen=True)
class Finding:
    """One disagreement with the gold: a gold item not found ("missing") or an extracted one that
    matches no gold item ("extra")."""

    file: str
    kind: str
    outcome: str
    value: str


@dataclass
class Evaluation:
    totals: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in KINDS})
    misses: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    articles: int = 0

    def table(self) -> str:
        lines = [f"{'kind':14} {'precision':>9} {'recall':>7}  (correct/extracted, found/gold)"]
        for kind, s in self.totals.items():
            lines.append(
                f"{kind:14} {s.precision:9.3f} {s.recall:7.3f}  ({s.correct}/{s.extracted}, {s.found}/{s.gold})"
            )
        return "\n".join(lines)


def evaluate_corpus(
    folder: Path, config: MapperConfig | None = None, *, files: Collection[str] | None = None
) -> Evaluation:
    """Map each article of ``folder``'s ``gold.json`` (only ``files``, if given) and score it."""
    config = config or MapperConfig()
    gold_entries = read_gold(folder)
    urls = read_sources_table(folder)
    result = Evaluation()
    for entry in gold_entries:
        if files is not None and entry["file"] not in files:
            continue
        path = folder / entry["file"]
        article = read_article_file(path, url=urls.get(entry["file"]))
        store = KnowledgeStore(None)
        store.oxigraph.extend(with_reference(map_article(article, config), config))
        for kind, score in score_article(store, entry, result.misses, result.findings).items():
            result.totals[kind].add(score)
        result.articles += 1
    return result


def read_gold(folder: Path) -> list[dict[str, Any]]:
    """The folder's ``gold.json``, checked: a list of entries each naming an article file that exists."""
    path = folder / "gold.json"
    if not path.is_file():
        raise InputError(f"{path}: no gold file here (a folder to evaluate holds its articles and gold.json)")
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "file" in e for e in entries):
        raise InputError(f"{path}: expected a list of objects, each with a 'file' key")
    for e in entries:
        missing = [k for k in GOLD_KEYS if k not in e]
        if missing:
            raise InputError(f"{path}: entry {e['file']!r} lacks {', '.join(missing)}")
        neutral = e.get("neutral", {})
        if not isinstance(neutral, dict) or not set(neutral) <= {"labels", "start", "end", *GOLD_KEYS}:
            raise InputError(
                f"{path}: entry {e['file']!r}: 'neutral' must map kinds (labels, start, end, "
                f"{', '.join(GOLD_KEYS)}) to lists"
            )
        if not (folder / e["file"]).is_file():
            raise InputError(f"{path}: entry {e['file']!r} names no file in {folder}")
    return entries


def read_halves(folder: Path) -> dict[str, str]:
    """``HALVES.tsv`` (file<TAB>half): the fixed split of a development set."""
    path = folder / "HALVES.tsv"
    if not path.is_file():
        raise InputError(f"{path}: no halves file here (file<TAB>A|B per line)")
    halves: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1].strip():
            raise InputError(f"{path}:{n}: expected file<TAB>half")
        halves[parts[0]] = parts[1].strip()
    return halves


def _names(store: KnowledgeStore, prop: str, chain: bool = False) -> list[tuple[str, set[str]]]:
    """For each object of ``wdt:prop`` on the event (and, with ``chain``, the places above it),
    a label to show and the folded names it goes by."""
    path = f"wdt:{prop}" if not chain else f"wdt:{prop}/(wdt:P131|wdt:P17)*"
    rows = store.query(
        PREFIXES
        + f"""SELECT ?o ?name WHERE {{
          ?e {path} ?o .
          {{ ?o rdfs:label|skos:altLabel ?name }} UNION {{ ?x owl:sameAs ?o . ?x rdfs:label|skos:altLabel ?name }}
        }}"""
    )
    assert isinstance(rows, QuerySolutions)
    names: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for r in rows:
        names[str(r["o"])].add(fold(r["name"].value))
        shown[str(r["o"])] = min(shown.get(str(r["o"]), r["name"].value), r["name"].value)
    return [(shown[o], names[o]) for o in sorted(names)]


def _match_names(
    gold: list[str],
    extracted: list[tuple[str, set[str]]],
    report: Callable[[str, str], None],
    neutral: Sequence[str] = (),
) -> Score:
    """Score names; ``report(outcome, value)`` hears of each gold name not found ("missing") and each
    extracted name that matches no gold one ("extra"). A gold name "A|B" is found by either."""
    g = [_alternatives(x) for x in gold]
    neutral_n = set().union(*(_alternatives(x) for x in neutral))
    s = Score(gold=len(g))
    for raw, alts in zip(gold, g, strict=True):
        if any(alts & names for _shown, names in extracted):
            s.found += 1
        else:
            report("missing", raw)
    for shown, names in extracted:
        hit = any(alts & names for alts in g)
        if not hit and names & neutral_n:
            continue
        s.extracted += 1
        s.correct += int(hit)
        if not hit:
            report("extra", shown)
    return s


def _alternatives(gold_name: str) -> set[str]:
    """The folded names a gold name "A|B" stands for (``corpus/CORPUS.md``: finding either counts)."""
    return {fold(x) for x in gold_name.split("|")}


def _dates(store: KnowledgeStore) -> tuple[list[str], list[str]]:
    rows = store.query(
        PREFIXES + "SELECT ?p ?v WHERE { VALUES ?p { wdt:P585 wdt:P580 wdt:P582 } ?e ?p ?v . ?e ?p ?v }"
    )
    assert isinstance(rows, QuerySolutions)
    starts, ends = [], []
    for r in rows:
        value = r["v"].value[:10]
        prop = r["p"].value.rsplit("/", 1)[-1]
        if prop in ("P585", "P580"):
            starts.append(value)
        if prop in ("P585", "P582"):
            ends.append(value)
    return starts, ends


def _prefix_match(a: str, b: str) -> bool:
    a, b = a.rstrip("-"), b.rstrip("-")
    return a.startswith(b) or b.startswith(a)


def _figures(store: KnowledgeStore, pid: str) -> list[tuple[float | None, float | None, float | None]]:
    rows = store.query(
        PREFIXES
        + f"""SELECT DISTINCT ?amount ?low ?high WHERE {{
          ?e p:{pid} ?st . ?st ps:{pid} ?amount .
          OPTIONAL {{ ?st psv:{pid}/wikibase:quantityLowerBound ?low }}
          OPTIONAL {{ ?st psv:{pid}/wikibase:quantityUpperBound ?high }}
        }}"""
    )
    assert isinstance(rows, QuerySolutions)
    out = []
    for r in rows:
        out.append(tuple(float(r[k].value) if r[k] is not None else None for k in ("amount", "low", "high")))  # type: ignore[misc]
    return out  # type: ignore[return-value]


def _figure_matches(gold: Any, fig: tuple[float | None, float | None, float | None]) -> bool:
    amount, low, high = fig
    if isinstance(gold, (int, float)):
        return gold in (amount, low, high) and (low is None or high is None or gold in (low, high))
    g_low, g_high = gold.get("low"), gold.get("high")
    if g_high is None:
        return g_low in (low, amount) and high is None
    return (low == g_low or amount == g_low) and high == g_high


def score_article(
    store: KnowledgeStore, gold: dict[str, Any], misses: list[str], findings: list[Finding] | None = None
) -> dict[str, Score]:
    """One article's scores per kind, against its gold entry; each disagreement is appended to
    ``findings`` (and, as a line, to ``misses``)."""
    name = gold["file"]
    found: list[Finding] = findings if findings is not None else []

    def reporter(kind: str) -> Callable[[str, str], None]:
        return lambda outcome, value: found.append(Finding(name, kind, outcome, value))

    scores = {"dates": _score_dates(store, gold, misses, reporter("dates"))}
    for kind, prop, chain in (
        ("part_of", "P361", False),
        ("places", "P276", True),
        ("participants", "P710", False),
    ):
        scores[kind] = _match_names(
            gold[kind], _names(store, prop, chain), reporter(kind), neutral=_neutral(gold, kind)
        )
    scores["perpetrators"] = _match_names(
        gold["perpetrators"],
        _names(store, "P8031"),
        reporter("perpetrators"),
        neutral=[p for p in gold["participants"] if p not in gold["perpetrators"]]
        + _neutral(gold, "perpetrators"),
    )
    for kind, pid in (("killed", "P1120"), ("injured", "P1339")):
        scores[kind] = _score_figures(gold, kind, _figures(store, pid), misses, reporter(kind))
    for kind in ("part_of", "places", "participants", "perpetrators"):
        sc = scores[kind]
        if sc.found < sc.gold or sc.correct < sc.extracted:
            misses.append(f"{name}: {kind} {sc.found}/{sc.gold} found, {sc.correct}/{sc.extracted} correct")
    return scores


def _neutral(gold: dict[str, Any], kind: str) -> list[Any]:
    """The items of ``kind`` annotators disagree on (the entry's ``neutral``, ``corpus/CORPUS.md``):
    extracting one counts neither for nor against."""
    return list(gold.get("neutral", {}).get(kind, []))


def _neutral_dates(gold: dict[str, Any], key: str) -> list[str]:
    """The entry's neutral ``start`` or ``end`` dates: one ISO date or a list of them."""
    value = gold.get("neutral", {}).get(key, [])
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _score_dates(
    store: KnowledgeStore, gold: dict[str, Any], misses: list[str], report: Callable[[str, str], None]
) -> Score:
    """The start and end dates: a gold date is found when an extracted one begins with it."""
    starts, ends = _dates(store)
    s = Score()
    for key, values in (("start", starts), ("end", ends)):
        if gold.get(key):
            s.gold += 1
            if any(_prefix_match(v, gold[key]) for v in values):
                s.found += 1
            else:
                misses.append(f"{gold['file']}: date {key} {gold[key]} not found (have {values})")
                report("missing", f"{key} {gold[key]}")
        neutral = _neutral_dates(gold, key)
        for v in sorted(set(values)):
            ok = bool(gold.get(key)) and _prefix_match(v, gold[key])
            if not ok and any(_prefix_match(v, n) for n in neutral):
                continue  # a date annotators disagree on (another calendar's, say): neither for nor against
            s.extracted += 1
            s.correct += int(ok)
            if not ok:
                report("extra", f"{key} {v}")
    return s


def _score_figures(
    gold: dict[str, Any], kind: str, figures: list[Any], misses: list[str], report: Callable[[str, str], None]
) -> Score:
    """Casualty figures of one kind: matched on their values and bounds."""
    s = Score(gold=len(gold[kind]))
    for g in gold[kind]:
        if any(_figure_matches(g, f) for f in figures):
            s.found += 1
        else:
            misses.append(f"{gold['file']}: {kind} {g} not found")
            report("missing", _figure_text(g))
    neutral = _neutral(gold, kind)
    for f in figures:
        ok = any(_figure_matches(g, f) for g in gold[kind])
        if not ok and any(_figure_matches(g, f) for g in neutral):
            continue  # annotators disagree on it: neither for nor against
        s.extracted += 1
        s.correct += int(ok)
        if not ok:
            misses.append(f"{gold['file']}: extra {kind} figure {f}")
            report("extra", _figure_text(f))
    return s


def _figure_text(figure: Any) -> str:
    """A gold figure (a number or {"low", "high"}) or an extracted (value, low, high) as text."""
    if isinstance(figure, dict):
        low, high = figure.get("low"), figure.get("high")
        return f"{_num(low)}-{_num(high)}" if high is not None else f"{_num(low)}+"
    if isinstance(figure, tuple):
        value, low, high = figure
        if value is not None:
            return _num(value)
        return f"{_num(low)}-{_num(high)}" if high is not None else f"{_num(low)}+"
    return _num(figure)


def _num(x: Any) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)
