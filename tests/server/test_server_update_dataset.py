"""An update reads the dataset a query reads: the union of all graphs (issue #18). The data of a
built store is all in named graphs, so an update that read the store's own default graph only —
pyoxigraph's behaviour — silently matched nothing."""

from __future__ import annotations

import httpx
import pytest
from server_support import AUTH, ServerProcess, build_store

EX = "http://example.org/u/"


@pytest.fixture(scope="module")
def srv(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("upd") / "store"
    build_store(path)
    s = ServerProcess(path)
    yield s
    s.stop()


def _update(s: ServerProcess, text: str, **params: str) -> httpx.Response:
    return httpx.post(
        s.url + "/sparql",
        params=params,
        content=f"PREFIX ex: <{EX}>\n{text}",
        headers={"Content-Type": "application/sparql-update", **AUTH},
        timeout=60,
    )


def _ask(s: ServerProcess, pattern: str) -> bool:
    r = httpx.get(s.url + "/sparql", params={"query": f"PREFIX ex: <{EX}> ASK {{ {pattern} }}"}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


@pytest.fixture
def data(srv):
    r = _update(
        srv,
        "INSERT DATA { GRAPH ex:g1 { ex:a ex:p 1 ; ex:keep 1 } GRAPH ex:g2 { ex:b ex:p 2 . ex:a ex:p 1 } } ;"
        "INSERT DATA { ex:c ex:p 3 }",
    )
    assert r.status_code == 204, r.text
    yield
    # the store's own data is all in named graphs: the default graph holds only this test's
    assert (
        _update(srv, "DROP SILENT GRAPH ex:g1 ; DROP SILENT GRAPH ex:g2 ; CLEAR DEFAULT").status_code == 204
    )


def test_delete_where_matches_the_data_of_named_graphs_and_removes_it_from_every_graph(srv, data) -> None:
    assert _update(srv, "DELETE WHERE { ?s ex:p ?o }").status_code == 204
    assert not _ask(srv, "?s ex:p ?o")  # gone from g1, g2 and the default graph
    assert _ask(srv, "GRAPH ex:g1 { ex:a ex:keep 1 }")  # the rest of the graph stays


def test_delete_insert_where_reads_the_union_and_inserts_into_the_default_graph(srv, data) -> None:
    r = _update(srv, "DELETE { ?s ex:keep ?k } INSERT { ?s ex:seen ?k } WHERE { ?s ex:keep ?k }")
    assert r.status_code == 204, r.text
    assert not _ask(srv, "?s ex:keep ?k")
    assert _ask(srv, "ex:a ex:seen 1") and not _ask(srv, "GRAPH ?g { ex:a ex:seen 1 }")


def test_delete_data_removes_a_triple_from_every_graph(srv, data) -> None:
    assert _update(srv, "DELETE DATA { ex:a ex:p 1 }").status_code == 204
    assert not _ask(srv, "ex:a ex:p 1") and _ask(srv, "ex:b ex:p 2")


def test_an_operation_reads_what_the_one_before_it_wrote(srv, data) -> None:
    r = _update(srv, "INSERT DATA { GRAPH ex:g1 { ex:d ex:p 4 } } ; DELETE WHERE { ?s ex:p 4 }")
    assert r.status_code == 204, r.text
    assert not _ask(srv, "ex:d ex:p 4")


def test_an_update_that_names_its_graphs_follows_sparql(srv, data) -> None:
    # GRAPH in the template: SPARQL's own rules (the WHERE's GRAPH ?g reaches the named graphs)
    r = _update(srv, "DELETE { GRAPH ?g { ?s ex:p ?o } } WHERE { GRAPH ?g { ?s ex:p ?o } }")
    assert r.status_code == 204, r.text
    assert not _ask(srv, "GRAPH ?g { ?s ex:p ?o }") and _ask(srv, "ex:c ex:p 3")
    # WITH: the WHERE reads that graph only, the template writes there
    r = _update(srv, "WITH ex:g1 INSERT { ?s ex:seen 1 } WHERE { ?s ex:keep 1 }")
    assert r.status_code == 204 and _ask(srv, "GRAPH ex:g1 { ex:a ex:seen 1 }")


def test_using_graph_uri_sets_the_dataset_of_the_where(srv, data) -> None:
    r = _update(srv, "DELETE { ?s ex:p ?o } WHERE { ?s ex:p ?o }", **{"using-graph-uri": EX + "g2"})
    assert r.status_code == 204, r.text
    # the WHERE read g2 only (not the default graph's ex:c ex:p 3), and the template deleted from
    # the default graph, as SPARQL says (not from g2)
    assert _ask(srv, "ex:c ex:p 3") and _ask(srv, "GRAPH ex:g2 { ex:b ex:p 2 }")


def test_in_python_blank_nodes_of_the_store_stay_themselves() -> None:
    """KnowledgeStore.update(..., union=True) is what the endpoint runs. A blank node the WHERE
    matched is the same node in what the update adds, and can be deleted (neither can be written
    in INSERT DATA / DELETE DATA text)."""
    from sevare_kg.store.knowledge_store import KnowledgeStore

    ks = KnowledgeStore(None)
    ks.update(f"PREFIX ex: <{EX}> INSERT DATA {{ GRAPH ex:g {{ _:b ex:p 1 ; ex:k 2 }} }}")
    ks.update(f"PREFIX ex: <{EX}> INSERT {{ ?s ex:seen true }} WHERE {{ ?s ex:k 2 }}", union=True)
    ks.update(f"PREFIX ex: <{EX}> DELETE WHERE {{ ?s ex:p 1 }}", union=True)
    subjects = {q.subject for q in ks.quads()}
    assert len(subjects) == 1  # ex:k and ex:seen on the one blank node; ex:p gone
    assert sorted(q.predicate.value for q in ks.quads()) == [EX + "k", EX + "seen"]
