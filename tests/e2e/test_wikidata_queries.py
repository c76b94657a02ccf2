"""The queries of ``queries/wikidata/``, written as a Wikidata user writes them on query.wikidata.org
(no PREFIX line, the label service, property paths, statements, qualifiers, references, ranks),
run unchanged over HTTP, through the command line and through the Python API, on a graph built
from the development set and the flagship article. The three answers must be the same rows, and
each answer is checked against the development set's gold facts (``tests/corpus/dev/gold.json``)
or, for the flagship, against what its article says.

A new file under ``queries/wikidata/`` is run by these tests as it is; it fails until its answer
has a check in ``CHECKS``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cli_support import CORPUS_DEV, SEVARE, run_cli
from pyoxigraph import BlankNode, Literal, NamedNode
from server_support import ServerProcess

from sevare_kg import KnowledgeGraph
from sevare_kg.api import to_python
from sevare_kg.extraction.gazetteer import Gazetteer, default_gazetteer_path
from sevare_kg.resources import queries_dir
from sevare_kg.store.named_queries import load_named_queries

pytestmark = pytest.mark.slow  # a server, a store on disk, 32 queries three ways

FILES = sorted((queries_dir() / "wikidata").glob("*.rq"))
NAMES = [f"wikidata/{path.stem}" for path in FILES]
INPUTS = [CORPUS_DEV, SEVARE]

Row = dict[str, Any]
GOLD = {g["title"]: g for g in json.loads((CORPUS_DEV / "gold.json").read_text(encoding="utf-8"))}
FLAGSHIP = "2023 Sévaré attack"
# the flagship's facts as its article gives them (data/articles/2023_sevare_attack.txt): infobox
# "Date April 22, 2023", "Place Mopti Airport and MINUSMA base, Sévaré, Mopti Region, Mali",
# "Part of Mali War"; lead "jihadists from Katiba Macina … killing thirteen people and injuring 60"
FLAGSHIP_GOLD = {
    "title": FLAGSHIP,
    "start": "2023-04-22",
    "end": "2023-04-22",
    "part_of": ["Mali War"],
    "places": ["Mopti Airport", "MINUSMA base", "Sévaré", "Mopti Region", "Mali"],
    "perpetrators": ["Katiba Macina"],
}
EVENTS = {**GOLD, FLAGSHIP: FLAGSHIP_GOLD}
FLAGSHIP_URL = "https://en.wikipedia.org/wiki/2023_S%C3%A9var%C3%A9_attack"
# the Mali War's item (Q2946372) and the names the articles give it ("Northern Mali conflict" is
# one of its aliases in data/gazetteer.tsv)
MALI_WAR_NAMES = {"Mali War", "Northern Mali conflict"}


# -- the three ways in ------------------------------------------------------------------------------


def _build(store: Path) -> Path:
    run_cli("build", *INPUTS, "--store", store)
    return store


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("wdq-cli") / "store")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv = ServerProcess(_build(tmp_path_factory.mktemp("wdq-http") / "store"))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    # on disk, as the other two: GROUP_CONCAT joins in the order the store reads (SPARQL leaves
    # it open), and an in-memory store reads in another order than an on-disk one
    kg = KnowledgeGraph(tmp_path_factory.mktemp("wdq-api") / "store")
    kg.build(INPUTS)
    return kg


def _term(binding: dict[str, str]) -> object:
    """A SPARQL JSON results binding as the pyoxigraph term it stands for."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return NamedNode(value)
    if kind == "bnode":
        return BlankNode(value)
    if "xml:lang" in binding:
        return Literal(value, language=binding["xml:lang"])
    datatype = binding.get("datatype")
    return Literal(value, datatype=NamedNode(datatype)) if datatype else Literal(value)


def _rows(results: dict[str, Any]) -> list[Row]:
    """SPARQL JSON results as the Python API gives them: each variable -> a Python value or None."""
    names = results["head"]["vars"]
    return [
        {n: to_python(_term(b[n])) if n in b else None for n in names} for b in results["results"]["bindings"]
    ]


def _over_http(srv: ServerProcess, text: str) -> list[Row]:
    r = httpx.post(
        srv.url + "/sparql",
        data={"query": text},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    return _rows(r.json())


def _through_cli(store: Path, path: Path) -> list[Row]:
    out = run_cli("query", "--file", path, "--store", store, "--format", "json").stdout
    return _rows(json.loads(out))


# -- each file, as it is ----------------------------------------------------------------------------


def test_there_are_enough_queries_and_each_is_a_named_query() -> None:
    assert len(FILES) >= 26
    named = {q.name: q for q in load_named_queries()}
    for name, path in zip(NAMES, FILES, strict=True):
        assert named[name].text == path.read_text(encoding="utf-8")
    listed = [line.split()[0] for line in run_cli("queries").stdout.splitlines()]
    assert [n for n in listed if n.startswith("wikidata/")] == NAMES


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_written_as_on_wdqs(path: Path) -> None:
    """No PREFIX line (WDQS declares them), a title comment first, as the other named queries."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) > 10, lines[0]
    assert not [line for line in lines if line.lstrip().upper().startswith(("PREFIX", "BASE"))]


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_the_same_answer_over_http_the_cli_and_the_api(
    path: Path, endpoint: ServerProcess, cli_store: Path, api: KnowledgeGraph
) -> None:
    text = path.read_text(encoding="utf-8")
    from_api = api.query(text)
    assert isinstance(from_api, list)
    assert _over_http(endpoint, text) == from_api
    assert _through_cli(cli_store, path) == from_api
    name = f"wikidata/{path.stem}"
    assert name in CHECKS, f"{name}: write down the answer it should give (CHECKS)"
    CHECKS[name](from_api)


# -- what each answer should be ---------------------------------------------------------------------


def _gold(keep: Callable[[dict[str, Any]], bool]) -> set[str]:
    return {title for title, facts in EVENTS.items() if keep(facts)}


def _by(rows: list[Row], key: str) -> dict[Any, Row]:
    out = {r[key]: r for r in rows}
    assert len(out) == len(rows), f"{key} is not unique: {rows}"
    return out


def _day(value: object) -> str:
    """The ISO day of an xsd:dateTime as the API gives it (a datetime)."""
    return str(value)[:10]


def _split(value: str, separator: str) -> set[str]:
    return set(value.split(separator))


def _events_by_year(rows: list[Row]) -> None:
    expected = Counter(int(facts["start"][:4]) for facts in EVENTS.values())
    assert {r["year"]: r["events"] for r in rows} == dict(expected)
    assert [r["year"] for r in rows] == sorted(expected)


def _events_by_country(rows: list[Row]) -> None:
    expected = Counter(facts["places"][-1] for facts in EVENTS.values())
    assert {r["countryLabel"]: r["events"] for r in rows} == dict(expected)
    assert rows[0]["countryLabel"] == "Mali" and rows[0]["country"] == "http://www.wikidata.org/entity/Q912"


def _events_by_perpetrator(rows: list[Row]) -> None:
    by = _by(rows, "perpetratorLabel")
    assert _split(by["Katiba Macina"]["eventLabels"], "; ") == {FLAGSHIP, "April 2022 Mopti region attacks"}
    boko = _gold(lambda f: "Boko Haram" in f["perpetrators"])
    assert by["Boko Haram"]["events"] == len(boko) == 2
    assert _split(by["Boko Haram"]["eventLabels"], "; ") == boko
    named = set().union(*(_split(r["eventLabels"], "; ") for r in rows))
    assert named == _gold(lambda f: bool(f["perpetrators"]))


def _events_by_class(rows: list[Row]) -> None:
    by = _by(rows, "classLabel")
    assert by["battle"]["events"] == len(_gold(lambda f: "Battle of" in f["title"])) == 5
    assert by["suicide bombing"]["events"] == 1  # the flagship's "triple suicide bombing attack"
    assert by["massacre"]["events"] == len(_gold(lambda f: "massacre" in f["title"].lower()))
    assert {r["classDescription"] for r in rows} == {"class of armed events"}


def _mali_war_events() -> set[str]:
    return _gold(lambda f: bool(MALI_WAR_NAMES & set(f["part_of"])))


GAZETTEER = Gazetteer.load(default_gazetteer_path())


def _canonical_war(name: str) -> str:
    """A war's name as the gazetteer folds it ("Jihadist insurgency in Burkina Faso" is the Islamist one)."""
    return GAZETTEER.war(name).label


def _wars_above(title: str) -> set[str]:
    """Every war an event is part of, directly or through a war that has an article of its own."""
    above: set[str] = set()
    todo = [_canonical_war(w) for w in EVENTS[title]["part_of"]]
    while todo:
        war = todo.pop()
        if war not in above:
            above.add(war)
            todo += [_canonical_war(w) for w in EVENTS.get(war, {"part_of": []})["part_of"]]
    return above


def _part_of_mali_war(rows: list[Row]) -> None:
    through = _gold(lambda f: "Mali War" in _wars_above(f["title"]))
    assert through > _mali_war_events()  # Barsalogho: through the Islamist insurgency in Burkina Faso
    assert {r["eventLabel"] for r in rows} == through
    for r in rows:
        assert _day(r["date"]) == EVENTS[r["eventLabel"]]["start"]


def _part_of_chain(rows: list[Row]) -> None:
    assert [(r["wholeLabel"], r["wholeDescription"]) for r in rows] == [
        (FLAGSHIP, None),
        ("Mali War", "armed conflict"),
    ]
    assert rows[1]["whole"] == "http://www.wikidata.org/entity/Q2946372"


def _wars_and_their_events(rows: list[Row]) -> None:
    by = _by(rows, "warLabel")
    assert by["Mali War"]["events"] == 9
    assert _split(by["Mali War"]["eventLabels"], "; ") == _mali_war_events()
    boko = _gold(lambda f: "Boko Haram insurgency" in f["part_of"])
    assert _split(by["Boko Haram insurgency"]["eventLabels"], "; ") == boko


def _wars_within_wars(rows: list[Row]) -> None:
    # an event's war that has an article of its own: that article's wars are the wider ones (its
    # IRI is the one the event's part-of names: a war is an event). Names as the gazetteer folds
    # them ("Jihadist insurgency in Burkina Faso" is the Islamist one)
    canonical = _canonical_war
    expected = {
        (title, canonical(war), canonical(wider))
        for title, facts in EVENTS.items()
        for war in facts["part_of"]
        for wider in EVENTS.get(canonical(war), {"part_of": []})["part_of"]
    }
    assert ("Barsalogho massacre", "Islamist insurgency in Burkina Faso", "Mali War") in expected
    found = [(r["eventLabel"], r["warLabel"], r["widerLabel"]) for r in rows]
    assert len(found) == len(set(found)), "each row once: a war's label is stated in one graph"
    assert set(found) == expected


def _located_in_mopti_region(rows: list[Row]) -> None:
    assert {r["eventLabel"] for r in rows} == _gold(
        lambda f: bool({"Mopti Region", "Mopti region"} & set(f["places"]))
    )
    flagship = {r["placeLabel"] for r in rows if r["eventLabel"] == FLAGSHIP}
    assert flagship == {"Mopti Airport", "MINUSMA base"}


def _location_hierarchy(rows: list[Row]) -> None:
    assert [r["placeLabel"] for r in rows] == ["MINUSMA base", "Mopti Airport"]
    for r in rows:
        assert _split(r["within"], ", ") == {"Sévaré", "Mopti Region", "Mali"}


def _deadliest_events(rows: list[Row]) -> None:
    assert (rows[0]["eventLabel"], rows[0]["deaths"]) == ("Islamist insurgency in Burkina Faso", 20000)
    assert {"low": 20000} in GOLD["Islamist insurgency in Burkina Faso"]["killed"]
    # truthy: one value where a total is preferred ("killing thirteen people"), not 3, 10, 13, 28
    assert [r["deaths"] for r in rows if r["eventLabel"] == FLAGSHIP] == [13]


def _death_statements_with_rank(rows: list[Row]) -> None:
    normal, preferred = "http://wikiba.se/ontology#NormalRank", "http://wikiba.se/ontology#PreferredRank"
    assert [(r["deaths"], r["rank"], r["appliesToLabel"]) for r in rows] == [
        (3, normal, "soldier"),
        (3, normal, "soldier"),
        (10, normal, "civilians"),
        (10, normal, "civilians"),
        (28, normal, "militants"),
        (28, normal, "militants"),
        (13, preferred, "people"),
    ]


def _preferred_casualty_figures(rows: list[Row]) -> None:
    flagship = {r["property"].rsplit("/", 1)[1]: r["amount"] for r in rows if r["eventLabel"] == FLAGSHIP}
    assert flagship == {"P1120": 13, "P1339": 60}
    pairs = [(r["event"], r["property"]) for r in rows]
    assert len(pairs) == len(set(pairs))  # one preferred statement per event and property


def _best_rank_statements(rows: list[Row]) -> None:
    by = {r["property"].rsplit("/", 1)[1]: r for r in rows}
    for prop in ("P31", "P361", "P17", "P710", "P8031"):
        assert by[prop]["statements"] == by[prop]["bestRank"] > 0, by[prop]
    assert 0 < by["P1120"]["bestRank"] < by["P1120"]["statements"]
    assert by["P31"]["statements"] >= len(EVENTS)


def _deaths_by_victim_group(rows: list[Row]) -> None:
    flagship = {(r["groupLabel"], r["deaths"]) for r in rows if r["eventLabel"] == FLAGSHIP}
    assert flagship == {("soldier", 3), ("civilians", 10), ("militants", 28), ("people", 13)}
    soldier = {r["group"] for r in rows if r["groupLabel"] == "soldier"}
    assert soldier == {"http://www.wikidata.org/entity/Q4991371"}


def _losses_by_participant(rows: list[Row]) -> None:
    flagship = {r["participantLabel"]: r["reportedDeaths"] for r in rows if r["eventLabel"] == FLAGSHIP}
    # infobox: "3 Malian soldiers killed" (side 1: Malian Army, MINUSMA: the Malian soldiers are the
    # Malian Army's, not MINUSMA's), "28 killed (per Mali)"
    assert flagship == {"Malian Armed Forces": 3, "Katiba Macina": 28}


def _figures_supported_by(rows: list[Row]) -> None:
    flagship = [
        (r["amount"], r["supportedByLabel"], r["reference"]) for r in rows if r["eventLabel"] == FLAGSHIP
    ]
    assert [f[:2] for f in flagship] == [(28, "Government of Mali")] * 2
    # the two reports say where each was read: the infobox field and the sentence
    assert [f[2].rsplit("/2023-sevare-attack/", 1)[1] for f in flagship] == [
        "infobox/9-casualties2",
        "sentence/12",
    ]


def _references_of_deaths(rows: list[Row]) -> None:
    assert len(rows) == 7 and {r["referenceURL"] for r in rows} == {FLAGSHIP_URL}
    (total,) = [r for r in rows if r["deaths"] == 13]
    assert total["reference"].endswith("/2023-sevare-attack/sentence/1")
    assert total["rank"] == "http://wikiba.se/ontology#PreferredRank"


def _stated_in(rows: list[Row]) -> None:
    # each event's statements are stated in the one article read, an item labelled as WDQS labels
    assert [r["eventLabel"] for r in rows] == sorted(EVENTS)
    for r in rows:
        assert r["statedIn"].endswith("/source/" + r["event"].rsplit("/", 1)[1])
        assert r["statedInLabel"] == f"{r['eventLabel']} (English Wikipedia article)"
        assert r["statedInDescription"] == "English Wikipedia article"
        assert r["statements"] > 0


def _statements_without_reference(rows: list[Row]) -> None:
    assert rows == []


def _references_per_event(rows: list[Row]) -> None:
    assert {r["eventLabel"] for r in rows} == set(EVENTS)
    for r in rows:
        assert 0 < r["references"] <= r["statements"], r


def _events_on_a_map(rows: list[Row]) -> None:
    points = {r["eventLabel"]: r["coord"] for r in rows}
    assert len(points) >= 7 and all(str(p).startswith("Point(") for p in points.values())
    lon, lat = (float(x) for x in str(points["Radisson Blu Bamako attack"])[6:-1].split())
    assert abs(lon - -7.99) < 0.1 and abs(lat - 12.65) < 0.1  # Bamako, from GeoNames


def _participants(rows: list[Row]) -> None:
    flagship = _by(rows, "eventLabel")[FLAGSHIP]
    assert flagship["count"] == 4
    assert _split(flagship["participants"], ", ") == {
        "Malian Armed Forces",
        "MINUSMA",
        "Katiba Macina",
        "Senegalese Armed Forces",  # "Senegalese soldiers from MINUSMA were involved in the clashes."
    }


def _participant_aliases(rows: list[Row]) -> None:
    by = _by(rows, "participantLabel")
    assert set(by) == {"Malian Armed Forces", "MINUSMA", "Katiba Macina", "Senegalese Armed Forces"}
    assert "FAMa" in by["Malian Armed Forces"]["participantAltLabel"].split(", ")


def _events_without_perpetrator(rows: list[Row]) -> None:
    assert {r["eventLabel"] for r in rows} == _gold(lambda f: not f["perpetrators"])


def _events_outside_mali(rows: list[Row]) -> None:
    assert {(r["eventLabel"], r["countryLabel"]) for r in rows} == {
        (title, facts["places"][-1]) for title, facts in EVENTS.items() if facts["places"][-1] != "Mali"
    }


def _perpetrators_not_participants(rows: list[Row]) -> None:
    pairs = {(r["eventLabel"], r["perpetratorLabel"]) for r in rows}
    assert ("2015 Baga massacre", "Boko Haram") in pairs
    assert FLAGSHIP not in {event for event, _ in pairs}  # Katiba Macina is on side 2 of the infobox


def _deaths_and_injured(rows: list[Row]) -> None:
    flagship = [(r["deaths"], r["injured"], r["missing"]) for r in rows if r["eventLabel"] == FLAGSHIP]
    assert flagship == [(13, 60, None)]
    assert {r["eventLabel"] for r in rows} == set(EVENTS)


def _multi_day_events(rows: list[Row]) -> None:
    assert {r["eventLabel"] for r in rows} == _gold(lambda f: f["end"] is None or f["end"] > f["start"])
    for r in rows:
        facts = EVENTS[r["eventLabel"]]
        assert _day(r["start"]) == facts["start"] and r["precision"] == 11  # a day
        assert (_day(r["end"]) if r["end"] else None) == facts["end"]


def _minimum_death_tolls(rows: list[Row]) -> None:
    expected = {
        (title, k["low"], k.get("high"))
        for title, facts in GOLD.items()
        for k in facts["killed"]
        if isinstance(k, dict)
    }
    assert {(r["eventLabel"], r["lowerBound"], r["upperBound"]) for r in rows} == expected


def _targets(rows: list[Row]) -> None:
    # "the perpetrators were likely targeting Wagner Group"
    assert [(r["eventLabel"], r["targetLabel"], r["perpetratorLabel"]) for r in rows] == [
        (FLAGSHIP, "Wagner Group", "Katiba Macina")
    ]


def _deaths_per_war(rows: list[Row]) -> None:
    by = _by(rows, "warLabel")
    assert by["Mali War"]["events"] == len(_mali_war_events()) == 9
    # Gamboru Ngala: "at least 300" preferred as the total; Baga: its infobox total 150
    assert (by["Boko Haram insurgency"]["events"], by["Boko Haram insurgency"]["totalDeaths"]) == (2, 450)


CHECKS: dict[str, Callable[[list[Row]], None]] = {
    "wikidata/events-on-a-map": _events_on_a_map,
    "wikidata/best-rank-statements": _best_rank_statements,
    "wikidata/deadliest-events": _deadliest_events,
    "wikidata/death-statements-with-rank": _death_statements_with_rank,
    "wikidata/deaths-and-injured": _deaths_and_injured,
    "wikidata/deaths-by-victim-group": _deaths_by_victim_group,
    "wikidata/deaths-per-war": _deaths_per_war,
    "wikidata/events-by-class": _events_by_class,
    "wikidata/events-by-country": _events_by_country,
    "wikidata/events-by-perpetrator": _events_by_perpetrator,
    "wikidata/events-by-year": _events_by_year,
    "wikidata/events-outside-mali": _events_outside_mali,
    "wikidata/events-without-perpetrator": _events_without_perpetrator,
    "wikidata/figures-supported-by": _figures_supported_by,
    "wikidata/located-in-mopti-region": _located_in_mopti_region,
    "wikidata/location-hierarchy": _location_hierarchy,
    "wikidata/losses-by-participant": _losses_by_participant,
    "wikidata/minimum-death-tolls": _minimum_death_tolls,
    "wikidata/multi-day-events": _multi_day_events,
    "wikidata/part-of-chain": _part_of_chain,
    "wikidata/part-of-mali-war": _part_of_mali_war,
    "wikidata/participant-aliases": _participant_aliases,
    "wikidata/participants": _participants,
    "wikidata/perpetrators-not-participants": _perpetrators_not_participants,
    "wikidata/preferred-casualty-figures": _preferred_casualty_figures,
    "wikidata/references-of-deaths": _references_of_deaths,
    "wikidata/references-per-event": _references_per_event,
    "wikidata/stated-in": _stated_in,
    "wikidata/statements-without-reference": _statements_without_reference,
    "wikidata/targets": _targets,
    "wikidata/wars-and-their-events": _wars_and_their_events,
    "wikidata/wars-within-wars": _wars_within_wars,
}
