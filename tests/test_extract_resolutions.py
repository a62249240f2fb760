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


# --- by-laws and ordinances: "in its entirety", "shall be as follows", "said" -----------------


@pytest.mark.parametrize("item", [
    "Goal B.1, key area (3) of the Draft Action Plan is amended in its entirety to read as "
    "follows: “Strengthening the monitoring of capacity-building”",
    "SECTION 4. Goal B.1, key area (3) of the Draft Action Plan is hereby amended in its "
    "entirety to read as follows: “Strengthening the monitoring of capacity-building”",
    "Goal B.1, key area (3), of said Draft Action Plan, shall be as follows: “Strengthening the "
    "monitoring of capacity-building”",
    "By deleting key area “(3)” of Goal B.1 in its entirety and substituting in its place the "
    "following: “Strengthening the monitoring of capacity-building”",
])  # fmt: skip
def test_an_element_to_be_as_follows_in_its_entirety(plan: Plan, item: str) -> None:
    assert ops(read(item, plan)) == [{"target": "Goal B.1, key area (3)", "op": "rephrase",
                                      "text": "Strengthening the monitoring of capacity-building"}]


def test_an_element_of_said_plan_shall_be_deleted(plan: Plan) -> None:
    item = read("Goal B.4, activity (iv), of said Draft Action Plan, shall be deleted.", plan)
    assert ops(item) == [{"target": "Goal B.4, activity (iv)", "op": "remove"}]


@pytest.mark.parametrize("item", [
    "Goal B.1, key area (3), of said Draft Action Plan, shall be as follows: “One” and “Two”",
    "Goal B.1, key area (3), shall be as follows and also reviewed: “One”",
])  # fmt: skip
def test_shall_be_as_follows_that_cannot_be_read(plan: Plan, item: str) -> None:
    assert [a["op"] for a in read(item, plan).amendments] == ["instruction"]


def test_a_new_element_placed_after_one_and_before_the_next(plan: Plan) -> None:
    item = read("By adding immediately after activity “(iv)” of Goal A.10 and immediately before "
                "activity “(v)” of Goal A.10, the following in its entirety: “Support Parties in "
                "developing national rules on liability”", plan)  # fmt: skip
    assert ops(item) == [{"target": "Goal A.10", "op": "add", "kind": "activity",
                          "text": "Support Parties in developing national rules on liability",
                          "position": "after", "sibling": "Goal A.10, activity (iv)"}]


@pytest.mark.parametrize("place", [
    "after activity (iv) of Goal A.10 and immediately before activity (vi) of Goal A.10",
    "after activity (iv) of Goal A.10 and before key area (3) of Goal A.10",
    "after activity (iv) of Goal A.10 and before activity (v) of Goal B.1",
])  # fmt: skip
def test_after_one_and_before_another_that_are_not_neighbours(plan: Plan, place: str) -> None:
    item = read(f"By adding {place}, the following: “Support Parties in liability”", plan)
    assert [a["op"] for a in item.amendments] == ["instruction"], item.amendments


# --- a schedule's words located by the words before them, and the rest of a sentence ---------


@pytest.mark.parametrize(("item", "want"), [
    ("At the end of Goal A.5, key area (1), put a period after “assessments” and delete the rest "
     "of the sentence.", "Conducting risk assessments."),
    ("Goal A.5, key area (1). After “risk assessments” delete remainder of sentence and "
     "substitute “and managing risks”.", "Conducting risk assessments and managing risks"),
])  # fmt: skip
def test_the_rest_of_a_sentence_after_words_in_it(plan: Plan, item: str, want: str) -> None:
    assert ops(read(item, plan)) == [{"target": "Goal A.5, key area (1)", "op": "rephrase",
                                      "text": want}]  # fmt: skip


@pytest.mark.parametrize(("item", "why"), [
    ("Goal A.5, key area (1). After “biosafety” delete remainder of sentence.", "occurs 0 time"),
    ("Goal A.5, key area (1). After “identified risks” delete remainder of sentence.",
     "no words after"),
])  # fmt: skip
def test_the_rest_of_a_sentence_that_cannot_be_found(plan: Plan, item: str, why: str) -> None:
    instruction(read(item, plan), why)


def test_the_rest_of_a_sentence_that_does_not_end_the_element(plan: Plan) -> None:
    from editplan.core.model import Plan as PlanModel

    data = plan.model_dump()
    data["areas"][0]["goals"][4]["key_areas"][0]["text"] = (
        "Conducting risk assessments and managing risks. Sharing their results")
    two = PlanModel.model_validate(data)
    instruction(read("Goal A.5, key area (1). After “risk assessments” delete remainder of "
                     "sentence.", two), "does not end Goal A.5, key area (1)")  # fmt: skip


def test_delete_whole_element(plan: Plan) -> None:
    assert ops(read("Goal A.4, activity (iii). Delete whole activity.", plan)) == [
        {"target": "Goal A.4, activity (iii)", "op": "remove"}]


def test_words_deleted_after_words_and_lines_that_locate_them(plan: Plan) -> None:
    item = read("Goal A.5, activity (iv). Delete after “research”, line 1, “relevant to risk "
                "assessment”. Delete “specific” line 2 and substitute “particular”.", plan)
    assert ops(item) == [
        {"target": "Goal A.5, activity (iv)", "op": "replace",
         "phrase": "research relevant to risk assessment", "by": "research"},
        {"target": "Goal A.5, activity (iv)", "op": "replace", "phrase": "specific",
         "by": "particular"}]  # fmt: skip


def test_words_deleted_after_words_they_do_not_follow(plan: Plan) -> None:
    item = read("Goal A.5, activity (iv). Delete after “Support”, line 1, “relevant to risk "
                "assessment”.", plan)  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["instruction"], item.amendments


# --- a purpose before the wording; sentences outside the list ---------------------------------


@pytest.mark.parametrize("verb", ["to provide that funding is accessed in time",
                                  "to remove the reference to decision-making"])
def test_amended_for_a_purpose_and_to_read_as_follows(plan: Plan, verb: str) -> None:
    item = read(f"Goal A.3, activity (ii) is amended {verb} and shall read as follows: “(ii) "
                "Support eligible Parties in accessing funding”", plan)  # fmt: skip
    assert ops(item) == [{"target": "Goal A.3, activity (ii)", "op": "rephrase",
                          "text": "Support eligible Parties in accessing funding"}]
    assert f"amended {verb}" in item.amendments[0]["note"]


def test_amended_for_a_purpose_with_no_wording_is_an_instruction(plan: Plan) -> None:
    item = read("Goal A.3, activity (ii) is amended to provide that funding is accessed in time.",
                plan)  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["instruction"]


ORDINANCE = ("ORDINANCE NO. 45\n\nI.\n\n1. Goal B.4, activity (iii), of said Draft Action Plan, "
             "shall be as follows:\n\nProvide training on public access to information\n\n"
             "2. Goal B.4, activity (iv), of said Draft Action Plan, shall be deleted.\n\nII.\n\n"
             "Said Draft Action Plan is further hereby amended by adding the following after "
             "activity (iv) of Goal B.3 thereof.\n\nSupport the translation of outreach "
             "materials\n\nIII.\n\nSave as herein amended, said Draft Action Plan shall stand as "
             "previously passed.\n")  # fmt: skip


def test_a_change_told_after_the_list_is_an_item(plan: Plan) -> None:
    items = whole(ORDINANCE, plan)
    assert [i.id for i in items] == ["1", "2", "s1"]
    assert ops(items[2]) == [{"target": "Goal B.3", "op": "add", "kind": "activity",
                              "text": "Support the translation of outreach materials",
                              "position": "after", "sibling": "Goal B.3, activity (iv)"}]


def test_a_stray_line_whose_next_line_names_an_element_takes_no_wording(plan: Plan) -> None:
    text = ORDINANCE.replace("Support the translation of outreach materials",
                             "Goal B.1 is not changed")  # fmt: skip
    items = whole(text, plan)
    assert [a["op"] for a in items[2].amendments] == ["instruction"]


def test_proposals_not_adopted_are_an_instruction_and_narrative_is_not_an_item(
    plan: Plan,
) -> None:
    text = ("IN RE DRAFT ACTION PLAN\n\nThe report of the Committee discussed Goal A.9.\n\nThe "
            "proposals with regard to Goal A.4, activity (iii), are not being adopted at this "
            "time.\n\n1. Goal A.3, activity (ii) is amended to read as follows:\n\n(ii) Support "
            "eligible Parties\n\n2. Goal B.2, activity (ii) shall be deleted.\n")  # fmt: skip
    items = whole(text, plan)
    assert [i.id for i in items] == ["s1", "1", "2"]
    assert items[0].amendments[0]["op"] == "instruction"
    assert items[0].amendments[0]["target"] == "Goal A.4, activity (iii)"


RESOLUTION = ("2020-02-25 - Amendments to the Draft Action Plan\n\n- Category: Administration\n"
              "- Resolution number: 03.16\n\nWhereas, the Drafting Committee posted proposed "
              "amendments to the Draft Action Plan;\n\nResolved [03.16] that the Board adopts the "
              "amendments to the Draft Action Plan shown in Appendix A to these minutes (amending "
              "Goal A.1, activity (ii); and Goal B.1, activity (iii)), to become effective "
              "immediately.\n\nNote: At this meeting, the Board did not take action on the "
              "proposal to add an activity (vi) to Goal A.1.\n")  # fmt: skip


def test_a_resolution_told_only_in_sentences_is_read_as_instructions(plan: Plan) -> None:
    items = whole(RESOLUTION, plan)
    assert [i.id for i in items] == ["s1", "s2"]
    instruction(items[0], "not given in the report")
    instruction(items[1], "did not take action")
    assert items[1].amendments[0]["target"] == "Goal A.1"


def test_a_report_with_no_sentence_about_an_element_is_still_refused(plan: Plan) -> None:
    from editplan.errors import InputError

    text = RESOLUTION.split("Resolved")[0] + "Resolved that the Board thanks the Committee.\n"
    with pytest.raises(InputError, match="no paragraph has labelled items"):
        whole(text, plan)


# --- a motion's frame, renumbering and wording as the next bullet ------------------------------

POLICY = ("Action Plan Review\n\nThis policy was discussed at the following meetings:\n\n"
          "• To amend the current make-up of Goal A.10 within the Draft Action Plan, by deleting "
          "key area (3), replacing it with the following and renumbering:\n\n"
          "• Strengthening the capacities of courts to require response measures\n\n"
          "• Drafting Committee to revisit Goal A.10 and report back\n")  # fmt: skip


def test_wording_as_the_next_bullet_after_a_motion_s_frame(plan: Plan) -> None:
    items = whole(POLICY, plan)
    assert ops(items[0]) == [{"target": "Goal A.10, key area (3)", "op": "rephrase", "text":
                              "Strengthening the capacities of courts to require response "
                              "measures"}]  # fmt: skip
    assert [a["op"] for a in items[-1].amendments] == ["instruction"]


def test_a_motion_s_frame_with_no_wording_is_an_instruction(plan: Plan) -> None:
    item = read("To amend the current make-up of Goal A.10, by deleting key area (3), replacing "
                "it with the following and renumbering.", plan)  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["instruction"]


def test_a_bullet_that_names_an_element_after_a_colon_stays_an_item(plan: Plan) -> None:
    text = POLICY.replace("• Strengthening the capacities of courts to require response measures",
                          "• Delete Goal A.10, key area (2)")  # fmt: skip
    items = whole(text, plan)
    assert len(items) == 3
    assert ops(items[1]) == [{"target": "Goal A.10, key area (2)", "op": "remove"}]


def test_a_bullet_numbered_as_the_key_area_a_lead_in_names_is_still_an_item(plan: Plan) -> None:
    text = POLICY.replace("This policy was discussed at the following meetings:\n\n",
                          "• Policy passed at the Group's meeting (Motion 12).\n\n")  # fmt: skip
    items = whole(text, plan)
    assert [i.quote.split()[0] for i in items] == ["Policy", "To", "Drafting"]


# --- a wording given twice, and a resolution's frame ----------------------------------------

TWICE = ("A005 Amend the Draft Action Plan by Adding a New Activity (v) to Goal A.3\n\n"
         "Resolved, That the Liaison Group amend the Draft Action Plan to add a new activity (v) "
         "to Goal A.3 to read as follows:\n\n<Amended text as it would appear if adopted. Scroll "
         "below the line of asterisks (******) to see the version showing all changes.>\n\n"
         "(v) Support Parties in sharing national reports\n\n******\n\n<Proposed amended text "
         "showing exact changes being made:>\n\n{second}\n")  # fmt: skip


def test_a_wording_given_twice_that_agrees_is_read_once(plan: Plan) -> None:
    items = whole(TWICE.format(second="(v) Support Parties in sharing national reports"), plan)
    assert [ops(i) for i in items] == [[{"target": "Goal A.3", "op": "add", "kind": "activity",
                                         "text": "Support Parties in sharing national reports",
                                         "position": "after",
                                         "sibling": "Goal A.3, activity (iv)"}]]  # fmt: skip


def test_a_wording_given_twice_that_differs_drops_nothing(plan: Plan) -> None:
    items = whole(TWICE.format(second="(v) Support Parties in publishing national reports"), plan)
    assert all(a["op"] == "instruction" for i in items for a in i.amendments)
    assert any("publishing" in i.quote for i in items)


def test_a_marked_second_version_read_with_its_marks(plan: Plan, tmp_path: Path) -> None:
    import docx

    from editplan.reports.extract import read_report

    document = docx.Document()
    for line in ["Resolved, the Liaison Group amends Goal A.1, key area (1) of the Draft Action "
                 "Plan as follows:", "<Amended text as it would appear if adopted.>",
                 "Developing, updating and implementing national biosafety legislation", "******",
                 "<Proposed amended text showing exact changes being made:>"]:  # fmt: skip
        document.add_paragraph(line)
    marked = document.add_paragraph("Developing")
    marked.add_run(" and").font.strike = True
    marked.add_run(",").font.underline = True
    marked.add_run(" updating ")
    marked.add_run("and implementing ").font.underline = True
    marked.add_run("national biosafety legislation")
    document.save(str(tmp_path / "r.docx"))
    items = whole(read_report(tmp_path / "r.docx"), plan)
    assert [ops(i) for i in items] == [[{"target": "Goal A.1, key area (1)", "op": "rephrase",
                                         "text": "Developing, updating and implementing national "
                                         "biosafety legislation"}]]  # fmt: skip


# --- marked wording under a goal's heading and an element's heading, and the key to marks ----


def notice(tmp_path: Path, runs: list[tuple[str, str]], legend: bool = True) -> str:
    import docx

    from editplan.reports.extract import read_report

    document = docx.Document()
    for line in ["Proposed Action Plan Change", "", "The suggested change is as follows:", "",
                 "Goal A.2", "", "Activity (i)", ""]:  # fmt: skip
        document.add_paragraph(line)
    paragraph = document.add_paragraph("")
    for words, mark in runs:
        run = paragraph.add_run(words)
        run.font.strike = mark == "strike"
        run.font.underline = mark == "underline"
    if legend:
        for line in ["", "New words are in bold.", "", "Deleted words are in strikethrough."]:
            document.add_paragraph(line)
    document.save(str(tmp_path / "n.docx"))
    return read_report(tmp_path / "n.docx")


@pytest.mark.parametrize("legend", [True, False])
def test_marked_wording_under_a_goal_and_an_element_heading(plan: Plan, tmp_path: Path,
                                                            legend: bool) -> None:  # fmt: skip
    text = notice(tmp_path, [("Provide training for national focal points ", ""),
                             ("and their alternates ", "underline"),
                             ("on registering and updating information in the Biosafety "
                              "Clearing-House", "")], legend)  # fmt: skip
    items = whole(text, plan)
    assert len(items) == 1  # the key to the marks is no item
    assert items[0].amendments[0]["target"] == "Goal A.2, activity (i)"
    assert items[0].amendments[0]["op"] != "instruction"


def test_marked_wording_that_does_not_match_the_element_under_its_headings(
    plan: Plan, tmp_path: Path
) -> None:
    text = notice(tmp_path, [("Provide courses for ", ""), ("all ", "underline"),
                             ("national focal points", "")])  # fmt: skip
    items = whole(text, plan)
    instruction(items[0], "do not match the element")
