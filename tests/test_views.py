"""One fact, both views: every sev: fact with a Wikidata property is in the Wikidata view too,
on every article of both development sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS_DEV, CORPUS_WORLD, run_cli

# sev: property -> the Wikidata property path that carries the same fact. A perpetrator outside the
# infobox's sides is a sev:participant too; Wikidata states its part as P8031 (perpetrator), not P710.
PAIRS = {"participant": "wdt:P710|wdt:P8031", "perpetrator": "wdt:P8031", "partOf": "wdt:P361"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("views") / "store"
    run_cli("-q", "build", CORPUS_DEV, CORPUS_WORLD, "--store", path)
    return path


@pytest.mark.parametrize(("sev", "pid"), sorted(PAIRS.items()))
def test_every_sev_fact_is_in_the_wikidata_view(store: Path, sev: str, pid: str) -> None:
    query = f"""PREFIX sev: <https://w3id.org/sevare-kg/ontology#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?e ?x WHERE {{
  ?e a sev:Event ; sev:{sev} ?x .
  FILTER NOT EXISTS {{ ?e {pid} ?y . FILTER(?y = ?x || EXISTS {{ ?x owl:sameAs ?y }}) }}
}}"""
    out = run_cli("query", query, "--store", store, "--format", "csv").stdout
    assert out.splitlines()[1:] == [], f"sev:{sev} without {pid}:\n{out}"
    count = f"PREFIX sev: <https://w3id.org/sevare-kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE {{ ?e sev:{sev} ?x }}"
    assert int(run_cli("query", count, "--store", store, "--format", "csv").stdout.splitlines()[1]) > 0
