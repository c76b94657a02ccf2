"""Facts from an article's infobox: both the military-conflict kind (Conflict, Partof, Place,
Combatant1..3, Casualties1..3, …) and the civilian-attack kind (Location, Target, Perpetrators,
Deaths, Injured, …). Like DBpedia's infobox mappings: a table from keys to roles, every key kept.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from sevare_kg.errors import ValueGrammarError
from sevare_kg.extraction.article import Article, InfoboxField
from sevare_kg.extraction.casualties import CasualtyFigure, parse_infobox_casualties
from sevare_kg.extraction.facts import Entity, Mention, SideFacts, Source, ValueFact, unique_by_entity
from sevare_kg.extraction.gazetteer import Gazetteer, fold, guess_place_kind
from sevare_kg.extraction.names import abbreviation, split_names_with_surface
from sevare_kg.extraction.values import DateValue, parse_date

log = logging.getLogger(__name__)

# normalised key -> role. A trailing digit (Combatant2) is the side number.
ROLES: dict[str, str] = {
    "conflict": "name",
    "title": "name",
    "name": "name",
    "partof": "part_of",
    "place": "place",
    "location": "place",
    "date": "date",
    "time": "time",
    "result": "result",
    "combatant": "combatant",
    "commander": "commander",
    "strength": "strength",
    "units": "units",
    "casualties": "casualties",
    "deaths": "deaths",
    "fatalities": "deaths",
    "killed": "deaths",
    "injured": "injured",
    "injuries": "injured",
    "wounded": "injured",
    "missing": "missing",
    "perpetrator": "perpetrator",
    "perpetrators": "perpetrator",
    "perp": "perpetrator",
    "perps": "perpetrator",
    "target": "target",
    "targets": "target",
    "type": "method",
    "attacktype": "method",
    "weapon": "method",
    "weapons": "method",
    # known keys kept verbatim, without a warning
    "motive": "kept",
    "timezone": "kept",
    "status": "kept",
    "territory": "kept",
    "notes": "kept",
    "victims": "kept",
    "numparts": "kept",
    "participants": "kept",
    "defender": "kept",
    "accused": "kept",
    "convicted": "kept",
    "image": "kept",
    "caption": "kept",
    "maptype": "kept",
    "maprelief": "kept",
    "coordinates": "kept",
}
DEFAULT_OUTCOME = {"deaths": "killed", "injured": "injured", "missing": "missing"}
KEY_RE = re.compile(r"^(?P<base>[a-z]+?)(?P<n>\d*)$")


def key_role(key: str) -> tuple[str | None, int | None]:
    norm = re.sub(r"[^a-z0-9]", "", key.lower())
    m = KEY_RE.match(norm)
    if not m:
        return None, None
    base, n = m.group("base"), m.group("n")
    role = ROLES.get(base) or ROLES.get(norm)
    return role, (int(n) if n else None)


def field_source(f: InfoboxField) -> Source:
    return Source("infobox", f.ordinal, f.start, f.end, f.value, key=f.key, line=f.line)


@dataclass
class InfoboxFacts:
    names: list[tuple[str, Source]] = field(default_factory=list)
    part_of: list[Mention] = field(default_factory=list)
    place_field: InfoboxField | None = None
    date: tuple[DateValue, Source] | None = None
    date_field: InfoboxField | None = None
    time: tuple[str, Source] | None = None
    result: tuple[str, Source] | None = None
    sides: dict[int, SideFacts] = field(default_factory=dict)
    casualties: list[tuple[CasualtyFigure, Source, int | None]] = field(default_factory=list)
    perpetrators: list[Mention] = field(default_factory=list)
    targets: list[tuple[str, Source]] = field(default_factory=list)
    method_texts: list[tuple[str, Source]] = field(default_factory=list)
    kept: list[ValueFact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_infobox(article: Article, gaz: Gazetteer) -> InfoboxFacts:
    out = InfoboxFacts()
    where = article.source or article.title
    combatants: dict[int, list[Mention]] = {}
    commanders: dict[int, list[str]] = {}
    strengths: dict[int, tuple[str, Source]] = {}
    side_sources: dict[int, Source] = {}

    def keep(f: InfoboxField, reason: str, warn: bool) -> None:
        out.kept.append(ValueFact(f.key, f.value, field_source(f), reason))
        if warn:
            msg = f"{where}:{f.line}: {reason}; kept verbatim"
            out.warnings.append(msg)
            log.warning(msg)

    for f in article.infobox:
        role, n = key_role(f.key)
        src = field_source(f)
        value = f.value.strip()
        if role is None:
            keep(f, f"unknown infobox key {f.key!r}", True)
            continue
        if not value or value.strip(" ,:|") == "":
            keep(f, f"empty infobox value for {f.key!r}", False)
            continue
        if role == "name":
            out.names.append((value, src))
        elif role == "part_of":
            for clean, surface in part_of_names(value):
                out.part_of.append(Mention(gaz.war(clean), surface, src))
        elif role == "place":
            out.place_field = out.place_field or f
        elif role == "date":
            try:
                out.date = (parse_date(value), src)
                out.date_field = f
            except ValueGrammarError as exc:
                keep(f, f"infobox Date {value!r} does not parse ({exc})", True)
        elif role == "time":
            out.time = (value, src)
            keep(f, "time of day as written", False)
        elif role == "result":
            out.result = (value, src)
            # a Result sometimes states casualties ("71 killed, … injures two more")
            for fig in parse_infobox_casualties(value):
                out.casualties.append((fig, src, None))
        elif role == "combatant":
            side = n or 1
            side_sources[side] = src
            mentions = [
                Mention(_actor(gaz, clean, surface), surface, src)
                for clean, surface in split_names_with_surface(value)
            ]
            combatants.setdefault(side, []).extend(mentions)
        elif role == "commander":
            commanders.setdefault(n or 1, []).extend(c for c, _ in split_names_with_surface(value))
        elif role == "strength":
            strengths[n or 1] = (value, src)
        elif role == "casualties":
            # a bare figure in a Casualties column is deaths, by Wikipedia's convention
            _casualties(out, f, src, n, "killed", where)
        elif role in DEFAULT_OUTCOME:
            _casualties(out, f, src, None, DEFAULT_OUTCOME[role], where)
        elif role == "perpetrator":
            out.perpetrators.extend(
                Mention(_actor(gaz, c, s), s, src) for c, s in split_names_with_surface(value)
            )
        elif role == "target":
            out.targets.append((value, src))
        elif role == "method":
            out.method_texts.append((value, src))
        else:
            keep(f, f"infobox {f.key!r}", False)

    for side in sorted(set(combatants) | set(commanders) | set(strengths)):
        members = unique_by_entity(combatants.get(side, []))
        out.sides[side] = SideFacts(
            side,
            tuple(members),
            tuple(commanders.get(side, [])),
            strengths[side][0] if side in strengths else None,
            side_sources.get(side),
        )
    return out


def _actor(gaz: Gazetteer, clean: str, surface: str) -> Entity:
    """The actor a list item names; an abbreviation in brackets after the name ("Croatian Defence
    Council (HVO)") is one of its names."""
    entity = gaz.actor(clean)
    abbr = abbreviation(surface)
    if abbr and fold(abbr) != fold(entity.label) and abbr not in entity.aliases:
        entity = replace(entity, aliases=(*entity.aliases, abbr))
    return entity


def _casualties(
    out: InfoboxFacts, f: InfoboxField, src: Source, side: int | None, outcome: str | None, where: str
) -> None:
    try:
        figures = parse_infobox_casualties(f.value, default_outcome=outcome)  # type: ignore[arg-type]
    except ValueGrammarError as exc:
        figures = []
        reason = str(exc)
    else:
        reason = "no casualty figure understood"
    if not figures:
        if f.value.strip().lower().rstrip(".") not in {"unknown", "none", "n/a", "?", "unclear"}:
            msg = f"{where}:{f.line}: {f.key} value {f.value!r}: {reason}; kept verbatim"
            out.kept.append(ValueFact(f.key, f.value, src, msg))
            out.warnings.append(msg)
            log.warning(msg)
        else:
            out.kept.append(ValueFact(f.key, f.value, src, "no figure given"))
        return
    for fig in figures:
        out.casualties.append((fig, src, side))


# "the aftermath of the Y", "the spillover of the Y": the event is part of Y
RELATION_WORDS_RE = re.compile(
    r"\b(?:the\s+|an?\s+)?(?:aftermath|spill-?over|continuation|escalation)\s+of\s+", re.I
)
# "the Trans-Mississippi Theater of the, American Civil War": a link cut at the comma leaves "of the"
DANGLING_RE = re.compile(r"\s+(?:of|in|during)(?:\s+the)?$", re.I)
# "the Anfal campaign of the Y", "the Eastern Front of Y": a part of a war, itself part of the war
NESTED_RE = re.compile(
    r"^(?P<part>.*?\S\s+(?:campaign|theat(?:er|re)|front|phase|stage|offensive))\s+of\s+(?:the\s+)?(?P<whole>\S.*)$",
    re.I,
)


def part_of_names(value: str) -> list[tuple[str, str]]:
    """The wars and campaigns a ``Partof`` value names, each with its surface form, outermost last.

    Items are separated as in any list value; "aftermath of" and "spillover of" are dropped; an
    item that is a campaign, theatre or front "of" a war gives both ("the Anfal campaign of the
    Iraqi–Kurdish conflict" is the Anfal campaign and the Iraqi–Kurdish conflict)."""
    out: list[tuple[str, str]] = []
    for clean, surface in split_names_with_surface(RELATION_WORDS_RE.sub("", value)):
        clean = DANGLING_RE.sub("", clean)
        surface = DANGLING_RE.sub("", surface)
        nested = NESTED_RE.match(clean)
        if nested:
            out.append((nested.group("part"), nested.group("part")))
            out.extend(part_of_names(nested.group("whole")))
        elif clean:
            out.append((clean, surface))
    return out


def read_places(f: InfoboxField, gaz: Gazetteer) -> tuple[list[Mention], list[tuple[Entity, Entity]]]:
    """Places of a ``Place``/``Location`` value, most specific first, and their containment chain.

    "Mopti Airport and MINUSMA base, Sévaré, Mopti Region, Mali" gives the sites Mopti Airport and
    MINUSMA base, contained in Sévaré, contained in Mopti Region, contained in Mali.
    """
    src = field_source(f)
    names = split_names_with_surface(f.value)
    # classify each name; consecutive names of one level are siblings
    classified: list[tuple[str, str, str]] = []  # (clean, surface, kind)
    for clean, surface in names:
        known = gaz.lookup(clean, ("Country", "Region", "Settlement", "Site"))
        kind = known.kind if known else None
        if kind is None:
            kind = guess_place_kind(clean)
        classified.append((clean, surface, kind))
    # resolve from the outermost (the end of the list) inwards so ids nest under their parents
    entities: list[Entity | None] = [None] * len(classified)
    contains: list[tuple[Entity, Entity]] = []
    parent: Entity | None = None
    country: Entity | None = None
    for i in range(len(classified) - 1, -1, -1):
        clean, surface, kind = classified[i]
        # the parent is the nearest later entry of a strictly higher level
        parent = None
        for j in range(i + 1, len(classified)):
            if (
                place_level(classified[j][2], classified[j][0]) > place_level(kind, clean)
                and entities[j] is not None
            ):
                parent = entities[j]
                break
        entity = gaz.place(clean, kind, parent, country)
        entities[i] = entity
        if entity.kind == "Country":
            country = entity
        if parent is not None and not gaz.related(entity.id, "containedIn"):
            contains.append((entity, parent))
    mentions = [
        Mention(e, s, src) for e, (_c, s, _k) in zip(entities, classified, strict=True) if e is not None
    ]
    return mentions, contains


LOWER_REGION_RE = re.compile(
    r"\b(department|district|cercle|prefecture|county|commune|municipality|arrondissement)\b", re.I
)


def place_level(kind: str, name: str) -> float:
    """How high a place sits: site < settlement < department/district < region/province/state < country.
    Names of one level listed in a row are siblings (Sévaré, Niono, and Bapho); a lower-tier
    division lies inside the higher one that follows it (Filingue Department, Tillabéri Region)."""
    if kind == "Region":
        return 1.5 if LOWER_REGION_RE.search(name) else 2.0
    return {"Site": 0.0, "Settlement": 1.0, "Country": 3.0}.get(kind, 1.0)


def same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b)
