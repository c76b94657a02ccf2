"""sevare-kg link: reconciliation against a Wikidata-shaped dataset (a local file and a local Oxigraph
server), type constraints, the review file, and --apply (which must equal a rebuild with the new links)."""

from __future__ import annotations

import csv
import gc
from pathlib import Path

import pytest
from cli_support import SEVARE, run_cli
from pyoxigraph import NamedNode
from wikidata_server import FIXTURE, wikidata_endpoint

from sevare_kg.api import KnowledgeGraph
from sevare_kg.build.builder import support_graphs
from sevare_kg.build.inputs import read_sources_table
from sevare_kg.extraction.article import read_article_file
from sevare_kg.linking.reconcile import FileDataset, LocalEntity, read_review, reconcile
from sevare_kg.rdf.link_table import Links, default_links_path, shipped_and_user_links
from sevare_kg.rdf.mapper import MapperConfig, graph_iri, map_article, map_text
from sevare_kg.store.knowledge_store import KnowledgeStore

# The verified links the tests take away, so that reconciliation has something real to find.
REMOVED = {"place/mali": "Q912", "place/mali/mopti-region": "Q214155", "event/mali-war": "Q2946372"}
WD = "http://www.wikidata.org/entity/"


def shipped_without_removed() -> Links:
    full = Links.load(default_links_path())
    return Links({k: link for k, link in full.by_id.items() if k not in REMOVED})


def build_with(path: Path | None, links: Links) -> KnowledgeStore:
    """The Sévaré article mapped with the given link table (in-process, as a build does)."""
    store = KnowledgeStore(path)
    config = MapperConfig(links=links)
    article = read_article_file(SEVARE, url=read_sources_table(SEVARE.parent).get(SEVARE.name))
    store.replace_graph(
        graph_iri(config.base, article.title), map_article(article, config), add_to_others=True
    )
    for graph, quads in support_graphs(config).items():  # ontology and reference graphs, as a build writes
        store.replace_graph(NamedNode(graph), quads)
    store.flush()
    return store


def canonical(store: KnowledgeStore) -> list[str]:
    return sorted(str(q) for q in store.quads())


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory):
    with wikidata_endpoint(tmp_path_factory.mktemp("wikidata")) as url:
        yield url


@pytest.fixture()
def unlinked_store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = build_with(path, shipped_without_removed())
    del store
    gc.collect()  # release the RocksDB lock for the CLI
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def best(rows: list[dict[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in rows:  # rows are written best first per entity
        out.setdefault(r["id"], r["qid"])
    return out


def check_candidates(rows: list[dict[str, str]]) -> None:
    assert best(rows) == REMOVED  # exactly the three verified links are found again, each first
    by_id = {r["id"]: r for r in rows}
    assert float(by_id["place/mali"]["score"]) == 1.0
    assert by_id["place/mali"]["candidate_label"] == "Mali"
    assert "country" in by_id["place/mali"]["classes"]
    assert by_id["event/mali-war"]["description"] == "armed conflict in Mali since 2012"
    # type constraints: "Mali" is an alias of the Malian Armed Forces and of the government, "Senegal" of
    # the Senegalese Armed Forces, but a state force or a government is never matched to a country
    assert not any(r["id"].startswith("actor/") for r in rows)
    # entities without a verified QID are not in the fixture and stay unlinked
    assert "place/mali/sevare" not in by_id and "actor/katiba-macina" not in by_id
    assert all(r["decision"] == "" for r in rows)  # nothing is accepted without review


def test_link_with_dataset_file(unlinked_store: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    proc = run_cli("link", "--dataset", FIXTURE, "--store", unlinked_store, "--output", review)
    assert "3 with candidates" in proc.stderr and "rejected by type" in proc.stderr
    check_candidates(read_rows(review))
    assert f"# dataset: {FIXTURE}" in review.read_text(encoding="utf-8")


def test_link_with_endpoint(unlinked_store: Path, tmp_path: Path, endpoint: str) -> None:
    review = tmp_path / "review.tsv"
    run_cli("link", "--endpoint", endpoint, "--store", unlinked_store, "--output", review)
    rows = read_rows(review)
    check_candidates(rows)
    assert f"# dataset: {endpoint}" in review.read_text(encoding="utf-8")


def test_unreachable_endpoint_is_a_one_line_error(unlinked_store: Path, tmp_path: Path) -> None:
    from wikidata_server import free_port

    proc = run_cli(
        "link",
        "--endpoint",
        f"http://127.0.0.1:{free_port()}/query",
        "--store",
        unlinked_store,
        "--output",
        tmp_path / "r.tsv",
        check=False,
    )
    assert proc.returncode == 2 and "cannot query the endpoint" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_armed_group_is_never_matched_to_a_town() -> None:
    data = FileDataset(FIXTURE)
    group = LocalEntity(
        "actor/timbuktu-brigade",
        "https://w3id.org/sevare-kg/actor/timbuktu-brigade",
        "ArmedGroup",
        "Timbuktu",
        ["Tombouctou"],
    )
    town = LocalEntity(
        "place/mali/timbuktu",
        "https://w3id.org/sevare-kg/place/mali/timbuktu",
        "Settlement",
        "Timbuktu",
        [],
        ["Q912"],
    )
    candidates, rejected = reconcile([group, town], data)
    assert [(c.entity.id, c.qid) for c in candidates] == [("place/mali/timbuktu", "Q9427")]
    assert candidates[0].score == 1.0 and "in Q912" in candidates[0].evidence
    assert [(e.id, q) for e, q, _ in rejected] == [("actor/timbuktu-brigade", "Q9427")]
    # a place in another country is penalised: the same name, our container linked elsewhere
    elsewhere = LocalEntity(
        "place/x/timbuktu",
        "https://w3id.org/sevare-kg/place/x/timbuktu",
        "Settlement",
        "Timbuktu",
        [],
        ["Q142"],
    )
    (c,), _ = reconcile([elsewhere], data)
    assert c.score == pytest.approx(0.6)


def test_apply_accepted_links_equals_a_rebuild(unlinked_store: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    run_cli("link", "--dataset", FIXTURE, "--store", unlinked_store, "--output", review)
    text = review.read_text(encoding="utf-8").splitlines()
    # the reviewer accepts Mali and the Mali War, leaves Mopti Region undecided
    edited = []
    for line in text:
        cells = line.split("\t")
        if len(cells) > 4 and cells[1] in ("place/mali", "event/mali-war"):
            cells[0] = "accept"
        edited.append("\t".join(cells))
    review.write_text("\n".join(edited) + "\n", encoding="utf-8")
    assert {a.id for a in read_review(review)} == {"place/mali", "event/mali-war"}

    table = tmp_path / "links-accepted.tsv"
    proc = run_cli("link", "--apply", review, "--store", unlinked_store, "--links", table)
    assert "applied 2 link(s) to 1 graph(s); 2 new" in proc.stderr
    user = Links.load(table)  # the user table is a valid link table, each row with its source
    assert {k: x.qid for k, x in user.by_id.items()} == {"place/mali": "Q912", "event/mali-war": "Q2946372"}
    assert all("sevare-kg link: reconciled with" in x.source for x in user.by_id.values())

    applied = KnowledgeStore(unlinked_store)
    mali = NamedNode("https://w3id.org/sevare-kg/place/mali")
    assert list(
        applied.oxigraph.quads_for_pattern(mali, NamedNode("http://www.w3.org/2002/07/owl#sameAs"), None)
    )
    rows = list(
        applied.query(
            "PREFIX wdt: <http://www.wikidata.org/prop/direct/> "
            "SELECT ?war ?country WHERE { ?e wdt:P361 ?war ; wdt:P17 ?country }"
        )
    )
    assert [(r["war"].value, r["country"].value) for r in rows] == [(WD + "Q2946372", WD + "Q912")]
    # the store is now exactly what a build with the shipped table plus the user table writes
    links = shipped_without_removed()
    links.by_id.update(user.by_id)
    assert canonical(applied) == canonical(build_with(None, links))
    del applied
    gc.collect()

    # applying again changes nothing; contradicting an accepted link is refused
    proc = run_cli("link", "--apply", review, "--store", unlinked_store, "--links", table)
    assert "0 new" in proc.stderr
    bad = tmp_path / "bad.tsv"
    bad.write_text(review.read_text(encoding="utf-8").replace("\tQ912\t", "\tQ1041\t"), encoding="utf-8")
    proc = run_cli("link", "--apply", bad, "--store", unlinked_store, "--links", table, check=False)
    assert proc.returncode == 2 and "already linked to Q912" in proc.stderr


def test_review_without_accepted_rows(unlinked_store: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    run_cli("link", "--dataset", FIXTURE, "--store", unlinked_store, "--output", review)
    proc = run_cli(
        "link", "--apply", review, "--store", unlinked_store, "--links", tmp_path / "t.tsv", check=False
    )
    assert proc.returncode == 1 and "nothing to apply" in proc.stderr
    assert not (tmp_path / "t.tsv").exists()


def test_the_user_link_table_is_read_after_the_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / "links.tsv"
    table.write_text(
        "id\tqid\tlabel\tsource\nplace/mali/timbuktu\tQ9427\tTimbuktu\ttest\n"
        "place/mali\tQ1\tnot Mali\ta user row never overrides a shipped one\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SEVARE_KG_LINKS", str(table))
    links = shipped_and_user_links()
    assert links.qid("place/mali/timbuktu") == "Q9427"
    assert links.qid("place/mali") == "Q912"


# a user table in the folder a command runs in: it links Sévaré, which the shipped table leaves unlinked
USER_ROW = "id\tqid\tlabel\tsource\nplace/mali/sevare\tQ999999999\tSévaré\ta test row\n"
SEVARE_ITEM = "<http://www.wikidata.org/entity/Q999999999>"


def _folder_with_user_links(folder: Path) -> Path:
    (folder / ".sevare-kg").mkdir(parents=True)
    (folder / ".sevare-kg" / "links-accepted.tsv").write_text(USER_ROW, encoding="utf-8")
    return folder


def test_mapper_config_default_is_the_same_in_every_folder_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``MapperConfig()`` maps with the shipped tables only: the same quads in a folder holding a user
    link table, with ``$SEVARE_KG_LINKS`` set, and elsewhere; the command line and the API still read
    the user's table there."""
    text = SEVARE.read_text(encoding="utf-8")
    plain = tmp_path / "plain"
    plain.mkdir()
    linked = _folder_with_user_links(tmp_path / "linked")
    monkeypatch.delenv("SEVARE_KG_LINKS", raising=False)

    def mapped() -> list[str]:
        return [str(q) for q in map_text(text, MapperConfig())]

    monkeypatch.chdir(plain)
    in_plain = mapped()
    monkeypatch.chdir(linked)
    assert shipped_and_user_links().qid("place/mali/sevare") == "Q999999999"  # the table is read here
    assert mapped() == in_plain
    monkeypatch.chdir(plain)
    monkeypatch.setenv("SEVARE_KG_LINKS", str(linked / ".sevare-kg" / "links-accepted.tsv"))
    assert mapped() == in_plain
    assert not any(SEVARE_ITEM in q for q in in_plain)
    monkeypatch.delenv("SEVARE_KG_LINKS")

    # the command line and KnowledgeGraph pass the user's table explicitly, as docs/linking.md says
    assert SEVARE_ITEM in run_cli("map", SEVARE, "--format", "nquads", cwd=linked).stdout
    assert SEVARE_ITEM not in run_cli("map", SEVARE, "--format", "nquads", cwd=plain).stdout
    monkeypatch.chdir(linked)
    assert KnowledgeGraph().config.links.qid("place/mali/sevare") == "Q999999999"
    monkeypatch.chdir(plain)
    assert KnowledgeGraph().config.links.qid("place/mali/sevare") is None
