"""Exports: every RDF export re-imports to an isomorphic graph (framed JSON-LD included); schema.org,
UCDP-GED / ACLED CSV and QuickStatements views of the Sévaré article; the pyLODE ontology page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import rdflib
from cli_support import run_cli
from pyoxigraph import DefaultGraph, Quad, RdfFormat, parse
from rdflib.compare import isomorphic

from sevare_kg.rdf.link_table import Links, default_links_path
from sevare_kg.store.knowledge_store import KnowledgeStore

URL = "https://en.wikipedia.org/wiki/2023_S%C3%A9var%C3%A9_attack"
DATASETS = {
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld-expanded": RdfFormat.JSON_LD,
    "jsonld-framed": RdfFormat.JSON_LD,
}
TRIPLES = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
}
RDFLIB = {
    "turtle": "turtle",
    "ntriples": "nt",
    "rdfxml": "xml",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "jsonld-expanded": "json-ld",
    "jsonld-framed": "json-ld",
}


@pytest.fixture(scope="module")
def store_quads(built_store: Path) -> set[Quad]:
    return set(KnowledgeStore(built_store, read_only=True).quads())


def export(store: Path, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"export.{fmt}"
    run_cli("export", "--store", store, "--format", fmt, "--output", out)
    return out


@pytest.mark.parametrize("fmt", [*DATASETS, *TRIPLES])
def test_rdf_export_round_trips(fmt: str, built_store: Path, store_quads: set[Quad], tmp_path: Path) -> None:
    out = export(built_store, fmt, tmp_path)
    data = out.read_bytes()
    if fmt in DATASETS:
        back = set(parse(data, format=DATASETS[fmt]))
        assert back == store_quads  # no blank nodes: set equality is isomorphism
        expected = rdflib.Dataset()
        expected.parse(data=export_nquads(store_quads), format="nquads")
        other = rdflib.Dataset()
        other.parse(data=data, format=RDFLIB[fmt])
        for g in expected.graphs():
            assert isomorphic(g, other.graph(g.identifier)), g.identifier
    else:  # triple formats hold the union of the graphs
        triples = {q.triple for q in store_quads}
        back = {q.triple for q in parse(data, format=TRIPLES[fmt])}
        assert back == triples
        g = rdflib.Graph().parse(data=data, format=RDFLIB[fmt])
        ref = rdflib.Graph().parse(
            data=export_nquads({Quad(*t, DefaultGraph()) for t in triples}), format="nt"
        )
        assert isomorphic(g, ref)


def export_nquads(quads: set[Quad]) -> str:
    return "".join(f"{q} .\n" for q in quads)


def test_framed_jsonld_nests_the_event(built_store: Path, tmp_path: Path) -> None:
    doc = json.loads(export(built_store, "jsonld-framed", tmp_path).read_text(encoding="utf-8"))
    assert doc["@context"]["@vocab"] == "https://w3id.org/sevare-kg/ontology#"  # the published context
    graphs = {
        g["id"]: g for g in doc["@graph"]
    }  # one named graph per article (and the ontology's, if stored)
    graph = graphs["https://w3id.org/sevare-kg/graph/2023-sevare-attack"]
    event = graph["@graph"][0]
    assert event["id"] == "https://w3id.org/sevare-kg/event/2023-sevare-attack"
    assert "Event" in event["type"] and event["label"] == "2023 Sévaré attack"
    sides = {s["sideNumber"]: s for s in event["hasSide"]}
    assert set(sides) == {"1", "2"}
    members = {m["id"] if isinstance(m, dict) else m for m in _as_list(sides["1"]["hasMember"])}
    assert members == {
        "https://w3id.org/sevare-kg/actor/malian-armed-forces",
        "https://w3id.org/sevare-kg/actor/minusma",
    }
    # the gazetteer's entities are described once, in the reference graph
    reference = {n["id"]: n for n in graphs["https://w3id.org/sevare-kg/graph/reference"]["@graph"]}
    assert {reference[m]["label"] for m in members} == {"Malian Armed Forces", "MINUSMA"}
    # casualty reports are nested under the event (as the P1120/P1339 statements they also are), with sources
    reports = [
        r
        for key in ("casualtyReport", "p:P1120", "p:P1339")
        for r in _as_list(event.get(key))
        if isinstance(r, dict) and "outcome" in r
    ]
    assert any(r["reportedText"] == "28 killed" and r["derivedFrom"]["key"] == "Casualties2" for r in reports)


def _as_list(x: object) -> list:
    return x if isinstance(x, list) else [] if x is None else [x]


def test_framed_jsonld_one_file_per_event(built_store: Path, store_quads: set[Quad], tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    run_cli("export", "--store", built_store, "--format", "jsonld-framed", "--output", folder)
    paths = sorted(folder.glob("*.jsonld"))
    assert folder / "2023-sevare-attack.jsonld" in paths  # one document per event (per graph)
    back = set()
    for path in paths:
        back |= set(parse(path.read_bytes(), format=RdfFormat.JSON_LD))
    assert back == store_quads


def test_schema_org_event(built_store: Path) -> None:
    doc = json.loads(run_cli("export", "--store", built_store, "--format", "schema-org").stdout)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "Event"
    assert doc["name"] == "2023 Sévaré attack" and doc["startDate"] == "2023-04-22"
    place = doc["location"][0]
    chain = []
    while place:
        chain.append((place["name"], place.get("sameAs")))
        place = place.get("containedInPlace")
    assert chain[-2:] == [
        ("Mopti Region", ["https://www.wikidata.org/wiki/Q214155"]),
        ("Mali", ["https://www.wikidata.org/wiki/Q912"]),
    ]
    assert doc["superEvent"] == [
        {"@type": "Event", "name": "Mali War", "sameAs": ["https://www.wikidata.org/wiki/Q2946372"]}
    ]
    assert {a["name"] for a in doc["actor"]} == {"Katiba Macina", "Malian Armed Forces", "MINUSMA"}
    assert doc["subjectOf"]["url"] == URL


def rows(built_store: Path, fmt: str) -> list[dict[str, str]]:
    return list(
        csv.DictReader(io.StringIO(run_cli("export", "--store", built_store, "--format", fmt).stdout))
    )


def test_csv_ged(built_store: Path) -> None:
    (row,) = rows(built_store, "csv-ged")
    assert row["conflict_name"] == "Mali War"
    assert row["side_a"] == "Malian Armed Forces; MINUSMA" and row["side_b"] == "Katiba Macina"
    assert row["type_of_violence"] == "1"  # state-based: a state force on one side
    assert (row["deaths_a"], row["deaths_b"], row["deaths_civilians"], row["deaths_unknown"]) == (
        "3",
        "28",
        "10",
        "0",
    )
    assert (row["best"], row["low"], row["high"]) == ("41", "41", "41")
    assert (row["adm_1"], row["adm_2"], row["country"]) == ("Mopti Region", "Sévaré", "Mali")
    assert row["date_start"] == row["date_end"] == "2023-04-22" and row["source_article"] == URL
    assert "differs from the infobox sum 41" in row["notes"]  # the lead's 13 is flagged, not silently dropped


def test_csv_acled(built_store: Path) -> None:
    (row,) = rows(built_store, "csv-acled")
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Suicide bomb")
    assert row["actor1"] == "Katiba Macina"  # the perpetrator's side initiates
    assert (row["actor2"], row["assoc_actor_2"]) == ("Malian Armed Forces", "MINUSMA")
    assert (row["admin1"], row["location"], row["fatalities"]) == ("Mopti Region", "Sévaré", "41")
    assert row["event_date"] == "2023-04-22" and row["time_precision"] == "1"


def test_quickstatements(built_store: Path) -> None:
    text = run_cli("export", "--store", built_store, "--format", "quickstatements").stdout
    commands = [ln for ln in text.splitlines() if ln and not ln.startswith("/*")]
    review = [ln for ln in text.splitlines() if ln.startswith("/* REVIEW")]
    assert commands[0] == "CREATE"
    assert 'LAST\tLen\t"2023 Sévaré attack"' in commands and 'LAST\tSenwiki\t"2023 Sévaré attack"' in commands
    statements = [c.split("\t") for c in commands if re.match(r"LAST\tP\d+\t", c)]
    for cells in statements:  # every statement carries the article as its reference
        assert cells[-2:] == ["S854", f'"{URL}"']
    values = {(c[1], c[2]) for c in statements}
    assert {
        ("P31", "Q18493502"),
        ("P31", "Q891854"),
        ("P31", "Q1174599"),
        ("P361", "Q2946372"),
        ("P17", "Q912"),
        ("P585", "+2023-04-22T00:00:00Z/11"),
        ("P1120", "13"),
        ("P1339", "60"),
    } <= values
    # only verified QIDs are written; what has none is listed for review
    verified = {link.qid for link in Links.load(default_links_path()).by_id.values()}
    used = set(re.findall(r"\bQ\d+\b", "\n".join(commands)))
    assert used <= verified
    assert any("P8031 perpetrator Katiba Macina" in r for r in review)
    assert any("P276 location Mopti Airport" in r for r in review)
    assert any("28" in r and "Government of Mali (P3680" in r for r in review)


def test_ontology_html(tmp_path: Path) -> None:
    from sevare_kg.exports.ontology_docs import ontology_html

    html = ontology_html(cache=tmp_path)
    assert "<html" in html.lower() and "CasualtyReport" in html and "sevare-kg event ontology" in html
    (cached,) = tmp_path.glob("ontology-*.html")
    assert ontology_html(cache=tmp_path) == html == cached.read_text(encoding="utf-8")


def test_jsonld_export_is_compact_and_loads_into_a_plain_graph(built_store: Path, tmp_path: Path) -> None:
    """The default JSON-LD is compact, in the project's context (embedded), and a plain
    rdflib.Graph() reads every triple of the store from it."""
    doc = json.loads(export(built_store, "jsonld", tmp_path).read_text(encoding="utf-8"))
    assert doc["@context"]["sev"] == "https://w3id.org/sevare-kg/ontology#"
    events = [n for n in doc["@graph"] if "Event" in n.get("type", [])]
    assert events and events[0]["id"].endswith("event/2023-sevare-attack")
    g = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    store = KnowledgeStore(built_store, read_only=True)
    assert len(g) == len({q.triple for q in store.quads()}) > 1000
