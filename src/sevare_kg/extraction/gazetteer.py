"""Entity resolution: one id per real entity across all articles.

Names are looked up in a gazetteer file (``data/gazetteer.tsv``, user-extensible) after folding
(case, accents, a leading "the", punctuation); names it does not know get an id from normalisation
rules, so that the same name always gives the same id. Knows nothing of RDF.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from sevare_kg.errors import GazetteerError
from sevare_kg.extraction.facts import Entity
from sevare_kg.extraction.names import fold
from sevare_kg.extraction.world import WorldPlace, world_gazetteer

log = logging.getLogger(__name__)

ACTOR_KINDS = ("StateForce", "ArmedGroup", "InternationalMission", "Government", "Organization", "Person")
PLACE_KINDS = ("Country", "Region", "Settlement", "Site")
KINDS = frozenset((*ACTOR_KINDS, *PLACE_KINDS, "War", "AttackMethod"))

# In what order kinds are preferred when one name denotes several entities ("Mali").
BELLIGERENT = ("StateForce", "ArmedGroup", "InternationalMission", "Government", "Organization", "Person")
CLAIMANT = ("Government", "Organization", "InternationalMission", "ArmedGroup", "StateForce", "Person")
PLACE = PLACE_KINDS
WAR = ("War",)

REGION_WORDS = re.compile(
    r"\b(region|department|state|province|district|county|prefecture|cercle|commune|governorate|oblast)\b",
    re.I,
)
SITE_WORDS = re.compile(
    r"\b(airport|air ?base|base|camp|barracks|checkpoint|outpost|post|hotel|mall|market|restaurant|mosque|"
    r"church|school|hospital|station|village|bridge|prison|embassy|compound|garrison|club|cafe|café|bar|"
    r"arena|stadium|road|street|avenue)\b",
    re.I,
)
STATE_FORCE_WORDS = re.compile(
    r"\b(army|armed forces|forces|military|police|gendarmerie|defence|defense|guard|navy|air force|"
    r"intelligence|service|battalion|brigade|regiment|unit|squad|troops|soldiers)\b",
    re.I,
)
MISSION_WORDS = re.compile(r"\b(mission|minus\w*|peacekeep\w*|united nations|african union|ecowas)\b", re.I)
GOVERNMENT_WORDS = re.compile(r"\b(government|ministry|authorities|junta|president)\b", re.I)


# Caches small on purpose: the names that come back are the gazetteer's and the current
# article's; 65k entries made each mapping process grow by tens of MB over a 100k-article build.
@lru_cache(maxsize=1 << 12)
@lru_cache(maxsize=1 << 12)
def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]", "", text)
    text = re.sub(r"[^0-9a-z]+", "-", text).strip("-")
    return text or "unnamed"


@dataclass
class Gazetteer:
    """Known entities, their names, and the relations the file gives (member of, contained in)."""

    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # (id, predicate, id)
    _index: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        gaz = cls()
        try:
            handle = path.open(encoding="utf-8", newline="")
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read gazetteer: {exc.strerror or exc}") from None
        with handle:
            rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
            header = next(rows, None)
            expected = ["id", "kind", "label", "aliases", "member_of", "affiliated_with", "contained_in"]
            if header != expected:
                raise GazetteerError(
                    f"{path}: header must be {' '.join(expected)} (tab-separated), got {header}"
                )
            for n, row in enumerate(rows, start=2):
                if not any(row):
                    continue
                if len(row) != len(expected):
                    raise GazetteerError(f"{path}: row {n} has {len(row)} columns, expected {len(expected)}")
                ident, kind, label, aliases, member_of, affiliated, contained = (c.strip() for c in row)
                if kind not in KINDS:
                    raise GazetteerError(
                        f"{path}: row {n}: unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})"
                    )
                if not re.fullmatch(r"[a-z]+(/[a-z0-9-]+)+", ident):
                    raise GazetteerError(
                        f"{path}: row {n}: id {ident!r} is not a slug path like 'actor/jnim'"
                    )
                alias_list = tuple(a.strip() for a in aliases.split("|") if a.strip())
                gaz.add(Entity(ident, kind, label, alias_list))
                for pred, target in (
                    ("memberOf", member_of),
                    ("affiliatedWith", affiliated),
                    ("containedIn", contained),
                ):
                    if target:
                        gaz.relations.append((ident, pred, target))
        for subject, _pred, target in gaz.relations:
            if target not in gaz.entities:
                raise GazetteerError(f"{path}: {subject} refers to {target!r}, which has no row")
        return gaz

    def add(self, entity: Entity) -> None:
        if entity.id in self.entities:
            raise GazetteerError(f"duplicate gazetteer id {entity.id!r}")
        self.entities[entity.id] = entity
        for name in (entity.label, *entity.aliases):
            ids = self._index.setdefault(fold(name), [])
            if entity.id not in ids:
                ids.append(entity.id)

    def lookup(self, name: str, kinds: Iterable[str]) -> Entity | None:
        """The known entity a name denotes among ``kinds``, preferring kinds in the given order."""
        ids = self._index.get(fold(name), [])
        order = list(kinds)
        best = [self.entities[i] for i in ids if self.entities[i].kind in order]
        if not best:
            return None
        return min(best, key=lambda e: order.index(e.kind))

    def related(self, entity_id: str, predicate: str) -> list[Entity]:
        return [self.entities[o] for s, p, o in self.relations if s == entity_id and p == predicate]

    # -- resolution with normalisation rules for unknown names ---------------------------------

    def actor(self, name: str, kinds: tuple[str, ...] = BELLIGERENT) -> Entity:
        known = self.lookup(name, kinds)
        if known:
            return with_alias(known, name)
        country = self.lookup(name, ("Country",))
        if country:  # a state as belligerent: its forces
            return Entity(f"actor/{slugify(country.label)}", "StateForce", country.label)
        return Entity(f"actor/{slugify(name)}", guess_actor_kind(name), name)

    def person_or_actor(self, name: str) -> Entity:
        """A name the prose gives as one who acted: a known actor, an organisation by its words
        ("… Front", "… Army"), else a person ("Anis Amri")."""
        known = self.lookup(name, BELLIGERENT)
        if known:
            return with_alias(known, name)
        if _is_org_name(name):
            return self.actor(name)
        return Entity(f"actor/{slugify(name)}", "Person", name)

    def claimant(self, name: str) -> Entity:
        """Who a figure is according to: "(per Mali)" is the Malian government's claim."""
        name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
        name = _BASED_IN_RE.sub("", name)  # "US-based Human Rights Watch" is Human Rights Watch
        known = self.lookup(name, CLAIMANT)
        if known:
            return with_alias(known, name)
        bare = re.sub(
            r"\b(?:gov\.?|government|authorities|officials?|junta|military|army)\b", "", name, flags=re.I
        )
        country = self.lookup(bare.strip(" .,'s"), ("Country",))
        if country:
            for candidate in self.entities.values():
                if candidate.kind == "Government" and candidate.label == f"Government of {country.label}":
                    return with_alias(candidate, name)
            return Entity(
                f"actor/government-of-{slugify(country.label)}",
                "Government",
                f"Government of {country.label}",
                (name,),
            )
        return Entity(
            f"actor/{slugify(name)}", guess_actor_kind(name) if _is_org_name(name) else "Person", name
        )

    def war(self, name: str) -> Entity:
        known = self.lookup(name, WAR)
        if known:
            return with_alias(known, name)
        return Entity(f"event/{slugify(name)}", "War", name)  # a war is an event: the IRI of its own article

    def place(
        self, name: str, kind: str | None = None, parent: Entity | None = None, country: Entity | None = None
    ) -> Entity:
        """A place by name. Unknown places get an id under their country (``place/mali/niono``),
        and sites under the settlement they are in (``place/mali/sevare/minusma-base``), since a
        site's name ("the MINUSMA base") is only unique there."""
        known = self.lookup(name, PLACE)
        if known and not (kind == "Site" and known.kind != "Site"):
            return with_alias(known, name)
        kind = kind or guess_place_kind(name)
        if kind == "Country":
            return Entity(f"place/{slugify(name)}", kind, name)
        if kind == "Site" and parent is not None:
            prefix = parent.id
        elif country is not None:
            prefix = country.id
        else:
            prefix = "place"
        return Entity(f"{prefix}/{slugify(name)}", kind, name)

    def world_place(
        self, name: str, kind: str, countries: Collection[str] = (), regions: Collection[str] = ()
    ) -> WorldPlace | None:
        """The world gazetteer's place for a name written as ``kind`` (a guess from its words), among
        those in ``countries`` (ISO codes of the countries named beside it) when any is, those in
        ``regions`` (ISO 3166-2 codes) first: "Georgia" beside "U.S." is the state, alone the
        country. A name several countries share, with none named beside it, stays unresolved.
        Never for actors: only places are looked up here."""
        if kind == "Site":
            return None
        candidates = world_gazetteer().candidates(name)
        if kind == "Region" and REGION_WORDS.search(name):
            candidates = [c for c in candidates if c.entity.kind == "Region"] or candidates
        if countries:
            near = [c for c in candidates if c.country in countries or c.entity.kind == "Country"]
            in_region = [c for c in near if c.entity.kind == "Settlement" and c.region_code in regions]
            return _unambiguous(in_region or near, regions)
        if candidates and candidates[0].entity.kind == "Country":
            return candidates[0]
        if len({c.country for c in candidates}) == 1:
            return _unambiguous(candidates, regions)
        return None

    def closure(
        self, start: Iterable[Entity], predicates: tuple[str, ...]
    ) -> list[tuple[Entity, str, Entity]]:
        """Every (subject, predicate, object) the file states, reachable from ``start`` along
        ``predicates``: Katiba Macina memberOf JNIM, then JNIM affiliatedWith al-Qaeda."""
        edges: list[tuple[Entity, str, Entity]] = []
        todo = list(start)
        seen: set[str] = set()
        while todo:
            entity = todo.pop(0)
            if entity.id in seen:
                continue
            seen.add(entity.id)
            for pred in predicates:
                for other in self.related(entity.id, pred):
                    edges.append((entity, pred, other))
                    todo.append(other)
        return edges

    def country_of(self, place: Entity) -> Entity | None:
        seen = set()
        current: Entity | None = place
        while current is not None and current.id not in seen:
            if current.kind == "Country":
                return current
            seen.add(current.id)
            parents = self.related(current.id, "containedIn")
            current = parents[0] if parents else None
        return None


def _unambiguous(candidates: list[WorldPlace], regions: Collection[str]) -> WorldPlace | None:
    """The first candidate, unless it is a town and another town of its country is as good a match
    ("Springfield, U.S."; "Springfield, Missouri" is one), or it lies in another region of its country
    than the one named beside it: a wrong town is worse than none."""
    if not candidates:
        return None
    best = candidates[0]
    if best.entity.kind != "Settlement":
        return best
    named_here = {r for r in regions if r.startswith(f"{best.country}-")}
    # (a named district's province holds the town too: Kasese District lies in UG-W, as Mpondwe does)
    named_here |= {
        p for r in named_here if (u := world_gazetteer().region(r)) is not None for p in (u.parent_code,)
    }
    if best.region_code and named_here and best.region_code not in named_here:
        return None  # "Fairview …, Missouri": not Fairview, California (a town of another state)
    for other in candidates[1:]:
        if (
            other.entity.kind == "Settlement"
            and other.country == best.country
            and (other.region_code in regions) == (best.region_code in regions)
        ):
            return None
    return best


# a leading "<place>-based" descriptor: "US-based", "New York-based", "London-based"
_BASED_IN_RE = re.compile(r"^(?:[A-Z][\w.]*\s+){0,2}[A-Z][\w.]*-based\s+(?=\S)")


def with_alias(entity: Entity, surface: str) -> Entity:
    if surface == entity.label or surface in entity.aliases:
        return entity
    return replace(entity, aliases=(*entity.aliases, surface))


def _is_org_name(name: str) -> bool:
    return bool(
        MISSION_WORDS.search(name)
        or GOVERNMENT_WORDS.search(name)
        or STATE_FORCE_WORDS.search(name)
        or re.fullmatch(r"[A-Z0-9]{2,}", name)
        or re.search(
            r"\b(press|media|agency|news|group|watch|"
            r"organi[sz]ation|committee|council|front|movement|reuters|afp)\b",
            name,
            re.I,
        )
    )


def guess_actor_kind(name: str) -> str:
    if MISSION_WORDS.search(name):
        return "InternationalMission"
    if GOVERNMENT_WORDS.search(name):
        return "Government"
    if STATE_FORCE_WORDS.search(name):
        return "StateForce"
    return "ArmedGroup"


def guess_place_kind(name: str) -> str:
    if SITE_WORDS.search(name):
        return "Site"
    if REGION_WORDS.search(name):
        return "Region"
    return "Settlement"


def default_gazetteer_path() -> Path:
    from sevare_kg.resources import data_dir

    return data_dir() / "gazetteer.tsv"
