"""Decisions, resolutions, corrigenda and motions read by general rules (batch 9 of the paragraph
corpus): a list number with no stop, a body as the subject of "amends", "is replaced with the
following" in the passive, the document named beside the change, a purpose before the wording,
"adopt the following text", words not in quotation marks found in the element, places listed
before the one change made in each, a location line before its change, items under a goal's
title that begin with an element and a dash, an elision before the wording, a new element
beside the one named, "every thing after", "overstrike", text set off between slashes, a
proposer after a quotation, and wording marked under its heading with the rest left as it is;
each with its bad inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from editplan.api import load_plan
from editplan.core.model import Plan
from editplan.errors import InputError
from editplan.reports.extract import ExtractedItem, extract, read_report
from editplan.reports.lists import set_off, titled

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


# --- numbering, subject and frame ------------------------------------------------------------


def test_a_list_number_with_no_stop_before_a_capital(plan: Plan) -> None:
    text = ("ANNEX\n\nAMENDMENTS TO THE DRAFT ACTION PLAN\n\n1 Goal A.5, activity (iii) is "
            "replaced with the following:\n\n\"(iii) Develop guidance materials\"\n\n2 Goal A.5, "
            "activity (iv) is deleted.\n")  # fmt: skip
    items = whole(text, plan)
    assert [ops(i) for i in items] == [
        [{"target": "Goal A.5, activity (iii)", "op": "rephrase", "text": "Develop guidance "
                                                                          "materials"}],
        [{"target": "Goal A.5, activity (iv)", "op": "remove"}],
    ]  # fmt: skip
    # a count is no list number: "3 new activities" given one wording is not read as one
    count = read("3 new activities are added to Goal A.1: “Support Parties in X”", plan)
    assert count.amendments[0]["op"] == "instruction"


def test_a_sentence_replaced_in_the_passive(plan: Plan) -> None:
    item = read("The last sentence of Goal A.5, key area (2) is replaced with the following: "
                "\"Developing guidance on risk management\"", plan)  # fmt: skip
    assert ops(item) == [{"target": "Goal A.5, key area (2)", "op": "rephrase",
                          "text": "Developing guidance on risk management"}]  # fmt: skip
    second = read("The second sentence of Goal A.5, key area (2) is replaced with the following: "
                  "\"Developing guidance\"", plan)  # fmt: skip
    instruction(second, "has 1 sentence(s), not a sentence 2")


def test_a_body_that_amends_an_element_as_follows(plan: Plan) -> None:
    item = read("The Board amends Goal A.1, activity (i), as follows: “Provide technical "
                "assistance to Parties on request”", plan)  # fmt: skip
    assert ops(item)[0]["op"] == "rephrase"
    two = read("The Commission amends Goal A.1, activity (i), as follows: “Provide help” and "
               "“more help”", plan)  # fmt: skip
    instruction(two, "a new wording needs one quotation; the item has 2")
    for verb in ("Amend and complete", "Amend and supplement"):
        both = read(f"{verb} Goal B.3, key area (2) as follows: “Strengthening coordination "
                    "with organizations.”", plan)  # fmt: skip
        assert ops(both) == [{"target": "Goal B.3, key area (2)", "op": "rephrase",
                              "text": "Strengthening coordination with organizations"}]  # fmt: skip


def test_the_document_named_beside_the_change(plan: Plan) -> None:
    printed = read("On page 1, line 7 of the printed draft, in Goal A.4, activity (i), after "
                   "\"compliance action plans\" insert \"and national compliance strategies\".",
                   plan)  # fmt: skip
    assert ops(printed)[0]["anchor"] == "compliance action plans"
    amended = read("Amend the draft plan, as and if amended, in Goal B.4, by adding the following "
                   "activity: “Support Parties”", plan)  # fmt: skip
    assert ops(amended) == [{"target": "Goal B.4", "op": "add", "kind": "activity",
                             "text": "Support Parties", "position": "end"}]  # fmt: skip
    # the document named first, as earlier traditions do, still reads
    for before in ("In the draft action plan, ", "In the draft capacity-building action plan, "):
        item = read(before + "Goal A.2, activity (iv), delete “websites and”.", plan)
        assert ops(item) == [{"target": "Goal A.2, activity (iv)", "op": "delete",
                              "phrase": "websites and"}]  # fmt: skip


def test_adopting_the_following_text_and_why(plan: Plan) -> None:
    item = read("Goal A.4, activity (iv) - The Group agreed to adopt the following text to avoid "
                "confusion between the words “compliance” and “implementation”: “Facilitate "
                "the exchange of experiences on compliance and implementation”", plan)  # fmt: skip
    assert ops(item) == [{"target": "Goal A.4, activity (iv)", "op": "rephrase", "text":
                          "Facilitate the exchange of experiences on compliance and "
                          "implementation"}]  # fmt: skip
    assert "“compliance” and “implementation”" in item.amendments[0]["note"]
    # the reason with no wording after it: the quotations are not the new wording
    bare = read("Goal A.4, activity (iv) - The Group agreed to adopt the following text to avoid "
                "confusion between the words “compliance” and “implementation”", plan)  # fmt: skip
    assert bare.amendments[0]["op"] == "instruction"
    # a new element adopted is not a new wording of the element the item names
    new = read("Goal A.4, activity (iv) - The Group agreed to adopt the following new activity: "
               "“Facilitate exchange”", plan)  # fmt: skip
    assert new.amendments[0]["op"] == "instruction"
    end = read("Goal A.4, key area (2) - The Group agreed to add the text shown below at the end "
               "of this key area: “and the follow-up of their results”", plan)  # fmt: skip
    assert ops(end) == [{"target": "Goal A.4, key area (2)", "op": "insert", "position": "end",
                         "text": "and the follow-up of their results"}]  # fmt: skip


# --- words not in quotation marks --------------------------------------------------------------


def test_unquoted_words_found_in_the_element(plan: Plan) -> None:
    item = read("In Goal A.5, activity (iv), after specific ecological areas, insert and "
                "agro-ecological zones", plan)  # fmt: skip
    assert ops(item) == [{"target": "Goal A.5, activity (iv)", "op": "insert",
                          "position": "after", "anchor": "specific ecological areas",
                          "text": "and agro-ecological zones"}]  # fmt: skip
    assert any("does not quote the words" in n for n in item.notes), item.notes
    absent = read("In Goal A.5, activity (iv), after tropical ecological areas, insert and "
                  "agro-ecological zones", plan)  # fmt: skip
    assert absent.amendments[0]["op"] == "instruction"
    twice = read("In Goal A.2, activity (ii), after the, insert new", plan)
    instruction(twice, "occurs 2 times")
    # without the plan no words can be found: nothing is guessed
    unplanned = read("In Goal A.5, activity (iv), after specific ecological areas, insert and "
                     "agro-ecological zones", None)  # fmt: skip
    assert unplanned.amendments[0]["op"] == "instruction"


def test_change_unquoted_words_in_several_elements(plan: Plan) -> None:
    item = read("Change LMOs to living modified organisms in Goal A.1, activity (ii) and then in "
                "activity (iv) in the same goal.", plan)  # fmt: skip
    assert ops(item) == [{"targets": ["Goal A.1, activity (ii)", "Goal A.1, activity (iv)"],
                          "op": "replace", "phrase": "LMOs",
                          "by": "living modified organisms"}]  # fmt: skip
    # two cuts fit the element's text ("access" and "access to funding"): a person decides
    two = read("Change access to funding to access to finance in Goal B.2, key area (2).", plan)
    assert two.amendments[0]["op"] == "instruction"
    missing = read("Change LMOs to living modified organisms in Goal A.1, activity (ii) and then "
                   "in activity (v) in the same goal.", plan)  # fmt: skip
    assert missing.amendments[0]["op"] == "instruction"


LEEDS = """Decision details

Amendments have been made to the Draft Action Plan as follows;
1. To Goal A.2, key area (1)
2. To Goal A.2, {second} – Training for national focal
points
3. To Goal B.4, activity (iv)
to delete references to the Biosafety Clearing-House and replace
those with Biosafety Information Portal{end}
"""


def test_places_listed_before_the_one_change_made_in_each(plan: Plan) -> None:
    items = whole(LEEDS.format(second="activity (i)", end=". In addition Goal B.3, key area "
                               "(2) has been updated."), plan)  # fmt: skip
    want = {"op": "replace", "phrase": "Biosafety Clearing-House",
            "by": "Biosafety Information Portal"}  # fmt: skip
    assert [ops(i) for i in items[:3]] == [[{"target": t, **want}] for t in (
        "Goal A.2, key area (1)", "Goal A.2, activity (i)", "Goal B.4, activity (iv)")]
    assert items[3].amendments[0]["target"] == "Goal B.3, key area (2)"
    assert items[3].amendments[0]["op"] == "instruction"
    # no stop at the end of the change: read the same
    items = whole(LEEDS.format(second="activity (i)", end=""), plan)
    assert [ops(i) for i in items] == [[{"target": t, **want}] for t in (
        "Goal A.2, key area (1)", "Goal A.2, activity (i)", "Goal B.4, activity (iv)")]
    # a place whose text lacks the words is an instruction; the others are read
    items = whole(LEEDS.format(second="key area (3)", end="."), plan)
    assert [i.amendments[0]["op"] for i in items] == ["replace", "instruction", "replace"]
    # places with no change after them: each an instruction, none dropped
    items = whole("Decision details\n\nAmendments have been made as follows;\n1. To Goal A.2, "
                  "key area (1)\n2. To Goal A.2, activity (i)\nThese alterations are documented "
                  "as tracked changes.\n", plan)  # fmt: skip
    assert [i.amendments[0]["op"] for i in items] == ["instruction", "instruction"]
    with pytest.raises(InputError, match="no paragraph has labelled items"):
        whole("Decision details\n\n1. To Goal A.2, key area (1)\n2. To Goal A.2, activity "
              "(i)\n", plan)  # fmt: skip


def test_a_location_line_then_the_change(plan: Plan) -> None:
    text = ("Corrigendum\n\n1. Page 3, Goal A.2\n\nBelow activity (ii), insert Support national "
            "focal points in using the Biosafety Clearing-House\n\n2. Page 5. Goal A.5, activity "
            "(iv), line 2\n\nAfter specific ecological areas, insert and agro-ecological zones"
            "\n\n3. Page 9\n\nBefore Goal B.3, activity (i), insert the following text:\n\n"
            "Support the exchange of information\n")  # fmt: skip
    items = whole(text, plan)
    assert [i.id for i in items] == ["1", "2", "3"]
    assert ops(items[0]) == [{"target": "Goal A.2", "op": "add", "kind": "activity", "text":
                              "Support national focal points in using the Biosafety "
                              "Clearing-House", "position": "after",
                              "sibling": "Goal A.2, activity (ii)"}]  # fmt: skip
    assert ops(items[1])[0]["anchor"] == "specific ecological areas"
    assert ops(items[2])[0]["position"] == "before"
    # a new activity below one that does not exist, and words not in the element
    bad = whole(text.replace("activity (ii), insert", "activity (ix), insert")
                .replace("After specific", "After tropical"), plan)  # fmt: skip
    assert [i.amendments[0]["op"] for i in bad] == ["instruction", "instruction", "add"]
    lower = read("Below Goal A.2, activity (ii), insert support for national focal points", plan)
    assert lower.amendments[0]["op"] == "instruction"


# --- layouts -------------------------------------------------------------------------------------


def test_items_under_a_goal_s_title_that_begin_with_an_element(plan: Plan) -> None:
    text = ("128. The following amendments were agreed to:\n\nGoal A.4 Compliance\n\nKey area "
            "(2) - The Group agreed to add the text shown below at the end of this key area:\n"
            "“and the follow-up of their results”\nActivity (iv) - The Group agreed to adopt "
            "the following text:\n“Facilitate the exchange of experiences”\n")  # fmt: skip
    items = whole(text, plan, 128)
    assert [ops(i)[0]["target"] for i in items] == ["Goal A.4, key area (2)",
                                                     "Goal A.4, activity (iv)"]  # fmt: skip
    assert [ops(i)[0]["op"] for i in items] == ["insert", "rephrase"]
    absent = whole(text.replace("Key area (2)", "Key area (7)"), plan, 128)
    assert "key area (7) does not exist" in absent[0].reasons[0]
    assert titled("Goal A.3 National reports")
    assert not titled("Goal A.4 Delete activity (iv)")  # a change, not a title
    assert not titled("Goal A.4 Activity (iv)")  # an element, not a title
    assert not titled("Goal A.4 compliance.")


def test_a_key_area_added_with_its_purpose(plan: Plan) -> None:
    text = ("128. The following amendments were agreed to:\n\nGoal A.3 National reports\n\nThe "
            "Group decided that a key area on national reporting systems needed to be added, in "
            "order to clarify activity (iv), and agreed to the following text: “Strengthening "
            "national systems for national reporting”.\n")  # fmt: skip
    items = whole(text, plan, 128)
    assert ops(items[0]) == [{"target": "Goal A.3", "op": "add", "kind": "key_area", "text":
                              "Strengthening national systems for national reporting",
                              "position": "end"}]  # fmt: skip
    assert "in order to clarify activity (iv)" in items[0].amendments[0]["note"]
    two = whole(text.replace("”.", "” and “more”."), plan, 128)
    assert two[0].amendments[0]["op"] == "instruction"


def test_an_elision_before_the_wording(plan: Plan) -> None:
    text = ("Board Decisions\n\nTechnical assistance\n\nThe Board amends the Draft Action Plan, "
            "Goal A.1, activity (i), as follows:\n\n[…]\n\n(i) Provide technical assistance to "
            "Parties, on request\n")  # fmt: skip
    assert ops(whole(text, plan)[0]) == [{"target": "Goal A.1, activity (i)", "op": "rephrase",
                                          "text": "Provide technical assistance to Parties, "
                                                  "on request"}]  # fmt: skip
    # the elision alone: square-bracketed text a person reads
    alone = whole(text.split("\n\n(i)")[0] + "\n", plan)
    instruction(alone[0], "square-bracketed")


def test_a_new_element_beside_the_one_named(plan: Plan) -> None:
    item = read("Add after Goal B.3, activity (i) a new activity: “Support cooperation among "
                "Parties”", plan)  # fmt: skip
    assert ops(item) == [{"target": "Goal B.3", "op": "add", "kind": "activity", "text":
                          "Support cooperation among Parties", "position": "after",
                          "sibling": "Goal B.3, activity (i)"}]  # fmt: skip
    numbered = read("After Goal B.3, activity (i), insert: “(ii) Support cooperation”", plan)
    assert ops(numbered)[0]["text"] == "Support cooperation"
    between = read("After Goal B.3, activity (ii), insert: “(ii a) Support cooperation”", plan)
    assert ops(between)[0]["sibling"] == "Goal B.3, activity (ii)"
    for bad, why in [
        ("Add after Goal B.3, key area (1) a new activity: “Support cooperation”",
         "an element of another kind"),
        ("Add after Goal B.3, activity (i) a new activity: “Support” and “more”",
         "needs its wording quoted once"),
        ("After Goal B.3, activity (i), insert: “(iii) Support cooperation”",
         "numbered (iii), which does not fit"),
        ("Add after Goal B.3, activity (i): “and subregional”", "A person decides"),
        ("Add after Goal B.3, activity (ix) a new activity: “Support cooperation”",
         "activity (ix) does not exist"),
    ]:  # fmt: skip
        instruction(read(bad, plan), why)


def test_everything_after_and_overstrike(plan: Plan) -> None:
    item = read("On page 2, line 14, in Goal A.2, key area (1), delete every thing after “focal "
                "points” and insert “to manage records”.", plan)  # fmt: skip
    assert ops(item)[0]["text"] == ("Strengthening the capacities of national focal points to "
                                    "manage records")  # fmt: skip
    cut = read("In Goal B.2, activity (iii), overstrike everything after “national budgets”.",
               plan)  # fmt: skip
    assert ops(cut)[0]["text"] == "Promote the integration of biosafety into national budgets"
    struck = read("In Goal B.2, activity (iv), overstrike “bilateral and”.", plan)
    assert ops(struck) == [{"target": "Goal B.2, activity (iv)", "op": "delete",
                            "phrase": "bilateral and"}]  # fmt: skip
    absent = read("In Goal B.2, activity (iv), overstrike “trilateral and”.", plan)
    assert absent.amendments[0]["op"] == "instruction"
    assert absent.amendments[0]["candidate"] == {"op": "delete", "phrase": "bilateral and"}
    twice = read("In Goal A.2, activity (ii), delete everything after “the”.", plan)
    instruction(twice, "occurs 2 time(s)")


def test_a_line_beginning_with_a_page_then_a_verb_is_an_item(plan: Plan) -> None:
    text = ("XY moved that the draft be amended as follows:\n\n    On page 2, delete line 17.\n\n"
            "    On page 5, line 15, in Goal B.2, activity (iii), overstrike everything after "
            "\"national budgets\" .\n")  # fmt: skip
    items = whole(text, plan)
    assert [i.amendments[0]["op"] for i in items] == ["instruction", "rephrase"]


@pytest.mark.parametrize(("lines", "quoted"), [
    (["by adding the following activity:", "", "/     Support Parties     /", "", "Renumber."],
     ["by adding the following activity:", "", "“Support Parties”", "", "Renumber."]),
    (["by adding the following activity:", "", "/ Support Parties", "", "Renumber."], None),
    (["by adding the following activity:", "", "Support Parties /", "", "Renumber."], None),
])  # fmt: skip
def test_text_set_off_between_slashes(lines: list[str], quoted: list[str] | None) -> None:
    assert set_off(lines) == (quoted or lines)


def test_a_proposer_after_a_quotation_ending_with_a_stop(plan: Plan) -> None:
    item = read("Insert at the end of the first sentence of Goal A.1, key area (3) the phrase: "
                "“at all levels of government.” (Lebanon)", plan)  # fmt: skip
    assert ops(item) == [{"target": "Goal A.1, key area (3)", "op": "insert", "position": "end",
                          "text": "at all levels of government"}]  # fmt: skip
    inner = read("In Goal A.1, key area (3), insert at the end the phrase: “at all levels. Of "
                 "government.” (Lebanon)", plan)  # fmt: skip
    assert ops(inner)[0]["text"] == "at all levels. Of government"


def marked(tmp_path: Path, heading: str, runs: list[tuple[str, str]]) -> str:
    """A .docx report: a title, the element's name as a heading, and its wording in runs."""
    document = docx.Document()
    document.add_paragraph("PROPOSED DRAFT AMENDMENTS TO THE DRAFT ACTION PLAN")
    document.add_paragraph(heading)
    paragraph = document.add_paragraph("")
    for text, how in runs:
        run = paragraph.add_run(text)
        run.font.strike = how == "strike" or None
        run.font.underline = how == "underline" or None
    path = tmp_path / "marked.docx"
    document.save(str(path))
    return read_report(path)


def test_marked_wording_under_its_heading_with_the_rest_as_it_is(
    plan: Plan, tmp_path: Path
) -> None:
    text = marked(tmp_path, "Goal B.2, activity (ii)", [
        ("Support ", ""), ("eligible", "underline"),
        (" Parties in preparing project proposals ........... (remainder of activity as is)", ""),
    ])  # fmt: skip
    item = whole(text, plan)[0]
    # the marked wording against the element's first words: the element as it should read
    assert ops(item) == [{"target": "Goal B.2, activity (ii)", "op": "replace",
                          "phrase": "Support Parties in preparing project proposals",
                          "by": "Support eligible Parties in preparing project proposals"}]
    struck = marked(tmp_path, "Goal B.2, activity (ii)", [
        ("Support Parties in ", ""), ("drafting", "strike"), ("writing", "underline"),
        (" project proposals ........... (remainder of activity as is)", ""),
    ])  # fmt: skip
    instruction(whole(struck, plan)[0], "do not match the element")
