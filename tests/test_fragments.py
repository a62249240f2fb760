"""Tests of the text builders of revision markup: each must write exactly what lxml writes for
the element that the matching :mod:`editplan.ooxml.markup` builder makes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from editplan.ooxml import fragments, markup
from editplan.ooxml.ns import W

REV = markup.Revision(author='Liaison "Group" & <Friends>', date="2020-06-01T10:00:00Z")

# Text that a plan can hold: XML characters, with the ones that need care made frequent.
xml_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(" \t\n\r&<>\"'*é\u2028")),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"),
    ).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20),
    max_size=40,
)


def serialised(el: etree._Element) -> str:
    """What lxml writes for ``el`` inside a part whose root declares ``w``."""
    root = etree.Element(f"{{{W}}}root", nsmap={"w": W})
    root.append(el)
    text = etree.tostring(root, encoding="unicode")
    return text[text.index(">") + 1 : text.rindex("<")]


@settings(max_examples=300)
@given(xml_text, st.booleans(), st.booleans())
def test_a_run_is_what_lxml_writes(text: str, deleted: bool, italic: bool) -> None:
    rpr_el = etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:i/></w:rPr>') if italic else None
    rpr = "<w:rPr><w:i/></w:rPr>" if italic else ""
    assert fragments.run(text, rpr, deleted) == serialised(markup.make_run(text, rpr_el, deleted))


@settings(max_examples=100)
@given(st.lists(st.tuples(st.sampled_from(["equal", "delete", "insert"]), xml_text), max_size=6))
def test_a_diff_is_what_lxml_writes_with_the_same_ids(segments: list[tuple[str, str]]) -> None:
    p = etree.Element(f"{{{W}}}p", nsmap={"w": W})
    ids_el, ids_text = markup.IdCounter(7), markup.IdCounter(7)
    markup.append_diff(p, segments, REV, ids_el)
    expected = "".join(serialised(child) for child in list(p))
    assert fragments.diff(segments, REV, ids_text) == expected
    assert ids_text.peek == ids_el.peek


@pytest.mark.parametrize("tag", ["ins", "del"])
def test_a_paragraph_mark_is_what_lxml_writes(tag: str) -> None:
    p = etree.Element(f"{{{W}}}p", nsmap={"w": W})
    mark = markup.mark_paragraph_inserted if tag == "ins" else markup.mark_paragraph_deleted
    mark(p, REV, markup.IdCounter(3))
    rpr = p.find(f"{{{W}}}pPr/{{{W}}}rPr")
    assert fragments.mark(tag, REV, markup.IdCounter(3)) == serialised(rpr)


def test_comment_anchors_are_what_lxml_writes() -> None:
    assert fragments.comment_range_start(4) == serialised(markup.comment_range_start(4))
    assert fragments.comment_range_end(4) == serialised(markup.comment_range_end(4))
    assert fragments.comment_reference_run(4) == serialised(markup.comment_reference_run(4))


@settings(max_examples=100)
@given(st.lists(xml_text.map(lambda s: s.replace("\n", " ")), min_size=0, max_size=3))
def test_a_comment_is_what_lxml_writes(lines: list[str]) -> None:
    lines = [f"*{line}* and {line}" if i % 2 else line for i, line in enumerate(lines)]
    assert fragments.comment(9, REV.author, REV.date, "LG", lines) == serialised(
        comment_element(9, REV.author, REV.date, "LG", lines)
    )


def comment_element(
    number: int, author: str, date: str, initials: str, lines: list[str]
) -> etree._Element:
    """The comment built with lxml as python-docx shapes one: a paragraph per line, the
    annotation mark opening the first, ``*text*`` in italic runs."""
    comment = etree.Element(f"{{{W}}}comment", nsmap={"w": W})
    for name, value in (("id", str(number)), ("author", author), ("date", date),
                        ("initials", initials)):  # fmt: skip
        comment.set(f"{{{W}}}{name}", value)
    italic = etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:i/></w:rPr>')
    for n, line in enumerate(lines):
        p = etree.SubElement(comment, f"{{{W}}}p")
        ppr = etree.SubElement(p, f"{{{W}}}pPr")
        etree.SubElement(ppr, f"{{{W}}}pStyle").set(f"{{{W}}}val", "CommentText")
        if n == 0:
            p.append(etree.fromstring(
                f'<w:r xmlns:w="{W}"><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                "<w:annotationRef/></w:r>"
            ))  # fmt: skip
        for k, piece in enumerate(re.split(r"\*([^*\n]+)\*", line)):
            if piece:
                p.append(markup.make_run(piece, italic if k % 2 else None))
    return comment


def test_text_xml_cannot_hold_is_refused_not_written() -> None:
    with pytest.raises(ValueError, match=r"XML 1\.0"):
        fragments.run("bell \x07")
    with pytest.raises(ValueError, match=r"XML 1\.0"):
        fragments.attr("form\x0cfeed")


def test_splice_replaces_the_one_placeholder() -> None:
    part = f'<w:body xmlns:w="{W}">{fragments.PLACEHOLDER}<w:sectPr/></w:body>'.encode()
    assert fragments.splice(part, "<w:p>é</w:p>") == (
        f'<w:body xmlns:w="{W}"><w:p>é</w:p><w:sectPr/></w:body>'.encode()
    )
    with pytest.raises(ValueError, match="2 placeholders"):
        fragments.splice(part.replace(b"<w:sectPr/>", fragments.PLACEHOLDER.encode()), "")
    with pytest.raises(ValueError, match="0 placeholders"):
        fragments.splice(b"<w:body/>", "")


def test_the_placeholder_is_what_lxml_writes_for_its_element() -> None:
    element = etree.Element(f"{{{W}}}{fragments.PLACEHOLDER_TAG}", nsmap={"w": W})
    assert serialised(element) == fragments.PLACEHOLDER


LIST_PPR = '<w:pStyle w:val="ListParagraph"/><w:ind w:left="1440" w:hanging="720"/>'


@settings(max_examples=50)
@given(st.sampled_from(["", LIST_PPR, '<w:pStyle w:val="Heading2"/>']))
def test_a_properties_change_is_what_lxml_writes(old: str) -> None:
    parsed = etree.fromstring(f'<w:pPr xmlns:w="{W}">{old}</w:pPr>')
    element = markup.properties_change(list(parsed), REV, markup.IdCounter(7))
    assert fragments.properties_change(old, REV, markup.IdCounter(7)) == serialised(element)
