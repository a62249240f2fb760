"""The ooxml walker's reading of a paragraph: every kind of text Word keeps, or the reason not.

Word keeps text in more places than runs of w:t: symbol characters (w:sym), emoji behind
mc:AlternateContent, phonetic guides (w:ruby), equations (m:oMath), footnote references. Each
is read into the text or named as a loss, never dropped silently. Strict Open XML documents
are read like Transitional ones.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from editplan import api
from editplan.ooxml.walker import read_paragraph
from editplan.word.drafts.reader import read_docx

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/symex"'
)


def para(inner: str) -> tuple[str, list[str]]:
    return read_paragraph(etree.fromstring(f"<w:p {NS}>{inner}</w:p>"))


def run(inner: str) -> str:
    return f"<w:r>{inner}</w:r>"


def test_plain_runs_hyperlinks_tabs_and_breaks() -> None:
    text, losses = para(
        run("<w:t>(1)</w:t><w:tab/><w:t xml:space='preserve'>Strengthening </w:t>")
        + "<w:hyperlink>" + run("<w:t>capacities</w:t>") + "</w:hyperlink>"
        + run("<w:br/><w:t>next</w:t>")
    )  # fmt: skip
    assert text == "(1)\tStrengthening capacities\nnext"
    assert losses == []


@pytest.mark.parametrize(
    ("font", "code", "expected"),
    [("Symbol", "F061", "α"), ("Symbol", "F0B3", "≥"), ("Symbol", "F0B7", "•"), ("", "2265", "≥")],
)
def test_symbol_characters_are_read(font: str, code: str, expected: str) -> None:
    text, losses = para(run("<w:t>x </w:t>") + run(f'<w:sym w:font="{font}" w:char="{code}"/>'))
    assert text == f"x {expected}"
    assert losses == []


def test_a_picture_font_symbol_is_named_as_a_loss() -> None:
    text, losses = para(run("<w:t>See</w:t>") + run('<w:sym w:font="Wingdings" w:char="F0E8"/>'))
    assert text == "See"
    assert losses == ["a symbol of the font Wingdings (code F0E8)"]


def test_an_emoji_behind_alternate_content_is_read_from_the_fallback() -> None:
    text, losses = para(
        run("<w:t xml:space='preserve'>Good </w:t>")
        + run(
            "<mc:AlternateContent><mc:Choice Requires='w16se'>"
            "<w16se:symEx w16se:font='Segoe UI Emoji' w16se:char='1F600'/></mc:Choice>"
            "<mc:Fallback><w:t>\U0001f600</w:t></mc:Fallback></mc:AlternateContent>"
        )
    )
    assert text == "Good \U0001f600"
    assert losses == []


def test_alternate_content_of_runs_reads_one_branch_once() -> None:
    text, _ = para(
        "<mc:AlternateContent><mc:Choice Requires='wps'>" + run("<w:t>chosen</w:t>")
        + "</mc:Choice><mc:Fallback>" + run("<w:t>fallback</w:t>")
        + "</mc:Fallback></mc:AlternateContent>"
    )  # fmt: skip
    assert text == "chosen"


def test_a_phonetic_guide_keeps_the_base_text_and_names_the_guide() -> None:
    text, losses = para(
        run(
            "<w:ruby><w:rubyPr/><w:rt><w:r><w:t>とうきょう</w:t></w:r></w:rt>"
            "<w:rubyBase><w:r><w:t>東京</w:t></w:r></w:rubyBase></w:ruby>"
        )
    )
    assert text == "東京"
    assert losses == ["a phonetic guide 'とうきょう' over the text is not kept"]


def test_an_inline_equation_stays_in_the_sentence() -> None:
    text, losses = para(
        run("<w:t xml:space='preserve'>at least </w:t>")
        + "<m:oMath><m:f><m:num><m:r><m:t>1</m:t></m:r></m:num>"
        + "<m:den><m:r><m:t>2</m:t></m:r></m:den></m:f></m:oMath>"
        + run("<w:t xml:space='preserve'> of funds</w:t>")
    )
    assert text == "at least 12 of funds"
    assert losses == ["an equation, read as its characters '12' without its layout"]


def test_a_footnote_reference_is_named_as_a_loss() -> None:
    text, losses = para(run("<w:t>Parties</w:t>") + run('<w:footnoteReference w:id="2"/>'))
    assert text == "Parties"
    assert losses == ["a footnote reference: the footnote's text is not read"]


# --- Strict Open XML -----------------------------------------------------------------------

_TRANSITIONAL = re.compile(
    rb"http://schemas\.openxmlformats\.org/(wordprocessingml|drawingml|officeDocument)/2006/(\w+)"
)


def as_strict(data: bytes) -> bytes:
    """A .docx rewritten in Strict Open XML's namespaces, as Word's "Strict" save writes them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename.endswith((".xml", ".rels")):
                member = _TRANSITIONAL.sub(rb"http://purl.oclc.org/ooxml/\1/\2", member)
            target.writestr(info, member)
    return out.getvalue()


def test_a_strict_document_imports_like_its_transitional_twin(
    repo_root: Path, tmp_path: Path
) -> None:
    transitional = tmp_path / "draft.docx"
    api.render(
        api.Workspace.open(repo_root), repo_root / "plans" / "cb-action-plan.yaml", transitional
    )
    strict = tmp_path / "strict.docx"
    strict.write_bytes(as_strict(transitional.read_bytes()))
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in zipfile.ZipFile(strict).read(
        "word/document.xml"
    )
    expected = read_docx(transitional, plan_id="cb-action-plan")
    found = read_docx(strict, plan_id="cb-action-plan")
    assert found.plan == expected.plan
    assert found.unplaced == expected.unplaced == []


def test_a_run_in_the_symbol_font_is_read_through_adobes_encoding() -> None:
    """docx4j's Word2007-fonts.docx writes "symbol" in the Symbol font, and its symbols as
    private-use characters (U+F0xx); both were read as other characters."""
    font = '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr>'
    text, losses = para(run(f"{font}<w:t>symbol \uf0a3 \uf0e5</w:t>"))
    assert (text, losses) == ("σψμβολ ≤ ∑", [])


def test_a_symbol_font_character_with_no_unicode_twin_is_named_as_a_loss() -> None:
    text, losses = para(run("<w:t>x</w:t>") + run('<w:sym w:font="Symbol" w:char="F0BE"/>'))
    assert text == "x"
    assert losses == ["a character of the font Symbol (code BE) that has no Unicode character"]


def test_letters_in_a_picture_font_are_named_with_their_text() -> None:
    """Open-XML-SDK's text+sym.docx types "add text" in Webdings: pictures, listed as such."""
    font = '<w:rPr><w:rFonts w:ascii="Webdings" w:hAnsi="Webdings"/></w:rPr>'
    text, losses = para(run(f"{font}<w:t>add text</w:t>"))
    assert text == ""
    assert losses == ["characters of the font Webdings ('add text'), which draw pictures, not text"]
