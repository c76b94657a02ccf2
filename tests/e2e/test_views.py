"""One fact, both views: every sev: fact with a Wikidata property is in the Wikidata view too,
on every article of both development sets (and the flagship article); truthy statements as on Wikidata."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import CORPUS_DEV, CORPUS_WORLD, SEVARE, run_cli

# sev: property -> the Wikidata property path that carries the same fact. A perpetrator outside the
# infobox's sides is a sev:participant too; Wikidata states its part as P8031 (perpetrator), not P710.
PAIRS = {"participant": "wdt:P710|wdt:P8031", "perpetrator": "wdt:P8031", "partOf": "wdt:P361"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("views") / "store"
    run_cli("-q", "build", CORPUS_DEV, CORPUS_WORLD, SEVARE, "--store", path)
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


PREFIXES = """PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
"""
PIDS = (
    "P31",
    "P17",
    "P276",
    "P361",
    "P533",
    "P580",
    "P582",
    "P585",
    "P710",
    "P8031",
    "P1120",
    "P1339",
    "P1446",
)
# each property's three predicates, as WDQS declares them (wikibase:claim, statementProperty, directClaim)
PROPERTY = "VALUES (?claim ?stp ?direct) { " + " ".join(f"(p:{p} ps:{p} wdt:{p})" for p in PIDS) + " }"

# Wikidata's truthy statements (https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format):
# one wdt: triple for each best-rank statement, and for nothing else
RANK_VIOLATIONS = {
    "best-rank statement without its wdt: triple": """
        ?e ?claim ?st . ?st a wikibase:BestRank ; ?stp ?v . FILTER NOT EXISTS { ?e ?direct ?v }""",
    "wdt: triple without a best-rank statement": """
        ?e ?direct ?v ; ?claim [] . FILTER NOT EXISTS { ?e ?claim ?st . ?st a wikibase:BestRank ; ?stp ?v }""",
    "normal-rank statement typed best beside a preferred one": """
        ?e ?claim ?st , ?other . ?st a wikibase:BestRank ; wikibase:rank wikibase:NormalRank .
        ?other wikibase:rank wikibase:PreferredRank""",
    "statement without a rank": """
        ?e ?claim ?st . FILTER NOT EXISTS { ?st wikibase:rank [] }""",
    "two preferred statements of one property": """
        ?e ?claim ?a , ?b . ?a wikibase:rank wikibase:PreferredRank . ?b wikibase:rank wikibase:PreferredRank .
        FILTER(STR(?a) < STR(?b))""",
}


@pytest.mark.parametrize("violation", sorted(RANK_VIOLATIONS))
def test_truthy_statements_are_the_best_ranked(store: Path, violation: str) -> None:
    query = f"{PREFIXES} SELECT DISTINCT ?e WHERE {{ {PROPERTY} {RANK_VIOLATIONS[violation]} }} LIMIT 5"
    out = run_cli("query", query, "--store", store, "--format", "csv").stdout
    assert out.splitlines()[1:] == [], f"{violation}:\n{out}"
    statements = (
        f"{PREFIXES} SELECT (COUNT(*) AS ?n) WHERE {{ {PROPERTY} ?e ?claim ?st . ?st a wikibase:BestRank }}"
    )
    assert int(run_cli("query", statements, "--store", store, "--format", "csv").stdout.splitlines()[1]) > 100


def test_the_event_total_is_the_truthy_number_of_deaths(store: Path) -> None:
    """Sévaré: 3 soldiers, 10 civilians and 28 militants are reported per side; the lead's
    'killing thirteen people' is the total, so wdt:P1120 is 13 alone, of preferred rank."""
    query = f"""{PREFIXES} SELECT ?n ?rank WHERE {{
      ?e wdt:P1120 ?n ; p:P1120 ?st . ?st ps:P1120 ?n ; wikibase:rank ?rank .
      FILTER(CONTAINS(STR(?e), "2023-sevare-attack")) }}"""
    rows = run_cli("query", query, "--store", store, "--format", "csv").stdout.splitlines()[1:]
    assert rows == ["13,http://wikiba.se/ontology#PreferredRank"]
