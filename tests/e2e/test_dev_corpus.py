"""Extraction quality on the development corpus, scored against its hand-checked gold facts the way
``corpus/README.md`` describes (in the Wikidata-compatible view). Fails below 0.9 on any kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import CORPUS_DEV, run_cli

from sevare_kg.evaluation.scoring import KINDS, evaluate_corpus

pytestmark = pytest.mark.skipif(
    not (CORPUS_DEV / "gold.json").is_file(), reason=f"development corpus not found at {CORPUS_DEV}"
)


def test_precision_and_recall_per_fact_kind() -> None:
    result = evaluate_corpus(CORPUS_DEV)
    print("\n" + result.table())
    if result.misses:
        print("\n".join(result.misses))
    for kind in KINDS:
        score = result.totals[kind]
        assert score.gold > 0, kind
        assert score.recall >= 0.9, f"{kind}: recall {score.recall:.3f}"
        assert score.precision >= 0.9, f"{kind}: precision {score.precision:.3f}"


def test_every_dev_article_builds_into_a_shacl_valid_graph(tmp_path: Path) -> None:
    store = tmp_path / "store"
    out = run_cli("build", CORPUS_DEV, "--store", store).stdout
    assert "failed 0" in out
    report = run_cli("validate", "--store", store, check=False)
    assert report.returncode == 0, report.stdout[:3000]
    assert "SHACL: conforms" in report.stdout


def test_one_iri_per_entity_across_articles(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run_cli("build", CORPUS_DEV, "--store", store)
    # JNIM is spelled three ways across the corpus, Katiba Macina two: one entity each
    q = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT DISTINCT ?e WHERE { ?e rdfs:label|skos:altLabel ?n . "
        'FILTER(STR(?n) IN ("Jama\'at Nasr al-Islam wal Muslimin", "Jama\'at Nusrat al-Islam wal-Muslimin", "JNIM")) }'
    )
    rows = run_cli("query", q, "--store", store, "--format", "csv").stdout.split()
    assert rows[1:] == ["https://w3id.org/sevare-kg/actor/jnim"]
    q = (
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/> "
        "SELECT DISTINCT ?p WHERE { ?e wdt:P710 ?p . FILTER(CONTAINS(STR(?p), 'katiba') || CONTAINS(STR(?p), 'macina')) }"
    )
    rows = run_cli("query", q, "--store", store, "--format", "csv").stdout.split()
    assert rows[1:] == ["https://w3id.org/sevare-kg/actor/katiba-macina"]


def test_methods_read_from_the_infobox_name_their_field(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run_cli("build", CORPUS_DEV / "2016_ouagadougou_attacks.txt", "--store", store)
    rows = json.loads(run_cli("query", "methods", "--store", store, "--format", "json").stdout)["results"][
        "bindings"
    ]
    assert rows and all("source" in r for r in rows), [r for r in rows if "source" not in r][:3]
    infobox = {
        r["methodLabel"]["value"]: r["source"]["value"]
        for r in rows
        if r["source"]["value"].startswith("infobox ")
    }
    assert infobox.get("arson", "").startswith("infobox Type: Mass shooting, arson"), infobox
