"""What committees' reports say around and in their items, read by general rules: the fate
of a proposal in square brackets and its proposer's symbol, "as follows: <the result>", "in
the same key area", "Changes to X and Y as follows:" with a line per element, "Renumber ...
accordingly", an element's new wording after its name and a colon, "replace the first
sentence", the element's own number before its new wording, one wording for several
elements, and lines and pages beside an element the change names; each with its bad inputs."""

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


def ops(item: ExtractedItem) -> list[dict[str, Any]]:
    return [{k: v for k, v in a.items() if k not in ("id", "quote", "note")}
            for a in item.amendments]  # fmt: skip


def test_an_adopted_proposal_is_read_and_its_fate_and_proposer_noted(plan: Plan) -> None:
    item = read("In Goal A.5, activity (ii): Pakistan (XY/1/C.1/L.99): insert “and regional” "
                "after “national”. [Adopted: see Consideration, 5, below.]", plan)  # fmt: skip
    assert ops(item) == [{"target": "Goal A.5, activity (ii)", "op": "insert", "position":
                          "after", "anchor": "national", "text": "and regional"}]  # fmt: skip
    note = item.amendments[0]["note"]
    assert "Pakistan (XY/1/C.1/L.99)" in note and "Adopted: see Consideration, 5, below" in note


@pytest.mark.parametrize(("fate", "why"), [
    ("[Rejected: see Consideration, 5, below.]", "as rejected, not adopted"),
    ("[Withdrawn]", "as withdrawn, not adopted"),
    ("[Referred to ad hoc working group: see below.]", "as referred to ad hoc working group"),
    ("[Adopted as orally amended: see below.]", "the words as amended are not given"),
    ("[Not adopted]", "as not adopted"),
])  # fmt: skip
def test_a_proposal_not_adopted_as_it_stands_is_an_instruction(plan: Plan, fate: str,
                                                                why: str) -> None:  # fmt: skip
    item = read(f"In Goal A.5, activity (ii), insert “and regional” after “national”. {fate}",
                plan)  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["instruction"]
    assert why in item.reasons[0]


def test_other_square_brackets_stay_unagreed_text(plan: Plan) -> None:
    item = read("In Goal A.5, activity (ii), insert “and regional” after “national” [or "
                "“subregional”]", plan)  # fmt: skip
    assert "square-bracketed" in item.reasons[0]


def test_as_follows_after_an_insertion_gives_the_result(plan: Plan) -> None:
    good = read("In Goal A.5, activity (v), include “and lessons learned” after “experiences” as "
                "follows: “Facilitate the exchange of experiences and lessons learned on risk "
                "assessment and risk management at the regional level.”", plan)  # fmt: skip
    assert ops(good)[0]["op"] == "insert"
    bad = read("In Goal A.5, activity (v), include “and lessons learned” after “experiences” as "
               "follows: “Facilitate the exchange of lessons.”", plan)  # fmt: skip
    assert "the report says the result reads" in bad.reasons[0]
    alone = read("Goal A.5, activity (v) should be rephrased as follows: “Facilitate the "
                 "exchange of experiences”", plan)  # fmt: skip
    assert ops(alone)[0] == {"target": "Goal A.5, activity (v)", "op": "rephrase",
                             "text": "Facilitate the exchange of experiences"}  # fmt: skip


def test_in_the_same_key_area(plan: Plan) -> None:
    item = read("inclusion of “and regional” after “national” in Goal A.2, key area (1) and "
                "replacement of “publish and update records” by “publish, update and maintain "
                "records” in the same key area.", plan)  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["insert", "replace"]


def test_a_line_per_element_after_a_lead_in(plan: Plan) -> None:
    text = ("1. The Group met.\n\n2. The Committee adopted the draft with these amendments:\n"
            "(a) Changes to Goal A.4, activity (iii) and Goal B.4, key area (3) as follows:\n"
            "Goal A.4, activity (iii): “Develop and disseminate guidance materials on the "
            "obligations of Parties under the Protocol”\nGoal B.4, key area (3): delete "
            "“national”\n\n3. It closed.\n")  # fmt: skip
    item = extract(text, paragraph=2, plan=plan, source_name="r").items[0]
    assert [(a["op"], a["target"]) for a in item.amendments] == [
        ("rephrase", "Goal A.4, activity (iii)"), ("delete", "Goal B.4, key area (3)")]
    broken = text.replace("delete “national”", "delete “nowhere”")
    item = extract(broken, paragraph=2, plan=plan, source_name="r").items[0]
    assert [a["op"] for a in item.amendments] == ["instruction"]


def test_renumber_accordingly_is_recorded_on_the_goal_before(plan: Plan) -> None:
    text = ("Report of the Committee\n\nIt reports the draft, amended as follows:\n\n1. Strike "
            "Goal A.1, activity (iv) in its entirety.\n\n2. Renumber the succeeding activities "
            "accordingly.\n\nRespectfully submitted.\n")  # fmt: skip
    items = extract(text, plan=plan, source_name="r").items
    assert [i.id for i in items] == ["1", "2"]
    assert items[1].amendments[0]["target"] == "Goal A.1"
    assert items[1].amendments[0]["op"] == "instruction"
    assert "follows from the positions" in items[1].reasons[0]
    alone = "Report\n\nAmended as follows:\n\n1. Renumber the activities accordingly.\n"
    with pytest.raises(Exception, match="no paragraph has labelled items that name a goal"):
        extract(alone, plan=plan, source_name="r")


def test_a_new_wording_after_the_element_and_a_colon(plan: Plan) -> None:
    item = read("Goal A.3, activity (ii): Support eligible Parties in accessing funding for the "
                "preparation and submission of national reports in a timely manner.",
                plan)  # fmt: skip
    assert ops(item)[0]["op"] == "rephrase"
    remark = read("Goal A.9, key area (1): The approaches for taking socio-economic "
                  "considerations into account will remain the same.", plan)  # fmt: skip
    assert [a["op"] for a in remark.amendments] == ["instruction"]
    far = read("Goal A.9, key area (1): Strengthening regional cooperation on finance.", plan)
    assert far.amendments[0]["op"] == "instruction" and "candidate" in far.amendments[0]
    unplanned = read("Goal A.3, activity (ii): Support eligible Parties.", None)
    assert unplanned.amendments[0]["op"] == "instruction"


def test_the_first_sentence_replaced(plan: Plan, tmp_path: Path) -> None:
    item = read("Replace the first sentence of Goal A.4, key area (2) by the following: "
                "“Supporting compliance action plans”.", plan)  # fmt: skip
    assert ops(item)[0] == {"target": "Goal A.4, key area (2)", "op": "rephrase",
                            "text": "Supporting compliance action plans"}  # fmt: skip
    assert read("In Goal A.4, key area (2), delete the second sentence.", plan).reasons[0] \
        .endswith("has 1 sentence(s), not a sentence 2")  # fmt: skip
    text = (ROOT / "plans" / "cb-action-plan.yaml").read_text(encoding="utf-8")
    two = "Improving the implementation of compliance action plans. Reviewing them yearly"
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace("Improving the implementation of compliance action plans", two),
                    encoding="utf-8")  # fmt: skip
    other = load_plan(path)
    item = read("In Goal A.4, key area (2), delete the second sentence.", other)
    assert ops(item)[0] == {"target": "Goal A.4, key area (2)", "op": "delete",
                            "phrase": "Reviewing them yearly"}  # fmt: skip
    item = read("Replace the first sentence of Goal A.4, key area (2) by the following: "
                "“Improving compliance.”", other)  # fmt: skip
    assert ops(item)[0]["phrase"] == "Improving the implementation of compliance action plans."
    assert read("In Goal A.4, key area (2), replace the first sentence.", other).reasons[0] \
        .startswith("a sentence replaced needs its new words")  # fmt: skip
    assert read("In Goal A.4, key area (2), delete the second sentence.", None) \
        .amendments[0]["op"] == "instruction"  # fmt: skip


def test_the_elements_own_number_before_its_new_wording(plan: Plan) -> None:
    item = read("Goal A.3, to omit key area (1) and to substitute: “(1) Strengthening the "
                "process”.", plan)  # fmt: skip
    assert ops(item)[0]["text"] == "Strengthening the process"
    other = read("Goal A.3, to omit key area (1) and to substitute: “(2) Strengthening the "
                 "process”.", plan)  # fmt: skip
    assert "numbered (2)" in other.reasons[0]


def test_one_wording_for_several_elements(plan: Plan) -> None:
    join = read("In Goals A.6, 7 and 8, delete existing activity (v) and activity (vi) and replace "
                "with the following text: “Support laboratories and officers”", plan)  # fmt: skip
    assert ops(join) == [{"targets": ["Goals A.6, 7 and 8, activity (v)",
                                      "Goals A.6, 7 and 8, activity (vi)"],
                          "op": "join", "text": "Support laboratories and officers"}]  # fmt: skip
    both = read("Goal A.5, activities (iv) and (v) should read: “Support research”", plan)
    assert both.amendments[0]["op"] == "instruction"
    assert "whether they are joined or each reworded" in both.reasons[0]


def test_lines_and_pages_beside_an_element_the_change_names(plan: Plan) -> None:
    assert ops(read("On pages 1 through 3, strike Goal A.1, activity (iv) in its entirety.",
                    plan)) == [{"target": "Goal A.1, activity (iv)", "op": "remove"}]  # fmt: skip
    assert ops(read("In Goal A.5, on page 3, from line 13, to omit activities (iv) and (v).",
                    plan))[0]["op"] == "remove"  # fmt: skip
    added = read("Goal B.3, add after line 12 on page 9 the following new activity: “(v) Support "
                 "cooperation with regional organizations”", plan)  # fmt: skip
    assert ops(added)[0] == {"target": "Goal B.3", "op": "add", "kind": "activity",
                             "text": "Support cooperation with regional organizations",
                             "position": "after", "sibling": "Goal B.3, activity (iv)"}  # fmt: skip
    taken = read("Goal B.3, add the following new activity: “(iii) Support cooperation”", plan)
    assert "already exists" in taken.reasons[0]
    line = read("Goal A.4, activity (i), replace line 4 on page 4 with the following: “Provide "
                "support to Parties”", plan)  # fmt: skip
    assert line.amendments[0]["op"] == "instruction"
    lines = read("Amend Goal A.3, activity (iii), page 2, by deleting lines 5 through 9 and "
                 "inserting: “Develop guidance”.", plan)  # fmt: skip
    assert lines.amendments[0]["op"] == "instruction"
