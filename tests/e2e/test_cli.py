"""The command line end to end: map, build, query, export, validate, stats, and bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from cli_support import CORPUS_DEV, SEVARE, run_cli
from rdflib.compare import isomorphic


def test_map_is_deterministic_canonical_nquads() -> None:
    first = run_cli("map", SEVARE, "--format", "nquads").stdout
    second = run_cli("map", SEVARE, "--format", "nquads").stdout
    assert first == second
    lines = first.splitlines()
    assert len(lines) > 500
    # canonical: graph by graph in IRI order (the default graph first), each graph's lines sorted
    graph_of = [str(q.graph_name) for q in pyoxigraph.parse(first.encode(), pyoxigraph.RdfFormat.N_QUADS)]
    assert len(graph_of) == len(lines)
    blocks = [g for i, g in enumerate(graph_of) if i == 0 or graph_of[i - 1] != g]
    assert blocks == sorted(set(blocks), key=lambda g: (g != "DEFAULT", g)), "graphs contiguous, in IRI order"
    for g in blocks:
        block = [line for line, lg in zip(lines, graph_of, strict=True) if lg == g]
        assert block == sorted(block)
    assert "_:" not in first  # no blank nodes: IRIs are readable slugs
    assert "<https://w3id.org/sevare-kg/event/2023-sevare-attack>" in first


def test_map_under_another_base() -> None:
    out = run_cli("map", SEVARE, "--format", "ntriples", "--base", "http://example.org/kg/").stdout
    assert "<http://example.org/kg/event/2023-sevare-attack>" in out
    assert "https://w3id.org/sevare-kg/event/" not in out


@pytest.mark.parametrize(
    "fmt,rdflib_fmt",
    [
        ("turtle", "turtle"),
        ("ntriples", "nt"),
        ("rdfxml", "xml"),
        ("jsonld", "json-ld"),
        ("jsonld-expanded", "json-ld"),
        ("trig", "trig"),
        ("nquads", "nquads"),
    ],
)
def test_map_formats_parse_back_to_the_same_graph(fmt: str, rdflib_fmt: str) -> None:
    reference = rdflib.Graph().parse(data=run_cli("map", SEVARE, "--format", "ntriples").stdout, format="nt")
    out = run_cli("map", SEVARE, "--format", fmt).stdout
    if fmt in ("trig", "nquads", "jsonld-expanded"):  # named graphs; the others are plain graphs
        ds = rdflib.Dataset()
        ds.parse(data=out, format=rdflib_fmt)
        parsed = rdflib.Graph()
        for s, p, o, _g in ds.quads((None, None, None, None)):
            parsed.add((s, p, o))
    else:
        parsed = rdflib.Graph().parse(data=out, format=rdflib_fmt)
    assert isomorphic(parsed, reference) or _terms(parsed) == _terms(reference)


def _terms(g: rdflib.Graph) -> set[tuple[str, str, str]]:
    return {(s.n3(), p.n3(), o.n3()) for s, p, o in g}


def test_build_query_export_validate_stats(tmp_path: Path) -> None:
    store = tmp_path / "store"
    out = run_cli("build", "--store", store).stdout
    assert "built 1 article" in out and "mapped 1, unchanged 0, pruned 0, failed 0" in out
    again = run_cli("build", "--store", store).stdout
    assert "mapped 0, unchanged 1" in again  # same input: nothing mapped again

    stats = run_cli("stats", "--store", store).stdout
    assert "events            1" in stats

    table = run_cli("query", "part-of-war", "--store", store).stdout
    assert "Mali War" in table
    csv = run_cli(
        "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", store, "--format", "csv"
    ).stdout
    assert csv.splitlines()[0] == "n" and int(csv.splitlines()[1]) > 1000
    qfile = tmp_path / "q.rq"
    qfile.write_text(
        "ASK { GRAPH ?g { ?e a <https://w3id.org/sevare-kg/ontology#Event> } }", encoding="utf-8"
    )
    assert (
        json.loads(run_cli("query", "--file", qfile, "--store", store, "--format", "json").stdout)["boolean"]
        is True
    )

    validate = run_cli("validate", "--store", store)
    assert "SHACL: conforms" in validate.stdout
    assert "differs from the infobox sum" in validate.stdout

    export = tmp_path / "kg.nq"
    run_cli("export", "--store", store, "--format", "nquads", "--output", export)
    text = export.read_text(encoding="utf-8")
    assert text == run_cli("export", "--store", store, "--format", "nquads").stdout
    mapped = run_cli("map", SEVARE, "--format", "nquads").stdout
    assert set(mapped.splitlines()) <= set(text.splitlines())  # the store holds exactly what map gives


def test_store_from_environment_variable(tmp_path: Path) -> None:
    store = tmp_path / "env-store"
    run_cli("build", SEVARE, env={"SEVARE_KG_STORE": str(store)})
    assert store.is_dir()
    assert "Mali War" in run_cli("query", "part-of-war", env={"SEVARE_KG_STORE": str(store)}).stdout


def test_default_store_is_in_the_working_directory(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SEVARE_KG_STORE"}
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "sevare-kg"), "build", str(SEVARE)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "built 1 article" in proc.stdout
    assert (tmp_path / ".sevare-kg" / "store").is_dir()


def test_reingest_replaces_the_graph(tmp_path: Path) -> None:
    store = tmp_path / "store"
    article = tmp_path / "a.txt"
    article.write_text(SEVARE.read_text(encoding="utf-8"), encoding="utf-8")
    run_cli("build", article, "--store", store)
    changed = SEVARE.read_text(encoding="utf-8").replace(
        "Casualties1: 3 Malian soldiers killed", "Casualties1: 4 Malian soldiers killed"
    )
    article.write_text(changed, encoding="utf-8")
    assert "mapped 1" in run_cli("build", article, "--store", store).stdout
    rows = run_cli(
        "query",
        "SELECT ?c WHERE { ?r <https://w3id.org/sevare-kg/ontology#sufferedBy> ?s ; "
        "<https://w3id.org/sevare-kg/ontology#count> ?c }",
        "--store",
        store,
        "--format",
        "csv",
    ).stdout
    assert rows.split() == ["c", "4", "28"] or sorted(rows.split()[1:]) == ["28", "4"]


WRITER = """
import sys, pyoxigraph
from pathlib import Path
from sevare_kg.store.knowledge_store import KnowledgeStore
store = KnowledgeStore(Path(sys.argv[1]))
g = pyoxigraph.NamedNode("https://w3id.org/sevare-kg/graph/big")
quads = [pyoxigraph.Quad(pyoxigraph.NamedNode(f"http://e/{i}"), pyoxigraph.NamedNode("http://p"),
         pyoxigraph.Literal(sys.argv[2] * 50), g) for i in range(int(sys.argv[3]))]
print("ready", flush=True)
store.replace_graph(g, quads)
print("done", flush=True)
"""


def test_a_crash_mid_replace_leaves_the_old_graph_or_the_new_one(tmp_path: Path) -> None:
    store = tmp_path / "store"
    subprocess.run([sys.executable, "-c", WRITER, str(store), "old", "2000"], check=True, capture_output=True)
    for delay in (0.05, 0.2, 0.5):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store), "new", "200000"], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        check = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                "g = pyoxigraph.NamedNode('https://w3id.org/sevare-kg/graph/big'); "
                "vals = {q.object.value[:3] for q in s.quads_for_pattern(None, None, None, g)}; "
                "print(len(list(s.quads_for_pattern(None, None, None, g))), sorted(vals))",
                str(store),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split(maxsplit=1)
        count, values = int(check[0]), check[1].strip()
        assert (count, values) in {(2000, "['old']"), (200000, "['new']")}, (delay, count, values)
        if count == 200000:
            break


# -- bad input: one line naming the file, non-zero exit, the store untouched ----------------------


def _assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines, "no error message"
    for needle in needles:
        assert any(needle in line for line in lines), proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "name,content,needles",
    [
        ("empty.txt", b"", ["empty.txt", "empty article"]),
        ("blank.txt", b"\n  \n", ["blank.txt", "empty article"]),
        ("latin1.txt", "= Caf\u00e9 =\n".encode("latin-1"), ["latin1.txt:1", "not UTF-8"]),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", ["binary.txt", "binary"]),
        ("notitle.txt", b"Infobox\n- Date: 1 May 2020\n", ["notitle.txt:1", "title line"]),
    ],
)
def test_unreadable_articles_fail_with_one_line_naming_the_file(
    tmp_path: Path, name: str, content: bytes, needles: list[str]
) -> None:
    store = tmp_path / "store"
    run_cli("build", SEVARE, "--store", store)
    before = run_cli("export", "--store", store).stdout
    bad = tmp_path / name
    bad.write_bytes(content)
    proc = run_cli("build", bad, "--store", store, check=False)
    _assert_one_line_error(proc, *needles)
    assert run_cli("export", "--store", store).stdout == before
    mapped = run_cli("map", bad, check=False)
    _assert_one_line_error(mapped, *needles)
    assert mapped.stdout == ""


def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = run_cli("build", tmp_path / "nope.txt", "--store", store, check=False)
    _assert_one_line_error(proc, "nope.txt", "no such file")
    assert not store.exists() or not any(store.iterdir())
    (tmp_path / "empty").mkdir()
    proc = run_cli("build", tmp_path / "empty", "--store", store, check=False)
    _assert_one_line_error(proc, "empty", "no article files")


def test_query_errors_are_one_line(built_store: Path, tmp_path: Path) -> None:
    proc = run_cli("query", "SELECT ?x WHERE { ?x", "--store", built_store, check=False)
    _assert_one_line_error(proc, "SPARQL syntax error")
    proc = run_cli("query", "no-such-query", "--store", built_store, check=False)
    _assert_one_line_error(proc, "no named query 'no-such-query'")
    proc = run_cli("query", "part-of-war", "--store", tmp_path / "nothing", check=False)
    _assert_one_line_error(proc, "no store here")


def test_odd_infoboxes_are_kept_with_warnings(tmp_path: Path) -> None:
    article = tmp_path / "odd.txt"
    article.write_text(
        "= 2021 Testville raid =\n\nInfobox\n- Date: 12 March 2021\n- Place: Testville, Mali\n"
        "- Mascot: a goat\n- Casualties1: many\n- Date: 13 March 2021\n- Combatant1: Malian Army\n\n"
        "On 12 March 2021, gunmen attacked Testville, killing five civilians.\n",
        encoding="utf-8",
    )
    proc = run_cli("map", article, "--format", "ntriples")
    assert "unknown infobox key 'Mascot'" in proc.stderr
    assert "duplicate infobox key 'Date'" in proc.stderr
    assert "'many'" in proc.stderr
    assert '"a goat"' in proc.stdout  # the unknown key's value is kept as a literal
    assert '"many"' in proc.stdout
    assert "Testville" in proc.stdout
    noinfobox = tmp_path / "plain.txt"
    noinfobox.write_text(
        "= Some attack =\n\nOn 1 May 2020, militants attacked a village, killing 4 people.\n",
        encoding="utf-8",
    )
    proc = run_cli("map", noinfobox, "--format", "ntriples")
    assert "no infobox" in proc.stderr
    assert "2020-05-01" in proc.stdout


def test_a_bad_article_fails_alone(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(SEVARE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\xff\xfe garbage")
    proc = run_cli("build", folder, "--store", tmp_path / "store", check=False)
    assert proc.returncode == 1
    assert "mapped 1, unchanged 0, pruned 0, failed 1" in proc.stdout
    assert "bad.txt" in proc.stderr


def test_export_to_unwritable_place_is_an_error(built_store: Path, tmp_path: Path) -> None:
    proc = run_cli(
        "export", "--store", built_store, "--output", tmp_path / "no" / "such" / "dir.nq", check=False
    )
    assert proc.returncode != 0 and "Traceback" not in proc.stderr


@pytest.mark.skipif(not CORPUS_DEV.is_dir(), reason=f"dev corpus not found at {CORPUS_DEV}")
def test_a_named_query_for_one_event_equals_the_whole_store_answer_filtered(tmp_path: Path) -> None:
    """--event runs the query over the event's graphs only: the same rows as the whole-store answer
    for that event, for every named query that lists events."""
    store = tmp_path / "store"
    run_cli(
        "-q",
        "build",
        SEVARE,
        CORPUS_DEV / "battle_of_konna.txt",
        CORPUS_DEV / "moura_massacre.txt",
        "--store",
        store,
    )
    event = "https://w3id.org/sevare-kg/event/moura-massacre"
    answered = 0
    for name in (
        "casualties",
        "casualty-totals",
        "methods",
        "part-of-war",
        "perpetrators",
        "provenance",
        "sides",
        "when-where",
        "wikidata-view",
    ):
        whole = run_cli("query", name, "--format", "csv", "--store", store).stdout.splitlines()
        one = run_cli(
            "query", name, "--format", "csv", "--store", store, "--event", "moura-massacre"
        ).stdout.splitlines()
        header = whole[0].split(",")
        assert one[0] == whole[0], name
        if "event" in header:
            expected = [line for line in whole[1:] if line.startswith(event + ",")]
        else:  # provenance names the event by its label
            expected = [line for line in whole[1:] if line.startswith("Moura massacre,")]
        assert sorted(one[1:]) == sorted(expected), name
        answered += bool(expected)
    assert answered >= 7
    # affiliations lists no event: with --event, the chains of that event's groups only
    groups = {
        line.split(",")[1]
        for line in run_cli(
            "query", "affiliations", "--format", "csv", "--store", store, "--event", "2023-sevare-attack"
        ).stdout.splitlines()[1:]
    }
    assert groups == {"Katiba Macina", "Jama'at Nasr al-Islam wal-Muslimin"}
    assert (
        run_cli("query", "part-of-war", "--store", store, "--event", event, "--format", "csv").stdout.count(
            "\n"
        )
        == 2
    )


def test_event_option_errors(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run_cli("-q", "build", SEVARE, "--store", store)
    for args, message in (
        (("sides", "--event", "no-such-event"), "no event <https://w3id.org/sevare-kg/event/no-such-event>"),
        (("sides", "--event", "a b"), "not an IRI or an event slug"),
        (("SELECT * FROM <urn:x> WHERE { ?s ?p ?o }", "--event", "2023-sevare-attack"), "leave out its FROM"),
    ):
        res = run_cli("query", *args, "--store", store, check=False)
        assert res.returncode != 0 and message in res.stderr and len(res.stderr.strip().splitlines()) == 1, (
            res.stderr
        )
