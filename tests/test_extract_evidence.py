"""Issue 24: roles from the target's text, verbs in every form, layouts beyond a sentence, every
quotation mark, and candidates; and each bad input the issue lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from editplan.api import load_plan
from editplan.cli import main
from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.reports.extract import ExtractedItem, extract, read_report
from editplan.store import yamlio

ROOT = Path(__file__).resolve().parent.parent
HEAD = ("XY/1/2\n\nREPORT OF THE EXPERT GROUP ON ITS FIRST MEETING\n\n1. The Group met.\n\n"
        "2. It proposed:\n\n")  # fmt: skip
TAIL = "\n\n3. The meeting closed.\n"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(ROOT / "plans" / "cb-action-plan.yaml")


def read(item: str, plan: Plan | None) -> ExtractedItem:
    extraction = extract(HEAD + f"(a) {item}" + TAIL, paragraph=2, plan=plan, source_name="r")
    assert len(extraction.items) == 1
    return extraction.items[0]


def ops(item: ExtractedItem) -> list[dict[str, Any]]:
    return [{k: v for k, v in a.items() if k not in ("id", "quote", "note", "target")}
            for a in item.amendments]  # fmt: skip


def instruction(item: ExtractedItem, why: str) -> None:
    assert [a["op"] for a in item.amendments] == ["instruction"], item.amendments
    assert any(why in r for r in item.reasons), item.reasons


# --- bad input: each is an instruction with its reason, nothing applied ----------------------


def test_a_quotation_that_occurs_twice_with_no_occurrence_given(plan: Plan) -> None:
    item = read("Goal A.5, activity (i), delete “risk”;", plan)
    instruction(item, "“risk” occurs 2 times in Goal A.5, activity (i)")
    item = read("Goal A.5, activity (i), delete the second occurrence of “risk”;", plan)
    assert ops(item) == [{"op": "delete", "phrase": "risk", "occurrence": 2}]


def test_two_quotations_that_both_occur_for_a_substitution(plan: Plan) -> None:
    item = read("Goal A.1, activity (i): “technical” — “Parties” (substitution);", plan)
    instruction(item, "two readings fit the element's text")
    # the same layout, one quotation absent from the element: the element decides
    item = read("Goal A.1, activity (i): “technical” — “legal” (substitution);", plan)
    assert ops(item) == [{"op": "replace", "phrase": "technical", "by": "legal"}]
    assert any("the element's text decides" in e for e in item.evidence[0])


def test_two_parts_that_do_not_match_the_target(plan: Plan) -> None:
    item = read("Goal A.3, activity (iii) says: “Develop guidance on national reports” It "
                "should say: “Develop guidance on the preparation of national reports”;",
                plan)  # fmt: skip
    instruction(item, "the two parts do not match the element")
    assert item.amendments[0]["candidate"] == {
        "op": "rephrase", "text": "Develop guidance on the preparation of national reports"
    }  # fmt: skip
    item = read("Goal A.3, activity (iii) says: “national reports” It should say: “reports”;",
                plan)  # fmt: skip
    assert ops(item) == [{"op": "replace", "phrase": "national reports", "by": "reports"}]


def marked_report(tmp_path: Path, runs: list[tuple[str, str]]) -> str:
    """A .docx report whose item (a) is made of runs: '' plain, 'strike', 'underline', 'bold'."""
    document = docx.Document()
    for line in HEAD.strip().split("\n\n"):
        document.add_paragraph(line)
    paragraph = document.add_paragraph("(a) ")
    for text, how in runs:
        run = paragraph.add_run(text)
        run.font.strike = how == "strike" or None
        run.font.underline = how == "underline" or None
        run.font.bold = how == "bold" or None
    document.add_paragraph("3. The meeting closed.")
    path = tmp_path / "marked.docx"
    document.save(str(path))
    return read_report(path)


def test_marked_wording_whose_struck_text_is_not_in_the_target(
    plan: Plan, tmp_path: Path
) -> None:
    text = marked_report(tmp_path, [
        ("Goal A.2, key area (3): Strengthening national systems for the ", ""),
        ("handling", "strike"), ("management", "underline"), (" of biosafety information", ""),
    ])  # fmt: skip
    item = extract(text, paragraph=2, plan=plan).items[0]
    instruction(item, "the two parts do not match the element")


def test_marked_wording_with_bold_insertions_beside_struck_words(
    plan: Plan, tmp_path: Path
) -> None:
    text = marked_report(tmp_path, [
        ("Goal B.2, activity (ii) should read: Support Parties in preparing ", ""),
        ("project", "strike"), ("funding", "bold"), (" proposals for funding", ""),
    ])  # fmt: skip
    item = extract(text, paragraph=2, plan=plan).items[0]
    assert ops(item) == [{"op": "rephrase", "text": "Support Parties in preparing funding "
                                                    "proposals for funding"}]  # fmt: skip
    # bold alone is emphasis, not an insertion: the item is read as its words
    runs = [("Goal B.2, activity (ii)", "bold"), (" should be deleted", "")]
    text = marked_report(tmp_path, runs)
    assert ops(extract(text, paragraph=2, plan=plan).items[0]) == [{"op": "remove"}]


@pytest.mark.parametrize("item", [
    "Goal A.1, activity (iii), replace « competent authorities by « national authorities »;",
    "Goal A.1, activity (iii), replace « competent authorities » by national authorities »;",
    "Goal A.1, activity (iii), replace „competent authorities by „national authorities“;",
])  # fmt: skip
def test_unbalanced_guillemets_and_low_quotes(plan: Plan, item: str) -> None:
    found = read(item, plan)
    instruction(found, "unbalanced quotes")


def test_an_item_that_mixes_two_targets_in_one_sentence(plan: Plan) -> None:
    item = read("Goal A.1, activity (i): delete “technical” and in Goal A.2, activity (i) delete "
                "“national”;", plan)  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["instruction"]
    item = read("Goal A.1, activity (i), delete “technical”; and in (ii), delete “administrative”;",
                plan)  # fmt: skip
    assert [(a["target"], a["op"], a["phrase"]) for a in item.amendments] == [
        ("Goal A.1, activity (i)", "delete", "technical"),
        ("Goal A.1, activity (ii)", "delete", "administrative"),
    ]


# --- every quotation mark -------------------------------------------------------------------

NB = "\u00a0"


@pytest.mark.parametrize(("old", "new"), [
    ("“technical”", "“legal”"), ('"technical"', '"legal"'), ("‘technical’", "‘legal’"),
    ("'technical'", "'legal'"), ("«technical»", "«legal»"),
    (f"«{NB}technical{NB}»", f"«{NB}legal{NB}»"),
    ("« technical »", "« legal »"), ("„technical“", "„legal“"), ("„technical”", "„legal”"),
    ("‚technical‘", "‚legal‘"), ("「technical」", "「legal」"), ("『technical』", "『legal』"),
    ("‹technical›", "‹legal›"), ("<technical>", "<legal>"),
])  # fmt: skip
def test_every_quotation_mark(plan: Plan, old: str, new: str) -> None:
    item = read(f"Goal A.1, activity (i), replace {old} by {new};", plan)
    assert ops(item) == [{"op": "replace", "phrase": "technical", "by": "legal"}]


def test_a_quotation_that_spans_a_line_break(plan: Plan) -> None:
    item = read("Goal A.1, activity (i) should read: “Provide legal\nassistance to Parties”;", plan)
    assert ops(item) == [{"op": "rephrase", "text": "Provide legal assistance to Parties"}]


def test_apostrophes_are_not_quotation_marks(plan: Plan) -> None:
    item = read("Goal A.2, activity (iii), replace 'their national records' by 'each Party's "
                "records';", plan)  # fmt: skip
    assert ops(item) == [{"op": "replace", "phrase": "their national records",
                          "by": "each Party's records"}]  # fmt: skip
    # a possessive at a word's end ends a straight-quoted passage early: never misread
    item = read("Goal A.2, activity (iii), replace 'their national records' by 'Parties' "
                "records';", plan)  # fmt: skip
    assert [a["op"] for a in item.amendments] == ["instruction"]


# --- verbs in every form, ellipsis, several edits --------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("the deletion of the word “technical”", [{"op": "delete", "phrase": "technical"}]),
    ("by deleting the word “technical”", [{"op": "delete", "phrase": "technical"}]),
    ("“technical” is struck out", [{"op": "delete", "phrase": "technical"}]),
    ("by the substitution for “technical” of “legal”",
     [{"op": "replace", "phrase": "technical", "by": "legal"}]),
    ("“legal” shall be substituted for “technical”",
     [{"op": "replace", "phrase": "technical", "by": "legal"}]),
    ("“technical” shall be substituted with “legal”",
     [{"op": "replace", "phrase": "technical", "by": "legal"}]),
    ("change “technical” to “legal” and “develop” to “draft”",
     [{"op": "replace", "phrase": "technical", "by": "legal"},
      {"op": "replace", "phrase": "develop", "by": "draft"}]),
    ("the insertion after the word “technical” of the words “and legal”",
     [{"op": "insert", "position": "after", "anchor": "technical", "text": "and legal"}]),
    ("by inserting “legal and” before “technical”; and by repealing “review and”",
     [{"op": "insert", "position": "before", "anchor": "technical", "text": "legal and"},
      {"op": "delete", "phrase": "review and"}]),
])  # fmt: skip
def test_verbs_in_every_form(plan: Plan, sentence: str, expected: Any) -> None:
    item = read(f"Goal A.1, activity (i), {sentence};", plan)
    if expected == "instruction":
        assert [a["op"] for a in item.amendments] == ["instruction"]
    else:
        assert ops(item) == expected


def test_a_goal_level_item_whose_quotation_names_the_element(plan: Plan) -> None:
    item = read("Goal B.2: delete “Explore opportunities for funding biosafety through bilateral "
                "and multilateral cooperation”;", plan)  # fmt: skip
    assert [(a["target"], a["op"]) for a in item.amendments] == [
        ("Goal B.2, activity (iv)", "remove")
    ]
    assert any("names the element" in e for e in item.evidence[0])
    # without the plan nothing names the element: an instruction
    unplanned = read("Goal B.2: delete “Explore opportunities for funding biosafety through "
                     "bilateral and multilateral cooperation”;", None)  # fmt: skip
    assert [a["op"] for a in unplanned.amendments] == ["instruction"]


def test_square_brackets_are_never_a_pick(plan: Plan) -> None:
    item = read("Goal B.3, activity (i), replace “Facilitate” by “[Promote][Support]”;", plan)
    instruction(item, "square-bracketed")
    assert "candidate" not in item.amendments[0]


# --- layouts ---------------------------------------------------------------------------------


def test_a_table_of_replacements_is_read_row_by_row_or_not_at_all(plan: Plan) -> None:
    table = ("The plan is amended as follows:\n| Element | Amendment |\n| --- | --- |\n"
             "| Goal A.1, activity (i) | Replace “technical” with “legal”. |\n"
             "| Goal B.2, activity (i) | Delete “predictable”. |")  # fmt: skip
    item = read(table, plan)
    assert [(a["target"], a["op"]) for a in item.amendments] == [
        ("Goal A.1, activity (i)", "replace"), ("Goal B.2, activity (i)", "delete")
    ]  # fmt: skip
    broken = table.replace("Delete “predictable”", "Delete “unpredictable”")
    assert [a["op"] for a in read(broken, plan).amendments] == ["instruction"]


def test_a_docx_table_in_an_item(plan: Plan, tmp_path: Path) -> None:
    document = docx.Document()
    for line in HEAD.strip().split("\n\n"):
        document.add_paragraph(line)
    document.add_paragraph("(a) The plan is amended as set out below:")
    table = document.add_table(rows=3, cols=3)
    cells = [["Element", "Current text", "Proposed text"],
             ["Goal A.1, activity (i)", "technical assistance", "legal assistance"],
             ["Goal A.3, activity (ii)", "in a timely manner", "on time"]]  # fmt: skip
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("3. The meeting closed.")
    path = tmp_path / "table.docx"
    document.save(str(path))
    text = read_report(path)
    assert "| Goal A.1, activity (i) | technical assistance | legal assistance |" in text
    item = extract(text, paragraph=2, plan=plan).items[0]
    assert [(a["target"], a["op"], a.get("phrase"), a.get("by")) for a in item.amendments] == [
        ("Goal A.1, activity (i)", "replace", "technical assistance", "legal assistance"),
        ("Goal A.3, activity (ii)", "replace", "in a timely manner", "on time"),
    ]


def test_a_new_element_in_two_columns(plan: Plan) -> None:
    item = read("Goal A.3, activity (iv a) (new)\nText proposed by the Commission:\nAmendment: "
                "“Support Parties in using their national reports”", plan)  # fmt: skip
    assert ops(item) == [{"op": "add", "kind": "activity", "text": "Support Parties in using "
                          "their national reports", "position": "after",
                          "sibling": "Goal A.3, activity (iv)"}]  # fmt: skip


# --- candidates and evidence ----------------------------------------------------------------


def test_a_near_miss_carries_its_candidate_and_the_set_still_applies(plan: Plan) -> None:
    text = HEAD + "(a) Goal A.1, activity (i), replace “tecnical” by “legal”;" + TAIL
    extraction = extract(text, paragraph=2, plan=plan, source_name="r")
    amendment = extraction.items[0].amendments[0]
    assert amendment["op"] == "instruction"
    assert amendment["candidate"] == {"op": "replace", "phrase": "technical", "by": "legal"}
    aset = yamlio.validate(AmendmentSet, yamlio.parse(extraction.to_yaml(), "x"), "x")
    result = apply_set(aset, plan)
    assert [p.id for p in result.changes.pending] == ["2(a)"]
    assert "candidate: the operation this came close to" in extraction.to_yaml()


def test_old_and_new_words_read_the_other_way_round_are_a_candidate(plan: Plan) -> None:
    item = read("Goal A.1, activity (i), replace “legal” by “technical”;", plan)
    assert item.amendments[0]["candidate"] == {"op": "replace", "phrase": "technical",
                                               "by": "legal"}  # fmt: skip


def test_explain_reports_the_evidence_of_each_role(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(HEAD + "(a) Goal B.2, activity (i), “adequate” shall be substituted for "
                      "“predictable”;" + TAIL, encoding="utf-8")  # fmt: skip
    plan_file = str(ROOT / "plans" / "cb-action-plan.yaml")
    result = CliRunner().invoke(
        main, ["extract", str(report), "--paragraph", "2", "--plan", plan_file, "--explain"]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "role:" in line]
    assert any("“adequate”: new (subject of the passive “substituted”)" in line for line in lines)
    assert any("“predictable”: old (“for” before it)" in line for line in lines)
    assert any("“predictable” occurs once in Goal B.2, activity (i)" in line for line in lines)
