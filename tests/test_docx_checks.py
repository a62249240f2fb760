"""Tests of the test helpers in docx_checks, on small hand-built .docx files.

Each document is made with python-docx plus the editplan.ooxml.markup builders. The clean ones are
checked against pandoc (accept / reject texts, change counts) and ooxml-integrity; each lint
rule gets a purpose-made broken document.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx_checks import (
    W,
    integrity_problems,
    lint,
    pandoc_changes,
    pandoc_text,
    project,
    squash,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from editplan.core.textdiff import diff_words
from editplan.ooxml.markup import (
    IdCounter,
    Revision,
    anchor_comment,
    append_diff,
    comment_range_end,
    comment_range_start,
    comment_reference_run,
    ensure_comment_styles,
    make_del,
    make_ins,
    make_run,
    mark_paragraph_deleted,
    mark_paragraph_inserted,
    qn,
)

LG = Revision("Liaison Group", "2020-06-01T10:00:00Z")
SEC = Revision("Secretariat", "2020-07-15T09:30:00Z")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


# -- building documents ------------------------------------------------------------------------


def new_doc() -> DocxDocument:
    doc = docx.Document()
    ensure_comment_styles(doc.styles.element)
    return doc


def runs_of(paragraph):
    return list(paragraph._p.findall(qn("w:r")))


def add_comment(doc, ids, first, last, text="Report para. 53(n)", author="LG14"):
    comment = doc.comments.add_comment(text, author=author, initials="LG")
    comment_id = ids.next()
    comment._comment_elm.set(qn("w:id"), str(comment_id))
    comment._comment_elm.date = dt.datetime(2020, 6, 2, 8, 0, tzinfo=dt.UTC)
    anchor_comment(first, last, comment_id)
    return comment_id


def deleted_paragraph(doc, text, rev, ids):
    p = doc.add_paragraph(text)
    make_del(runs_of(p), rev, ids)
    mark_paragraph_deleted(p._p, rev, ids)
    return p


def inserted_paragraph(doc, text, rev, ids):
    p = doc.add_paragraph(text)
    make_ins(runs_of(p), rev, ids)
    mark_paragraph_inserted(p._p, rev, ids)
    return p


def diff_paragraph(doc, old, new, rev, ids):
    p = doc.add_paragraph()
    added = append_diff(p._p, diff_words(old, new), rev, ids)
    return p, added


def build_full(path: Path) -> Path:
    """Insertions, deletions, a replacement, an inserted, a deleted and a split paragraph,
    and a comment around an amendment."""
    doc = new_doc()
    ids = IdCounter(1)
    _, added = diff_paragraph(
        doc,
        "Enhance the predictable funding of activities.",
        "Enhance the adequate funding of key activities.",
        LG,
        ids,
    )
    changed = [el for el in added if el.tag != qn("w:r")]
    add_comment(doc, ids, changed[0], changed[-1])
    deleted_paragraph(doc, "This paragraph is removed.", LG, ids)
    inserted_paragraph(doc, "This paragraph is new.", LG, ids)
    # split "Alpha; beta" into "Alpha" / "beta": new mark, separator deleted
    first = doc.add_paragraph("Alpha")
    first._p.append(make_del([make_run("; ", deleted=True)], LG, ids))
    mark_paragraph_inserted(first._p, LG, ids)
    doc.add_paragraph("beta")
    diff_paragraph(doc, "Keep this and drop that.", "Keep this.", SEC, ids)
    doc.add_paragraph("End.")
    doc.save(path)
    return path


ACCEPTED = [
    "Enhance the adequate funding of key activities.",
    "This paragraph is new.",
    "Alpha",
    "beta",
    "Keep this.",
    "End.",
]
REJECTED = [
    "Enhance the predictable funding of activities.",
    "This paragraph is removed.",
    "Alpha; beta",
    "Keep this and drop that.",
    "End.",
]


@pytest.fixture
def full(tmp_path: Path) -> Path:
    return build_full(tmp_path / "full.docx")


def save(doc: DocxDocument, tmp_path: Path, name: str = "doc.docx") -> Path:
    path = tmp_path / name
    doc.save(path)
    return path


# -- project vs pandoc -------------------------------------------------------------------------


def test_project_reads_accept_and_reject(full):
    assert project(full, "accept") == ACCEPTED
    assert project(full, "reject") == REJECTED


@pytest.mark.parametrize("mode", ["accept", "reject"])
def test_project_agrees_with_pandoc(full, mode):
    assert squash(project(full, mode)) == pandoc_text(full, mode)


def test_pandoc_changes_counts_authors_dates_and_comments(full):
    changes = pandoc_changes(full)
    assert changes["insertions"]["count"] == 3
    assert changes["insertions"]["texts"] == ["adequate", "key", "This paragraph is new."]
    assert changes["deletions"]["count"] == 4
    assert changes["deletions"]["texts"] == [
        "predictable",
        "This paragraph is removed.",
        ";",  # pandoc moves edge whitespace out of the span
        "and drop that",
    ]
    assert changes["deletions"]["authors"] == ["Liaison Group", "Secretariat"]
    assert changes["deletions"]["dates"] == [LG.date, SEC.date]
    assert changes["insertions"]["authors"] == ["Liaison Group"]
    assert changes["paragraph_insertions"]["count"] == 2
    assert changes["paragraph_deletions"]["count"] == 1
    assert changes["paragraph_deletions"]["authors"] == ["Liaison Group"]
    assert changes["comments"]["count"] == 1
    assert changes["comments"]["authors"] == ["LG14"]
    assert changes["comments"]["dates"] == ["2020-06-02T08:00:00Z"]
    assert changes["comments"]["texts"] == ["Report para. 53(n)"]


def test_pandoc_merges_adjacent_changes_of_one_author(tmp_path):
    doc = new_doc()
    ids = IdCounter(1)
    p = doc.add_paragraph("a")
    p._p.append(make_ins([make_run(" x")], LG, ids))
    p._p.append(make_ins([make_run(" y")], LG, ids))
    p._p.append(make_ins([make_run(" z")], SEC, ids))
    doc.add_paragraph("End.")
    path = save(doc, tmp_path)
    insertions = pandoc_changes(path)["insertions"]
    assert insertions["count"] == 2
    assert insertions["texts"] == ["x y", "z"]
    assert lint(path) == []


def test_full_document_is_clean(full):
    assert lint(full) == []
    assert integrity_problems(full) == []


def test_project_accepts_an_element(full):
    import zipfile

    with zipfile.ZipFile(full) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body_p = root.find(f"{{{W}}}body/{{{W}}}p")
    assert project(root, "accept") == ACCEPTED
    assert project(body_p, "reject") == REJECTED


def test_project_rejects_an_unknown_mode(full):
    with pytest.raises(ValueError):
        project(full, "all")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        pandoc_text(full, "all")  # type: ignore[arg-type]


# -- project semantics -------------------------------------------------------------------------


def test_project_joins_paragraphs_without_adding_space(tmp_path):
    """Word joins at a removed mark with no space; pandoc adds one, so compare squashed."""
    doc = new_doc()
    ids = IdCounter(1)
    p = doc.add_paragraph("Gamma")
    mark_paragraph_deleted(p._p, LG, ids)
    doc.add_paragraph("delta")
    doc.add_paragraph("End.")
    path = save(doc, tmp_path)
    assert project(path, "accept") == ["Gammadelta", "End."]
    assert project(path, "reject") == ["Gamma", "delta", "End."]
    assert pandoc_text(path, "accept") == ["Gamma delta", "End."]


def test_project_returns_empty_paragraphs(tmp_path):
    doc = new_doc()
    ids = IdCounter(1)
    p = doc.add_paragraph()
    p._p.append(make_ins([make_run("new")], LG, ids))
    doc.add_paragraph("")
    doc.add_paragraph("End.")
    path = save(doc, tmp_path)
    assert project(path, "reject") == ["", "", "End."]
    assert squash(project(path, "reject")) == ["End."]


def test_project_chain_of_inserted_marks(tmp_path):
    doc = new_doc()
    ids = IdCounter(1)
    inserted_paragraph(doc, "one", LG, ids)
    inserted_paragraph(doc, "two", LG, ids)
    doc.add_paragraph("three")
    path = save(doc, tmp_path)
    assert project(path, "accept") == ["one", "two", "three"]
    assert project(path, "reject") == ["three"]
    for mode in ("accept", "reject"):
        assert squash(project(path, mode)) == pandoc_text(path, mode)


def test_project_keeps_the_last_mark_of_a_container(tmp_path):
    doc = new_doc()
    ids = IdCounter(1)
    doc.add_paragraph("first")
    p = doc.add_paragraph("last")
    mark_paragraph_deleted(p._p, LG, ids)
    path = save(doc, tmp_path)
    assert project(path, "accept") == ["first", "last"]
    # pandoc loses the text of a last paragraph whose mark is deleted; hence the lint rule.
    assert pandoc_text(path, "accept") == ["first"]
    assert any(m.startswith("last-paragraph-mark") for m in lint(path))


def test_project_table_cells(tmp_path):
    doc = new_doc()
    ids = IdCounter(1)
    doc.add_paragraph("before")
    cell = doc.add_table(rows=1, cols=2).cell(0, 0)
    first = cell.paragraphs[0]
    first.add_run("cell ")
    mark_paragraph_deleted(first._p, LG, ids)
    cell.add_paragraph("text")
    doc.add_paragraph("after")
    path = save(doc, tmp_path)
    assert project(path, "accept") == ["before", "cell text", "", "after"]
    assert project(path, "reject") == ["before", "cell ", "text", "", "after"]


def test_project_ignores_tab_stops_and_reads_tabs_and_breaks(tmp_path):
    doc = new_doc()
    p = doc.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(docx.shared.Inches(1))
    p._p.append(make_run("a\tb\nc"))
    path = save(doc, tmp_path)
    assert project(path, "accept") == ["a\tb\nc"]


def test_project_nested_deletion_of_an_insertion(tmp_path):
    """Word writes w:del inside w:ins when one author deletes another's insertion."""
    doc = new_doc()
    ids = IdCounter(1)
    p = doc.add_paragraph("y ")
    ins = make_ins([make_run("keep "), make_run("gone ")], LG, ids)
    p._p.append(ins)
    inner = etree.SubElement(ins, qn("w:del"))
    inner.set(qn("w:id"), str(ids.next()))
    inner.set(qn("w:author"), SEC.author)
    inner.set(qn("w:date"), SEC.date)
    gone = ins[1]
    inner.append(gone)
    gone[0].tag = qn("w:delText")
    p._p.append(make_run("end"))
    path = save(doc, tmp_path)
    assert project(path, "accept") == ["y keep end"]
    assert project(path, "reject") == ["y end"]
    for mode in ("accept", "reject"):
        assert squash(project(path, mode)) == pandoc_text(path, mode)


_xml_text = st.text(
    alphabet=st.characters(
        exclude_categories=("Cs", "Cc"),
        exclude_characters="\ufffe\uffff",
        include_characters="\t\n",
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_xml_text, _xml_text)
def test_written_diffs_project_back_to_both_texts(old, new):
    doc = new_doc()
    ids = IdCounter(1)
    p = doc.add_paragraph()
    append_diff(p._p, diff_words(old, new), LG, ids)
    doc.add_paragraph("End.")
    root = doc.element
    assert project(root, "accept") == [new, "End."]
    assert project(root, "reject") == [old, "End."]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.docx"
        doc.save(path)
        assert lint(path) == []


# -- lint: one broken document per rule --------------------------------------------------------


def rules(problems: list[str]) -> set[str]:
    return {p.split(":", 1)[0] for p in problems}


def broken(tmp_path: Path, mutate: Callable[[DocxDocument, IdCounter], None]) -> list[str]:
    doc = new_doc()
    ids = IdCounter(1)
    mutate(doc, ids)
    if not doc.paragraphs or doc.paragraphs[-1].text != "End.":
        doc.add_paragraph("End.")
    return lint(save(doc, tmp_path))


def test_lint_deltext_outside_del(tmp_path):
    def mutate(doc, ids):
        doc.add_paragraph()._p.append(make_run("ghost", deleted=True))

    assert rules(broken(tmp_path, mutate)) == {"deltext-outside-del"}


def test_lint_t_inside_del(tmp_path):
    def mutate(doc, ids):
        dl = make_del([make_run("gone")], LG, ids)
        dl[0][0].tag = qn("w:t")
        doc.add_paragraph()._p.append(dl)

    assert rules(broken(tmp_path, mutate)) == {"t-inside-del"}


def test_lint_nested_revision(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph()
        outer = make_ins([make_run("new")], LG, ids)
        p._p.append(outer)
        inner = make_ins([make_run("newer")], SEC, ids)
        hyperlink = etree.SubElement(outer, qn("w:hyperlink"))
        hyperlink.append(inner)

    # the inner w:ins sits in a w:hyperlink, so only the nesting is wrong
    assert rules(broken(tmp_path, mutate)) == {"nested-revision"}


def test_lint_nested_deletion_in_insertion(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph()
        outer = make_ins([make_run("new")], LG, ids)
        p._p.append(outer)
        outer.append(make_del([make_run("x", deleted=True)], SEC, ids))

    assert "nested-revision" in rules(broken(tmp_path, mutate))


def test_lint_revision_parent(tmp_path):
    def mutate(doc, ids):
        r = make_run("host")
        r.append(make_ins([make_run("inside a run")], LG, ids))
        doc.add_paragraph()._p.append(r)

    assert rules(broken(tmp_path, mutate)) == {"revision-parent"}


def test_lint_revision_in_hyperlink_is_fine(tmp_path):
    def mutate(doc, ids):
        hyperlink = etree.SubElement(doc.add_paragraph()._p, qn("w:hyperlink"))
        hyperlink.set(qn("w:anchor"), "top")
        hyperlink.append(make_ins([make_run("link")], LG, ids))

    assert broken(tmp_path, mutate) == []


def test_lint_mark_revision_position(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph("x")
        marker = mark_paragraph_inserted(p._p, LG, ids)
        rpr = marker.getparent()
        rpr.remove(marker)
        etree.SubElement(rpr, qn("w:b"))
        rpr.append(marker)

    assert rules(broken(tmp_path, mutate)) == {"mark-revision-position"}


def test_lint_mark_revision_multiple(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph("x")
        marker = mark_paragraph_inserted(p._p, LG, ids)
        extra = etree.Element(qn("w:del"))
        extra.set(qn("w:id"), str(ids.next()))
        extra.set(qn("w:author"), LG.author)
        marker.addnext(extra)

    assert rules(broken(tmp_path, mutate)) == {"mark-revision-multiple"}


def test_lint_last_paragraph_of_body(tmp_path):
    doc = new_doc()
    ids = IdCounter(1)
    doc.add_paragraph("first")
    inserted_paragraph(doc, "added at the end", LG, ids)
    assert rules(lint(save(doc, tmp_path))) == {"last-paragraph-mark"}


def test_lint_last_paragraph_of_table_cell(tmp_path):
    def mutate(doc, ids):
        cell = doc.add_table(rows=1, cols=1).cell(0, 0)
        cell.paragraphs[0].add_run("only")
        mark_paragraph_deleted(cell.paragraphs[0]._p, LG, ids)

    problems = broken(tmp_path, mutate)
    assert rules(problems) == {"last-paragraph-mark"}
    assert "table cell" in problems[0]


def test_lint_duplicate_revision_ids(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph()
        p._p.append(make_ins([make_run("a")], LG, IdCounter(5)))
        p._p.append(make_del([make_run("b", deleted=True)], LG, IdCounter(5)))

    assert rules(broken(tmp_path, mutate)) == {"duplicate-id"}


def test_lint_revision_id_colliding_with_a_comment(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph("text")
        ins = make_ins([make_run(" more")], LG, ids)
        p._p.append(ins)
        comment = doc.comments.add_comment("note", author="LG14")
        comment._comment_elm.set(qn("w:id"), ins.get(qn("w:id")))
        anchor_comment(p._p[0], ins, int(ins.get(qn("w:id"))))

    assert rules(broken(tmp_path, mutate)) == {"duplicate-id"}


def test_lint_comment_ids_shared_by_its_own_markers_are_fine(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph("commented")
        add_comment(doc, ids, p._p[0], p._p[0])

    assert broken(tmp_path, mutate) == []


def test_lint_comment_missing(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph("commented")
        anchor_comment(p._p[0], p._p[0], 42)
        doc.comments.add_comment("other", author="LG14")  # comment 0, so the part exists
        p2 = doc.add_paragraph("other")
        anchor_comment(p2._p[0], p2._p[0], 0)

    assert rules(broken(tmp_path, mutate)) == {"comment-missing"}


def test_lint_comment_range_missing_end(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph("commented")
        cid = add_comment(doc, ids, p._p[0], p._p[0])
        end = p._p.find(qn("w:commentRangeEnd"))
        assert end.get(qn("w:id")) == str(cid)
        p._p.remove(end)

    assert rules(broken(tmp_path, mutate)) == {"comment-range"}


def test_lint_comment_range_reversed(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph("commented")
        cid = add_comment(doc, ids, p._p[0], p._p[0])
        start = p._p.find(qn("w:commentRangeStart"))
        end = p._p.find(qn("w:commentRangeEnd"))
        p._p.remove(start)
        end.addnext(start)
        assert start.get(qn("w:id")) == str(cid)

    assert rules(broken(tmp_path, mutate)) == {"comment-range"}


def test_lint_comment_reference_without_range(tmp_path):
    def mutate(doc, ids):
        comment = doc.comments.add_comment("note", author="LG14")
        doc.add_paragraph("x")._p.append(comment_reference_run(comment.comment_id))

    assert rules(broken(tmp_path, mutate)) == {"comment-range"}


def test_lint_comment_unanchored(tmp_path):
    def mutate(doc, ids):
        doc.comments.add_comment("floating", author="LG14")
        doc.add_paragraph("x")

    assert rules(broken(tmp_path, mutate)) == {"comment-unanchored"}


def test_lint_comment_reference_inside_del(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph()
        comment = doc.comments.add_comment("note", author="LG14")
        cid = comment.comment_id
        dl = make_del([make_run("gone", deleted=True)], LG, ids)
        p._p.append(comment_range_start(cid))
        p._p.append(dl)
        p._p.append(comment_range_end(cid))
        dl.append(comment_reference_run(cid))

    assert rules(broken(tmp_path, mutate)) == {"comment-ref-in-del"}


@pytest.mark.parametrize("deleted", [False, True])
def test_lint_whitespace_preserve(tmp_path, deleted):
    def mutate(doc, ids):
        r = make_run("edge ", deleted=deleted)
        del r[0].attrib[XML_SPACE]
        p = doc.add_paragraph()
        p._p.append(make_del([r], LG, ids) if deleted else r)

    problems = broken(tmp_path, mutate)
    assert rules(problems) == {"whitespace-preserve"}
    assert "'edge '" in problems[0]


def test_lint_inherited_preserve_is_fine(tmp_path):
    def mutate(doc, ids):
        r = make_run("edge ")
        del r[0].attrib[XML_SPACE]
        r.set(XML_SPACE, "preserve")
        doc.add_paragraph()._p.append(r)

    assert broken(tmp_path, mutate) == []


def test_lint_checks_revisions_in_the_comments_part(tmp_path):
    def mutate(doc, ids):
        p = doc.add_paragraph("commented")
        cid = add_comment(doc, ids, p._p[0], p._p[0])
        comment_p = doc.comments.get(cid).paragraphs[0]._p
        comment_p.append(make_run("stray", deleted=True))

    problems = broken(tmp_path, mutate)
    assert rules(problems) == {"deltext-outside-del"}
    assert "word/comments.xml" in problems[0]


# -- ooxml-integrity ---------------------------------------------------------------------------


def test_integrity_reports_broken_markup(tmp_path):
    doc = new_doc()
    ids = IdCounter(1)
    p = doc.add_paragraph()
    dl = make_del([make_run("gone")], LG, ids)
    dl[0][0].tag = qn("w:t")
    p._p.append(dl)
    p._p.append(make_ins([make_run("x")], LG, IdCounter(1)))
    problems = integrity_problems(save(doc, tmp_path))
    codes = {problem.split()[0] for problem in problems}
    assert {"REV001", "REV002"} <= codes


def test_integrity_reports_undefined_comment_style(tmp_path):
    doc = docx.Document()  # without ensure_comment_styles
    p = doc.add_paragraph("commented")
    comment = doc.comments.add_comment("note", author="LG14")
    anchor_comment(p._p[0], p._p[0], comment.comment_id)
    problems = integrity_problems(save(doc, tmp_path))
    assert any(problem.startswith("STY001 warn") for problem in problems)
