"""Tables whose columns are named, the ITU's MOD/ADD/SUP/NOC, whole-element operations listed
in one sentence ("is amended by revising activity (iii) and by adding activity (v) to read as
follows"), a body adopting a revised version in a report's narrative, and the bad inputs of
each: read right, or an instruction with a reason, never a wrong operation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from editplan.api import load_plan
from editplan.core.model import Plan
from editplan.reports.extract import extract
from editplan.reports.extraction import ExtractedItem

ROOT = Path(__file__).resolve().parent.parent
HEAD = "XY/1/2\n\nREPORT\n\n1. The Group met.\n\n2. It proposed:\n\n"
TABLE = "| Amendment No. | Goal | Amendment | In the name of |\n|---|---|---|---|\n"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(ROOT / "plans" / "cb-action-plan.yaml")


def _item(plan: Plan, sentence: str) -> ExtractedItem:
    extraction = extract(HEAD + f"(a) {sentence}\n\n3. The meeting closed.\n", paragraph=2,
                         plan=plan, source_name="listed")  # fmt: skip
    assert len(extraction.items) == 1
    return extraction.items[0]


def _ops(item: ExtractedItem) -> list[dict[str, Any]]:
    return [{k: v for k, v in a.items() if k not in ("id", "quote", "note", "reason")}
            for a in item.amendments]  # fmt: skip


def test_a_table_read_by_its_column_names(plan: Plan) -> None:
    item = _item(plan, TABLE + "| 7 | Goal B.4 | Goal B.4, activity (iv), at end insert: "
                 "\"and national websites\" | Ieuan Wyn Jones |")  # fmt: skip
    assert _ops(item) == [{"target": "Goal B.4, activity (iv)", "op": "insert", "position": "end",
                           "text": "and national websites"}]  # fmt: skip
    note = item.amendments[0]["note"]
    assert "Amendment 7" in note and "Ieuan Wyn Jones" in note


def test_a_table_row_with_no_change_is_an_instruction_not_a_refusal(plan: Plan) -> None:
    item = _item(plan, TABLE + "| 8 | Goal B.4 |  | Ieuan Wyn Jones |")
    assert [a["op"] for a in item.amendments] == ["instruction"]


def test_the_itu_symbols(plan: Plan) -> None:
    sup = _item(plan, "SUP EUR/9A20/2\nGoals A.6, 7 and 8, activity (vi)\nReasons: Covered.")
    assert [a["op"] for a in sup.amendments] == ["remove"]
    assert "EUR/9A20/2" in sup.amendments[0]["note"]
    noc = _item(plan, "NOC EUR/9A20/4\nGoal B.1, key area (1)\nReasons: No change is needed.")
    assert [a["op"] for a in noc.amendments] == ["instruction"]
    assert "no change" in noc.reasons[0]


def test_a_new_element_whose_number_exists_is_an_instruction(plan: Plan) -> None:
    good = _item(plan, "In Goal A.10, activity (vi) is added to read as follows: “Support the "
                 "translation of guidance”")  # fmt: skip
    assert _ops(good) == [{"target": "Goal A.10", "op": "add", "kind": "activity", "text":
                           "Support the translation of guidance", "position": "after",
                           "sibling": "Goal A.10, activity (v)"}]  # fmt: skip
    taken = _item(plan, "In Goal A.10, activity (iv) is added to read as follows: “Support the "
                  "translation of guidance”")  # fmt: skip
    assert [a["op"] for a in taken.amendments] == ["instruction"]
    assert "already exists" in taken.reasons[0]


def test_listed_operations_take_their_texts_in_order(plan: Plan) -> None:
    item = _item(plan, "Goal A.3 is amended by removing activity (i), by revising activity "
                 "(iii) and by adding activity (v) to read as follows: “New (iii)” and “New (v)”")
    assert _ops(item) == [
        {"target": "Goal A.3, activity (i)", "op": "remove"},
        {"target": "Goal A.3, activity (iii)", "op": "rephrase", "text": "New (iii)"},
        {"target": "Goal A.3", "op": "add", "kind": "activity", "text": "New (v)",
         "position": "after", "sibling": "Goal A.3, activity (iv)"},
    ]  # fmt: skip


def test_listed_operations_with_too_few_texts_are_an_instruction(plan: Plan) -> None:
    item = _item(plan, "Goal A.3 is amended by revising activity (iii) and by adding activity (v) "
                 "to read as follows: “New (iii)”")  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["instruction"]


@pytest.mark.parametrize("sentence", [
    "The Commission did not adopt the following revised version of Goal B.3, activity (ii): "
    "“Support networks”",
    "The Commission deferred the following revised version of Goal B.3, activity (ii): “Support "
    "networks”",
    "The Commission would have adopted the following revised version of Goal B.3, activity (ii) "
    "if it had had time: “Support networks”",
])  # fmt: skip
def test_a_revised_version_not_adopted_is_never_read(plan: Plan, sentence: str) -> None:
    assert [a["op"] for a in _item(plan, sentence).amendments] == ["instruction"]


def test_a_revised_version_adopted_is_a_new_wording(plan: Plan) -> None:
    item = _item(plan, "The Commission therefore adopted the following revised version of Goal "
                 "B.3, activity (ii), as recommended by the Executive Committee: “Support "
                 "networks”")  # fmt: skip
    assert _ops(item) == [{"target": "Goal B.3, activity (ii)", "op": "rephrase",
                           "text": "Support networks"}]  # fmt: skip


def test_an_anchor_said_to_be_at_the_end_must_be(plan: Plan) -> None:
    good = _item(plan, "In Goal A.1, in key area (3), after the word \"policies\" at the end, "
                 "the words \"at all levels\" shall be added.")  # fmt: skip
    assert [a["op"] for a in good.amendments] == ["insert"]
    bad = _item(plan, "In Goal A.1, in key area (3), after the word \"plans\" at the end, the "
                "words \"at all levels\" shall be added.")  # fmt: skip
    assert [a["op"] for a in bad.amendments] == ["instruction"]
    assert "not at the end" in bad.reasons[0]


def test_a_bracketed_item_number_is_not_unagreed_text(plan: Plan) -> None:
    item = _item(plan, "[4] Goal B.3, activity (iii)\nOmit “, the Nagoya Protocol”.")
    assert _ops(item) == [{"target": "Goal B.3, activity (iii)", "op": "delete",
                           "phrase": ", the Nagoya Protocol"}]  # fmt: skip
    unagreed = _item(plan, "[4] Goal B.3, activity (iii)\nOmit “, the [Nagoya] Protocol”.")
    assert [a["op"] for a in unagreed.amendments] == ["instruction"]
