"""Bad options on the command line: one line naming the option and the value, exit 2, nothing made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_support import SEVARE, run_cli


@pytest.mark.parametrize("command", ["map", "build", "serve"])
@pytest.mark.parametrize("base", ["not a base", "relative/path/", "http://exa mple.org/"])
def test_an_invalid_base_is_one_line_and_exit_2(tmp_path: Path, command: str, base: str) -> None:
    args = {
        "map": [SEVARE],
        "build": [SEVARE, "--store", tmp_path / "store"],
        "serve": ["--store", tmp_path / "store"],
    }
    done = run_cli(command, *args[command], "--base", base, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith(f"sevare-kg: error: --base {base!r}: not an absolute IRI")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not (tmp_path / "store").exists()


def test_a_base_without_a_trailing_slash_still_gets_one(tmp_path: Path) -> None:
    out = run_cli("map", SEVARE, "--format", "ntriples", "--base", "http://example.org/kg").stdout
    assert "<http://example.org/kg/event/2023-sevare-attack>" in out


# an article whose mapping warns: a casualty value "1,932 casualties" gives no figure, kept verbatim
WARNS = Path(__file__).resolve().parents[1] / "corpus" / "fresh" / "battle_of_tacna.txt"


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_works_before_or_after_the_subcommand(where: str) -> None:
    loud = run_cli("map", WARNS, "--format", "nquads")
    assert "WARNING" in loud.stderr  # a casualty value kept verbatim
    args = ["-q", "map", WARNS] if where == "before" else ["map", "-q", WARNS]
    quiet = run_cli(*args, "--format", "nquads")
    assert quiet.stderr == "" and quiet.stdout == loud.stdout


def test_verbose_after_the_subcommand_switches_to_the_debug_log_format() -> None:
    assert "sevare-kg: WARNING: " in run_cli("map", WARNS).stderr
    assert "sevare_kg.extraction.infobox WARNING " in run_cli("map", "-v", WARNS).stderr


def test_failures_tsv_lists_this_builds_failures_only(tmp_path: Path) -> None:
    store, failures = tmp_path / "store", tmp_path / "failures.tsv"
    run_cli("build", SEVARE, "--store", store)
    assert not failures.exists()  # nothing failed: no empty file
    bad = tmp_path / "bad.txt"
    bad.write_text("no title line, so not an article\n", encoding="utf-8")
    assert run_cli("build", SEVARE, bad, "--store", store, check=False).returncode == 1
    assert failures.read_text(encoding="utf-8").startswith(str(bad))
    run_cli("build", SEVARE, "--store", store)
    assert not failures.exists()  # the earlier list is gone, not left to mislead


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_exported_files_get_the_umask_mode(tmp_path: Path, umask: int) -> None:
    store, out = tmp_path / "store", tmp_path / "kg.nq"
    run_cli("build", SEVARE, "--store", store)
    before = os.umask(umask)  # the CLI inherits it
    try:
        run_cli("export", "--store", store, "--format", "nquads", "--output", out)
    finally:
        os.umask(before)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("command", ["stats", "validate", "export", "query"])
def test_a_reading_command_on_an_empty_folder_creates_nothing(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [command, "--store", empty] + (["casualties"] if command == "query" else [])
    done = run_cli(*args, check=False)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == f"sevare-kg: error: {empty}: no store here; run 'sevare-kg build' first (or pass --store)"
    )
    assert list(empty.iterdir()) == []
    (empty / "notes.txt").write_text("mine")
    done = run_cli(*args, check=False)
    assert done.returncode == 2 and f"{empty}: not a store" in done.stderr
    assert [p.name for p in empty.iterdir()] == ["notes.txt"]


def test_a_build_on_a_terminal_shows_a_progress_bar_and_in_a_log_a_rate(tmp_path: Path) -> None:
    """On a terminal, tqdm's bar (count, total, rate); elsewhere, with -v, a log line with the rate."""
    import pty
    import subprocess

    from cli_support import CLI, CORPUS_DEV

    leader, follower = pty.openpty()
    done = subprocess.run(
        [str(CLI), "build", str(CORPUS_DEV), "--store", str(tmp_path / "tty"), "--jobs", "1"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        timeout=300,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert done.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert "/15" in text and "articles/s" in text, text[-500:]
    logged = run_cli("-v", "build", CORPUS_DEV, "--store", tmp_path / "log", "--jobs", "1").stderr
    assert "15/15 articles read (" in logged and "/s" in logged, logged


def test_query_formats_follow_the_query_form(built_store: Path) -> None:
    """CONSTRUCT gives a graph in the RDF syntax asked for; a table format for it (or an RDF one
    for a SELECT) is one line and exit 2; an update names what to do instead."""
    construct = "CONSTRUCT { ?e a ?c } WHERE { ?e a <https://w3id.org/sevare-kg/ontology#Event> , ?c }"
    nt = run_cli("query", construct, "--store", built_store, "--format", "ntriples").stdout
    assert nt.splitlines() and all(line.endswith(" .") for line in nt.splitlines())
    ttl = run_cli("query", construct, "--store", built_store).stdout
    assert ttl.startswith("@prefix")
    bad = run_cli("query", construct, "--store", built_store, "--format", "csv", check=False)
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        "sevare-kg: error: --format csv: a CONSTRUCT query gives a graph; "
        "use --format turtle, ntriples, rdfxml or jsonld"
    )
    bad = run_cli("query", "casualties", "--store", built_store, "--format", "turtle", check=False)
    assert bad.returncode == 2 and "a SELECT query gives a table" in bad.stderr
    update = run_cli(
        "query", "PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b ex:c }", "--store", built_store, check=False
    )
    assert update.returncode == 2
    assert update.stderr.startswith(
        "sevare-kg: error: this is an update (INSERT …): 'sevare-kg query' only reads"
    )
    assert run_cli("query", "ASK { ?s ?p ?o }", "--store", built_store).stdout == "true\n"


def test_one_bad_json_lines_record_fails_alone(tmp_path: Path) -> None:
    """A lone surrogate or a record nested 100,000 deep is that record's failure, named in the
    summary and failures.tsv; the records around it are built."""
    import json

    from cli_support import CORPUS_DEV

    good = json.dumps({"text": SEVARE.read_text(encoding="utf-8")})
    other = json.dumps({"text": (CORPUS_DEV / "battle_of_konna.txt").read_text(encoding="utf-8")})
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "\n".join([good, '{"text": "\\ud800 lone"}', "[" * 100_000, other]) + "\n", encoding="utf-8"
    )
    done = run_cli("build", corpus, "--store", tmp_path / "store", check=False)
    assert done.returncode == 1, done.stderr
    assert "failed 2" in done.stdout and "Traceback" not in done.stderr
    assert f"{corpus}:2: 'text' is not valid Unicode" in done.stderr
    assert f"{corpus}:3: not a JSON object: nested too deep" in done.stderr
    assert run_cli("stats", "--store", tmp_path / "store").stdout.splitlines()[2].split() == ["events", "2"]


def test_an_empty_json_lines_file_is_an_error_like_an_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    done = run_cli("build", empty, "--store", tmp_path / "store", check=False)
    assert done.returncode == 2
    assert (
        done.stderr.strip() == f"sevare-kg: error: {empty}: no records in this JSON Lines file (it is empty)"
    )
    assert not (tmp_path / "store").exists()


def test_the_token_is_the_first_line_of_the_token_file(tmp_path: Path) -> None:
    from sevare_kg.server.options import read_token

    token_file = tmp_path / "token.txt"
    token_file.write_text("s3cret\n# made on 2026-12-07 for the CI\n", encoding="utf-8")
    assert read_token(token_file) == "s3cret"


def test_every_sevare_kg_variable_is_read_in_one_place() -> None:
    """The SEVARE_KG_* variables are read by sevare_kg.settings only, each documented there."""
    import re
    from pathlib import Path

    import sevare_kg.settings as settings_module
    from sevare_kg.settings import Settings

    src = Path(settings_module.__file__).parent
    for path in src.rglob("*.py"):
        if path.name != "settings.py":
            assert 'os.environ.get("SEVARE_KG' not in path.read_text(encoding="utf-8"), path
            assert 'os.getenv("SEVARE_KG' not in path.read_text(encoding="utf-8"), path
    documented = set(re.findall(r"``SEVARE_KG_(\w+)``", settings_module.__doc__ or ""))
    assert {"STORE", "LINKS", "TOKEN", "HTTP_SERVER", "CACHE", "REMOTE_USER"} <= documented
    env = {"SEVARE_KG_STORE": "/x/store", "SEVARE_KG_TOKEN": "", "SEVARE_KG_REMOTE_TOKEN": "t"}
    s = Settings.from_env(env)
    assert s.store == Path("/x/store") and s.token is None and s.remote == {"token": "t"}
