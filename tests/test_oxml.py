"""Tests of the OOXML revision-markup builders, on the XML they build."""

from __future__ import annotations

import dataclasses

import pytest
from docx.oxml.parser import parse_xml
from lxml import etree

from editplan.ooxml.markup import (
    IdCounter,
    Revision,
    anchor_comment,
    append_diff,
    comment_range_end,
    comment_range_start,
    comment_reference_run,
    comment_styles,
    ensure_comment_styles,
    find_revisions,
    get_or_add_mark_rpr,
    highest_id,
    make_del,
    make_ins,
    make_run,
    mark_paragraph_deleted,
    mark_paragraph_inserted,
    paragraph_mark_revision,
    qn,
)
from editplan.ooxml.ns import XML_SPACE, W

REV = Revision(author="Liaison Group", date="2020-06-01T10:00:00Z")
NS = {"w": W}


def xp(el, path):
    # python-docx's element classes override xpath(); use lxml's own.
    return etree._Element.xpath(el, path, namespaces=NS)


def local(el):
    return etree.QName(el).localname


def para(xml: str = ""):
    return parse_xml(f'<w:p xmlns:w="{W}">{xml}</w:p>')


# -- ids and revisions -------------------------------------------------------------------------


def test_id_counter_counts_from_its_start():
    ids = IdCounter(7)
    assert ids.peek == 7
    assert [ids.next(), ids.next(), ids.next()] == [7, 8, 9]
    assert ids.peek == 10
    with pytest.raises(ValueError):
        IdCounter(-1)


def test_highest_id_scans_every_root():
    doc = para('<w:ins w:id="4" w:author="a"/><w:bookmarkStart w:id="12" w:name="b"/>')
    comments = parse_xml(f'<w:comments xmlns:w="{W}"><w:comment w:id="9"/></w:comments>')
    assert highest_id(doc, comments) == 12
    assert highest_id(para()) == -1


def test_revision_is_frozen_and_validated():
    with pytest.raises(dataclasses.FrozenInstanceError):
        REV.author = "x"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Revision("a", "2020-06-01")
    with pytest.raises(ValueError):
        Revision("", "2020-06-01T10:00:00Z")


# -- runs --------------------------------------------------------------------------------------


def test_make_run_plain_text():
    r = make_run("word")
    assert local(r) == "r"
    (t,) = r
    assert t.tag == qn("w:t") and t.text == "word"
    assert t.get(XML_SPACE) is None


@pytest.mark.parametrize("text", [" lead", "trail ", " both ", "two  spaces"])
def test_make_run_preserves_significant_whitespace(text):
    t = make_run(text)[0]
    assert t.text == text
    assert t.get(XML_SPACE) == "preserve"


def test_make_run_deleted_uses_deltext():
    r = make_run("gone ", deleted=True)
    assert [local(c) for c in r] == ["delText"]
    assert r[0].get(XML_SPACE) == "preserve"


def test_make_run_copies_rpr():
    rpr = parse_xml(f'<w:rPr xmlns:w="{W}"><w:b/></w:rPr>')
    r1, r2 = make_run("a", rpr), make_run("b", rpr)
    assert r1[0] is not rpr and r1[0] is not r2[0]
    assert [local(c) for c in r1] == ["rPr", "t"]
    assert xp(r1, "w:rPr/w:b")
    assert rpr.getparent() is None


def test_make_run_tabs_and_line_breaks():
    r = make_run("a\tb\nc")
    assert [local(c) for c in r] == ["t", "tab", "t", "br", "t"]
    assert [c.text for c in r if local(c) == "t"] == ["a", "b", "c"]


def test_make_run_is_a_python_docx_run():
    from docx.oxml.text.run import CT_R

    assert isinstance(make_run("x"), CT_R)


# -- w:ins / w:del -----------------------------------------------------------------------------


def test_make_ins_wraps_runs_with_attributes():
    ids = IdCounter(10)
    ins = make_ins([make_run("a"), make_run("b")], REV, ids)
    assert local(ins) == "ins"
    assert ins.get(qn("w:id")) == "10"
    assert ins.get(qn("w:author")) == "Liaison Group"
    assert ins.get(qn("w:date")) == "2020-06-01T10:00:00Z"
    assert [local(c) for c in ins] == ["r", "r"]
    assert xp(ins, "string(.)") == "ab"


def test_make_del_converts_text_to_deltext():
    ids = IdCounter(1)
    dl = make_del([make_run(" old "), make_run("x")], REV, ids)
    assert local(dl) == "del"
    assert not xp(dl, ".//w:t")
    texts = xp(dl, ".//w:delText")
    assert [t.text for t in texts] == [" old ", "x"]
    assert texts[0].get(XML_SPACE) == "preserve"


def test_make_ins_turns_deltext_back_into_text():
    ins = make_ins([make_run("x", deleted=True)], REV, IdCounter(1))
    assert xp(ins, "w:r/w:t/text()") == ["x"]


def test_wrapping_runs_in_place():
    p = para("<w:r><w:t>a</w:t></w:r><w:r><w:t>b</w:t></w:r><w:r><w:t>c</w:t></w:r>")
    r_a, r_b, r_c = p
    dl = make_del([r_b], REV, IdCounter(1))
    assert [local(c) for c in p] == ["r", "del", "r"]
    assert p[1] is dl and r_b.getparent() is dl
    assert p[0] is r_a and p[2] is r_c


def test_revisions_refuse_non_runs_and_nesting():
    ids = IdCounter(1)
    with pytest.raises(ValueError):
        make_ins([para()], REV, ids)
    ins = make_ins([make_run("a")], REV, ids)
    with pytest.raises(ValueError):
        make_del([ins[0]], REV, ids)


def test_make_del_refuses_comment_reference_runs():
    with pytest.raises(ValueError):
        make_del([comment_reference_run(3)], REV, IdCounter(1))


# -- append_diff -------------------------------------------------------------------------------


def test_append_diff_builds_plain_runs_and_revisions():
    p = para()
    ids = IdCounter(100)
    segments = [
        ("equal", "the "),
        ("delete", "predictable"),
        ("insert", "adequate"),
        ("equal", " funding"),
        ("insert", " now"),
        ("equal", ""),
    ]
    added = append_diff(p, segments, REV, ids)
    assert [local(c) for c in p] == ["r", "del", "ins", "r", "ins"]
    assert list(p) == added
    assert xp(p, "w:del/@w:id") == ["100"]
    assert xp(p, "w:ins/@w:id") == ["101", "102"]
    assert xp(p, "w:del/w:r/w:delText/text()") == ["predictable"]
    assert xp(p, "w:ins/w:r/w:t/text()") == ["adequate", " now"]
    assert xp(p, "w:r/w:t/text()") == ["the ", " funding"]
    # accepted / rejected readings
    assert "".join(xp(p, ".//w:t[not(ancestor::w:del)]/text()")) == "the adequate funding now"
    rejected = xp(p, "(w:r/w:t | w:del/w:r/w:delText)/text()")
    assert "".join(rejected) == "the predictable funding"


def test_append_diff_copies_rpr_into_every_run():
    rpr = parse_xml(f'<w:rPr xmlns:w="{W}"><w:i/></w:rPr>')
    p = para()
    append_diff(p, [("equal", "a "), ("delete", "b"), ("insert", "c")], REV, IdCounter(1), rpr)
    assert len(xp(p, ".//w:r/w:rPr/w:i")) == 3


def test_append_diff_rejects_unknown_ops():
    with pytest.raises(ValueError):
        append_diff(para(), [("replace", "x")], REV, IdCounter(1))


# -- paragraph marks ---------------------------------------------------------------------------


def test_mark_paragraph_inserted_creates_ppr_and_rpr():
    p = para("<w:r><w:t>x</w:t></w:r>")
    marker = mark_paragraph_inserted(p, REV, IdCounter(5))
    assert local(p[0]) == "pPr"
    assert marker.getparent().tag == qn("w:rPr")
    assert marker.getparent().getparent() is p[0]
    assert local(marker) == "ins" and marker.get(qn("w:id")) == "5"
    assert marker.get(qn("w:author")) == REV.author and marker.get(qn("w:date")) == REV.date
    assert paragraph_mark_revision(p) is marker


def test_mark_revision_is_first_child_of_existing_rpr():
    p = para(
        "<w:pPr><w:pStyle w:val='List'/><w:rPr><w:b/><w:sz w:val='20'/></w:rPr></w:pPr>"
        "<w:r><w:t>x</w:t></w:r>"
    )
    marker = mark_paragraph_deleted(p, REV, IdCounter(1))
    assert [local(c) for c in xp(p, "w:pPr/w:rPr/*")] == ["del", "b", "sz"]
    assert xp(p, "w:pPr/w:rPr/*[1]")[0] is marker


def test_mark_rpr_goes_before_sectpr_and_pprchange():
    p = para(
        "<w:pPr><w:jc w:val='left'/><w:sectPr/>"
        "<w:pPrChange w:id='1' w:author='a'><w:pPr/></w:pPrChange></w:pPr>"
    )
    mark_paragraph_inserted(p, REV, IdCounter(9))
    assert [local(c) for c in p[0]] == ["jc", "rPr", "sectPr", "pPrChange"]


def test_mark_rpr_is_appended_after_other_properties():
    p = para("<w:pPr><w:pStyle w:val='x'/><w:jc w:val='left'/></w:pPr>")
    rpr = get_or_add_mark_rpr(p)
    assert [local(c) for c in p[0]] == ["pStyle", "jc", "rPr"]
    assert get_or_add_mark_rpr(p) is rpr


def test_one_revision_per_paragraph_mark():
    p = para()
    ids = IdCounter(1)
    mark_paragraph_inserted(p, REV, ids)
    with pytest.raises(ValueError):
        mark_paragraph_deleted(p, REV, ids)
    assert len(xp(p, "w:pPr/w:rPr/*")) == 1


# -- comments ----------------------------------------------------------------------------------


def test_comment_markers():
    start, end = comment_range_start(4), comment_range_end(4)
    assert local(start) == "commentRangeStart" and start.get(qn("w:id")) == "4"
    assert local(end) == "commentRangeEnd" and end.get(qn("w:id")) == "4"
    ref = comment_reference_run(4)
    assert local(ref) == "r"
    assert xp(ref, "w:rPr/w:rStyle/@w:val") == ["CommentReference"]
    assert xp(ref, "w:commentReference/@w:id") == ["4"]
    assert [local(c) for c in ref] == ["rPr", "commentReference"]


def test_anchor_comment_around_revisions():
    p = para()
    ids = IdCounter(1)
    added = append_diff(p, [("equal", "a "), ("delete", "b"), ("insert", "c")], REV, ids)
    anchor_comment(added[1], added[2], ids.next())
    assert [local(c) for c in p] == ["r", "commentRangeStart", "del", "ins", "commentRangeEnd", "r"]
    assert xp(p, "w:r[last()]/w:commentReference/@w:id") == ["3"]
    with pytest.raises(ValueError):
        anchor_comment(added[2], added[1], 9)


def test_comment_styles_and_ensure():
    ref, text = comment_styles()
    assert (ref.get(qn("w:type")), ref.get(qn("w:styleId"))) == ("character", "CommentReference")
    assert (text.get(qn("w:type")), text.get(qn("w:styleId"))) == ("paragraph", "CommentText")
    styles = parse_xml(
        f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Normal"/>'
        '<w:style w:type="paragraph" w:styleId="CommentText"/></w:styles>'
    )
    assert ensure_comment_styles(styles) == ["CommentReference"]
    assert ensure_comment_styles(styles) == []
    added = xp(styles, "w:style[@w:styleId='CommentReference']")[0]
    # DefaultParagraphFont is not defined in this styles part, so basedOn is dropped.
    assert not xp(added, "w:basedOn")


def test_find_revisions():
    p = para()
    append_diff(p, [("delete", "a"), ("insert", "b")], REV, IdCounter(1))
    mark_paragraph_inserted(p, REV, IdCounter(5))
    assert sorted(local(e) for e in find_revisions(p)) == ["del", "ins", "ins"]
    assert find_revisions(para("<w:r><w:t>x</w:t></w:r>")) == []
