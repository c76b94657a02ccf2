"""The Python API as a notebook uses it: build in memory, named queries, one event's answer."""

from __future__ import annotations

import pytest
from conftest import CORPUS_DEV, SEVARE

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
