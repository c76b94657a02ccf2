"""The federated named query: our casualty figures joined, through SERVICE, with facts only the
Wikidata-style endpoint has (population and coordinates of the country), against a local Oxigraph server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import run_cli
from wikidata_server import wikidata_endpoint

from sevare_kg.linking.reconcile import WIKIDATA_SPARQL, retarget_service
from sevare_kg.store.knowledge_store import KnowledgeStore
from sevare_kg.store.named_queries import resolve_query

pytestmark = pytest.mark.slow  # see tests/conftest.py


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory):
    with wikidata_endpoint(tmp_path_factory.mktemp("wikidata")) as url:
        yield url


def test_named_query_targets_wikidata_by_default() -> None:
    text = resolve_query("federated-country", None)
    assert f"SERVICE <{WIKIDATA_SPARQL}>" in text
    local = retarget_service(text, "http://127.0.0.1:9/query")
    assert "SERVICE <http://127.0.0.1:9/query>" in local and WIKIDATA_SPARQL not in local
    with pytest.raises(Exception, match="not an endpoint URL"):
        retarget_service(text, "http://x> } DROP ALL {")


def test_federated_query_through_the_cli(built_store: Path, endpoint: str) -> None:
    out = run_cli(
        "query", "federated-country", "--service", endpoint, "--store", built_store, "--format", "json"
    )
    rows = [{k: b["value"] for k, b in row.items()} for row in json.loads(out.stdout)["results"]["bindings"]]
    assert len(rows) == 1
    row = rows[0]
    assert row["eventLabel"] == "2023 Sévaré attack"
    assert row["country"] == "http://www.wikidata.org/entity/Q912" and row["countryLabel"] == "Mali"
    # ours: the infobox's 3 + 28 + 10 killed and 60 injured
    assert (int(row["deaths"]), int(row["injured"])) == (41, 60)
    # theirs: only the endpoint has these
    assert row["population"] == "20250833" and row["coordinates"] == "Point(-4.0 17.0)"
    assert float(row["deathsPerMillion"]) == pytest.approx(41 / 20250833 * 1e6, abs=0.001)


def test_federated_query_from_python(built_store: Path, endpoint: str, tmp_path: Path) -> None:
    store = KnowledgeStore(built_store, read_only=True)
    rows = list(store.query(retarget_service(resolve_query("federated-country", None), endpoint)))
    assert [r["population"].value for r in rows] == ["20250833"]


def test_wikidata_view_query_runs_unchanged(built_store: Path) -> None:
    # a query written for Wikidata's own data: events part of the Mali War (wd:Q2946372) in Mali (wd:Q912)
    q = (
        "PREFIX wd: <http://www.wikidata.org/entity/> PREFIX wdt: <http://www.wikidata.org/prop/direct/> "
        "SELECT ?e WHERE { ?e wdt:P361 wd:Q2946372 ; wdt:P17 wd:Q912 ; wdt:P31 wd:Q18493502 }"
    )
    out = run_cli("query", q, "--store", built_store, "--format", "csv").stdout
    assert "event/2023-sevare-attack" in out
