"""Places anywhere on Earth: every named place of a Place/Location value, resolved against the world
gazetteer (GeoNames, ISO 3166), the containment chain, and coordinates in both views."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from cli_support import run_cli
from pyoxigraph import QuerySolutions

from sevare_kg.extraction.coordinates import parse_coordinates
from sevare_kg.rdf.mapper import MapperConfig, map_text, with_reference
from sevare_kg.store.knowledge_store import KnowledgeStore

PREFIXES = """PREFIX sev: <https://w3id.org/sevare-kg/ontology#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def article(place: str, *, extra: str = "", title: str = "Test attack") -> str:
    return (
        f"= {title} =\n\nInfobox\n- Location: {place}\n{extra}- Date: 16 December 2014\n\n"
        f"The {title} was an attack.\n"
    )


@pytest.fixture(scope="module")
def config() -> MapperConfig:
    return MapperConfig()


def graph(text: str, config: MapperConfig) -> KnowledgeStore:
    store = KnowledgeStore(None)
    store.oxigraph.extend(with_reference(map_text(text, config), config))
    return store


def rows(store: KnowledgeStore, query: str) -> list[tuple[str, ...]]:
    result = store.query(PREFIXES + query)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return sorted(tuple(r[n].value if r[n] is not None else "" for n in names) for r in result)


def place_labels(store: KnowledgeStore) -> list[str]:
    """The labels of the places the Wikidata view gives the event: wdt:P276 and its P131/P17 chain."""
    found = rows(
        store,
        "SELECT DISTINCT ?label WHERE { ?e wdt:P276/(wdt:P131|wdt:P17)* ?p . ?p rdfs:label ?label }",
    )
    return [r[0] for r in found]


def contained_in(store: KnowledgeStore) -> set[tuple[str, str]]:
    found = rows(
        store,
        "SELECT ?a ?b WHERE { ?x sev:containedIn ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }",
    )
    return {(a, b) for a, b in found}


def test_sites_joined_by_in_and_and(config: MapperConfig) -> None:
    store = graph(
        article("Brussels Airport in Zaventem and Maelbeek/Maalbeek metro station in Brussels, Belgium"),
        config,
    )
    assert place_labels(store) == [
        "Belgium",
        "Brussels",
        "Brussels Airport",
        "Maelbeek/Maalbeek metro station",
        "Zaventem",
    ]
    chain = contained_in(store)
    assert {
        ("Brussels Airport", "Zaventem"),
        ("Maelbeek/Maalbeek metro station", "Brussels"),
        ("Zaventem", "Belgium"),
        ("Brussels", "Belgium"),
    } <= chain


def test_site_road_town_province_country(config: MapperConfig) -> None:
    store = graph(
        article("Army Public School Peshawar, Warsak Road, Peshawar, Khyber Pakhtunkhwa, Pakistan"), config
    )
    assert place_labels(store) == [
        "Army Public School Peshawar",
        "Khyber Pakhtunkhwa",
        "Pakistan",
        "Peshawar",
        "Warsak Road",
    ]
    assert {
        ("Army Public School Peshawar", "Peshawar"),
        ("Warsak Road", "Peshawar"),
        ("Peshawar", "Khyber Pakhtunkhwa"),
        ("Khyber Pakhtunkhwa", "Pakistan"),
    } <= contained_in(store)
    # the Wikidata view's chain: wdt:P131 to the next named unit up, wdt:P17 to the named country
    p131 = rows(store, "SELECT ?a ?b WHERE { ?x wdt:P131 ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }")
    assert ("Peshawar", "Khyber Pakhtunkhwa") in p131
    p17 = rows(store, "SELECT ?a WHERE { ?x wdt:P17 ?y . ?y rdfs:label 'Pakistan'@en . ?x rdfs:label ?a }")
    assert ("Peshawar",) in p17


def test_historic_chain_and_present_day_names(config: MapperConfig) -> None:
    store = graph(
        article("Kohima, Naga Hills District, Assam Province, British India (now Nagaland, India)"), config
    )
    names = rows(
        store,
        "SELECT DISTINCT ?n WHERE { ?e wdt:P276/(wdt:P131|wdt:P17)* ?p . ?p rdfs:label|skos:altLabel ?n }",
    )
    # the present-day names are places of the event too: the district lies in today's Nagaland
    # (ISO 3166-2 labels it "Nāgāland"; the article's spelling is an altLabel)
    for name in ("Kohima", "Naga Hills District", "Assam Province", "British India", "Nagaland", "India"):
        assert (name,) in names, names
    assert {
        ("Kohima", "Naga Hills District"),
        ("Naga Hills District", "Assam Province"),
        ("Naga Hills District", "Nāgāland"),
        ("Nāgāland", "India"),
    } <= contained_in(store)


def test_two_places_in_two_countries_are_both_the_events(config: MapperConfig) -> None:
    # a site in one country, a town in another: each is a location, with its own chain
    store = graph(article("Red Hill military camp, Chad , Eastbridge, Borno State, Nigeria"), config)
    located = rows(store, "SELECT ?l WHERE { ?e wdt:P276 ?p . ?p rdfs:label ?l }")
    assert located == [("Eastbridge",), ("Red Hill military camp",)]
    assert {"Borno", "Nigeria", "Chad"} <= set(place_labels(store))


def test_a_gazetteer_name_is_never_split(config: MapperConfig) -> None:
    store = graph(article("Ahmići in Vitez, Bosnia and Herzegovina"), config)
    assert place_labels(store) == ["Ahmići", "Bosnia and Herzegovina", "Vitez"]
    store = graph(article("Bosnia and Herzegovina and Croatia"), config)
    assert place_labels(store) == ["Bosnia and Herzegovina", "Croatia"]


def test_unknown_places_stay_named_places(config: MapperConfig) -> None:
    store = graph(article("Qqqville, Zzz Plateau, Mali"), config)
    assert {"Qqqville", "Zzz Plateau", "Mali"} <= set(place_labels(store))


def test_ambiguous_town_resolved_by_the_country_beside_it(config: MapperConfig) -> None:
    """Two towns called Mission (Canada, Texas): the country named beside it decides; the world
    gazetteer's entity carries the GeoNames coordinates."""
    texas = rows(graph(article("Mission, United States"), config), "SELECT ?p WHERE { ?e wdt:P276 ?p }")
    canada = rows(graph(article("Mission, Canada"), config), "SELECT ?p WHERE { ?e wdt:P276 ?p }")
    assert texas == [("https://w3id.org/sevare-kg/place/united-states/mission",)]
    assert canada == [("https://w3id.org/sevare-kg/place/canada/mission",)]


def test_ambiguous_town_resolved_by_the_region_beside_it(config: MapperConfig) -> None:
    """Springfield, Missouri and Springfield, Illinois are two GeoNames towns; with only the
    country beside it, "Springfield" stays a named place without a GeoNames point."""

    def located(place: str) -> list[tuple[str, ...]]:
        store = graph(article(place), config)
        return rows(store, "SELECT ?p ?w WHERE { ?e wdt:P276 ?p . OPTIONAL { ?p wdt:P625 ?w } }")

    missouri = located("Springfield, Missouri")
    illinois = located("Springfield, Illinois, U.S.")
    assert missouri[0][1].startswith("Point(-93.29") and illinois[0][1].startswith("Point(-89.64")
    assert missouri[0][0] != illinois[0][0]
    assert located("Springfield, U.S.") == [
        ("https://w3id.org/sevare-kg/place/united-states/springfield", "")
    ]


def test_the_region_a_town_lies_in_is_containment_only(config: MapperConfig) -> None:
    """GeoNames puts Zaventem in the Flemish Region (ISO 3166-2 BE-VLG): sev:containedIn, not a
    place of the event in the Wikidata view (the value does not name it)."""
    store = graph(article("Brussels Airport in Zaventem, Belgium"), config)
    assert ("Zaventem", "Vlaams Gewest") in contained_in(store)
    assert ("Vlaams Gewest", "Belgium") in contained_in(store)
    assert "Vlaams Gewest" not in place_labels(store)


def test_the_country_an_unnamed_chain_lies_in_is_containment_only(config: MapperConfig) -> None:
    """ "Manchester Arena, Manchester, England": the United Kingdom is not named, so it is
    sev:containedIn (from ISO 3166) but not part of the Wikidata view's place chain."""
    store = graph(article("Manchester Arena, Manchester, England"), config)
    assert place_labels(store) == ["England", "Manchester", "Manchester Arena"]
    assert ("England", "United Kingdom") in contained_in(store)


def test_a_country_as_belligerent_is_not_a_world_gazetteer_place(config: MapperConfig) -> None:
    text = article("Tskhinvali, Georgia", extra="- Combatant1: Georgia\n- Combatant2: Uganda\n")
    store = graph(text, config)
    actors = rows(store, "SELECT ?a WHERE { ?e wdt:P710 ?a }")
    assert all("/actor/" in a for (a,) in actors), actors


def test_coordinates_of_places_in_both_views(config: MapperConfig) -> None:
    store = graph(article("Peshawar, Pakistan"), config)
    wkt = rows(store, "SELECT ?w WHERE { ?p rdfs:label 'Peshawar'@en ; geo:hasGeometry/geo:asWKT ?w }")
    p625 = rows(store, "SELECT ?w WHERE { ?p rdfs:label 'Peshawar'@en ; wdt:P625 ?w }")
    assert wkt == [("POINT(71.57849 34.008)",)]
    assert p625 == [("Point(71.57849 34.008)",)]


def test_event_coordinates_from_the_infobox(config: MapperConfig) -> None:
    text = article("Peshawar, Pakistan", extra="- Coordinates: 34°00′29″N 71°34′43″E\n")
    store = graph(text, config)
    event = "https://w3id.org/sevare-kg/event/test-attack"
    assert rows(store, f"SELECT ?w WHERE {{ <{event}> wdt:P625 ?w }}") == [("Point(71.578611 34.008056)",)]
    assert rows(store, f"SELECT ?w WHERE {{ <{event}> geo:hasGeometry/geo:asWKT ?w }}") == [
        ("POINT(71.578611 34.008056)",)
    ]
    # the statement cites the infobox field
    cited = rows(
        store,
        f"""PREFIX p: <http://www.wikidata.org/prop/> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?k WHERE {{ <{event}> p:P625/prov:wasDerivedFrom/sev:key ?k }}""",
    )
    assert cited == [("Coordinates",)]


@pytest.mark.parametrize(
    "place",
    [
        "49°06′11″N 5°52′21″E / 49.103095°N 5.872536°E / 49.103095; 5.872536",
        "{{coord|49|06|11|N|5|52|21|E|type:landmark}}",
    ],
)
def test_a_place_written_as_a_point_is_the_events_point_not_a_place(place: str, config: MapperConfig) -> None:
    store = graph(article(place), config)
    event = "https://w3id.org/sevare-kg/event/test-attack"
    assert place_labels(store) == []
    assert rows(store, f"SELECT ?w WHERE {{ <{event}> wdt:P625 ?w }}") == [("Point(5.8725 49.103056)",)]


def test_a_place_with_a_name_beside_its_point_is_still_read_as_places(config: MapperConfig) -> None:
    store = graph(article("Gao, Mali 16.27°N 0.04°W"), config)
    assert "Mali" in place_labels(store)


@pytest.mark.parametrize(
    ("value", "point"),
    [
        ("14.4843, -4.1826", (14.4843, -4.1826)),
        ("14.4843°N 4.1826°W", (14.4843, -4.1826)),
        ("14°29′03″N 4°10′57″W", (14.484167, -4.1825)),
        ("34°S 18°E", (-34.0, 18.0)),
        ("{{coord|14|29|N|4|10|W|type:city}}", (14.483333, -4.166667)),
        ("coord|14.48|-4.18", (14.48, -4.18)),
        ("(Regjeringkvartalet), (Utøya island)", None),
    ],
)
def test_coordinate_forms(value: str, point: tuple[float, float] | None) -> None:
    assert parse_coordinates(value) == point


def test_a_graph_with_coordinates_conforms_to_the_shapes_and_exports_them(tmp_path: Path) -> None:
    source = tmp_path / "articles"
    source.mkdir()
    (source / "a.txt").write_text(
        article("Army Public School Peshawar, Peshawar, Pakistan", extra="- Coordinates: 34.01; 71.58\n"),
        encoding="utf-8",
    )
    (source / "b.txt").write_text(article("Kabul, Afghanistan", title="Other attack"), encoding="utf-8")
    store = tmp_path / "store"
    run_cli("build", source, "--store", store)
    report = run_cli("validate", "--store", store, check=False)
    assert "SHACL: conforms" in report.stdout, report.stdout[:3000]
    # ACLED's latitude, longitude and geo precision: the infobox's point, else the town's
    acled = run_cli("export", "--format", "csv-acled", "--store", store).stdout
    rows = list(csv.DictReader(io.StringIO(acled)))
    points = {r["event_id_cnty"]: (r["latitude"], r["longitude"], r["geo_precision"]) for r in rows}
    assert points == {"test-attack": ("34.01", "71.58", "1"), "other-attack": ("34.52813", "69.17233", "1")}
    # QuickStatements: the event's own coordinates only (Kabul's point is Kabul's item's)
    commands = run_cli("export", "--format", "quickstatements", "--store", store).stdout
    assert [line for line in commands.splitlines() if "\tP625\t" in line] == ["LAST\tP625\t@34.01/71.58"]


def test_coordinates_out_of_range_are_kept_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(article("Peshawar, Pakistan", extra="- Coordinates: 123.4, 5.6\n"), encoding="utf-8")
    mapped = run_cli("map", "--format", "nquads", path)
    event = "<https://w3id.org/sevare-kg/event/test-attack>"
    assert [line for line in mapped.stdout.splitlines() if line.startswith(event) and "P625" in line] == []
    assert "Point(71.57849 34.008)" in mapped.stdout  # the town keeps its own point
    assert f"{path}:5: cannot parse coordinates '123.4, 5.6': out of range (latitude 123.4" in mapped.stderr
    assert "Traceback" not in mapped.stderr


def _calls(function: object, *args: object) -> int:
    """How many Python function calls running ``function(*args)`` makes: a measure of work that
    does not depend on the machine's speed."""
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        function(*args)  # type: ignore[operator]
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize(
    "item",
    ["Mopti Airport and MINUSMA base, Sévaré, Mopti Region, Mali", "Camp {i} and Hamlet {i}"],
    ids=["repeated", "distinct"],
)
def test_reading_a_long_place_value_is_linear(config: MapperConfig, item: str) -> None:
    """Ten times the names is about ten times the work (a quadratic reading would be a hundred)."""

    def text(n: int) -> str:
        return article(", ".join(item.format(i=i) for i in range(n)) + ", Mali")

    map_text(text(1), config)  # the world gazetteer is loaded once, outside the count
    small = _calls(map_text, text(300), config)
    large = _calls(map_text, text(3000), config)
    assert large < 15 * small, (small, large)
