# ruff: noqa: E501  (markup and expected amendments read best whole)
"""collect reads Word's revision markup as Word writes it (issue 23, item 1 and the collect
cases of item 10; issue 22's reviewer's marks and unnamed reviewer).

Each case is the LG-14 document with the exact markup of a real file set into it (see
tests/word_review.py and tests/data/corpus/): a whole-paragraph move whose ranges close
between paragraphs (RP015), text one author inserted and another deleted (RP047), format
changes of a paragraph and of its mark (RP024, RP025), comment threads and resolved comments
(Comment003), dates LibreOffice writes for a comment made without one, an empty author, a
space typed twice, an equation, a new goal, Word-numbered headings. The central property
holds on each: applying the set to its base gives what accepting every change and importing
gives (checked by collect itself, and again here on the sets that hold no conflict).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from collect_helpers import central_property, collect_doc, lg14_base, summary
from lxml import etree
from word_review import (
    ANA,
    BEN,
    CARLA,
    collected,
    find,
    mark,
    move_paragraph,
    q,
    rebuild,
    replace_words,
    rev,
    run,
    text_of,
)

from editplan import api
from editplan.cli import main

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
OUTREACH = "Develop outreach materials on the Protocol for relevant sectors"


@pytest.fixture(scope="module")
def base():  # type: ignore[no-untyped-def]
    return lg14_base()


def collect(tmp: Path, base, edit, parts=None):  # type: ignore[no-untyped-def]
    path = collected(tmp, "copy.docx", edit, parts)
    return path, collect_doc(path, base)


# --- moves -------------------------------------------------------------------------------


def test_a_whole_paragraph_move_closing_its_ranges_between_paragraphs(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    """Word's paragraph move (RP015): collect exited 2, "could not be followed paragraph by
    paragraph"."""
    path, cset = collect(tmp_path, base, lambda body: move_paragraph(body, OUTREACH, "Encourage the sharing of educational materials"))
    assert summary(cset) == [("move", "Goal B.3, activity (iv)", (("position", "after"), ("sibling", "Goal B.4, activity (iv)")), CARLA)]
    assert central_property(path, base, cset) == []


def test_a_move_to_another_goal(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    path, cset = collect(tmp_path, base, lambda body: move_paragraph(body, OUTREACH, "Provide training for staff of competent authorities"))
    assert summary(cset) == [("move", "Goal B.3, activity (iv)", (("position", "after"), ("sibling", "Goal A.1, activity (iii)")), CARLA)]
    assert central_property(path, base, cset) == []


# --- two reviewers on the same words ------------------------------------------------------

ACCESS = "Making relevant information available through the Biosafety Clearing-House"


def deleted_insertion(body: etree._Element) -> None:
    """``<w:ins Ana><w:del Ben>...</w:del></w:ins>`` alone: the smallest case, which collect
    called "nothing to collect"."""
    p = find(body, ACCESS)
    text = text_of(p)
    at = text.index(" through")
    rebuild(p, run(text[:at]), rev("ins", ANA, 31, rev("del", BEN, 32, run(" and accessible", deleted=True))), run(text[at:]))


def test_words_one_reviewer_inserted_and_another_deleted_are_both_proposals(workspace: Path, tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    path, cset = collect(tmp_path, base, deleted_insertion)
    assert summary(cset) == [
        ("insert", "Goal A.2, key area (2)", (("text", "and accessible"), ("anchor", "available"), ("position", "after")), ANA),
        ("rephrase", "Goal A.2, key area (2)", (("text", ACCESS),), BEN),
    ]
    first, second = cset.aset.amendments
    assert "conflicts with the change by Ben Reviewer, who deleted these words ('and accessible')" in (first.note or "")
    assert "deletes 'and accessible', which Ana Reviewer inserted" in (second.note or "")
    assert cset.conflicts == ["Goal A.2, key area (2): two reviewers changed the same words"]
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    done = runner.invoke(main, ["collect", str(path), "-o", "amendments/both.yaml"])
    assert done.exit_code == 0, done.output
    assert "conflict" in done.stderr
    refused = runner.invoke(main, ["apply", "amendments/both.yaml"])
    assert refused.exit_code == 3 and "conflict" in refused.stderr
    # each alone applies: Ben's keeps the wording as it is, Ana's inserts her words
    alone = runner.invoke(main, ["apply", "amendments/both.yaml", "--only", "r2", "--dry-run"])
    assert alone.exit_code == 0, alone.output


# --- formats, comments, dates, names ------------------------------------------------------


def formats(body: etree._Element) -> None:
    """A paragraph's properties changed (RP025's w:pPrChange) and its mark made bold (RP024's
    w:rPrChange in the mark's properties), beside one word replaced."""
    p = find(body, "Promoting the ratification of the Supplementary Protocol")
    ppr = p.find(q("w:pPr"))
    etree.SubElement(ppr, q("w:spacing"), {q("w:after"): "640"})
    ppr.append(rev("pPrChange", CARLA, 60, etree.Element(q("w:pPr"))))
    p = find(body, "Improving the implementation of compliance action plans")
    rpr = p.find(q("w:pPr")).find(q("w:rPr"))
    if rpr is None:
        rpr = etree.SubElement(p.find(q("w:pPr")), q("w:rPr"))
    etree.SubElement(rpr, q("w:b"))
    rpr.append(rev("rPrChange", CARLA, 61, etree.Element(q("w:rPr"))))
    replace_words(find(body, "Mainstreaming biosafety"), "Mainstreaming", "Integrating", CARLA, 62)


def test_format_changes_of_a_paragraph_and_its_mark_are_listed_not_lost(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    path, cset = collect(tmp_path, base, formats)
    assert [s[0] for s in summary(cset)] == ["replace"]
    header = " ".join(cset.header)
    assert "a format change by Carla Word of a paragraph, '(1) Promoting the ratification" in header
    assert "a format change by Carla Word of a paragraph mark, '(2) Improving the implementation" in header
    assert central_property(path, base, cset) == []


def _comments(*comments: tuple[str, str, str, str | None]) -> bytes:
    """A comments part: (id, author, text, date) with a w14:paraId per comment."""
    body = "".join(
        f'<w:comment w:id="{i}" w:author="{a}"{f" w:date={d!r}" if d is not None else ""} w:initials="X">'
        f'<w:p w14:paraId="0000AA{int(i):02d}"><w:r><w:t>{t}</w:t></w:r></w:p></w:comment>'
        for i, a, t, d in comments
    )
    return f'<w:comments xmlns:w="{W}" xmlns:w14="{W14}">{body}</w:comments>'.encode()


def anchored(body: etree._Element, needle: str, word: str, *ids: str) -> None:
    p = find(body, needle)
    text = text_of(p)
    at = text.index(word)
    content = [run(text[:at])]
    content += [etree.Element(q("w:commentRangeStart"), {q("w:id"): i}) for i in ids]
    content.append(run(word))
    content += [etree.Element(q("w:commentRangeEnd"), {q("w:id"): i}) for i in ids]
    for i in ids:
        reference = etree.Element(q("w:r"))
        etree.SubElement(reference, q("w:commentReference"), {q("w:id"): i})
        content.append(reference)
    content.append(run(text[at + len(word) :]))
    rebuild(p, *content)


def test_replies_and_resolved_comments_are_kept_as_what_they_are(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    """Word's thread (Comment003 of Open-XML-SDK): replies name their parent by paraId in
    commentsExtended, and w15:done="1" marks a thread resolved."""
    comments = _comments(
        ("1", CARLA, "Say which kind of cooperation.", "2026-11-30T15:00:00Z"),
        ("2", BEN, "Technical and scientific.", "2026-11-30T16:00:00Z"),
        ("3", ANA, "Is 'infrastructure' laboratories?", "2026-11-30T17:00:00Z"),
    )
    extended = (
        f'<w15:commentsEx xmlns:w15="{W15}"><w15:commentEx w15:paraId="0000AA01" w15:done="1"/>'
        '<w15:commentEx w15:paraId="0000AA02" w15:paraIdParent="0000AA01" w15:done="1"/>'
        '<w15:commentEx w15:paraId="0000AA03" w15:done="0"/></w15:commentsEx>'
    ).encode()

    def edit(body: etree._Element) -> None:
        anchored(body, "Strengthening cooperation among Parties at the regional", "cooperation", "1", "2")
        anchored(body, "infrastructure", "infrastructure", "3")

    _, cset = collect(tmp_path, base, edit, {"word/comments.xml": comments, "word/commentsExtended.xml": extended})
    notes = {a.target: (a.op, a.author or cset.aset.author, a.note) for a in cset.aset.amendments}
    assert notes["Goal B.3, key area (1)"] == (
        "instruction", CARLA, "Say which kind of cooperation. (marked resolved)\nBen Reviewer (reply): Technical and scientific."
    )
    assert notes["Goal A.5, key area (4)"][2] == "Is 'infrastructure' laboratories?"


def test_a_comment_libreoffice_wrote_without_a_date_keeps_the_sets_date(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    """LibreOffice writes w:date="0-00-00T00:00:00Z" for a comment made without a date; it
    refused the whole copy, and lost the tracked change beside it."""
    comments = _comments(("1", ANA, "Which laboratories?", "0-00-00T00:00:00Z"))

    def edit(body: etree._Element) -> None:
        anchored(body, "infrastructure", "infrastructure", "1")
        replace_words(find(body, "Mainstreaming biosafety"), "Mainstreaming", "Integrating", ANA, 70)

    _, cset = collect(tmp_path, base, edit, {"word/comments.xml": comments})
    assert [a.op for a in cset.aset.amendments] == ["replace", "instruction"]
    replaced, instruction = cset.aset.amendments
    assert instruction.date is None  # the set's date
    assert str(cset.aset.date) == "2026-11-30" and replaced.date is not None
    assert any("dated '0-00-00T00:00:00Z', which is not a date" in line for line in cset.header)


def malformed_dates(body: etree._Element) -> None:
    p = find(body, "Mainstreaming biosafety")
    replace_words(p, "Mainstreaming", "Integrating", ANA, 70)
    for el in p.iter(q("w:ins"), q("w:del")):
        el.set(q("w:date"), "2026-13-45T99:00:00Z")
    p = find(body, ACCESS)
    text = text_of(p)
    at = text.index(" through")
    inserted = rev("ins", ANA, 73, run(" and accessible"))
    del inserted.attrib[q("w:date")]
    rebuild(p, run(text[:at]), inserted, run(text[at:]))


def test_malformed_and_missing_dates_never_refuse_the_copy(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    path, cset = collect(tmp_path, base, malformed_dates)
    assert [(a.op, a.date) for a in cset.aset.amendments] == [("replace", None), ("insert", None)]
    header = " ".join(cset.header)
    assert "dated '2026-13-45T99:00:00Z', which is not a date: its amendment keeps the set's date" in header
    assert "has no date: its amendment keeps the set's date" in header
    assert central_property(path, base, cset) == []


def unnamed(body: etree._Element) -> None:
    replace_words(find(body, "Mainstreaming biosafety"), "Mainstreaming", "Integrating", "", 70)


def test_a_change_with_no_reviewers_name_is_an_unknown_reviewers_with_a_warning(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    """Issue 22: a collected copy whose reviewer name is empty."""
    _, cset = collect(tmp_path, base, unnamed)
    [amendment] = cset.aset.amendments
    assert (amendment.author or cset.aset.author) == "Unknown reviewer"
    assert any("carry no reviewer's name (an empty w:author)" in line for line in cset.header)


# --- what collect does not model --------------------------------------------------------


def spaced(body: etree._Element) -> None:
    p = find(body, ACCESS)
    text = text_of(p)
    at = text.index(" through")
    rebuild(p, run(text[:at]), rev("ins", ANA, 31, run(" ")), run(text[at:]))
    replace_words(find(body, "Mainstreaming biosafety"), "Mainstreaming", "Integrating", ANA, 40)


def test_a_space_typed_twice_does_not_make_the_copy_uncollectable(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    path, cset = collect(tmp_path, base, spaced)
    assert [s[0] for s in summary(cset)] == ["replace"]
    assert any("Goal A.2, key area (2): spacing changed (1 place)" in line for line in cset.header)
    assert central_property(path, base, cset) == []


M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def equation(body: etree._Element) -> None:
    """An equation in the plan's note (RP013's markup: a changed digit inside m:r) and a word
    replaced in a key area: an equation anywhere refused the whole copy."""
    p = find(body, "This text is a reconstruction")
    math = etree.fromstring(
        f'<m:oMath xmlns:m="{M}" xmlns:w="{W}"><m:r><m:t>A=</m:t></m:r><m:r><w:del w:id="90" '
        f'w:author="{ANA}" w:date="2026-11-30T10:00:00Z"><m:t>2</m:t></w:del></m:r><m:r><m:t>πr</m:t></m:r></m:oMath>'
    )
    p.append(math)
    replace_words(find(body, "Mainstreaming biosafety"), "Mainstreaming", "Integrating", ANA, 91)


def test_an_equation_anywhere_no_longer_refuses_the_copy(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    path, cset = collect(tmp_path, base, equation)
    assert [s[0] for s in summary(cset)] == ["replace"]
    assert central_property(path, base, cset) == []


def new_goal(body: etree._Element) -> None:
    """A goal added after Goal A.10 as inserted paragraphs (no patch operation adds a goal),
    and a word replaced elsewhere."""
    last = find(body, "Develop and disseminate guidance materials on liability and redress")
    added = []
    for n, (style, text) in enumerate(
        [("Heading2", "Goal A.11: Parties manage invasive LMOs"), ("Heading3", "Key areas for capacity-building"), (None, "(1)\tMonitoring invasive LMOs")]
    ):
        p = etree.Element(q("w:p"))
        ppr = etree.SubElement(p, q("w:pPr"))
        if style:
            etree.SubElement(ppr, q("w:pStyle"), {q("w:val"): style})
        p.append(rev("ins", BEN, 200 + 2 * n, run(text)))
        mark(p, "ins", BEN, 201 + 2 * n)
        added.append(p)
    at = last
    for p in added:
        at.addnext(p)
        at = p
    replace_words(find(body, "Mainstreaming biosafety"), "Mainstreaming", "Integrating", ANA, 91)


def test_a_change_collect_cannot_express_is_refused_alone_naming_its_paragraphs(workspace: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    path = collected(tmp_path, "goal.docx", new_goal)
    result = runner.invoke(main, ["collect", str(path), "-o", "amendments/g.yaml"])
    assert result.exit_code == 0, result.output
    assert "paragraphs 92, 93, 94: key area 'Monitoring invasive LMOs' is under a goal the base version does not have" in result.stderr
    assert "these tracked changes are not collected" in result.stderr
    aset = api.load_set(workspace / "amendments/g.yaml")
    assert [(a.op, a.target) for a in aset.amendments] == [("replace", "Goal A.1, key area (3)")]


def word_numbered(body: etree._Element) -> None:
    """The note numbered by Word ("1.0"): collect counted the list on from its first reading
    into its second ("2.0"), and so saw changes nobody made."""
    p = find(body, "This text is a reconstruction")
    ppr = p.find(q("w:pPr"))
    num = etree.SubElement(ppr, q("w:numPr"))
    etree.SubElement(num, q("w:ilvl"), {q("w:val"): "0"})
    etree.SubElement(num, q("w:numId"), {q("w:val"): "90"})
    replace_words(find(body, "Mainstreaming biosafety"), "Mainstreaming", "Integrating", ANA, 91)


NUMBERING = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1.0"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num></w:numbering>'
).encode()


def test_word_numbering_is_counted_once_per_reading(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    from editplan.word.reviews.collect import read_reviewed

    path = collected(tmp_path, "numbered.docx", word_numbered, replace={"word/numbering.xml": NUMBERING})
    doc = read_reviewed(path)
    assert doc.before.plan.note.startswith("1.0 This text") and doc.after.plan.note.startswith("1.0 This text")  # type: ignore[union-attr]
    cset = collect_doc(path, base)
    assert [s[0] for s in summary(cset)] == ["replace"]
    assert not any("not a plan element" in line for line in cset.header)


# --- the reviewer's own marks (issue 22) ----------------------------------------------------


@pytest.mark.parametrize(
    ("needle", "after", "typed", "expected"),
    [
        ("on their functions under the Protocol", None, " and the Supplementary Protocol",
         (("text", "and the Supplementary Protocol"), ("position", "end"))),
        ("Support Parties in reviewing gaps", "reviewing gaps in ", "gaps in ",
         (("text", "gaps in"), ("anchor", "gaps in"), ("position", "after"))),
        ("Strengthening national capacities to collect", "", "Further ",
         (("text", "Further"), ("position", "start"))),
    ],
)  # fmt: skip
def test_the_words_the_reviewer_marked_are_the_amendments(tmp_path: Path, base, needle: str, after: str | None, typed: str, expected) -> None:  # type: ignore[no-untyped-def]
    """" and the Supplementary Protocol" typed at the end was collected as "Protocol and the
    Supplementary" inserted before the last word (an equally short diff's marks); a word
    typed again after itself, likewise, at the first of the two."""

    def edit(body: etree._Element) -> None:
        p = find(body, needle)
        text = text_of(p)
        head = text.index("\t") + 1
        at = len(text) if after is None else text.index(after, head) + len(after) if after else head
        rebuild(p, run(text[:at]), rev("ins", ANA, 80, run(typed)), run(text[at:]))

    path, cset = collect(tmp_path, base, edit)
    [(op, _target, detail, author)] = summary(cset)
    assert (op, detail, author) == ("insert", expected, ANA)
    assert central_property(path, base, cset) == []


# --- split by author ----------------------------------------------------------------------


def two_spellings(body: etree._Element) -> None:
    replace_words(find(body, "Mainstreaming biosafety"), "Mainstreaming", "Integrating", "Ann Lee", 70)
    replace_words(find(body, "Improving the implementation"), "Improving", "Supporting", "ANN  LEE", 72)
    replace_words(find(body, ACCESS), "relevant", "reliable", BEN, 74)


def test_split_by_author_keeps_every_amendment_of_reviewers_spelt_two_ways(workspace: Path, tmp_path: Path) -> None:
    """"Ann Lee" and "ANN LEE" were written to one file and one reviewer's amendments lost."""
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    path = collected(tmp_path, "spelt.docx", two_spellings)
    result = runner.invoke(main, ["collect", str(path), "-o", "amendments/s.yaml", "--split-by-author"])
    assert result.exit_code == 0, result.output
    assert "reviewers 'ANN LEE', 'Ann Lee' differ only in case or spacing: collected as one reviewer" in result.stderr
    ann = api.load_set(workspace / "amendments/s.ann-lee.yaml")
    ben = api.load_set(workspace / "amendments/s.ben-reviewer.yaml")
    assert sorted(a.target for a in ann.amendments) == ["Goal A.1, key area (3)", "Goal A.4, key area (2)"]
    assert len(ben.amendments) == 1
    assert sorted(p.name for p in (workspace / "amendments").glob("s.*.yaml")) == ["s.ann-lee.yaml", "s.ben-reviewer.yaml"]



# --- a plan laid out as a table: rows inserted and deleted --------------------------------

TW = f'xmlns:w="{W}"'
REV_ATTRS = 'w:author="Ben Reviewer" w:date="2026-11-30T15:00:00Z"'


def _cell(text: str, change: str | None = None, n: int = 0) -> str:
    """A cell with one paragraph; with ``change`` ("ins" or "del"), its text and mark are."""
    if change is None:
        return f'<w:tc><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
    tag = "delText" if change == "del" else "t"
    return (f'<w:tc><w:p><w:pPr><w:rPr><w:{change} w:id="{n}" {REV_ATTRS}/></w:rPr></w:pPr>'
            f'<w:{change} w:id="{n + 1}" {REV_ATTRS}><w:r><w:{tag} xml:space="preserve">{text}</w:{tag}></w:r></w:{change}></w:p></w:tc>')  # fmt: skip


def _row(cells: list[str], change: str | None = None, n: int = 0) -> str:
    tr_pr = f'<w:trPr><w:{change} w:id="{n}" {REV_ATTRS}/></w:trPr>' if change else ""
    return f"<w:tr>{tr_pr}{''.join(cells)}</w:tr>"


A1 = ["Goal A.1: Rivers are clean", "(1)\tMonitoring water quality", "(i)\tTrain river wardens"]
A2 = ["Goal A.2: Lakes are clean", "(1)\tMonitoring lakes", "(i)\tTrain lake wardens"]
A3 = ["Goal A.3: Wetlands are restored", "(1)\tMapping wetlands", "(i)\tReplant reeds"]


def table_plan(rows: str) -> str:
    from crafted_docx import paragraph

    header = _row([_cell("Goal"), _cell("Key areas"), _cell("Activities")])
    return paragraph("Version: v1") + f"<w:tbl>{header}{rows}</w:tbl>"


def test_inserted_and_deleted_table_rows_are_refused_alone_and_the_rest_collected(tmp_path: Path) -> None:
    """A row inserted (a goal no operation adds) and a row deleted (a goal no operation
    removes) refused the whole copy, with a message naming no paragraph."""
    from crafted_docx import docx_file

    from editplan.word.drafts.reader import read_docx

    clean = docx_file(tmp_path / "clean.docx", table_plan(_row([_cell(t) for t in A1]) + _row([_cell(t) for t in A2])))
    plans = tmp_path / "ws" / "plans"
    plans.mkdir(parents=True)
    (plans / "table.yaml").write_text(read_docx(clean, plan_id="table").to_yaml(), encoding="utf-8")
    reviewed_a1 = [_cell(A1[0]), (
        '<w:tc><w:p><w:r><w:t xml:space="preserve">(1)\tMonitoring </w:t></w:r>'
        '<w:ins w:id="1" w:author="Ana Reviewer" w:date="2026-11-30T15:00:00Z"><w:r><w:t xml:space="preserve">river </w:t></w:r></w:ins>'
        '<w:r><w:t>water quality</w:t></w:r></w:p></w:tc>'), _cell(A1[2])]
    rows = (_row(reviewed_a1)
            + _row([_cell(t, "del", 10 + 2 * k) for k, t in enumerate(A2)], "del", 9)
            + _row([_cell(t, "ins", 20 + 2 * k) for k, t in enumerate(A3)], "ins", 19))  # fmt: skip
    copy = docx_file(tmp_path / "copy.docx", table_plan(rows))
    ws = api.Workspace.open(tmp_path / "ws")
    result = api.collect(ws, copy, plan_path=plans / "table.yaml", base="v1")
    [aset] = [s.aset for s in result.sets]
    assert [(a.op, a.target, a.author or aset.author) for a in aset.amendments] == [
        ("insert", "Goal A.1, key area (1)", "Ana Reviewer")
    ]
    refusals = [w for w in result.warnings if "not collected" in w]
    assert len(refusals) == 2, result.warnings
    assert "paragraphs 8, 9, 10: Goal A.2 is not in the reviewed copy (a patch file cannot remove a goal)" in " ".join(refusals)
    assert any(w.startswith("paragraphs 11, 12, 13: ") and "a goal the base version does not have" in w for w in refusals)
