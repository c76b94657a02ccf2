"""Every Python example of the README and the docs site runs, as written: plain blocks are run
(against a real server where they name the endpoint), ``>>>`` blocks are doctests whose printed
output must match. In ``console`` blocks, each ``$ sevare-kg query NAME`` of a named query that is
followed by its output is run on the graph ``sevare-kg build`` makes (the packaged flagship
article) and must print that output, and each ``$ sevare-kg evaluate …`` must print the figures
shown; each ``sparql`` block is the text of a named query. The README's extraction-quality table
holds what ``sevare-kg evaluate`` measures today. A changed API or output breaks this test, not the
reader."""

from __future__ import annotations

import doctest
import json
import os
import re
from pathlib import Path

import pytest
from cli_support import run_cli
from server_support import server  # noqa: F401  (the fixture)

from sevare_kg.store.named_queries import load_named_queries

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
CONSOLE = re.compile(r"^```console\n(.*?)^```", re.S | re.M)
SPARQL = re.compile(r"^```sparql\n(.*?)^```", re.S | re.M)
NAMED_QUERY_RUN = re.compile(r"^\$ sevare-kg query (?P<name>[\w/-]+)(?P<format> --format \w+)?$")
EVALUATE_RUN = re.compile(r"^\$ sevare-kg evaluate [\w/.-]+(?: --half [AB])?$")


def _examples() -> list[tuple[str, int, str]]:
    out = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in BLOCK.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.append((page.relative_to(ROOT).as_posix(), line, m.group(1)))
    return out


EXAMPLES = _examples()


def _console_runs(command: re.Pattern[str]) -> list[tuple[str, int, str, str]]:
    """(page, line, command, output) for each line of a console block that ``command`` matches
    and that is followed by output lines (up to the next ``$`` line or the block's end)."""
    out = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in CONSOLE.finditer(text):
            first = text.count("\n", 0, m.start()) + 2
            lines = m.group(1).splitlines()
            for i, line in enumerate(lines):
                if command.match(line) is None:
                    continue
                shown = []
                for following in lines[i + 1 :]:
                    if following.startswith("$ "):
                        break
                    shown.append(following)
                if shown:
                    out.append((page.relative_to(ROOT).as_posix(), first + i, line[2:], "\n".join(shown)))
    return out


RUNS = _console_runs(NAMED_QUERY_RUN)
EVALUATE_RUNS = _console_runs(EVALUATE_RUN)
STATS_RUNS = _console_runs(re.compile(r"^\$ sevare-kg stats$"))


def test_the_readme_shows_named_queries_with_their_output() -> None:
    assert sum(page == "README.md" for page, *_ in RUNS) >= 3, RUNS


@pytest.mark.parametrize(("page", "line", "command", "shown"), RUNS, ids=[f"{p}:{n}" for p, n, *_ in RUNS])
def test_a_named_query_prints_what_the_docs_show(
    page: str, line: int, command: str, shown: str, built_store: Path
) -> None:
    args = command.split()[1:]
    printed = run_cli(*args, "--store", built_store).stdout
    # a table's last column is padded with spaces, which an editor may strip from the page
    assert [x.rstrip() for x in printed.splitlines()] == [x.rstrip() for x in shown.splitlines()], (
        f"{page}:{line}: '{command}' prints\n{printed}"
    )


@pytest.mark.parametrize(
    ("page", "line", "command", "shown"), STATS_RUNS, ids=[f"{p}:{n}" for p, n, *_ in STATS_RUNS]
)
def test_stats_print_what_the_docs_show(
    page: str, line: int, command: str, shown: str, built_store: Path
) -> None:
    printed = run_cli("stats", "--store", built_store).stdout
    assert printed.splitlines() == shown.splitlines(), f"{page}:{line}: '{command}' prints\n{printed}"


def test_the_docs_show_an_evaluation() -> None:
    assert EVALUATE_RUNS, "no '$ sevare-kg evaluate' console block with its output in the docs"


@pytest.mark.parametrize(
    ("page", "line", "command", "shown"), EVALUATE_RUNS, ids=[f"{p}:{n}" for p, n, *_ in EVALUATE_RUNS]
)
def test_an_evaluation_prints_what_the_docs_show(page: str, line: int, command: str, shown: str) -> None:
    args = command.split()[1:]
    printed = run_cli("-q", *args, cwd=ROOT).stdout
    assert printed.splitlines()[: len(shown.splitlines())] == shown.splitlines(), (
        f"{page}:{line}: '{command}' prints\n{printed}"
    )


README_QUALITY_ROW = re.compile(
    r"^\| `(?P<folder>tests/corpus/[\w-]+)`(?:, half (?P<half>[A-Z]))?[^|]*\| (?P<articles>\d+) "
    r"\| (?P<precision>[\d.]+) / (?P<recall>[\d.]+) \| (?P<lowest>[^|]*) \|$",
    re.M,
)


def test_the_readme_quality_table_holds_todays_figures() -> None:
    """Each row: the set's lowest precision and lowest recall over the kinds, and the kinds below
    1.000 with their figures (lowest first), as ``sevare-kg evaluate --json`` measures them."""
    rows = list(README_QUALITY_ROW.finditer((ROOT / "README.md").read_text(encoding="utf-8")))
    assert len(rows) >= 3, "the README's extraction-quality table has a row per set"
    for row in rows:
        args = [row["folder"], *(["--half", row["half"]] if row["half"] else []), "--json"]
        kinds = json.loads(run_cli("-q", "evaluate", *args, cwd=ROOT).stdout)["kinds"]
        figures = {
            k.replace("_", " "): (f["correct"] / f["extracted"], f["found"] / f["gold"])
            for k, f in kinds.items()
        }
        below = sorted((min(pr), k, pr) for k, pr in figures.items() if min(pr) < 1.0)
        lowest = ", ".join(f"{k} {p:.3f} / {r:.3f}" for _, k, (p, r) in below) or "—"
        assert (row["precision"], row["recall"], row["lowest"].strip()) == (
            f"{min(p for p, _ in figures.values()):.3f}",
            f"{min(r for _, r in figures.values()):.3f}",
            lowest,
        ), f"README row for {row['folder']} {row['half'] or ''}"


def test_a_sparql_block_is_the_text_of_a_named_query() -> None:
    bodies = {
        q.name: "\n".join(x for x in q.text.splitlines() if not x.startswith("#"))
        for q in load_named_queries()
    }
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in SPARQL.finditer(text):
            block = m.group(1).strip()
            assert any(block == body.strip() for body in bodies.values()), (
                f"{page.name}: a sparql block that is no named query's text:\n{block}"
            )


def test_the_docs_have_python_examples() -> None:
    assert len(EXAMPLES) >= 4, EXAMPLES


@pytest.mark.parametrize(("page", "line", "code"), EXAMPLES, ids=[f"{p}:{n}" for p, n, _ in EXAMPLES])
def test_python_example_runs(page: str, line: int, code: str, tmp_path: Path, request) -> None:
    if "127.0.0.1:7878" in code:  # an example against the endpoint: a real server on a free port
        srv = request.getfixturevalue("server")
        code = code.replace("http://127.0.0.1:7878", srv.url)
    code = code.replace("/tmp/kg", str(tmp_path / "kg"))
    cwd = os.getcwd()
    os.chdir(tmp_path)  # examples that write files write them here
    try:
        if code.lstrip().startswith(">>>"):
            import pandas as pd

            # a notebook shows every column of a frame; a terminal of 80 columns would not
            pd.set_option("display.max_columns", None)
            pd.set_option("display.width", 200)
            test = doctest.DocTestParser().get_doctest(code, {}, f"{page}:{line}", page, line)
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
            runner.run(test, out=lambda s: pytest.fail(f"{page}:{line}: example output differs\n{s}"))
            assert runner.failures == 0
        else:
            exec(compile(code, f"{page}:{line}", "exec"), {"__name__": "__docs__"})
    finally:
        os.chdir(cwd)
