"""The Python API as a notebook uses it: build in memory, named queries, one event's answer."""

from __future__ import annotations

import pytest
from cli_support import CORPUS_DEV, SEVARE

from sevare_kg import KnowledgeGraph
from sevare_kg.errors import QueryError


@pytest.mark.skipif(not CORPUS_DEV.is_dir(), reason=f"dev corpus not found at {CORPUS_DEV}")
def test_named_query_for_one_event_through_the_api() -> None:
    kg = KnowledgeGraph()
    kg.build([SEVARE, CORPUS_DEV / "battle_of_konna.txt"])
    everything = kg.query("sides")
    assert {r["eventLabel"] for r in everything} == {"2023 Sévaré attack", "Battle of Konna"}
    one = kg.query("sides", event="2023-sevare-attack")
    assert one == [r for r in everything if r["eventLabel"] == "2023 Sévaré attack"]
    assert {r["actorLabel"] for r in one} == {"Malian Armed Forces", "MINUSMA", "Katiba Macina"}
    with pytest.raises(QueryError, match="no event"):
        kg.query("sides", event="battle-of-nowhere")


def test_construct_gives_triples_or_text() -> None:
    kg = KnowledgeGraph()
    kg.build([SEVARE])
    q = "CONSTRUCT { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { ?e a <https://w3id.org/sevare-kg/ontology#Event> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    triples = kg.construct(q)
    assert [t.object.value for t in triples] == ["2023 Sévaré attack"]
    turtle = kg.construct(q, format="turtle")
    assert '"2023 Sévaré attack"@en' in turtle and turtle.startswith("@prefix")
    assert '"@context"' in kg.construct(q, format="jsonld")
    with pytest.raises(QueryError, match="use query"):
        kg.construct("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="use construct"):
        kg.query(q)


def test_build_reads_what_the_cli_reads(tmp_path) -> None:
    """kg.build() takes JSON Lines corpora too (the one input reader of `sevare-kg build`)."""
    import gzip
    import json

    corpus = tmp_path / "corpus.jsonl.gz"
    text = SEVARE.read_text(encoding="utf-8")
    corpus.write_bytes(
        gzip.compress((json.dumps({"text": text, "url": "https://example.org/a"}) + "\n").encode())
    )
    kg = KnowledgeGraph()
    report = kg.build([corpus])
    assert report.mapped == 1 and not report.failed
    assert kg.query("ASK { ?doc <http://schema.org/url> <https://example.org/a> }") is True


def test_export_is_atomic_and_compact_jsonld_by_name(tmp_path) -> None:
    kg = KnowledgeGraph()
    kg.build([SEVARE])
    out = kg.export(tmp_path / "kg.jsonld", "jsonld")
    assert out.read_text(encoding="utf-8").lstrip().startswith('{\n  "@context"')
    with pytest.raises(Exception, match="unknown RDF format"):
        kg.export(tmp_path / "kg.bad", "nonsense")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.jsonld"]  # nothing half-written


def test_rows_hold_typed_python_values() -> None:
    import datetime
    from decimal import Decimal

    from sevare_kg import IRI, KnowledgeGraph

    kg = KnowledgeGraph()
    kg.build()
    q = """SELECT ?event ?label ?date ?deaths ?time ?count ?when WHERE {
      ?event rdfs:label ?label ; sev:date ?date ; sev:timeOfDay ?time ; wdt:P1120 ?deaths ; wdt:P585 ?when ;
             sev:casualtyReport/sev:count ?count }"""
    row = kg.query(q)[0]
    assert (
        isinstance(row["event"], IRI)
        and row["event"] == "https://w3id.org/sevare-kg/event/2023-sevare-attack"
    )
    assert type(row["label"]) is str and not isinstance(row["label"], IRI)
    assert row["date"] == datetime.date(2023, 4, 22) and row["deaths"] == Decimal("13")
    assert row["time"] == datetime.time(5, 0) and isinstance(row["count"], int)
    assert row["when"] == datetime.datetime(2023, 4, 22, tzinfo=datetime.timezone.utc)
    # what Python cannot hold stays its lexical form
    assert kg.query('SELECT ?d WHERE { BIND("-0044-03-15"^^xsd:date AS ?d) }') == [{"d": "-0044-03-15"}]
    df = kg.query_df(q)
    assert df.loc[0, "date"] == datetime.date(2023, 4, 22)
