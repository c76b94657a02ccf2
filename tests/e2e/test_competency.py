"""The competency questions of the foundation issue, answered by the named queries on Sévaré."""

from __future__ import annotations

from pathlib import Path

from cli_support import query_json

EVENT = "https://w3id.org/sevare-kg/event/2023-sevare-attack"


def rows_for_event(store: Path, name: str) -> list[dict[str, str]]:
    rows = query_json(store, name)
    return [r for r in rows if r.get("event", EVENT) == EVENT]


def test_1_when_and_where(built_store: Path) -> None:
    rows = rows_for_event(built_store, "when-where")
    assert {r["date"] for r in rows} == {"2023-04-22"}
    assert {r["placeLabel"] for r in rows} == {"Mopti Airport", "MINUSMA base"}
    for r in rows:
        assert r["within"] == "Sévaré, Mopti Region, Mali"  # from the nearest up, as an address
    assert {r["timeOfDay"] for r in rows} == {"05:00:00"}


def test_2_part_of_which_war(built_store: Path) -> None:
    assert [r["warLabel"] for r in rows_for_event(built_store, "part-of-war")] == ["Mali War"]


def test_3_who_fought_on_each_side(built_store: Path) -> None:
    sides: dict[str, set[str]] = {}
    for r in rows_for_event(built_store, "sides"):
        sides.setdefault(r["side"], set()).add(r["actorLabel"])
    assert sides == {"1": {"Malian Armed Forces", "MINUSMA"}, "2": {"Katiba Macina"}}


def test_4_who_carried_it_out_and_was_it_claimed(built_store: Path) -> None:
    rows = rows_for_event(built_store, "perpetrators")
    assert {r["perpetratorLabel"] for r in rows} == {"Katiba Macina"}
    assert {r["responsibility"] for r in rows} == {"unclaimed"}
    assert all("claimedByLabel" not in r for r in rows)
    assert any("Katiba Macina launched" in r["source"] for r in rows)


def test_5_casualties_by_side_and_group_with_attribution(built_store: Path) -> None:
    rows = rows_for_event(built_store, "casualties")
    infobox = {
        (r["outcome"], r.get("count"), r.get("victimGroup"), r.get("side"), r.get("accordingTo"))
        for r in rows
        if r["source"].startswith("infobox")
    }
    assert infobox == {
        ("killed", "3", "soldiers", "1", None),
        ("killed", "28", "militants", "2", "Government of Mali"),
        ("killed", "10", "civilians", None, None),
        ("injured", "60", None, None, None),
    }
    lead = {(r["outcome"], r.get("count")) for r in rows if r["source"] == "sentence 1"}
    assert lead == {("killed", "13"), ("injured", "60")}
    prose_claim = [r for r in rows if r["source"] == "sentence 12"]
    assert [(r["count"], r["victimGroup"], r["accordingTo"]) for r in prose_claim] == [
        ("28", "militants", "Government of Mali")
    ]


def test_5_do_the_infobox_figures_agree_with_the_lead(built_store: Path) -> None:
    rows = {r["outcome"]: r for r in rows_for_event(built_store, "casualty-totals")}
    assert rows["killed"]["infoboxSum"] == "41"
    assert rows["killed"]["infoboxSumWithoutMilitants"] == "13"
    assert rows["killed"]["proseTotals"] == "13"
    assert "differs from the infobox sum 41" in rows["killed"]["inconsistency"]
    assert rows["injured"]["infoboxSum"] == "60" and rows["injured"]["proseTotals"] == "60"
    assert "inconsistency" not in rows["injured"]


def test_6_affiliations(built_store: Path) -> None:
    rows = {
        (r["groupLabel"], r["relation"], r["otherLabel"]) for r in query_json(built_store, "affiliations")
    }
    # the groups of the store's event and the organisations above them, not every group the
    # gazetteer knows (al-Shabaab, ISWAP … are in the reference graph, in no event here)
    assert rows == {
        ("Katiba Macina", "memberOf", "Jama'at Nasr al-Islam wal-Muslimin"),
        ("Jama'at Nasr al-Islam wal-Muslimin", "affiliatedWith", "al-Qaeda"),
    }


def test_7_how_it_was_carried_out(built_store: Path) -> None:
    rows = rows_for_event(built_store, "methods")
    methods = {(r["methodLabel"], r.get("quantity")) for r in rows}
    assert ("car bomb", "3") in methods
    assert ("suicide bombing", "3") in methods
    shots = [r for r in rows if r["methodLabel"] == "shooting"]
    assert shots and "shots were fired toward the base" in shots[0]["source"]


def test_8_every_fact_has_its_sentence_or_infobox_field(built_store: Path) -> None:
    rows = query_json(built_store, "provenance")
    text = SEVARE_TEXT()
    assert len(rows) > 20
    for r in rows:
        begin, end = int(r["begin"]), int(r["end"])
        assert text[begin:end] == r["text"], r
    kinds = {(r["property"], r["where"]) for r in rows}
    assert ("partOf", "Partof") in kinds
    assert ("casualtyReport", "Casualties2") in kinds
    assert ("method", "sentence 9") in kinds


def SEVARE_TEXT() -> str:
    from cli_support import SEVARE

    return SEVARE.read_text(encoding="utf-8")


def test_wikidata_view_answers_in_wikidata_terms(built_store: Path) -> None:
    rows = rows_for_event(built_store, "wikidata-view")
    assert {r["partOf"] for r in rows} == {"http://www.wikidata.org/entity/Q2946372"}
    deaths = {(r["deaths"], r.get("appliesTo"), r.get("supportedBy")) for r in rows}
    assert (
        "28",
        "https://w3id.org/sevare-kg/ontology#militants",
        "https://w3id.org/sevare-kg/actor/government-of-mali",
    ) in deaths
    assert ("3", "http://www.wikidata.org/entity/Q4991371", None) in deaths
