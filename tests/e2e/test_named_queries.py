"""One reader of ``queries/``: the CLI's list and the query editor's tabs name the same queries."""

from __future__ import annotations

from pathlib import Path

from cli_support import run_cli

from sevare_kg.resources import queries_dir
from sevare_kg.server.index import named_queries as editor_tabs
from sevare_kg.store.named_queries import load_named_queries


def test_cli_and_editor_name_the_same_queries() -> None:
    listed = [line.split()[0] for line in run_cli("queries").stdout.splitlines()]
    tabs = [tab["name"] for tab in editor_tabs(queries_dir())]
    files = [*queries_dir().glob("*.rq"), *queries_dir().glob("*/*.rq")]
    assert listed == tabs == sorted(p.relative_to(queries_dir()).with_suffix("").as_posix() for p in files)
    assert "wikidata/events-by-year" in listed  # a sub-folder's query is named by its path


def test_a_description_is_the_whole_leading_comment() -> None:
    out = run_cli("queries").stdout
    line = next(line for line in out.splitlines() if line.startswith("casualty-totals "))
    assert line.rstrip().endswith("and every inconsistency the mapper recorded.")


def test_a_folder_of_queries_is_read_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.rq").write_text("# Second.\n# Two lines.\nASK {}\n", encoding="utf-8")
    (tmp_path / "a.rq").write_text("SELECT * {}\n", encoding="utf-8")
    queries = load_named_queries(tmp_path)
    assert [(q.name, q.description) for q in queries] == [("a", ""), ("b", "Second. Two lines.")]
    assert editor_tabs(tmp_path)[1] == {"name": "b", "query": "# Second.\n# Two lines.\nASK {}\n"}
    assert editor_tabs(tmp_path / "none")[0]["name"] == "Events"


def test_a_query_of_a_sub_folder_runs_by_its_path(built_store: Path) -> None:
    out = run_cli("query", "wikidata/part-of-chain", "--store", built_store, "--format", "csv").stdout
    assert out.splitlines()[1:] == [
        "https://w3id.org/sevare-kg/event/2023-sevare-attack,2023 Sévaré attack,",
        "http://www.wikidata.org/entity/Q2946372,Mali War,armed conflict",
    ]
    proc = run_cli("query", "wikidata/no-such-query", "--store", built_store, check=False)
    assert proc.returncode == 2 and "no named query 'wikidata/no-such-query'" in proc.stderr
