"""Limits per article in a build (issue #18): an article too large, with too many values in one
infobox field, or too slow to map fails alone, named with the limit that stopped it in the summary
and failures.tsv; the other articles are stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_support import SEVARE, run_cli


def _corpus(tmp_path: Path, extra: dict[str, str]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEVARE, folder / "good.txt")
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build(folder: Path, tmp_path: Path, *options: str) -> tuple[str, dict[str, str]]:
    failures = tmp_path / "failures.tsv"
    proc = run_cli(
        "-q", "build", folder, "--store", tmp_path / "store", "--failures", failures, *options, check=False
    )
    assert proc.returncode == 1, proc.stderr
    rows = dict(line.split("\t") for line in failures.read_text(encoding="utf-8").splitlines())
    return proc.stdout, rows


def _stored_titles(tmp_path: Path) -> list[str]:
    out = run_cli(
        "query",
        "SELECT ?t WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?t ; a <https://w3id.org/sevare-kg/ontology#Attack> }",
        "--store",
        tmp_path / "store",
        "--format",
        "csv",
    ).stdout
    return out.splitlines()[1:]


@pytest.mark.slow  # 50 MB written and read
def test_a_50_mb_prose_article_fails_alone(tmp_path: Path) -> None:
    prose = "= Huge attack =\n\n" + "The attack happened in a town. " * (50 * 1024 * 1024 // 31)
    folder = _corpus(tmp_path, {"huge.txt": prose})
    summary, rows = _build(folder, tmp_path)
    assert "mapped 1, unchanged 0, pruned 0, failed 1" in summary
    reason = rows[str(folder / "huge.txt")]
    assert "the article is 50.0 MiB, over the limit of 10.0 MiB (--max-article-size)" in reason
    assert _stored_titles(tmp_path) == ["2023 Sévaré attack"]


def test_an_infobox_field_with_too_many_values_fails_alone(tmp_path: Path) -> None:
    places = ", ".join(["Sévaré"] * 1500)
    text = f"= Repeated attack =\n\nInfobox\n- Conflict: Repeated attack\n- Place: {places}, Mali\n\nIt happened.\n"
    folder = _corpus(tmp_path, {"repeated.txt": text})
    summary, rows = _build(folder, tmp_path)
    assert "mapped 1, unchanged 0, pruned 0, failed 1" in summary
    reason = rows[str(folder / "repeated.txt")]
    assert f"{folder / 'repeated.txt'}:5: infobox field 'Place' holds 1,501 values" in reason
    assert "over the limit of 1,000 (--max-field-values)" in reason
    # the limit is the user's: raised, the article is built
    shutil.rmtree(tmp_path / "store")
    proc = run_cli("-q", "build", folder, "--store", tmp_path / "store", "--max-field-values", "2000")
    assert "mapped 2, unchanged 0, pruned 0, failed 0" in proc.stdout


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.slow)])
def test_an_article_over_the_time_limit_fails_alone(tmp_path: Path, jobs: str) -> None:
    # no article maps in 100 microseconds: every one is stopped, in the build's process (--jobs 1)
    # or in a worker's (--jobs 2, one article per chunk), and each is named
    folder = _corpus(
        tmp_path, {"other.txt": SEVARE.read_text(encoding="utf-8").replace("2023 Sévaré", "Other", 1)}
    )
    options = ("--article-time-limit", "0.0001", "--jobs", jobs, "--chunk-size", "1")
    summary, rows = _build(folder, tmp_path, *options)
    assert "mapped 0, unchanged 0, pruned 0, failed 2" in summary
    for name in ("good.txt", "other.txt"):
        assert (
            "mapping the article took over 0.0001 s, the limit (--article-time-limit)"
            in rows[str(folder / name)]
        )
