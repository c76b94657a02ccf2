"""The facts of one article, as plain data: what the extractor produces and the mapper consumes.

Knows nothing of RDF. Every fact carries the :class:`Source` it was read from, the way a
Wikidata statement carries its reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from sevare_kg.extraction.casualties import CasualtyFigure
from sevare_kg.extraction.values import Count, DateValue


@dataclass(frozen=True)
class Entity:
    """A real-world thing (actor, place, war, method): one id across all articles."""

    id: str  # readable slug path, e.g. "actor/katiba-macina", "place/mali/sevare"
    kind: str  # ontology class local name: ArmedGroup, Country, Site, War, AttackMethod, ...
    label: str
    aliases: tuple[str, ...] = ()  # every other surface form seen
    wikidata: str | None = None  # "Q912" when linked
    coordinates: tuple[float, float] | None = None  # (latitude, longitude), a place's, from GeoNames


@dataclass(frozen=True, order=True)
class Source:
    """Where a fact was read: an infobox field or a sentence of the article."""

    kind: str  # "infobox" or "sentence"
    ordinal: int  # infobox field position or sentence position (1-based)
    start: int  # character offsets into the article text
    end: int
    text: str  # the field value or the sentence
    key: str | None = None  # infobox key, e.g. "Casualties2"
    section: str | None = None  # sentence section (None: lead)
    line: int | None = None
    speaker: Entity | None = field(default=None, compare=False)  # "X said ..." / "according to X"
    # who the sentence is attributed to, as written, when that is no actor ("Residents of Sevare said")
    said_by: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Mention:
    """An entity as named in a source."""

    entity: Entity
    surface: str
    source: Source


class _HasEntity(Protocol):
    @property
    def entity(self) -> Entity: ...


M = TypeVar("M", bound=_HasEntity)


def unique_by_entity(mentions: Iterable[M]) -> list[M]:
    """The first mention of each entity, in order."""
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.entity.id not in seen:
            seen.add(m.entity.id)
            out.append(m)
    return out


@dataclass(frozen=True)
class Relation:
    """A binary fact between two entities (memberOf, affiliatedWith, containedIn)."""

    subject: Entity
    predicate: str  # "memberOf", "affiliatedWith", "containedIn"
    object: Entity
    source: Source


@dataclass(frozen=True)
class SideFacts:
    number: int
    members: tuple[Mention, ...]
    commanders: tuple[str, ...] = ()
    strength: str | None = None
    source: Source | None = None


@dataclass(frozen=True)
class CasualtyFact:
    figure: CasualtyFigure
    source: Source
    side: int | None  # infobox column, or None
    victim_group: str | None  # figure's group, or inferred from the side
    according_to: Entity | None
    total: bool = False  # a total over all sides ("killing thirteen people", "Total: 149")
    # the members of the side the victim words name ("3 Malian soldiers" of the Malian Army and
    # MINUSMA: the Malian Army); () when they name none, and then the report is the whole side's
    members: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class DamageFact:
    count: Count
    object: str
    source: Source


@dataclass(frozen=True)
class MethodFact:
    method: Entity
    count: int | None
    source: Source


@dataclass(frozen=True)
class ValueFact:
    """An infobox field kept verbatim: unknown keys and values that do not parse."""

    key: str
    value: str
    source: Source
    reason: str


@dataclass(frozen=True)
class Inconsistency:
    message: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class EventFacts:
    """Everything the extractor found about the one event an article describes."""

    id: str  # slug, e.g. "2023-sevare-attack"
    title: str
    labels: tuple[str, ...]
    kinds: tuple[str, ...]  # ontology classes: Attack, Bombing, Battle, Massacre, SuicideBombing
    title_source: Source | None
    date: DateValue | None = None
    date_source: Source | None = None
    time_of_day: tuple[str, Source] | None = None  # ("05:00:00", source)
    coordinates: tuple[tuple[float, float], Source] | None = None  # ((latitude, longitude), source)
    time_approximate: bool = False  # "around 5am"
    # the sources of each kind, in the order of ``kinds``: the sentences that say so, else the title's
    kind_sources: tuple[tuple[Source, ...], ...] = ()
    part_of: tuple[Mention, ...] = ()
    places: tuple[Mention, ...] = ()  # most specific first, as written
    # for each place, the place it lies in as the value writes it (the nearest later one of a
    # higher level, or the subdivision ISO 3166-2 puts it in), or None
    place_parents: tuple[Entity | None, ...] = ()
    locations: tuple[Mention, ...] = ()  # the places the event happened at (most specific)
    countries: tuple[Mention, ...] = ()
    # a named place inside a place the article does not name, as the world gazetteer knows it
    implied_containment: tuple[Relation, ...] = ()
    # a named place inside the present-day unit a "(now …)" names: both views, like the chain
    present_containment: tuple[Relation, ...] = ()
    sides: tuple[SideFacts, ...] = ()
    participants: tuple[Mention, ...] = ()  # named in prose, not in a side
    perpetrators: tuple[Mention, ...] = ()
    targets: tuple[Mention, ...] = ()
    possible_targets: tuple[Mention, ...] = ()  # hedged: "the perpetrators were likely targeting X"
    target_texts: tuple[tuple[str, Source], ...] = ()
    methods: tuple[MethodFact, ...] = ()
    responsibility: tuple[tuple[str, Entity | None, Source], ...] = ()  # ("claimed", X, src)
    result: tuple[str, Source] | None = None
    casualties: tuple[CasualtyFact, ...] = ()
    damage: tuple[DamageFact, ...] = ()
    relations: tuple[Relation, ...] = ()
    kept: tuple[ValueFact, ...] = ()
    inconsistencies: tuple[Inconsistency, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)
