"""How extract finds a report's items beyond (a), (i), (1) and 1.: dashes, "a)" and "a.",
a letter alone, headings naming the element, one change a line after a lead-in, wording set
off after a colon, the context a paragraph's lead-in or heading gives, and a whole report with
no numbered paragraphs (editplan.reports.lists, segment)."""

from __future__ import annotations

from typing import Any

import pytest

from editplan.api import load_plan
from editplan.core.model import Plan
from editplan.reports.extract import extract
from editplan.reports.lists import heading, set_off

PLAN = "plans/cb-action-plan.yaml"


@pytest.fixture(scope="module")
def plan() -> Plan:
    from pathlib import Path

    return load_plan(Path(__file__).resolve().parent.parent / PLAN)


def _read(text: str, plan: Plan, paragraph: int | None = None) -> list[tuple[str, list[Any]]]:
    extraction = extract(text, paragraph=paragraph, plan=plan, source_name="r.txt")
    return [(i.id, [{k: v for k, v in a.items() if k not in ("id", "quote", "note")}
                    for a in i.amendments]) for i in extraction.items]  # fmt: skip


def test_dash_items(plan: Plan) -> None:
    text = ("1. The Group met.\n\n2. The Committee adopted the draft with the following "
            "amendments:\n– In Goal B.2, activity (i), replace “predictable” by “adequate”;\n"
            "– In Goal B.4, key area (3), delete “national”.\n\n3. It closed.\n")  # fmt: skip
    got = _read(text, plan, 2)
    assert [i for i, _ in got] == ["2-1", "2-2"]
    assert got[0][1] == [{"target": "Goal B.2, activity (i)", "op": "replace",
                          "phrase": "predictable", "by": "adequate"}]  # fmt: skip
    assert got[1][1][0]["op"] == "delete"


@pytest.mark.parametrize("mark", ["a)", "a.", "a"])
def test_letters_with_a_bracket_a_stop_or_alone(plan: Plan, mark: str) -> None:
    second = mark.replace("a", "b")
    text = (f"1. The Group met.\n\n2. The Assembly decides:\n{mark} In Goal B.2, activity (i), "
            f"replace “predictable” by “adequate”\n{second} In Goal B.4, key area (3), delete "
            "the word “national”\n\n3. It closed.\n")  # fmt: skip
    got = _read(text, plan, 2)
    assert [i for i, _ in got] == ["2(a)", "2(b)"]
    assert got[0][1][0]["op"] == "replace" and got[1][1][0]["op"] == "delete"


def test_a_letter_alone_is_a_label_only_beside_b(plan: Plan) -> None:
    """"a Party ..." at the start of a wrapped line is a word, not an item."""
    text = ("1. The Group met.\n\n2. The Group proposed:\n(a) In Goal B.2, activity (i), the "
            "word “predictable” should be replaced by\na Party’s word “adequate”.\n\n"
            "3. It closed.\n")  # fmt: skip
    assert [i for i, _ in _read(text, plan, 2)] == ["2(a)"]


def test_headings_name_the_element_of_the_items_under_them(plan: Plan) -> None:
    text = ("Report of the Committee on the draft, dated 6 March 2019\n\nThe Committee reports "
            "the draft with amendments.\n\nGOAL B.2, ACTIVITY (i)\n\n1. On page 3, in line 6, "
            "to omit ‘‘predictable’’ and to substitute ‘‘adequate’’.\n\nGOAL A.5\n\n1. On page "
            "3, from line 13, to omit activity (iv).\n\nGoal B.4, key area (3)\n\nDelete "
            "“national”.\n\nThe Committee has ordered a reprint of the draft, as amended.\n"
            )  # fmt: skip
    got = _read(text, plan)
    assert [i for i, _ in got] == ["1", "2", "3"]
    assert got[0][1][0] == {"target": "Goal B.2, activity (i)", "op": "replace",
                            "phrase": "predictable", "by": "adequate"}  # fmt: skip
    assert got[2][1][0]["target"] == "Goal B.4, key area (3)"


def test_one_change_a_line_after_a_lead_in(plan: Plan) -> None:
    text = ("XIV.1 The Bureau recommended adoption.\n\nXIV.2 After discussion, the Committee "
            "adopted the draft with the following additional changes:\n\nGoal A.5, key area "
            "(2), the following words should be added at the end of the key area: \"and their "
            "application\".\n\nGoal B.4, activity (iv), the words \"through the Biosafety "
            "Clearing-House\" should be deleted.\n\nXIV.3 The Committee requested the "
            "Secretariat to publish the revised text.\n")  # fmt: skip
    got = _read(text, plan)
    assert [a[0]["op"] for _, a in got] == ["insert", "delete"]


def test_wording_set_off_after_a_colon_is_quoted_and_its_labels_are_words(plan: Plan) -> None:
    text = ("1. The Group met.\n\n2. The Conference resolves to amend the draft as follows:\n\n"
            "Replace the text of Goal A.3, activity (i) by the following:\n\nProvide training "
            "for national focal points and other authorities\n\nReplace the text of Goal B.1, "
            "key areas (1) to (3) by the following:\n\n(1) Identifying needs\n(2) Strengthening "
            "efforts\n\n3. It closed.\n")  # fmt: skip
    got = _read(text, plan, 2)
    assert [i for i, _ in got] == ["2-1", "2-2"]
    text = "Provide training for national focal points and other authorities"
    assert got[0][1] == [{"target": "Goal A.3, activity (i)", "op": "rephrase", "text": text}]
    assert got[1][1][0]["op"] == "instruction"


def test_set_off_keeps_quoted_wording_and_lines_naming_elements() -> None:
    assert set_off(["Replace it by the following:", "", "New words"]) == \
        ["Replace it by the following:", "", "“New words”"]  # fmt: skip
    kept = ["Replace it by the following:", "“New words”"]
    assert set_off(kept) == kept
    rows = ["Changes as follows:", "Goal A.4, activity (iii): new words"]
    assert set_off(rows) == rows
    two = ["as follows:", "", "first", "second", "", "after a blank"]
    assert set_off(two) == ["as follows:", "", "“first", "second”", "", "after a blank"]


def test_heading() -> None:
    assert heading("GOAL A.2, ACTIVITY (ii)") and heading("Goal B.3") and heading("Goal A.4:")
    assert heading("Goals A.6, 7 and 8, activities (v) and (vi).")
    assert not heading("Goal B.3, delete activity (ii)") and not heading("Recommendation 1")


def test_the_paragraph_lead_in_names_the_goal_of_its_items(plan: Plan) -> None:
    text = ("1. The Group met.\n\n2. With regard to Goal B.2, the Group proposed:\n(a) in "
            "activity (i), replace “predictable” by “adequate”;\n(b) delete activity (iv).\n\n"
            "3. It closed.\n")  # fmt: skip
    got = _read(text, plan, 2)
    assert got[0][1][0]["target"] == "Goal B.2, activity (i)"
    assert got[1][1][0] == {"target": "Goal B.2, activity (iv)", "op": "remove"}


def test_the_heading_above_a_paragraph_names_the_goal_of_its_items(plan: Plan) -> None:
    text = ("GOAL B.2\n\n1. Amendments were submitted to it.\n\n2. These amendments were to the "
            "following effect:\n(i) Egypt: In activity (i), replace “predictable” by “adequate”."
            "\n(ii) Peru: Delete activity (iv).\n\n3. It closed.\n")  # fmt: skip
    got = _read(text, plan, 2)
    assert got[0][1][0]["target"] == "Goal B.2, activity (i)"
    assert got[1][1][0]["target"] == "Goal B.2, activity (iv)"


def test_a_narrative_paragraph_is_no_item(plan: Plan) -> None:
    """A paragraph that names a goal in a sentence of narrative, even one with a verb of the
    lexicon ("included"), is not a list of changes; nor is a wrapped line that starts with a
    goal."""
    text = ("1. The Group met.\n\n2. The Group proposed:\n(a) In Goal B.2, activity (i), "
            "replace “predictable” by “adequate”.\n\n3. It was noted that, under goal A.3, the "
            "process included the review of draft reports by Parties.\n\n4. The Group noted "
            "that the process for\nGoal A.3 included a review.\n")  # fmt: skip
    extraction = extract(text, plan=plan, source_name="r.txt")
    assert extraction.paragraphs == [2]
    with pytest.raises(Exception, match="paragraph 4 has no labelled items"):
        extract(text, paragraph=4, plan=plan, source_name="r.txt")
