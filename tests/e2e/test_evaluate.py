"""``sevare-kg evaluate DIR``: recall and precision per fact kind on a folder with gold facts, each
miss and extra listed; run here on both development sets, which live in the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import CORPUS_DEV, CORPUS_FRESH, CORPUS_WORLD, run_cli

from sevare_kg.evaluation.scoring import KINDS, read_halves

# The figures measured on 2026-12-06, raised on 2026-12-07 (issue 16; docs/extraction-quality.md):
# a rule that lowers one fails here.
# Raise a floor when the extraction improves; never lower one to make a change pass.
WORLD_FLOORS = {
    "dates": (1.0, 1.0),
    # 1.000 since half B's misses were read (issue 16, rules named as patterns; extraction-quality.md)
    "part_of": (1.0, 1.0),
    "places": (1.0, 1.0),
    "participants": (1.0, 1.0),
    "perpetrators": (1.0, 1.0),
    "killed": (1.0, 1.0),  # 0.957 / 0.883 before the casualty rules of issue 16 (totals and parts ...)
    "injured": (1.0, 1.0),  # 1.000 / 0.929 before them
}

# The held-out set (corpus/fresh/README.md), measured on 2026-12-07 after its gold was committed
# (docs/extraction-quality.md); its misses are not for writing rules from, so these floors move only
# when the general rules do.
FRESH_FLOORS = {
    "dates": (0.966, 0.966),
    "part_of": (1.0, 1.0),
    "places": (1.0, 1.0),  # 0.889 / 0.960 on the first run; a point as a Place value names no place
    "participants": (0.944, 0.944),  # 0.894 / 0.944 before "the French Army of the Rhine" was no name
    "perpetrators": (1.0, 1.0),  # 0.867 / 0.929 first; "a massacre of X by Y" (the fourth session)
    "killed": (0.968, 0.968),  # 0.812 / 0.812 on the first run (b893189)
    "injured": (1.0, 1.0),  # 1.000 / 0.882 first
}

# The later held-out sets (tests/corpus/fresh2 … fresh17, each added with its gold before the
# extractor ran on it; docs/extraction-quality.md gives each one's first run, the honest figure
# of generalization, and what was written from it after). These floors hold today's figures.
LATER_FRESH_FLOORS = {
    "fresh2": {"perpetrators": (0.947, 1.0), "killed": (0.972, 1.0)},
    "fresh3": {"dates": (0.979, 0.979), "part_of": (0.96, 0.96), "places": (1.0, 0.986)},
    "fresh4": {"dates": (0.979, 0.979), "killed": (1.0, 0.982)},
    "fresh5": {"perpetrators": (1.0, 0.941), "killed": (0.982, 0.948), "injured": (0.947, 1.0)},
    "fresh6": {
        "dates": (0.979, 0.979),
        "places": (1.0, 0.984),
        "perpetrators": (0.937, 0.937),
        "killed": (0.934, 0.978),
        "injured": (0.925, 1.0),
    },
    "fresh7": {"dates": (1.0, 0.958), "killed": (0.981, 0.965)},
    "fresh8": {
        "dates": (0.916, 0.916),
        "places": (0.983, 1.0),
        "killed": (0.98, 0.927),
        "injured": (0.958, 1.0),
    },
    "fresh9": {
        "places": (1.0, 0.968),
        "participants": (0.958, 1.0),
        "perpetrators": (1.0, 0.944),
        "killed": (0.888, 0.979),
        "injured": (0.958, 0.958),
    },
    # perpetrators 0.923 until the fresh15 rules: Atatürk's "Susperps" row names ISIL
    "fresh10": {"dates": (0.979, 0.979), "perpetrators": (1.0, 1.0), "killed": (1.0, 0.932)},
    # first run 2d8f7b4: every kind >= 0.917; read afterwards (half X, then W)
    "fresh11": {"dates": (0.979, 0.979), "participants": (0.97, 0.97)},
    # first run 44c1543: places 0.930 / 0.848, perpetrators 1.000 / 0.812; read afterwards (Y, then Z)
    "fresh12": {"dates": (0.958, 0.958), "perpetrators": (1.0, 0.937), "killed": (1.0, 0.975)},
    # first run 0be99c8: perpetrators 1.000 / 0.667, places 0.925; read afterwards (Q, then R)
    "fresh13": {"dates": (0.979, 0.979), "places": (0.981, 0.981), "perpetrators": (1.0, 0.928)},
    # first run f386579: perpetrators 0.625 / 0.714; read afterwards (S, then T)
    "fresh14": {"dates": (0.979, 0.979), "places": (0.979, 0.979), "perpetrators": (0.933, 0.928)},
    # first run f440d6d: participants 0.800, killed 0.816, perpetrators 0.857; read afterwards (U, then V)
    "fresh15": {
        "participants": (0.909, 0.952),
        "perpetrators": (1.0, 1.0),
        "killed": (1.0, 1.0),
        "injured": (1.0, 1.0),
    },
    # first run 143f4e3 (part of 0.95, places 1.0 / 0.918, perpetrators 0.778 / 0.7, killed 0.973),
    # then read, half M first. Places' precision was 1.0 while places came only from a Place row:
    # the lead's places of an article with none add Shell House's Johannesburg and South Africa,
    # which its share's gold does not list
    "fresh16": {
        "places": (0.96, 0.979),
        "perpetrators": (1.0, 0.9),
        "killed": (1.0, 0.972),
    },
    # held out, its misses not read (tests/corpus/fresh17/README.md): its first run, da809e6
    "fresh17": {
        "part_of": (0.964, 0.931),
        "places": (0.983, 0.95),
        "participants": (0.92, 0.958),
        "perpetrators": (0.923, 0.8),
        "killed": (0.893, 0.933),
        "injured": (0.961, 1.0),
    },
}


def _evaluate(*args: str | Path) -> dict:
    return json.loads(run_cli("-q", "evaluate", *args, "--json").stdout)


def test_the_sahel_set_scores_one_on_every_kind() -> None:
    result = _evaluate(CORPUS_DEV)
    assert result["articles"] == 15
    for kind in KINDS:
        figures = result["kinds"][kind]
        assert figures["gold"] > 0, kind
        assert (figures["precision"], figures["recall"]) == (1.0, 1.0), (kind, figures)
    assert result["findings"] == []


def _assert_floors_and_every_shortfall_listed(result: dict, floors: dict[str, tuple[float, float]]) -> None:
    for kind, (precision, recall) in floors.items():
        figures = result["kinds"][kind]
        assert figures["precision"] >= precision, (kind, figures)
        assert figures["recall"] >= recall, (kind, figures)
    # every shortfall is listed: as many "missing" findings as gold items not found, per kind
    for kind in ("part_of", "places", "participants", "perpetrators"):
        figures = result["kinds"][kind]
        missing = [f for f in result["findings"] if f["kind"] == kind and f["outcome"] == "missing"]
        extra = [f for f in result["findings"] if f["kind"] == kind and f["outcome"] == "extra"]
        assert len(missing) == figures["gold"] - figures["found"], kind
        assert len(extra) == figures["extracted"] - figures["correct"], kind


def test_the_world_set_holds_its_measured_floors() -> None:
    result = _evaluate(CORPUS_WORLD)
    assert result["articles"] == 30
    _assert_floors_and_every_shortfall_listed(result, WORLD_FLOORS)


def test_the_fresh_set_holds_its_measured_floors() -> None:
    result = _evaluate(CORPUS_FRESH)
    assert result["articles"] == 15
    assert all(result["kinds"][kind]["gold"] > 0 for kind in KINDS)
    _assert_floors_and_every_shortfall_listed(result, FRESH_FLOORS)


@pytest.mark.parametrize("name", sorted(LATER_FRESH_FLOORS))
def test_the_later_fresh_sets_hold_their_figures(name: str) -> None:
    result = _evaluate(CORPUS_FRESH.parent / name)
    assert result["articles"] == (22 if name == "fresh16" else 24)  # fresh16: the readers' 8 + 8 + 6
    floors = {kind: LATER_FRESH_FLOORS[name].get(kind, (1.0, 1.0)) for kind in KINDS}
    _assert_floors_and_every_shortfall_listed(result, floors)


@pytest.mark.parametrize(
    ("gold_name", "found"),
    [
        ("Islamic State", 1),
        ("Al-Shabaab|Islamic State", 1),
        ("Islamic State|Al-Shabaab", 1),
        ("Al-Shabaab", 0),
    ],
)
def test_a_gold_name_a_or_b_is_found_by_either(tmp_path: Path, gold_name: str, found: int) -> None:
    # corpus/CORPUS.md: 'A name may list alternatives, "A|B": finding either counts as finding it.'
    (tmp_path / "a.txt").write_text(
        "= Market bombing =\n\nInfobox\n- Title: Market bombing\n- Location: Kabul, Afghanistan\n"
        "- Date: 3 May 2019\n- Fatalities: 12\n- Perpetrators: Islamic State\n\n"
        "On 3 May 2019 a bomb killed 12 people at a market in Kabul.\n",
        encoding="utf-8",
    )
    gold = {"file": "a.txt", "part_of": [], "places": [], "participants": [], "killed": [], "injured": []}
    (tmp_path / "gold.json").write_text(json.dumps([{**gold, "perpetrators": [gold_name]}]), encoding="utf-8")
    figures = _evaluate(tmp_path)["kinds"]["perpetrators"]
    assert (figures["gold"], figures["found"], figures["extracted"], figures["correct"]) == (
        1,
        found,
        1,
        found,
    )


@pytest.mark.parametrize(
    ("neutral", "extracted", "correct"),
    [
        ({}, 2, 1),  # the perpetrator the gold does not name, and the figure of 3, count against
        ({"perpetrators": ["Lowland Front"], "killed": [3]}, 1, 1),
    ],
)
def test_a_neutral_item_counts_neither_for_nor_against(
    tmp_path: Path, neutral: dict, extracted: int, correct: int
) -> None:
    # corpus/CORPUS.md: an entry's "neutral" items "count neither for nor against the extractor"
    (tmp_path / "a.txt").write_text(
        "= Market bombing =\n\nInfobox\n- Title: Market bombing\n- Location: Kabul, Afghanistan\n"
        "- Date: 3 May 2019\n- Fatalities: 12\n- Perpetrators: Islamic State, Lowland Front\n\n"
        "On 3 May 2019 a bomb killed 12 people at a market in Kabul. A second bomb killed 3 people.\n",
        encoding="utf-8",
    )
    gold = {"file": "a.txt", "part_of": [], "places": [], "participants": [], "injured": []}
    entry = {**gold, "perpetrators": ["Islamic State"], "killed": [12], "neutral": neutral}
    (tmp_path / "gold.json").write_text(json.dumps([entry]), encoding="utf-8")
    kinds = _evaluate(tmp_path)["kinds"]
    for kind in ("perpetrators", "killed"):
        assert (kinds[kind]["gold"], kinds[kind]["found"]) == (1, 1)
        assert (kinds[kind]["extracted"], kinds[kind]["correct"]) == (extracted, correct), kind


@pytest.mark.parametrize(
    ("neutral", "extracted"), [({}, 1), ({"start": "2019-05-03"}, 0), ({"end": ["2019-05-03"]}, 1)]
)
def test_a_neutral_date_counts_neither_for_nor_against(tmp_path: Path, neutral: dict, extracted: int) -> None:
    # a date in another calendar, say: the gold's start is another day, the extracted one is neutral
    (tmp_path / "a.txt").write_text(
        "= Market bombing =\n\nInfobox\n- Title: Market bombing\n- Location: Kabul, Afghanistan\n"
        "- Date: 3 May 2019\n- Fatalities: 12\n\nA bomb killed 12 people at a market in Kabul.\n",
        encoding="utf-8",
    )
    gold = {
        "file": "a.txt",
        "part_of": [],
        "places": [],
        "participants": [],
        "perpetrators": [],
        "injured": [],
    }
    entry = {**gold, "start": "2019-04-20", "killed": [12], "neutral": neutral}
    (tmp_path / "gold.json").write_text(json.dumps([entry]), encoding="utf-8")
    result = _evaluate(tmp_path)
    dates = result["kinds"]["dates"]
    assert (dates["gold"], dates["found"]) == (1, 0)
    # the end (3 May) is always extracted and no gold end exists: one extra unless it is neutral
    assert dates["extracted"] == extracted + (0 if "end" in neutral else 1), dates
    assert dates["correct"] == 0


def test_the_halves_are_fixed_and_cover_the_set() -> None:
    halves = read_halves(CORPUS_WORLD)
    files = sorted(p.name for p in CORPUS_WORLD.glob("*.txt"))
    assert sorted(halves) == files
    assert [halves[f] for f in files] == ["A", "B"] * 15  # sorted names, alternately A and B
    a, b = _evaluate(CORPUS_WORLD, "--half", "A"), _evaluate(CORPUS_WORLD, "--half", "B")
    assert a["articles"] == b["articles"] == 15
    whole = _evaluate(CORPUS_WORLD)
    for kind in KINDS:
        assert a["kinds"][kind]["gold"] + b["kinds"][kind]["gold"] == whole["kinds"][kind]["gold"]


def test_the_table_lists_each_miss_with_file_kind_and_value(tmp_path: Path) -> None:
    # neither half has a miss left: a copy of one article whose gold names a place and a
    # perpetrator the article does not, and lacks one of its participants
    name = "battle_of_sirte__2015_.txt"
    (tmp_path / name).write_bytes((CORPUS_WORLD / name).read_bytes())
    [entry] = [e for e in json.loads((CORPUS_WORLD / "gold.json").read_text("utf-8")) if e["file"] == name]
    entry = {**entry, "places": [*entry["places"], "Qqqville"], "perpetrators": ["Red Hill Militia"]}
    entry["participants"] = entry["participants"][:1]
    (tmp_path / "gold.json").write_text(json.dumps([entry]), "utf-8")
    out = run_cli("-q", "evaluate", tmp_path).stdout
    assert out.splitlines()[0] == f"1 articles in {tmp_path}"
    findings = [line.split("\t") for line in out.splitlines() if line.startswith(("missing ", "extra "))]
    assert sorted(findings) == sorted(
        [
            [f"missing  {name}", "places", "Qqqville"],
            [f"missing  {name}", "perpetrators", "Red Hill Militia"],
            [f"extra    {name}", "participants", "Wilayat Tarabulus"],
        ]
    )


@pytest.mark.parametrize(
    ("gold", "message"),
    [
        (None, "no gold file here"),
        ("{not json", "not valid JSON"),
        ('{"file": "a.txt"}', "expected a list of objects"),
        (
            '[{"file": "missing.txt", "part_of": [], "places": [], "participants": [], '
            '"perpetrators": [], "killed": [], "injured": []}]',
            "names no file",
        ),
        ('[{"file": "a.txt"}]', "lacks part_of"),
        (
            '[{"file": "a.txt", "part_of": [], "places": [], "participants": [], '
            '"perpetrators": [], "killed": [], "injured": [], "neutral": {"victims": []}}]',
            "'neutral' must map kinds",
        ),
    ],
)
def test_a_bad_gold_folder_is_one_line_and_exit_2(tmp_path: Path, gold: str | None, message: str) -> None:
    (tmp_path / "a.txt").write_text("= A =\n\nText.\n", encoding="utf-8")
    if gold is not None:
        (tmp_path / "gold.json").write_text(gold, encoding="utf-8")
    done = run_cli("evaluate", tmp_path, check=False)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_half_or_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run_cli("evaluate", CORPUS_WORLD, "--half", "C", check=False)
    assert done.returncode == 2 and "--half C: no such half" in done.stderr
    done = run_cli("evaluate", tmp_path / "nowhere", check=False)
    assert done.returncode == 2 and "no such folder" in done.stderr
