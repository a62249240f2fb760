"""Tests of editplan.reports.extract: reading reports, the grammar, plan checks, errors."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editplan.api import load_plan, load_set
from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import InputError
from editplan.reports import lexicon
from editplan.reports.extract import (
    ExtractedItem,
    Extraction,
    extract,
    ordinal_number,
    read_report,
)
from editplan.reports.segment import letter_label
from editplan.store import yamlio
from editplan.store.paths import paths_shown_from

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "lg14-report.txt"
RIVER_REPORT = DATA / "extract" / "river-report.md"


@pytest.fixture(scope="module")
def cb_plan() -> Plan:
    return load_plan(ROOT / "plans" / "cb-action-plan.yaml")


@pytest.fixture(scope="module")
def river() -> Plan:
    return load_plan(DATA / "extract" / "river-plan.yaml")


HEAD = """Distr.
GENERAL

RB/WG/2024/3/2
4 October 2024

REPORT OF THE WORKING GROUP ON RIVER BASINS ON ITS TWENTY-FIRST MEETING

GENEVA, 30 SEPTEMBER - 2 OCTOBER 2024

1. The Working Group on River Basins met in Geneva.

2. The Group reviewed the draft river basin action plan (RB/WG/2024/3/1).

3. The Group proposed the following changes to the draft plan:

"""


def report(*items: str) -> str:
    """A small report whose paragraph 3 has the given lettered items."""
    body = "\n\n".join(f"({chr(ord('a') + i)}) {item}" for i, item in enumerate(items))
    return HEAD + body + "\n\n4. The meeting closed.\n"


def one(item: str, plan: Plan | None) -> ExtractedItem:
    extraction = extract(report(item), paragraph=3, plan=plan, source_name="r.txt")
    assert len(extraction.items) == 1
    return extraction.items[0]


def loaded(extraction: Extraction) -> AmendmentSet:
    """The extraction's YAML read back through the patch-file reader."""
    text = extraction.to_yaml()
    return yamlio.validate(AmendmentSet, yamlio.parse(text, "out.yaml"), "out.yaml")


# --- the seed report: paragraph 53 ------------------------------------------------------


def test_seed_paragraph_53_applies_like_the_hand_written_set(cb_plan: Plan) -> None:
    text = read_report(SEED)
    extraction = extract(text, paragraph=53, plan=cb_plan, source_name="lg14-report.txt")
    aset = loaded(extraction)
    expected = load_set(ROOT / "amendments" / "lg14.yaml")
    ours = apply_set(aset, cb_plan).plan.model_dump()
    theirs = apply_set(expected, cb_plan).plan.model_dump()
    assert ours == theirs
    assert [a.id for a in aset.amendments] == [a.id for a in expected.amendments]
    ops = {a.id: a.op for a in aset.amendments}
    assert ops == {a.id: a.op for a in expected.amendments}
    assert ops["53(b)"] == ops["53(m)"] == "instruction"
    for ours_a, theirs_a in zip(aset.amendments, expected.amendments, strict=True):
        assert ours_a.target_refs == theirs_a.target_refs
        assert ours_a.quote == theirs_a.quote


def test_seed_header_matches_the_hand_written_set(cb_plan: Plan) -> None:
    extraction = extract(
        read_report(SEED), paragraph=53, plan=cb_plan, plan_path="../plans/cb-action-plan.yaml"
    )
    aset = extraction.amendment_set()
    expected = load_set(ROOT / "amendments" / "lg14.yaml")
    for name in ("id", "author", "date", "plan", "base", "version"):
        assert getattr(aset, name) == getattr(expected, name), name
    assert aset.source == expected.source
    assert extraction.review == {}
    # extract never leans on default_position: the item that adds with no place says "end"
    assert aset.default_position is None
    added = next(a for a in aset.amendments if a.id == "53(h)")
    assert added.position == "end"  # type: ignore[union-attr]


def test_seed_confidence_and_notes(cb_plan: Plan) -> None:
    extraction = extract(read_report(SEED), paragraph=53, plan=cb_plan)
    confidence = {i.id: i.confidence for i in extraction.items}
    assert confidence["53(b)"] == confidence["53(m)"] == "instruction"
    assert {k for k, v in confidence.items() if v == "check"} == {
        "53(c)",
        "53(f)",
        "53(h)",
        "53(l)",
    }
    notes = {i.id: " ".join(i.notes) for i in extraction.items}
    assert "“for” would be left dangling at the end of the element" in notes["53(c)"]
    assert "“for” would be left dangling before “on”" in notes["53(f)"]
    assert "“under the” would be left dangling" in notes["53(l)"]
    text = extraction.to_yaml()
    assert "  # 53(c): check\n  # - span widened from “specific target groups”" in text
    assert "default_position" not in text
    assert extraction.summary() == "15 items: 13 operations, 2 instructions"


def test_seed_without_a_plan_marks_base_and_deletions(cb_plan: Plan) -> None:
    extraction = extract(read_report(SEED), paragraph=53)
    aset = loaded(extraction)
    assert aset.base == "CBD/CP/LG/2020/1/3"
    assert "paragraph 50" in extraction.review["base"]
    assert "# REVIEW: no plan given" in extraction.to_yaml()
    deletes = {a.id: a for a in aset.amendments if a.op == "delete"}
    assert deletes["53(c)"].phrase == "specific target groups"  # type: ignore[union-attr]
    assert all(extraction.items[i].confidence != "certain" for i in (2, 5, 11, 14))
    text = extraction.to_yaml()
    assert "Not checked against a plan: extract again with the plan to check" in text
    assert "--plan" not in text  # the library names no flag; the command line adds it


def test_seed_without_paragraph_finds_paragraph_53_only() -> None:
    extraction = extract(read_report(SEED))
    assert extraction.paragraphs == [53]
    assert [i.id for i in extraction.items] == [f"53({c})" for c in "abcdefghijklmno"]


def test_seed_paragraph_with_no_lettered_items() -> None:
    with pytest.raises(InputError) as info:
        extract(read_report(SEED), paragraph=52, source_name="lg14-report.txt")
    assert str(info.value).startswith("lg14-report.txt:")
    assert "paragraph 52 has no labelled items" in info.value.message
    assert "paragraphs with labelled items: 11, 53, 60" in info.value.message


def test_seed_no_such_paragraph() -> None:
    with pytest.raises(InputError) as info:
        extract(read_report(SEED), paragraph=99, source_name="lg14-report.txt")
    assert str(info.value) == (
        "lg14-report.txt: paragraph 99 not found; the report has numbered paragraphs 1 to 60"
    )


# --- each phrasing, in other words than the report's --------------------------------------

PHRASINGS: list[tuple[str, dict[str, Any], str]] = [
    (
        '_Goal A.1, key area (2)_ should be reworded to read: "Training inspectors and volunteers '
        'on sampling methods";',
        {"target": "Goal A.1, key area (2)", "op": "rephrase",
         "text": "Training inspectors and volunteers on sampling methods"},
        "certain",
    ),
    (
        "Goal B.2, activity (i) should read as follows: “Organize river festivals and clean-up "
        "days”.",
        {"op": "rephrase", "text": "Organize river festivals and clean-up days"},
        "certain",
    ),
    (
        "**Goal A.2, key area (1)** should be rephrased as follows “Reducing *industrial and "
        "urban* discharges into rivers”; and",
        {"op": "rephrase", "text": "Reducing industrial and urban discharges into rivers"},
        "certain",
    ),
    (
        "Goal A.2, activity (i) should be revised to reflect the needs of smallholders;",
        {"target": "Goal A.2, activity (i)", "op": "instruction",
         "reason": "The report gives no wording; the secretariat drafts it."},
        "instruction",
    ),
    (
        'Goal B.1, activity (ii), the reference to "data-sharing" should be deleted;',
        {"op": "delete", "phrase": "data-sharing"},
        "certain",
    ),
    (
        "Goal B.2, key area (2): delete the reference to “youth”.",
        {"op": "delete", "phrase": "youth"},
        "certain",
    ),
    (
        "Goal A.1, activity (i), the term “annual” should be replaced by “biennial”;",
        {"op": "replace", "phrase": "annual", "by": "biennial"},
        "certain",
    ),
    (
        "Goal B.1, activity (i), “a biennial” should be substituted for “an annual”;",
        {"op": "replace", "phrase": "an annual", "by": "a biennial"},
        "certain",
    ),
    (
        "Goal A.1, activity (iii), the word “laboratories” should be replaced with “testing "
        "centres” wherever it appears;",
        {"op": "replace", "phrase": "laboratories", "by": "testing centres", "occurrence": "all"},
        "certain",
    ),
    (
        "Goal A.2, key area (2), “and urban” should be inserted after “agricultural”;",
        {"op": "insert", "text": "and urban", "position": "after", "anchor": "agricultural"},
        "certain",
    ),
    (
        "Goal B.2, key area (1), the word “local” should be added before “public awareness”;",
        {"op": "insert", "text": "local", "position": "before", "anchor": "public awareness"},
        "certain",
    ),
    (
        "Goals A.3, 4 and 5, activity (i), the words “and tributaries” should be added at the end;",
        {"target": "Goals A.3, 4 and 5, activity (i)", "op": "insert", "text": "and tributaries",
         "position": "end"},
        "certain",
    ),
    (
        "Goal A.1, activity (iv) should be divided into three activities, as follows: (i) “Share "
        "sampling data with basin authorities”, (ii) “Publish sampling data online” and (iii) "
        "“Train staff in data management”;",
        {"op": "split", "into": ["Share sampling data with basin authorities",
                                 "Publish sampling data online", "Train staff in data management"]},
        "certain",
    ),
    (
        "Goal A.2, key area (1) should be split into two key areas, and “urban” should be added "
        "to the second one, as follows: (1) “Reducing industrial discharges” and (2) “Reducing "
        "urban discharges”;",
        {"op": "split", "into": ["Reducing industrial discharges", "Reducing urban discharges"]},
        "certain",
    ),
    (
        "Goal A.2, an activity reading “Train farm advisers on nutrient management” should be "
        "added after activity (i);",
        {"target": "Goal A.2", "op": "add", "kind": "activity",
         "text": "Train farm advisers on nutrient management", "position": "after",
         "sibling": "Goal A.2, activity (i)"},
        "certain",
    ),
    (
        "Goal B.1, “Agreeing on shared basin targets” should be added as a new key area at the "
        "beginning;",
        {"op": "add", "kind": "key_area", "text": "Agreeing on shared basin targets",
         "position": "start"},
        "certain",
    ),
    (
        "Goals A.3, 4 and 5, the following key area should be added at the end: “Protecting "
        "groundwater recharge zones”;",
        {"target": "Goals A.3, 4 and 5", "op": "add", "kind": "key_area",
         "text": "Protecting groundwater recharge zones", "position": "end"},
        "certain",
    ),
    (
        "Goals A.1 and A.2, a new key area with the following wording should be included: "
        "“Publishing open data on water quality”;",
        {"targets": ["Goal A.1", "Goal A.2"], "op": "add", "kind": "key_area",
         "text": "Publishing open data on water quality"},
        "check",
    ),
    (
        "Goal B.2, key area (2) should be deleted;",
        {"target": "Goal B.2, key area (2)", "op": "remove"},
        "certain",
    ),
    (
        "Goals A.3, A.4 and A.5, activity (iii) should be rephrased as follows: “Map and protect "
        "wetlands suitable for restoration”;",
        {"target": "Goals A.3, A.4 and A.5, activity (iii)", "op": "rephrase"},
        "certain",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected", "confidence"), PHRASINGS)
def test_phrasing(river: Plan, sentence: str, expected: dict[str, Any], confidence: str) -> None:
    item = one(sentence, river)
    assert item.amendment is not None
    for key, value in expected.items():
        assert item.amendment.get(key) == value, (key, item.amendment)
    assert item.confidence == confidence, item.notes
    assert item.amendment["id"] == "3(a)"
    assert item.amendment["quote"] == " ".join(sentence.split())


def test_all_phrasings_together_apply(river: Plan) -> None:
    sentences = [s for s, _, _ in PHRASINGS]
    # one amendment per element: drop the ones that touch an element another one touches
    keep = [s for i, s in enumerate(sentences) if i not in (2, 5)]
    extraction = extract(report(*keep), paragraph=3, plan=river, source_name="r.txt")
    aset = loaded(extraction)
    result = apply_set(aset, river).plan
    places = {p.label: p.item.text for p in result.locate().values()}
    assert (
        places["Goal A.1, key area (2)"] == "Training inspectors and volunteers on sampling methods"
    )
    assert places["Goal B.1, activity (ii)"] == "Develop agreements between riparian States"
    assert places["Goal A.2, key area (2)"] == "Reducing urban discharges"
    assert places["Goal A.2, key area (3)"] == "Controlling agricultural and urban run-off"
    assert places["Goal A.2, key area (4)"] == "Publishing open data on water quality"
    assert places["Goal A.2, activity (ii)"] == "Train farm advisers on nutrient management"
    assert places["Goal B.1, key area (1)"] == "Agreeing on shared basin targets"
    assert places["Goals A.3, A.4 and A.5, activity (i)"] == (
        "Install river gauges in upstream catchments and tributaries"
    )
    assert places["Goals A.3, A.4 and A.5, key area (3)"] == "Protecting groundwater recharge zones"
    assert places["Goal A.1, activity (vi)"] == "Train staff in data management"
    assert places["Goal A.1, activity (iii)"] == (
        "Equip testing centres and mobile testing centres with reference samples"
    )
    assert places["Goal A.1, activity (i)"] == (
        "Publish biennial river quality reports for local communities"
    )
    assert places["Goal B.1, activity (i)"] == "Convene a biennial meeting of basin committees"
    assert places["Goal B.2, key area (1)"] == "Raising local public awareness of river health"
    assert "Goal B.2, key area (2)" not in places
    assert [a.id for a in apply_set(aset, river).changes.pending] == ["3(c)"]


def test_italics_straight_and_curly_quotes_give_the_same_amendment(river: Plan) -> None:
    plain = one(
        'Goal A.1, activity (i), the word "annual" should be replaced by "biennial";', river
    )
    fancy = one(
        "*Goal A.1, activity (i)*, the word “annual” should be replaced by “biennial”;", river
    )
    assert plain.amendment is not None and fancy.amendment is not None
    strip = {"quote"}
    assert {k: v for k, v in plain.amendment.items() if k not in strip} == {
        k: v for k, v in fancy.amendment.items() if k not in strip
    }


def test_an_item_that_spans_lines(river: Plan) -> None:
    text = HEAD + (
        "(a) *Goal B.1, activity (ii)* should be rephrased\n"
        "as follows: “Develop data-\n"
        "sharing agreements and joint\n"
        "monitoring between riparian States”;\n\n"
        "ITEM 4. CLOSURE\n\n"
        "4. The meeting closed.\n"
    )
    item = extract(text, paragraph=3, plan=river).items[0]
    assert item.amendment is not None
    assert item.amendment["text"] == (
        "Develop data-sharing agreements and joint monitoring between riparian States"
    )
    assert "CLOSURE" not in item.quote
    assert item.line == HEAD.count("\n") + 1


def test_the_target_may_come_after_the_words(river: Plan) -> None:
    item = one("the reference to “downstream” in Goal A.1, activity (iv) should be deleted;", river)
    assert item.amendment is not None
    assert item.amendment["target"] == "Goal A.1, activity (iv)"
    assert item.amendment["phrase"] == "downstream"
    # "with" stays before the deleted word and is followed by "basin": a person checks
    assert item.confidence == "check"
    assert "“with” stays before the deleted words" in item.notes[0]


# --- items that must come out as instructions ---------------------------------------------

INSTRUCTIONS = [
    "Goal A.2, key area (1) should be merged with key area (2);",
    "Goal A.1, key area (1) should be reworded to stress citizen science;",
    "Goal B.2 should be deleted;",
    "Goal A.1, activity (iv) should be split into two activities, one on data and one on "
    "reporting;",
    "Goal A.2, activity (ii), the word “” should be deleted;",
    "Goal B.1, key area (1) deserves more attention in the next revision.",
]


@pytest.mark.parametrize("sentence", INSTRUCTIONS)
def test_items_that_become_instructions(river: Plan, sentence: str) -> None:
    extraction = extract(report(sentence), paragraph=3, plan=river)
    item = extraction.items[0]
    assert item.confidence == "instruction"
    assert item.amendment is not None
    assert item.amendment["op"] == "instruction"
    assert item.amendment["quote"] == " ".join(sentence.split())
    assert item.reasons and item.amendment["reason"]
    aset = loaded(extraction)
    applied = apply_set(aset, river)
    assert applied.plan.model_dump(exclude={"version"}) == river.model_dump(exclude={"version"})
    assert [p.id for p in applied.changes.pending] == ["3(a)"]


def test_an_item_naming_no_element_is_an_instruction_not_dropped(river: Plan) -> None:
    """An item that names no element is never dropped: it is an instruction recorded on the
    goal of the nearest item that names one, saying so."""
    extraction = extract(
        report(
            "Goal A.1, key area (1) should be deleted;",
            "The introduction should be shortened.",
        ),
        paragraph=3,
        plan=river,
    )
    assert [i.id for i in extraction.items] == ["3(a)", "3(b)"]
    left = extraction.items[1]
    assert left.amendment is not None and left.confidence == "instruction"
    assert left.amendment["target"] == "Goal A.1" and left.amendment["op"] == "instruction"
    assert "names no goal, key area or activity" in left.reasons[0]
    assert any(line.startswith("3(b) (instruction):") for line in extraction.needs_review())
    assert "NOT ENCODED" not in extraction.to_yaml()
    assert [a.id for a in loaded(extraction).amendments] == ["3(a)", "3(b)"]


def test_an_item_naming_no_element_before_the_first_that_does(river: Plan) -> None:
    extraction = extract(
        report("The introduction should be shortened.", "Goal A.1, key area (1) should be "
               "deleted;"),
        paragraph=3,
        plan=river,
    )  # fmt: skip
    assert extraction.items[0].amendment is not None
    assert extraction.items[0].amendment["target"] == "Goal A.1"


# --- checks against the plan ---------------------------------------------------------------


def test_target_absent_from_the_plan_is_an_instruction_and_the_file_is_still_written(
    river: Plan,
) -> None:
    extraction = extract(
        report(
            "Goal C.1, key area (1) should be deleted;",
            "Goal A.1, key area (5) should be rephrased as follows: “Counting fish”;",
        ),
        paragraph=3,
        plan=river,
    )
    first, second = extraction.items
    assert first.confidence == second.confidence == "instruction"
    assert first.reasons == ["target 'Goal C.1, key area (1)': Goal C.1 does not exist; the plan "
                             "has areas A, B"]  # fmt: skip
    assert "Goal A.1 has 2 key areas; key area (5) does not exist" in second.reasons[0]
    aset = loaded(extraction)
    assert [a.op for a in aset.amendments] == ["instruction", "instruction"]


def test_phrase_absent_twice_and_case(river: Plan) -> None:
    extraction = extract(
        report(
            "Goal A.1, key area (1), the reference to “river qualities” should be deleted;",
            "Goal A.1, activity (iii), the word “regional” should be inserted before "
            "“laboratories”;",
            "Goal A.1, key area (1), the word “District” should be replaced by “county”;",
        ),
        paragraph=3,
        plan=river,
    )
    absent, twice, case = extraction.items
    assert absent.reasons == [
        "“river qualities” does not occur as whole words in Goal A.1, key area (1), which reads "
        "“Monitoring river quality at the district level”; the nearest is “river quality”"
    ]
    assert twice.reasons == [
        "“laboratories” occurs 2 times in Goal A.1, activity (iii), which reads “Equip "
        "laboratories and mobile laboratories with reference samples”, and the report does not "
        "say which"
    ]
    assert absent.confidence == twice.confidence == "instruction"
    assert case.amendment is not None and case.amendment["phrase"] == "district"
    assert case.confidence == "check"


def test_partial_block_is_an_instruction(river: Plan) -> None:
    item = one("Goals A.3 and A.4, key area (1) should be rephrased as follows: “X y”;", river)
    assert item.confidence == "instruction"
    assert "share one block" in item.reasons[0]


def test_full_form_block_without_a_plan_is_taken_as_separate_goals() -> None:
    item = one(
        "Goals A.3, A.4 and A.5, activity (iii) should be rephrased as follows: “Map wetlands”;",
        None,
    )
    assert item.amendment is not None
    assert item.amendment["targets"] == [
        "Goal A.3, activity (iii)",
        "Goal A.4, activity (iii)",
        "Goal A.5, activity (iii)",
    ]
    assert item.confidence == "check"
    bare = one("Goals A.3, 4 and 5, activity (iii) should be rephrased as follows: “Map”;", None)
    assert (
        bare.amendment is not None
        and bare.amendment["target"] == "Goals A.3, 4 and 5, activity (iii)"
    )


@pytest.mark.parametrize(
    ("sentence", "phrase", "why"),
    [
        ("Goal A.1, activity (i), the reference to “local communities” should be deleted;",
         "for local communities", "at the end of the element"),
        ("Goal A.1, activity (ii), the reference to “the use of field kits” should be deleted;",
         "in the use of field kits", "before “on”"),
        ("Goal A.2, activity (ii), the reference to “discharge permits regime” should be deleted;",
         "under the discharge permits regime", "at the end of the element"),
    ],
)  # fmt: skip
def test_deletion_span_widens_over_a_dangling_preposition(
    river: Plan, sentence: str, phrase: str, why: str
) -> None:
    item = one(sentence, river)
    assert item.amendment is not None
    assert item.amendment["phrase"] == phrase
    assert item.notes[0].endswith(f"would be left dangling {why}")
    assert "so that no preposition is left dangling" in item.amendment["note"]


# --- the header ------------------------------------------------------------------------------


def test_header_from_the_report(river: Plan) -> None:
    extraction = extract(report("Goal B.2, key area (2) should be deleted;"), paragraph=3)
    h = extraction.header
    assert h["id"] == "wg21"
    assert h["author"] == "Working Group on River Basins (WG-21)"
    assert h["date"] == dt.date(2024, 10, 2)
    assert h["source"] == {
        "document": "RB/WG/2024/3/2",
        "paragraph": 3,
        "title": "Report of the Working Group on River Basins on its twenty-first meeting",
    }
    assert h["base"] == "RB/WG/2024/3/1"
    assert h["version"] == "RB/WG/2024/3/1 + WG-21"
    assert h["plan"] == "../plans/PLAN.yaml"  # no plan given: the file says to name it
    assert "default_position" not in h
    assert set(extraction.review) == {"base"}
    with_plan = extract(report("Goal B.2, key area (2) should be deleted;"), paragraph=3,
                        plan=river, plan_path="../plans/river.yaml")  # fmt: skip
    assert with_plan.header["base"] == "RB/WG/2024/3/1"
    assert with_plan.header["plan"] == "../plans/river.yaml"
    assert with_plan.review == {}


def test_header_missing_parts_are_marked_for_review() -> None:
    text = "1. The Group met.\n\n2. It proposed:\n\n(a) Goal A.1, key area (1) should be deleted;\n"
    extraction = extract(text, paragraph=2, source_name="notes/minutes.txt")
    assert extraction.header["id"] == "minutes"
    assert extraction.header["author"] == "Unknown body"
    assert extraction.header["date"] == dt.date(1970, 1, 1)
    assert set(extraction.review) == {"source.document", "id", "author", "date", "base"}
    text_out = extraction.to_yaml()
    assert text_out.count("# REVIEW:") == 5
    assert "  # REVIEW: no document symbol found" in text_out
    loaded(extraction)


def test_markdown_report_end_to_end(river: Plan) -> None:
    text = read_report(RIVER_REPORT)
    extraction = extract(text, paragraph=3, plan=river, plan_path="river-plan.yaml")
    assert extraction.header["id"] == "wgrb21"
    assert extraction.header["author"] == "Working Group on River Basins (WGRB-21)"
    assert extraction.header["date"] == dt.date(2024, 10, 2)
    assert [i.amendment["op"] for i in extraction.items if i.amendment] == [
        "rephrase", "replace", "delete", "add", "insert", "split", "instruction", "remove",
    ]  # fmt: skip
    result = apply_set(loaded(extraction), river).plan
    texts = {p.label: p.item.text for p in result.locate().values()}
    assert (
        texts["Goal A.1, activity (i)"]
        == "Publish biennial river quality reports for local communities"
    )
    assert texts["Goal A.1, activity (ii)"] == "Train inspectors on sampling days"
    assert texts["Goals A.3, A.4 and A.5, activity (iii)"] == (
        "Test drought contingency plans every three years"
    )
    assert texts["Goal A.2, activity (ii)"] == "Train farm advisers on nutrient management"
    assert result.version == "RB/WG/2024/3/1 + WGRB-21"


@pytest.mark.parametrize(
    ("word", "number"),
    [("first", 1), ("fourteenth", 14), ("TWENTIETH", 20), ("twenty-first", 21),
     ("thirty-third", 33), ("3rd", 3), ("12th", 12), ("banana", None), ("twenty-tenth", None)],
)  # fmt: skip
def test_ordinal_numbers(word: str, number: int | None) -> None:
    assert ordinal_number(word) == number


def test_date_from_the_body_when_the_heading_has_none() -> None:
    text = (
        "XY/1/2\n\nREPORT OF THE EXPERT PANEL ON SOILS ON ITS THIRD MEETING\n\n"
        "1. The second meeting was held from 1 to 3 March 2021.\n\n"
        "2. The third meeting of the Expert Panel was held from 30 June to 2 July 2022.\n\n"
        "3. The Panel proposed:\n\n(a) Goal A.1, key area (1) should be deleted;\n"
    )
    extraction = extract(text, paragraph=3)
    assert extraction.header["date"] == dt.date(2022, 7, 2)
    assert extraction.header["id"] == "ep3"
    assert "date" not in extraction.review


def test_several_paragraphs_without_n() -> None:
    text = report("Goal A.1, key area (1) should be deleted;") + (
        "\n5. The Group also proposed:\n\n(a) Goal B.1, activity (i) should be deleted;\n"
        "\n6. The Group thanked:\n\n(a) the host country;\n(b) the secretariat.\n"
    )
    extraction = extract(text)
    assert extraction.paragraphs == [3, 5]
    assert [i.id for i in extraction.items] == ["3(a)", "5(a)"]
    assert loaded(extraction).source.paragraph == "3, 5"


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Goal A.1, key area (1) should be rephrased as follows: “Monitoring rivers;",
         "unbalanced quotes: the “ at "),
        ('Goal A.1, key area (1) should be rephrased as follows: "Monitoring rivers;',
         'unbalanced quotes: the " at '),
        ("Goal A.1, key area (1) should be rephrased as follows: Monitoring rivers”;",
         "unbalanced quotes: a closing ” with no opening “"),
    ],
)  # fmt: skip
def test_unbalanced_quotes(item: str, expected: str) -> None:
    extraction = extract(report(item), paragraph=3, source_name="r.txt")
    only = extraction.items[0]
    assert only.confidence == "instruction"
    assert only.reasons[0].startswith(expected)
    assert only.reasons[0].endswith("fix the report's quotation marks")
    assert any(line.startswith("3(a) (instruction): unbalanced quotes")
               for line in extraction.needs_review())  # fmt: skip


def test_no_numbered_paragraphs_reads_the_whole_report() -> None:
    """A committee's report, a sub-committee's list or a decision numbered "XIV.2" has no
    paragraphs numbered 1., 2., ...: without a paragraph named, the whole report is read."""
    extraction = extract("Just prose.\n(a) Goal A.1 should be deleted.\n", source_name="r.txt")
    assert [i.id for i in extraction.items] == ["(a)"]
    assert extraction.paragraphs == [] and "paragraph" not in extraction.header["source"]
    assert "from r.txt, the whole report: 1 items" in extraction.to_yaml()


def test_no_numbered_paragraphs_but_one_named() -> None:
    with pytest.raises(InputError, match=r"^r.txt: paragraph 3 not found: the report has no "
                       r"numbered paragraphs") as e:  # fmt: skip
        extract("Just prose.\n(a) Goal A.1 should be deleted.\n", paragraph=3,
                source_name="r.txt")  # fmt: skip
    assert e.value.remedy == "paragraph" and "--" not in str(e.value)


def test_no_numbered_paragraphs_and_nothing_to_read() -> None:
    with pytest.raises(InputError, match="no paragraph has labelled items that name a goal"):
        extract("Just prose.\nMore prose.\n", source_name="r.txt")


def test_no_amending_paragraph_without_n() -> None:
    text = "1. The Group met.\n\n2. It thanked:\n\n(a) the host;\n(b) the chair.\n"
    with pytest.raises(InputError, match="no paragraph has labelled items that name a goal") as e:
        extract(text, source_name="r.txt")
    assert str(e.value).endswith("; name the paragraph to read")
    assert "--" not in str(e.value) and e.value.remedy == "paragraph"


def test_cli_names_the_flags_the_library_leaves_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from editplan.cli import main

    monkeypatch.chdir(tmp_path)  # no workspace here: no plan to check against

    report = tmp_path / "r.txt"
    report.write_text("1. The Group met.\n\n2. It thanked:\n\n(a) the host;\n(b) the chair.\n")
    result = CliRunner().invoke(main, ["extract", str(report)])
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith("; name the paragraph to read with --paragraph")
    result = CliRunner().invoke(main, ["extract", str(SEED), "--paragraph", "53"])
    assert result.exit_code == 0, result.stderr
    assert "# Not checked against a plan: extract again with the plan (--plan) to check" in (
        result.stdout
    )
    out = tmp_path / "x.yaml"
    result = CliRunner().invoke(main, ["extract", str(SEED), "--paragraph", "53", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "with the plan (--plan) to check" in out.read_text()


def test_lettered_items_that_name_nothing() -> None:
    text = "1. The Group met.\n\n2. It thanked:\n\n(a) the host;\n(b) the chair.\n"
    with pytest.raises(InputError, match="none of the labelled items of paragraph 2 names a goal"):
        extract(text, paragraph=2, source_name="r.txt")


def test_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cases: dict[str, tuple[bytes | None, str]] = {
        "missing.txt": (None, "missing.txt: no such file"),
        "latin1.txt": ("1. Caf\u00e9\n".encode("latin-1"),
                       "latin1.txt:1:7: not UTF-8: byte 0xE9 cannot be decoded"),
        "empty.md": (b"  \n", "empty.md: the report is empty"),
        "garbage.docx": (b"this is not a zip", "garbage.docx: is not a Word document"),
        "report.pdf": (b"%PDF-1.7 ...", "report.pdf: is a PDF"),
        "binary.txt": (b"\x00\x01\x02abc", "binary.txt: is a binary file, not text"),
    }  # fmt: skip
    for name, (data, expected) in cases.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
        with paths_shown_from(tmp_path), pytest.raises(InputError) as info:
            read_report(tmp_path / name)
        assert str(info.value).startswith(expected), str(info.value)
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(InputError, match="is a folder, not a report"):
        read_report(tmp_path / "folder.txt")
    with zipfile.ZipFile(tmp_path / "archive.docx", "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(InputError, match="is a zip archive but not a Word document"):
        read_report(tmp_path / "archive.docx")


def test_docx_report(tmp_path: Path, river: Plan) -> None:
    import docx

    document = docx.Document()
    text = report(
        "Goal A.1, activity (i), the term “annual” should be replaced by “biennial”;",
        "Goal A.2, activity (i) should be revised to name smallholders;",
    )
    for line in text.split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "report.docx"
    document.save(str(path))
    read = read_report(path)
    assert "REPORT OF THE WORKING GROUP ON RIVER BASINS" in read
    extraction = extract(read, paragraph=3, plan=river)
    assert [i.confidence for i in extraction.items] == ["certain", "instruction"]


def test_a_set_that_does_not_validate_is_refused_whole(river: Plan) -> None:
    extraction = extract(report("Goal B.2, key area (2) should be deleted;"), paragraph=3,
                         plan=river, source_name="r.txt")  # fmt: skip
    assert extraction.items[0].amendment is not None
    extraction.items[0].amendment["op"] = "explode"
    with pytest.raises(InputError, match=r"does not validate .*nothing was written"):
        extraction.to_yaml()


# --- the grammar as a table ------------------------------------------------------------------


def test_the_lexicon_names_every_family_of_verb() -> None:
    assert set(lexicon.VERBS) == {"delete", "replace", "insert", "rephrase", "read", "split",
                                  "merge", "move"}  # fmt: skip


WORDS = st.sampled_from(
    ["should", "be", "the", "key", "area", "moved", "merged", "deleted", "and", "with", "(2)",
     "rephrased", "to", "address", "as", "follows", "later", "added", ",", ";", "activity"]
)  # fmt: skip
TARGETS = st.sampled_from(
    ["Goal A.1", "Goal A.2, key area (1)", "Goals A.3, 4 and 5, activity (ii)"]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(TARGETS, st.lists(WORDS, min_size=1, max_size=8)), min_size=1, max_size=5)
)
def test_no_item_is_ever_dropped(river: Plan, items: list[tuple[str, list[str]]]) -> None:
    sentences = [f"{target} {' '.join(words)};" for target, words in items]
    extraction = extract(report(*sentences), paragraph=3, plan=river)
    assert len(extraction.items) == len(sentences)
    aset = loaded(extraction)
    assert len(aset.amendments) == len(sentences)
    for item, sentence in zip(extraction.items, sentences, strict=True):
        assert item.quote == sentence


def test_item_boundaries(river: Plan) -> None:
    text = HEAD + (
        "(a) Goal A.1, key area (1) should be rephrased as follows: “Monitoring river quality\n"
        "with the WMO\n"
        "network”;\n\n"
        "(b) Goal A.1, key area (2) should be rephrased as follows: “Training inspectors\n\n"
        "Page 7\n\n"
        "¹ A footnote that is not part of the item.\n\n"
        "on sampling”;\n\n"
        "The Group noted that other goals would be reviewed later.\n\n"
        "C. Other matters\n\n"
        "4. The meeting closed.\n"
    )
    first, second = extract(text, paragraph=3, plan=river).items
    assert first.amendment is not None and second.amendment is not None
    assert first.amendment["text"] == "Monitoring river quality with the WMO network"
    assert second.amendment["text"] == "Training inspectors on sampling"
    assert second.quote.endswith("on sampling”;")


def test_docx_with_word_numbering(tmp_path: Path, river: Plan) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    numbering.insert(
        numbering.index(first_num),
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
            '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )

    def add(text: str, level: int | None = None) -> None:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/>'
                    "</w:numPr>"
                )
            )

    add("RB/WG/2024/3/2")
    add("REPORT OF THE WORKING GROUP ON RIVER BASINS ON ITS TWENTY-FIRST MEETING")
    add("The Working Group on River Basins met.", 0)
    add("The Group reviewed the draft plan (RB/WG/2024/3/1) and listed:", 0)
    add("the host country;", 1)
    add("The Group proposed:", 0)
    add("Goal A.1, activity (i), the term “annual” should be replaced by “biennial”;", 1)
    add("Goal B.2, key area (2) should be deleted.", 1)
    add("The meeting closed.", 0)
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    text = read_report(path)
    assert "\n3. The Group proposed:\n(a) Goal A.1, activity (i)" in text
    assert "\n(b) Goal B.2, key area (2) should be deleted.\n4. The meeting closed." in text
    extraction = extract(text, paragraph=3, plan=river)
    assert [i.amendment["op"] for i in extraction.items if i.amendment] == ["replace", "remove"]
    assert extraction.header["id"] == "wg21"


# --- issue 12: every item accounted for, nothing guessed --------------------------------------

THIRTY_TWO = [
    "Goal A.1, key area (1) should be rephrased as follows: “Drafting biosafety laws”;",
    "Goal A.1, key area (2) should be rephrased to stress gender;",
] * 16


def test_thirty_two_items_a_to_ff_give_thirty_two_amendments_in_order(cb_plan: Plan) -> None:
    body = "\n\n".join(f"({letter_label(i + 1)}) {s}" for i, s in enumerate(THIRTY_TWO))
    text = HEAD + body + "\n\n4. The meeting closed.\n"
    extraction = extract(text, paragraph=3, plan=cb_plan)
    ids = [a.id for a in loaded(extraction).amendments]
    assert ids == [f"3({letter_label(i + 1)})" for i in range(32)]
    assert ids[26:] == ["3(aa)", "3(bb)", "3(cc)", "3(dd)", "3(ee)", "3(ff)"]
    assert extraction.summary() == "32 items: 16 operations, 16 instructions"
    assert extraction.problems == []


def test_a_gap_in_the_labels_is_reported_and_no_item_is_lost(river: Plan) -> None:
    text = HEAD + (
        "(a) Goal B.2, key area (2) should be deleted;\n\n"
        "(b) Goal A.1, key area (1) should be deleted;\n\n"
        "(d) Goal B.1, activity (i) should be deleted.\n\n4. The end.\n"
    )
    extraction = extract(text, paragraph=3, plan=river)
    assert [i.id for i in extraction.items] == ["3(a)", "3(b)", "3(d)"]
    assert extraction.problems == ["paragraph 3, line 21: item (d) follows (b); (c) missing"]
    assert "labels: paragraph 3, line 21: item (d) follows (b); (c) missing" in (
        extraction.needs_review()
    )
    assert "1 problem(s) in the labels" in extraction.summary()


def test_a_repeated_label_is_kept_with_its_own_id(river: Plan) -> None:
    text = HEAD + (
        "(a) Goal B.2, key area (2) should be deleted;\n\n"
        "(a) Goal A.1, key area (1) should be deleted.\n\n4. The end.\n"
    )
    extraction = extract(text, paragraph=3, plan=river)
    assert [i.id for i in extraction.items] == ["3(a)", "3(a)-2"]
    assert "repeats the label" in extraction.problems[0]


def test_an_empty_paragraph_is_refused() -> None:
    text = "1. The Group met.\n\n2.  \n\n3. It closed.\n"
    with pytest.raises(InputError, match="paragraph 2 is empty"):
        extract(text.replace("2.  ", "2. \u00a0"), paragraph=2, source_name="r.txt")


def test_sub_items_take_their_goal_from_the_lead_in(cb_plan: Plan) -> None:
    text = HEAD + (
        "(a) In Goal A.4:\n"
        "(i) key area (2) should be rephrased as follows: “Implementing compliance action plans”;\n"
        "(ii) activity (iv) should be deleted;\n\n"
        "(b) Goal B.2, activity (i), the word “predictable” should be replaced by “adequate”.\n\n"
        "4. The end.\n"
    )
    extraction = extract(text, paragraph=3, plan=cb_plan)
    got = [(a.id, a.target_refs, a.op) for a in loaded(extraction).amendments]
    assert got == [
        ("3(a)(i)", ["Goal A.4, key area (2)"], "rephrase"),
        ("3(a)(ii)", ["Goal A.4, activity (iv)"], "remove"),
        ("3(b)", ["Goal B.2, activity (i)"], "replace"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Goal A.2, after activity (ii), a new activity reading “Train users” should be inserted;",
         {"op": "add", "position": "after", "sibling": "Goal A.2, activity (ii)"}),
        ("Goal A.2, “Keeping data” should be added as a new key area (2);",
         {"op": "add", "kind": "key_area", "position": "after",
          "sibling": "Goal A.2, key area (1)"}),
        ("Goal A.2, a new key area “Keeping data” should be inserted before key area (1);",
         {"op": "add", "position": "before", "sibling": "Goal A.2, key area (1)"}),
        ("In Goals A.1 and A.3, a key area reading “Sharing data” should be added at the end;",
         {"op": "add", "targets": ["Goal A.1", "Goal A.3"], "position": "end"}),
        ("Goal A.4, activity (iv) should be moved to Goal B.2;",
         {"op": "move", "to": "Goal B.2", "position": "end"}),
        ("Goal A.4, activity (iv) should be moved up to follow activity (i);",
         {"op": "move", "position": "after", "sibling": "Goal A.4, activity (i)"}),
        ("Goal A.4, activity (i) should become activity (iii);",
         {"op": "move", "position": "after", "sibling": "Goal A.4, activity (iii)"}),
        ("Goal A.4, key areas (1) and (2) should be merged into one key area that would read as "
         "follows: “Complying with the Protocol”;",
         {"op": "join", "targets": ["Goal A.4, key area (1)", "Goal A.4, key area (2)"]}),
        ("Goal A.5, activity (iv) should be deleted, as it duplicates key area (3);",
         {"op": "remove", "note": "The report says: as it duplicates key area (3)."}),
        ("Activities (ii) and (iii) of Goal A.4 should be deleted;",
         {"op": "remove", "targets": ["Goal A.4, activity (ii)", "Goal A.4, activity (iii)"]}),
        ("Goal A.5, activity (i), the second occurrence of the word “risk” should be replaced by "
         "“safety”;", {"op": "replace", "phrase": "risk", "by": "safety", "occurrence": 2}),
        ("Goal A.5, activity (i), the word “risk” should be replaced by “safety” where it appears "
         "for the second time;", {"op": "replace", "occurrence": 2}),
    ],
)  # fmt: skip
def test_structure_and_occurrence_idioms(
    cb_plan: Plan, sentence: str, expected: dict[str, Any]
) -> None:
    item = one(sentence, cb_plan)
    assert item.amendment is not None, item.notes
    for key, value in expected.items():
        assert item.amendment.get(key) == value, (key, item.amendment, item.reasons)
    apply_set(loaded(extract(report(sentence), paragraph=3, plan=cb_plan)), cb_plan)


def test_several_clauses_give_several_operations_on_the_element(cb_plan: Plan) -> None:
    item = one(
        "Goal A.1, activity (i), the word “technical” should be replaced by “legal”, and the words "
        "“and update” should be deleted;",
        cb_plan,
    )
    assert [(a["id"], a["op"]) for a in item.amendments] == [("3(a)", "replace"),
                                                            ("3(a).2", "delete")]  # fmt: skip
    result = apply_set(loaded(extract(report(item.quote), paragraph=3, plan=cb_plan)), cb_plan)
    texts = {p.label: p.item.text for p in result.plan.locate().values()}
    assert texts["Goal A.1, activity (i)"] == (
        "Provide legal assistance to Parties to develop, review national biosafety legislation"
    )


@pytest.mark.parametrize(
    ("sentence", "why"),
    [
        ("Goal A.2, after activity (ii) or wherever suitable, a new activity reading “Train” "
         "should be inserted;", "position"),
        ("Goal A.2, a new activity reading “Train users” should be inserted somewhere near the "
         "top;", "position"),
        ("Goal A.1, activity (i), the word “technical” should be replaced by “legal” and the "
         "tone softened;", "does not read"),
        ("Goal A.1, activity (i), the word “technical” should be replaced by “legal”, and the word "
         "“Parties” should probably go;", "roles are unclear"),
        ("Goal A.1, activity (i), the words “technical help” should be deleted;",
         "does not occur"),
        ("Goal A.9, activity (ix) should be deleted;", "does not exist"),
        ("Goal A.1, activity (i), the word “to” should be deleted;", "occurs 2 times"),
        ("Goal A.1, activity (i), insert “legal” between “technical” and “Parties”;",
         "does not follow"),
        ("Goal A.1, activity (i), the last occurrence of “to” should be deleted;", "last"),
    ],
)  # fmt: skip
def test_what_is_half_understood_is_never_applied(cb_plan: Plan, sentence: str, why: str) -> None:
    extraction = extract(report(sentence), paragraph=3, plan=cb_plan)
    item = extraction.items[0]
    assert [a["op"] for a in item.amendments] == ["instruction"], item.rules
    assert why in " ".join(item.reasons), item.reasons
    result = apply_set(loaded(extraction), cb_plan)
    assert result.plan.model_dump(exclude={"version"}) == cb_plan.model_dump(exclude={"version"})


def test_explain_names_the_rule_or_the_reason(cb_plan: Plan) -> None:
    extraction = extract(read_report(SEED), paragraph=53, plan=cb_plan)
    lines = extraction.explain()
    assert "  rule: replace (substituted): old «0», new «1»" in lines
    assert "  instruction because: the report gives no wording; the secretariat drafts it" in lines
    assert lines[-1] == "15 items: 13 operations, 2 instructions"


def test_cli_explain_and_closing_count(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from editplan.cli import main

    result = CliRunner().invoke(
        main,
        [
            "extract",
            str(SEED),
            "--paragraph",
            "53",
            "--plan",
            str(ROOT / "plans" / "cb-action-plan.yaml"),
            "--explain",
            "-o",
            str(tmp_path / "out.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "editplan: explain: 53(n) (line 198)" in result.stderr
    assert result.stderr.rstrip().endswith("editplan: 15 items: 13 operations, 2 instructions")


def test_a_docx_report_that_is_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (30 * 2**20))
    with pytest.raises(InputError, match="refusing a possible zip bomb"):
        read_report(path)


def test_docx_with_word_letters_beyond_z(tmp_path: Path, cb_plan: Plan) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from editplan.ooxml.numbering import format_number

    assert [format_number("lowerLetter", n) for n in (1, 26, 27, 28, 52, 53)] == [
        "a", "z", "aa", "bb", "zz", "aaa",
    ]  # fmt: skip
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    numbering.insert(
        numbering.index(first_num),
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
            '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>')
    )

    def add(text: str, level: int | None = None) -> None:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="91"/>'
                    "</w:numPr>"
                )
            )

    add("REPORT OF THE WORKING GROUP ON RIVER BASINS ON ITS TWENTY-FIRST MEETING")
    add("The Group met.", 0)
    add("The Group proposed:", 0)
    for _ in range(15):
        add("Goal B.2, activity (i), the word “predictable” should be replaced by “adequate”;", 1)
        add("Goal B.2, activity (ii) should be revised;", 1)
    add("The meeting closed.", 0)
    path = tmp_path / "thirty.docx"
    document.save(str(path))
    text = read_report(path)
    assert "\n(aa) Goal B.2" in text and "\n(dd) Goal B.2, activity (ii)" in text
    extraction = extract(text, paragraph=2, plan=cb_plan)
    assert [i.id for i in extraction.items][-4:] == ["2(aa)", "2(bb)", "2(cc)", "2(dd)"]
    assert extraction.summary() == "30 items: 15 operations, 15 instructions"


@pytest.mark.parametrize("labels", [["(i)", "(ii)", "(iii)"], ["(1)", "(2)", "(3)"],
                                    ["1.", "2.", "3."]])  # fmt: skip
def test_roman_and_numbered_items(cb_plan: Plan, labels: list[str]) -> None:
    sentences = [
        "Goal B.2, activity (i), the word “predictable” should be replaced by “adequate”;",
        "Goal B.2, activity (ii) should be deleted;",
        "Goal B.2, activity (iii) should be revised;",
    ]
    body = "\n\n".join(f"{label} {s}" for label, s in zip(labels, sentences, strict=True))
    text = "XY/1\n\n1. The Group met.\n\n2. It proposed:\n\n" + body + "\n\n3. It closed.\n"
    extraction = extract(text, paragraph=2, plan=cb_plan)
    ids = [i.id for i in extraction.items]
    written = {"(i)": ["2(i)", "2(ii)", "2(iii)"], "(1)": ["2(1)", "2(2)", "2(3)"],
               "1.": ["2.1", "2.2", "2.3"]}[labels[0]]  # fmt: skip
    assert ids == written
    assert [a["op"] for i in extraction.items for a in i.amendments] == [
        "replace", "remove", "instruction",
    ]  # fmt: skip


# --- the workspace's plan (issue 27, item 3) ----------------------------------------------


def _extract_cli(*args: str) -> Any:
    from click.testing import CliRunner

    from editplan.cli import main

    return CliRunner().invoke(main, ["extract", str(SEED), "--paragraph", "53", *args])


def test_extract_uses_the_workspace_plan_at_its_current_version(workspace: Path) -> None:
    """As collect does: the workspace's plan, and the version it is at now as the base (the
    plan amended since it was first committed)."""
    from click.testing import CliRunner

    from editplan.cli import main

    assert CliRunner().invoke(main, ["apply", "amendments/lg14.yaml", "--no-docs"]).exit_code == 0
    result = _extract_cli("-o", "amendments/again.yaml")
    assert result.exit_code == 0, result.output
    text = (workspace / "amendments" / "again.yaml").read_text()
    assert "# Targets and phrases checked against plan version CBD/CP/LG/2020/1/3 + LG-14." in text
    assert "Not checked" not in text
    written = load_set(workspace / "amendments" / "again.yaml")
    assert written.plan == "../plans/cb-action-plan.yaml"
    assert written.base == "CBD/CP/LG/2020/1/3 + LG-14"


def test_extract_with_two_plans_and_none_chosen_lists_them(
    workspace: Path, snapshot: Any
) -> None:
    (workspace / "plans" / "other.yaml").write_bytes(
        (workspace / "plans" / "cb-action-plan.yaml").read_bytes()
    )
    before = snapshot(workspace)
    result = _extract_cli("-o", "amendments/new.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        f"editplan: error: the workspace {workspace} has 2 plans and none is chosen: "
        "plans/cb-action-plan.yaml, plans/other.yaml; name one, or set it once in editplan.toml "
        '([workspace] plan = "plans/cb-action-plan.yaml") with --plan\n'
    )
    assert snapshot(workspace) == before
    # --plan chooses one, and so does editplan.toml
    chosen = _extract_cli("--plan", "plans/other.yaml", "-o", "amendments/new.yaml")
    assert chosen.exit_code == 0, chosen.output
    assert load_set(workspace / "amendments" / "new.yaml").plan == "../plans/other.yaml"
    (workspace / "editplan.toml").write_text('[workspace]\nplan = "plans/other.yaml"\n')
    assert _extract_cli().exit_code == 0
    assert "plan: ../plans/other.yaml" in _extract_cli().stdout
