"""What a sentence says beside its change (amendment numbers, movers, proposers, reasons, pages
and lines), excerpts between ellipses, corrigenda's "for: ... read: ...", numbering such as
"(iii bis)", and the bad inputs each rule must refuse: read right, or an instruction with a
reason, never a wrong operation."""

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


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(ROOT / "plans" / "cb-action-plan.yaml")


def _item(plan: Plan, sentence: str) -> ExtractedItem:
    extraction = extract(HEAD + f"(a) {sentence}\n\n3. The meeting closed.\n", paragraph=2,
                         plan=plan, source_name="frames")  # fmt: skip
    assert len(extraction.items) == 1
    return extraction.items[0]


def _fields(item: ExtractedItem) -> list[dict[str, Any]]:
    return [{k: v for k, v in a.items() if k not in ("id", "quote", "note", "reason", "target")}
            for a in item.amendments]  # fmt: skip


def test_number_mover_proposer_and_page_go_to_the_note(plan: Plan) -> None:
    item = _item(plan, "No. 18, on page 4, in Goal A.10, activity (i), leave out 'policymakers' "
                 "and insert 'parliamentarians'. (Egypt)")  # fmt: skip
    assert _fields(item) == [{"op": "replace", "phrase": "policymakers", "by": "parliamentarians"}]
    note = item.amendments[0]["note"]
    assert "No. 18" in note and "Proposed by: Egypt" in note and "page 4" in note


def test_a_suggestion_with_its_grounds_is_read_and_the_grounds_kept(plan: Plan) -> None:
    item = _item(plan, "It has been suggested by Peru that the words “and triangular” in Goal "
                 "B.3, activity (i) be deleted on the ground that this might be read narrowly.")
    assert _fields(item) == [{"op": "delete", "phrase": "and triangular"}]
    assert "Peru" in item.amendments[0]["note"] and "ground" in item.amendments[0]["note"]


def test_a_line_locates_quoted_words(plan: Plan) -> None:
    item = _item(plan, "In Goal A.5, activity (iv), 1st line, the word “relevant” should read "
                 "“directly relevant”.")  # fmt: skip
    assert _fields(item) == [{"op": "replace", "phrase": "relevant", "by": "directly relevant"}]


def test_a_line_with_no_quoted_words_to_locate_the_change_is_an_instruction(plan: Plan) -> None:
    item = _item(plan, "In Goal A.2, activity (iv), line 2, at end insert “and portals”.")
    assert [a["op"] for a in item.amendments] == ["instruction"]
    assert "line" in item.reasons[0]


def test_lines_that_are_the_change_itself_stay_an_instruction(plan: Plan) -> None:
    item = _item(plan, "That Goal A.5, in activity (iii), be amended by deleting lines 1 to 2.")
    assert [a["op"] for a in item.amendments] == ["instruction"]


def test_corrigendum_of_a_passage_between_ellipses(plan: Plan) -> None:
    item = _item(plan, "On page 7, Goal A.9, activity (ii): for: ‘… research on the "
                 "socio-economic impacts of LMOs …’, read: ‘… research on the socio-economic and "
                 "environmental impacts of LMOs …’;")  # fmt: skip
    assert _fields(item) == [{
        "op": "replace", "phrase": "research on the socio-economic impacts of LMOs",
        "by": "research on the socio-economic and environmental impacts of LMOs"}]  # fmt: skip


def test_corrigendum_whose_current_text_is_close_to_the_element_has_a_candidate(
    plan: Plan,
) -> None:
    item = _item(plan, "Goal A.4, key area (2): for: ‘Improving the implementation of compliance "
                 "action plan’, read: ‘Improving the implementation and review of compliance "
                 "action plans’;")  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["instruction"]
    text = "Improving the implementation and review of compliance action plans"
    assert item.amendments[0]["candidate"] == {"op": "rephrase", "text": text}


@pytest.mark.parametrize("sentence", [
    "Goal A.2, activity (iv) should read: “… linked to the Biosafety Clearing-House”.",
    "In Goal A.2, activity (iv), insert “and portals …” after “websites”.",
    "In Goal A.2, activity (iv), replace “national … websites” by “national portals …”.",
])  # fmt: skip
def test_an_excerpt_is_not_a_wording(plan: Plan, sentence: str) -> None:
    item = _item(plan, sentence)
    assert [a["op"] for a in item.amendments] == ["instruction"]
    assert "excerpt" in item.reasons[0]


def test_the_end_of_a_sentence_that_is_not_the_last_is_an_instruction(plan: Plan) -> None:
    right = _item(plan, "Insert at the end of the first sentence of Goal A.4, activity (ii) the "
                  "phrase: “and its Supplementary Protocol”")  # fmt: skip
    assert _fields(right) == [{"op": "insert", "position": "end",
                               "text": "and its Supplementary Protocol"}]  # fmt: skip
    wrong = _item(plan, "Insert at the end of the second sentence of Goal A.4, activity (ii) the "
                  "phrase: “and its Supplementary Protocol”")  # fmt: skip
    assert [a["op"] for a in wrong.amendments] == ["instruction"]
    assert "sentence" in wrong.reasons[0]


def test_an_excerpt_of_the_result_is_checked(plan: Plan) -> None:
    good = _item(plan, "In Goal A.5, activity (ii), insert the words “and evaluating” after the "
                 "word “reviewing” so that it would read: “reviewing and evaluating risk "
                 "assessment reports”…")  # fmt: skip
    assert _fields(good) == [{"op": "insert", "position": "after", "anchor": "reviewing",
                              "text": "and evaluating"}]  # fmt: skip
    bad = _item(plan, "In Goal A.5, activity (ii), insert the words “and evaluating” after the "
                "word “reviewing” so that it would read: “reviewing and assessing risk”…")
    assert [a["op"] for a in bad.amendments] == ["instruction"]
    assert "result reads" in bad.reasons[0]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Goal A.4, activity (iv)- Omit ''on compliance'', substitute ''on compliance and "
     "enforcement''.", {"op": "replace", "phrase": "on compliance",
                        "by": "on compliance and enforcement"}),
    ("In Goal A.10, key area (1), \"Supplementary Protocol” should read \"Nagoya-Kuala Lumpur "
     "Supplementary Protocol\".", {"op": "replace", "phrase": "Supplementary Protocol",
                                   "by": "Nagoya-Kuala Lumpur Supplementary Protocol"}),
    ("In Goal A.3, activity (iii), the word “guidance\" should read “practical guidance\".",
     {"op": "replace", "phrase": "guidance", "by": "practical guidance"}),
])  # fmt: skip
def test_quotation_marks_as_typed(plan: Plan, sentence: str, expected: dict[str, Any]) -> None:
    assert _fields(_item(plan, sentence)) == [expected]


def test_a_quotation_never_closed_is_still_an_instruction(plan: Plan) -> None:
    item = _item(plan, "In Goal A.3, activity (iii), the word “guidance should read “practical "
                 "guidance”.")  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["instruction"]


def test_a_new_element_numbered_bis_goes_after_its_namesake(plan: Plan) -> None:
    item = _item(plan, "Goal A.2, new activity (iii bis): “Support the translation of records”.")
    assert _fields(item) == [{"op": "add", "kind": "activity", "text":
                              "Support the translation of records", "position": "after",
                              "sibling": "Goal A.2, activity (iii)"}]  # fmt: skip


def test_a_proposed_text_alone_must_read_as_a_version_of_the_element(plan: Plan) -> None:
    version = _item(plan, "Goal B.4, activity (iii): Proposed text: “Provide training on "
                    "mechanisms for public access to information and public participation in "
                    "decision-making”")  # fmt: skip
    assert [a["op"] for a in version.amendments] == ["rephrase"]
    passage = _item(plan, "Goal A.2, activity (iv): Proposed text: “Support national websites”")
    assert [a["op"] for a in passage.amendments] == ["instruction"]
    assert passage.amendments[0]["candidate"] == {"op": "rephrase",
                                                  "text": "Support national websites"}


def test_the_whole_text_replaced_is_a_new_wording(plan: Plan) -> None:
    item = _item(plan, "In Goal B.2, activity (iv), replace “Explore opportunities for funding "
                 "biosafety through bilateral and multilateral cooperation” by “Explore funding "
                 "opportunities”.")  # fmt: skip
    assert _fields(item) == [{"op": "rephrase", "text": "Explore funding opportunities"}]


def test_renumbering_follows_from_positions(plan: Plan) -> None:
    item = _item(plan, "Delete Goal A.2, activity (iv) and renumber the remaining activities "
                 "accordingly.")  # fmt: skip
    assert _fields(item) == [{"op": "remove"}]
    assert "renumbering" in item.amendments[0]["note"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Group agreed to replace “websites” with “portals” in Goal A.2, activity (iv).",
     {"op": "replace", "phrase": "websites", "by": "portals"}),
    ("Regarding Goal A.2, activity (iv), it was suggested that the word “searchable” be deleted.",
     {"op": "delete", "phrase": "searchable"}),
    ("Several Parties proposed inserting “and portals” after “websites” in Goal A.2, "
     "activity (iv).",
     {"op": "insert", "position": "after", "anchor": "websites", "text": "and portals"}),
])  # fmt: skip
def test_a_reports_narrative_around_a_change(plan: Plan, sentence: str,
                                             expected: dict[str, Any]) -> None:  # fmt: skip
    assert _fields(_item(plan, sentence)) == [expected]


@pytest.mark.parametrize("sentence", [
    "The Group did not agree to delete “searchable” in Goal A.2, activity (iv).",
    "Some members suggested deleting “searchable” in Goal A.2, activity (iv), but others "
    "disagreed.",
    "One Party proposed, with reservations from others, to delete “searchable” in Goal A.2, "
    "activity (iv).",
    "There was no agreement to delete “searchable” in Goal A.2, activity (iv).",
])  # fmt: skip
def test_a_change_not_agreed_is_never_read(plan: Plan, sentence: str) -> None:
    item = _item(plan, sentence)
    assert [a["op"] for a in item.amendments] == ["instruction"]


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("In Goal A.2, activity (iv), replace “national … websites” by “national portals”.",
     "national biosafety websites"),
    ("In Goal B.3, activity (iv), replace the words \"on the Protocol (...) sectors\" by the "
     "following text: \"on the Protocol and the public\".", "on the Protocol for relevant sectors"),
    ("In Goal B.3, activity (iv), delete the words “outreach [...] Protocol”.", None),
])  # fmt: skip
def test_words_that_go_given_by_their_first_and_last_words(plan: Plan, sentence: str,
                                                           phrase: str | None) -> None:  # fmt: skip
    """ "replace the words “A (...) B”": the passage of the element from A to B, found once;
    square brackets stay an instruction (unagreed text)."""
    item = _item(plan, sentence)
    if phrase is None:
        assert [a["op"] for a in item.amendments] == ["instruction"]
        return
    assert item.amendments[0]["phrase"] == phrase
    assert any("leaves out the middle" in n for n in item.notes)


@pytest.mark.parametrize("sentence", [
    "In Goal B.3, activity (iv), delete the words “on the Protocol … nowhere”.",
    "In Goal B.3, activity (iv), delete the words “sectors … outreach”.",
    "In Goal A.2, activity (ii), delete the words “the … Clearing-House”.",
])  # fmt: skip
def test_first_and_last_words_that_are_not_one_passage(plan: Plan, sentence: str) -> None:
    """A last part missing, before the first, or a first part found twice: an instruction."""
    item = _item(plan, sentence)
    assert [a["op"] for a in item.amendments] == ["instruction"]
    assert "not one passage" in item.reasons[0]
