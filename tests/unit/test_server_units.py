"""Unit tests of the server's pure parts: Accept negotiation and SPARQL Protocol request parsing."""

from __future__ import annotations

import pytest

from sevare_kg.server import negotiation as neg
from sevare_kg.server.protocol import ProtocolError, parse_request
from sevare_kg.store.sparql_text import add_using, has_dataset_clause, has_from, is_volatile


def test_negotiate_results():
    assert neg.negotiate_results(None, None) == ("application/sparql-results+json",) * 2 + ("text/turtle",)
    assert neg.negotiate_results("text/csv", None)[0] == "text/csv"
    assert neg.negotiate_results("application/sparql-results+json", None)[2] == "application/ld+json"
    assert neg.negotiate_results("image/png", None) == (None, None, None)
    assert neg.negotiate_results("text/*", None) == ("text/csv", "text/csv", "text/turtle")
    assert neg.negotiate_results(None, "csv")[0] == "text/csv"
    assert neg.negotiate_results(None, "turtle") == (None, None, "text/turtle")
    assert neg.prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert not neg.prefers_html("application/sparql-results+json")


def test_parse_request_shapes():
    op = parse_request("GET", b"query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fex%2Fg", None, b"")
    assert op.kind == "query" and op.default_graphs == ("http://ex/g",)
    assert parse_request("GET", b"", None, b"").kind == "description"
    op = parse_request(
        "POST", b"using-graph-uri=http%3A%2F%2Fex%2Fg", "application/sparql-update", b"CLEAR ALL"
    )
    assert op.kind == "update" and op.default_graphs == ("http://ex/g",)
    with pytest.raises(ProtocolError) as e:
        parse_request("POST", b"query=ASK%20%7B%7D", "application/sparql-query", b"ASK {}")
    assert e.value.status == 400


def test_sparql_lexing():
    assert has_dataset_clause("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not has_dataset_clause('INSERT DATA { <http://ex/with> <http://ex/p> "using WITH" . }  # USING')
    assert has_from("SELECT * FROM <g> WHERE { ?s ?p ?o }")
    assert not has_from('SELECT * WHERE { ?s ?p "FROM" }')
    assert is_volatile("SELECT (RAND() AS ?r) {}") and not is_volatile('SELECT * { ?s ?p "rand()" }')
    u = add_using(
        "INSERT { ?s a <c> } WHERE { ?s ?p ?o } ; DELETE WHERE { ?a ?b ?c }", ("http://g",), ("http://n",)
    )
    assert (
        u
        == "INSERT { ?s a <c> } USING <http://g> USING NAMED <http://n> WHERE { ?s ?p ?o } ; DELETE WHERE { ?a ?b ?c }"
    )


def test_result_cache_counts_key_sizes_and_skips_huge_keys():
    from sevare_kg.server.cache import ResultCache

    cache = ResultCache(max_bytes=10_000, max_key=2_000)
    formats = ("application/sparql-results+json", None, None)
    body = b"x" * 100
    # keys of 1,500 characters with 100-byte bodies: the budget holds six, not a hundred
    for i in range(100):
        cache.put((f"{i:04d}" + " " * 1_496, (), (), formats), cache.generation, body, "a/b", "e")
    assert 0 < len(cache) <= 6 and cache.size <= 10_000
    assert cache.size == sum(e.size for e in cache._entries.values())
    assert all(e.size > 1_500 for e in cache._entries.values())
    # a key over max_key is not cached at all
    big = ("?" * 2_500, (), (), formats)
    cache.put(big, cache.generation, body, "a/b", "e")
    assert cache.get(big) is None
    small = ("ASK {}", (), (), formats)
    cache.put(small, cache.generation, body, "a/b", "e")
    assert cache.get(small) is not None
    cache.invalidate()
    assert cache.size == 0 and len(cache) == 0


def test_a_curie_takes_the_longest_namespace() -> None:
    from sevare_kg.server.pages import curie

    assert curie("http://www.wikidata.org/prop/statement/P276") == "ps:P276"
    assert curie("http://www.wikidata.org/prop/P276") == "p:P276"
    assert curie("urn:x:unknown") == "urn:x:unknown"


def test_worker_requests_are_typed_and_cross_processes_intact() -> None:
    """Each kind of worker request is a frozen dataclass that reaches the worker as it was sent."""
    import dataclasses
    import pickle

    from sevare_kg.server.workers import (
        JSON_SOLUTIONS,
        CheckUpdateRequest,
        DumpRequest,
        ExitRequest,
        QueryRequest,
    )

    requests = [
        QueryRequest(
            "ASK {}", JSON_SOLUTIONS, default_graphs=("http://ex/g", None), bind=(("e", "http://ex/e"),)
        ),
        DumpRequest("application/n-quads", dataset=True),
        CheckUpdateRequest("CLEAR ALL", base="http://ex/"),
        ExitRequest(),
    ]
    for request in requests:
        assert pickle.loads(pickle.dumps(request)) == request
    with pytest.raises(dataclasses.FrozenInstanceError):
        requests[0].text = "SELECT * {}"  # type: ignore[misc]
