"""Records of a committee's amendments and reports of negotiations, read by general rules: an
amendment's number and code opening it, the outcome recorded on its own line, an element named
in square brackets beside a page, wording introduced on the same line, a line that begins with
a verb, a new element numbered "(v a)" or "(ii a)", "all the words after X", "following the
words X, by striking out Y", numbers in words, "the language", an accepted proposal and "X
rather than Y", a table in a paragraph, and an item naming no element; each with its bad
inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from editplan.api import load_plan
from editplan.core.model import Plan
from editplan.reports.extract import ExtractedItem, extract
from editplan.reports.lists import set_off

ROOT = Path(__file__).resolve().parent.parent
HEAD = "XY/1/2\n\n1. The Group met.\n\n2. It proposed:\n\n"
TAIL = "\n\n3. The meeting closed.\n"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(ROOT / "plans" / "cb-action-plan.yaml")


def read(item: str, plan: Plan | None) -> ExtractedItem:
    extraction = extract(HEAD + f"(a) {item}" + TAIL, paragraph=2, plan=plan, source_name="r")
    assert len(extraction.items) == 1
    return extraction.items[0]


def ops(items: list[ExtractedItem]) -> list[list[dict[str, Any]]]:
    return [[{k: v for k, v in a.items() if k not in ("id", "quote", "note", "reason")}
             for a in i.amendments] for i in items]  # fmt: skip


RECORD = """Committee Stage

Goal A.4.

The Hon. A. MEMBER: I move:

Amendment No 1 [AG–1]—

Page 4, line 16 [activity (iv)]—After 'lessons learned' insert:

and good practices

Amendment No 2 [AG–1]—

Page 4, line 20 [activity (iii)]—After 'materials' insert:

and checklists

Amendments carried; goal as amended passed.

Goal B.2.

Amendment No 3 [AG–1]—

Page 9, line 20 [activity (iv)]—After 'bilateral' insert:

, regional

Amendment negatived.
"""


def test_a_committee_record_of_amendments_and_their_outcomes(plan: Plan) -> None:
    items = extract(RECORD, plan=plan, source_name="r").items
    assert [i.id for i in items] == ["1", "2", "3"]
    want = {"target": "Goal A.4, activity (iv)", "op": "insert", "position": "after",
            "anchor": "lessons learned", "text": "and good practices"}  # fmt: skip
    assert ops(items)[0] == [want]
    assert ops(items)[1][0]["anchor"] == "materials"
    assert items[2].amendments[0]["op"] == "instruction"
    assert "as negatived" in items[2].reasons[0]
    assert "carried" in items[0].amendments[0]["note"]


def test_an_amendment_code_is_not_unagreed_text_and_other_brackets_are(plan: Plan) -> None:
    item = read("Amendment No 4 [AG–1]— In Goal A.4, activity (iv), after “lessons learned” "
                "insert “and good practices”", plan)  # fmt: skip
    assert item.amendments[0]["op"] == "insert"
    other = read("In Goal A.4, activity (iv), after “lessons learned” insert [“and good "
                 "practices”]", plan)  # fmt: skip
    assert "square-bracketed" in other.reasons[0]


@pytest.mark.parametrize(("line", "quoted"), [
    ("Omit the following activity: Provide training for officers.",
     "Omit the following activity: “Provide training for officers.”"),
    ("Leave out activity (iii) and insert— (iii) Provide training",
     "Leave out activity (iii) and insert: “(iii) Provide training”"),
    ("be amended by inserting at the end new words reading as follows: and biodiversity",
     "be amended by inserting at the end new words reading as follows: “and biodiversity”"),
    ("Goal A.1, activity (iv) shall be amended as follows: (iv) Deleted.", None),
    ("Amend Goal A.1, as follows: remove activity (v).", None),
    ("Delete the words: “X Y”", None),
])  # fmt: skip
def test_wording_introduced_on_the_same_line(line: str, quoted: str | None) -> None:
    assert set_off([line]) == [quoted or line]


def test_a_line_beginning_with_a_verb_is_an_item_and_a_heading_is_not(plan: Plan) -> None:
    text = ("Report\n\nThe Committee recommends, amended as follows:\n\nAMEND Goal A.3, activity "
            "(ii), by striking the language \"in a timely manner\" and inserting in lieu thereof "
            "the following: \"on time\"\n\nAMEND further title to conform.\n\nD. Living modified "
            "organisms (operational objective 1.4)\n\nincluding through the online discussions."
            "\n")  # fmt: skip
    items = extract(text, plan=plan, source_name="r").items
    assert [i.id for i in items] == ["1", "2"]
    assert ops(items)[0][0] == {"target": "Goal A.3, activity (ii)", "op": "replace",
                                "phrase": "in a timely manner", "by": "on time"}  # fmt: skip
    assert items[1].amendments[0]["target"] == "Goal A.3"
    assert "consequential change" in items[1].reasons[0]


def test_a_new_element_numbered_after_another(plan: Plan) -> None:
    text = ("Report\n\nThe Committee recommends that the draft be amended as follows:\n\n"
            "Goal A.1, activity (v a). New activity: Support Parties in developing strategies."
            "\n")  # fmt: skip
    item = extract(text, plan=plan, source_name="r").items[0]
    assert ops([item])[0] == [{"target": "Goal A.1", "op": "add", "kind": "activity", "text":
                               "Support Parties in developing strategies", "position": "after",
                               "sibling": "Goal A.1, activity (v)"}]  # fmt: skip
    kenya = read("In Goal B.3, inserting the following new activity immediately after activity "
                 "(ii)— “(ii a) Support the exchange of experts”", plan)  # fmt: skip
    assert kenya.amendments[0]["text"] == "Support the exchange of experts"
    wrong = read("In Goal B.3, inserting the following new activity immediately after activity "
                 "(i)— “(ii a) Support the exchange of experts”", plan)  # fmt: skip
    assert "does not fit the position" in wrong.reasons[0]


def test_all_the_words_after_a_phrase(plan: Plan) -> None:
    item = read("Goal A.2, activity (i): Leave out all the words after “national focal points” "
                "and insert “and other users”.", plan)  # fmt: skip
    text = "Provide training for national focal points and other users"
    assert ops([item])[0] == [{"target": "Goal A.2, activity (i)", "op": "rephrase", "text": text}]
    cut = read("Goal A.2, activity (i): Leave out all the words after “national focal points”.",
               plan)  # fmt: skip
    assert cut.amendments[0]["text"] == "Provide training for national focal points"
    absent = read("Goal A.2, activity (i): Leave out all the words after “regional points”.",
                  plan)  # fmt: skip
    assert "occurs 0 time(s)" in absent.reasons[0]
    twice = read("Goal A.2, activity (ii): Leave out all the words after “the”.", plan)
    assert "occurs 2 time(s)" in twice.reasons[0]
    end = read("Goal A.2, activity (ii): Leave out all the words after “groups”.", plan)
    assert "no words after" in end.reasons[0]
    assert read("Goal A.2, activity (i): Leave out all the words after “national focal points”.",
                None).amendments[0]["op"] == "instruction"  # fmt: skip


def test_following_the_words_by_striking_out(plan: Plan) -> None:
    item = read("The Committee on Finance moves to amend the draft action plan on page eight, "
                "Goals A.6, 7 and 8, activity (iv), beginning on line one hundred thirty-five, "
                "following the words “emergency measures”, by striking out the words “in case of "
                "unintentional transboundary movements of LMOs” and inserting in lieu thereof the "
                "words “for unintentional movements”.", plan)  # fmt: skip
    assert ops([item])[0][0]["op"] == "replace"
    note = item.amendments[0]["note"]
    assert "Committee on Finance" in note and "page eight" in note
    apart = read("In Goals A.6, 7 and 8, activity (iv), following the words “Develop”, by "
                 "striking out the words “in case of” and inserting in lieu thereof the words "
                 "“for”.", plan)  # fmt: skip
    assert apart.amendments[0]["op"] == "instruction"


def test_the_language_and_the_original_words(plan: Plan) -> None:
    item = read("In Goal A.3, activity (iv), substituting “national reporting and review” for "
                "the original words “national reporting”.", plan)  # fmt: skip
    assert ops([item])[0][0]["op"] == "replace"


def test_an_accepted_proposal_and_a_wording_rather_than_another(plan: Plan) -> None:
    item = read("In Goal B.2, activity (i) (financial resources), delegates accepted the "
                "G-77/China proposal to change “predictable and sustainable” to “adequate, "
                "predictable and sustainable.”", plan)  # fmt: skip
    assert ops([item])[0][0]["by"] == "adequate, predictable and sustainable"
    note = item.amendments[0]["note"]
    assert "Proposed by: G-77/China" in note and "Accepted by: delegates" in note
    rather = read("In Goal A.9, activity (ii), delegates accepted the EU reference to "
                  "“indigenous peoples, local communities and women” rather than simply "
                  "“indigenous peoples and local communities.”", plan)  # fmt: skip
    assert ops([rather])[0][0] == {
        "target": "Goal A.9, activity (ii)", "op": "replace",
        "phrase": "indigenous peoples and local communities",
        "by": "indigenous peoples, local communities and women",
    }  # fmt: skip
    refused = read("In Goal B.2, activity (i), delegates did not accept the proposal to change "
                   "“predictable” to “adequate”.", plan)  # fmt: skip
    assert refused.amendments[0]["op"] == "instruction"


def test_an_insertion_wherever_the_words_appear(plan: Plan) -> None:
    once = read("In Goal A.2, activity (iii), after the word “records” wherever it appears "
                "insert the words “and data”", plan)  # fmt: skip
    assert ops([once])[0][0]["anchor"] == "records"
    twice = read("In Goal A.2, activity (ii), after the word “the” wherever it appears insert "
                 "the words “new”", plan)  # fmt: skip
    assert twice.amendments[0]["op"] == "instruction"


def test_a_table_of_amendments_in_a_paragraph(plan: Plan) -> None:
    text = ("1. The Group met.\n\n2. The Committee recommends the following amendments:\n\n"
            "| Element | Amendment | Reasons for amendment |\n|---|---|---|\n"
            "| Goal A.5, activity (iv) | At the end after the word \"areas\" insert the words "
            "\"and ecosystems\" | To cover ecosystems. |\n"
            "| Goal B.4, key area (3) | Delete the word \"national\" | Not only national. |\n"
            "\n3. It closed.\n")  # fmt: skip
    items = extract(text, paragraph=2, plan=plan, source_name="r").items
    assert [i.id for i in items] == ["2-1"]
    assert [a["op"] for a in items[0].amendments] == ["insert", "delete"]


def test_a_page_and_lines_named_in_words(plan: Plan) -> None:
    item = read("On page nine, Goal B.2, activity (iii), line twelve, after “national budgets” "
                "insert “, sectoral plans”.", plan)  # fmt: skip
    assert ops([item])[0][0]["anchor"] == "national budgets"
