"""docs/benchmarks.md's generated tables hold what bench/report.py renders from the results files in
bench/results/ (in the repository, so this runs in a clone alone and runs no benchmark): a figure
edited by hand in such a table fails here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "benchmarks.md"
MARKED = re.compile(r"^[ \t]*<!-- table: (\S+)[^\n]*-->\n(.*?)<!-- /table -->", re.S | re.M)


def _report(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, ROOT / "bench" / "report.py", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _with_one_figure_changed(page: str) -> tuple[str, str]:
    """The page with the first digit of the first generated table's first data row changed, and the
    results file that table cites."""
    table = MARKED.search(page)
    assert table is not None, "no generated table on the page"
    body_start = table.start(2)
    first_row = page.index("\n", page.index("\n", body_start) + 1) + 1  # past the header and the rule
    digit = re.compile(r"\d").search(page, first_row, table.end(2))
    assert digit is not None
    changed = "2" if digit[0] == "1" else "1"
    return page[: digit.start()] + changed + page[digit.end() :], table[1]


def test_the_tables_are_what_the_results_files_give() -> None:
    done = _report("--check")
    assert done.returncode == 0, done.stdout + done.stderr
    matched = re.search(r"(\d+) generated tables match", done.stdout)
    assert matched is not None, done.stdout
    assert int(matched[1]) == len(MARKED.findall(DOCS.read_text(encoding="utf-8"))) >= 5


def test_a_figure_edited_by_hand_is_named_and_the_rewrite_puts_the_files_back(tmp_path: Path) -> None:
    page = DOCS.read_text(encoding="utf-8")
    edited, source = _with_one_figure_changed(page)
    copy = tmp_path / "benchmarks.md"
    copy.write_text(edited, encoding="utf-8")

    done = _report("--check", "--docs", copy)
    assert done.returncode == 1, done.stdout + done.stderr
    named = [line for line in done.stdout.splitlines() if "differs" in line]
    assert len(named) == 1 and f"the table from {source} differs" in named[0], done.stdout
    assert copy.read_text(encoding="utf-8") == edited  # --check changes nothing

    rewritten = _report("--docs", copy)
    assert rewritten.returncode == 0, rewritten.stderr
    assert copy.read_text(encoding="utf-8") == page


def test_a_table_citing_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    copy = tmp_path / "benchmarks.md"
    copy.write_text(
        "<!-- table: endpoint-20991231-0000.json clients=16 -->\n<!-- /table -->\n", encoding="utf-8"
    )
    done = _report("--check", "--docs", copy)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"report.py: error: no results file 'endpoint-20991231-0000.json' in {ROOT / 'bench' / 'results'}"
    ]
