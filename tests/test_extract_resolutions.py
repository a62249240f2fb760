"""Resolutions, by-laws, ordinances and schedules read by general rules (batch 10 of the
paragraph corpus): changes lettered "A.", "B." inside a numbered paragraph, an element's new
wording printed with its own number after a lead-in, and a sentence's new wording said as what
it is to read; each with its bad inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from editplan.api import load_plan
from editplan.core.model import Plan
from editplan.reports.extract import ExtractedItem, extract

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


def whole(text: str, plan: Plan | None, paragraph: int | None = None) -> list[ExtractedItem]:
    return extract(text, paragraph=paragraph, plan=plan, source_name="r").items


def ops(item: ExtractedItem) -> list[dict[str, Any]]:
    return [{k: v for k, v in a.items() if k not in ("id", "quote", "note", "reason")}
            for a in item.amendments]  # fmt: skip


def instruction(item: ExtractedItem, why: str) -> None:
    assert [a["op"] for a in item.amendments] == ["instruction"], item.amendments
    assert any(why in r for r in item.reasons), item.reasons


# --- lettered changes and an element's own number -------------------------------------------

SYNOD = ("Be it resolved that this Group:\n\n1. Amend the Draft Action Plan as follows:\n\n"
         "A. In Goal A.9, activity (i), change “use of guidance” to “use of available "
         "guidance”.\n\nB. In Goal B.2, activity (ii), change “preparing” to “developing”.\n\n"
         "2. This resolution shall come into effect upon closing.\n")  # fmt: skip


def test_capital_letters_with_a_stop_mark_the_changes_of_a_paragraph(plan: Plan) -> None:
    items = whole(SYNOD, plan)
    assert [i.id for i in items] == ["1(a)", "1(b)"]
    assert ops(items[0]) == [{"target": "Goal A.9, activity (i)", "op": "replace",
                              "phrase": "use of guidance", "by": "use of available guidance"}]
    assert ops(items[1])[0]["by"] == "developing"


@pytest.mark.parametrize("text", [
    # one capital alone is no list
    "1. Amend the Draft Action Plan as follows:\n\nA. In Goal A.9, activity (i), change “use of "
    "guidance” to “use of available guidance”.\n\nIn Goal B.2, activity (ii), change "
    "“preparing” to “developing”.\n\n2. Closing.\n",
    # section headings ("A. Goals of area A") do not end a sentence
    "1. Amend the Draft Action Plan as follows:\n\nA. Goals of area A\n\nIn Goal A.9, activity "
    "(i), change “use of guidance” to “use of available guidance”.\n\nB. Goals of area B\n\n"
    "In Goal B.2, activity (ii), change “preparing” to “developing”.\n\n2. Closing.\n",
])  # fmt: skip
def test_capitals_that_are_not_a_list_of_changes(plan: Plan, text: str) -> None:
    items = whole(text, plan)
    assert not any(i.id.endswith(("(a)", "(b)")) for i in items), [i.id for i in items]


def test_an_element_s_own_number_before_its_new_wording_after_a_lead_in(plan: Plan) -> None:
    text = ("1. Amend the Draft Action Plan as follows:\n\nA. In Goal A.5, amend the first "
            "sentence in activity (ii) to read as follows:\n\n(ii) Provide training for "
            "national authorities on reviewing risk assessment reports\n\nB. In Goal B.2, "
            "activity (ii), change “preparing” to “developing”.\n\n2. Closing.\n")  # fmt: skip
    items = whole(text, plan)
    assert [i.id for i in items] == ["1(a)", "1(b)"]
    assert ops(items[0]) == [{"target": "Goal A.5, activity (ii)", "op": "rephrase", "text":
                              "Provide training for national authorities on reviewing risk "
                              "assessment reports"}]  # fmt: skip


def test_a_sub_item_under_a_lead_in_naming_another_element_stays_a_sub_item(plan: Plan) -> None:
    text = HEAD + ("(a) In Goal A.5, activity (ii), make the following changes:\n\n(i) delete "
                   "“relevant”;\n\n(ii) replace “reviewing” by “evaluating”." + TAIL)
    items = extract(text, paragraph=2, plan=plan, source_name="r").items
    assert [i.id for i in items] == ["2(a)(i)", "2(a)(ii)"]


# --- a sentence's new wording ----------------------------------------------------------------


@pytest.mark.parametrize("item", [
    "In Goal A.5, activity (v), amend the first sentence to read as follows: “Facilitate the "
    "exchange of experiences at the subregional level”",
    "In Goal A.5, activity (v), so that the first sentence reads: ‘Facilitate the exchange of "
    "experiences at the subregional level’",
    "In Goal A.5, activity (v), delete the final sentence and replace with: “Facilitate the "
    "exchange of experiences at the subregional level”",
])  # fmt: skip
def test_a_sentence_to_read_as_follows(plan: Plan, item: str) -> None:
    assert ops(read(item, plan)) == [{"target": "Goal A.5, activity (v)", "op": "rephrase",
                                      "text": "Facilitate the exchange of experiences at the "
                                      "subregional level"}]  # fmt: skip


@pytest.mark.parametrize(("item", "why"), [
    ("In Goal A.5, activity (v), amend the third sentence to read as follows: “Facilitate more”",
     "has 1 sentence(s)"),
    ("In Goal A.5, activity (v), delete the final sentence and replace with: “One” and “Two”",
     ""),
    ("In Goal A.5, activity (v), amend the first sentence to read as follows", ""),
])  # fmt: skip
def test_a_sentence_to_read_that_cannot_be_read(plan: Plan, item: str, why: str) -> None:
    instruction(read(item, plan), why)


# --- "Amend <element>" as a heading ----------------------------------------------------------

SCHEDULE = ("Amendments to the Draft Action Plan\n\nThe Group adopted the following amendments:"
            "\n\nAmend Goal A.5, activity (v)\n\n(a) so that the first sentence reads:\n\n"
            "‘Facilitate the exchange of experiences at the subregional level.’\n")  # fmt: skip


def test_amend_an_element_on_a_line_of_its_own_heads_the_changes_below(plan: Plan) -> None:
    items = whole(SCHEDULE, plan)
    assert [ops(i) for i in items] == [[{"target": "Goal A.5, activity (v)", "op": "rephrase",
                                         "text": "Facilitate the exchange of experiences at the "
                                         "subregional level"}]]  # fmt: skip


def test_amend_an_element_with_its_wording_is_an_item_not_a_heading(plan: Plan) -> None:
    text = SCHEDULE.replace("Amend Goal A.5, activity (v)\n", "Amend Goal A.5, activity (v) to "
                            "read “Facilitate exchanges”.\n")  # fmt: skip
    items = whole(text, plan)
    assert ops(items[0]) == [{"target": "Goal A.5, activity (v)", "op": "rephrase",
                              "text": "Facilitate exchanges"}]  # fmt: skip
    # the lettered line under it names nothing of its own: an instruction, never dropped
    assert [a["op"] for a in items[1].amendments] == ["instruction"]
