# ruff: noqa: E501  (markup reads best as Word writes it)
"""No text vanishes (issue 23, items 6 and 10): what import cannot place or read is read, or
listed with its reason, and ``--strict`` refuses it; extract reads text set in tables; a web
page or a Word 2003 XML file named .docx is said to be what it is.

Each case carries the exact markup of the real file that showed it: SmartArt, WordArt, an
altChunk and picture-font characters are taken from the corpus files of tests/data/corpus/
and set into a small plan draft.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from crafted_docx import HEADING_STYLES, PLAN_BODY, docx_file, paragraph
from lxml import etree

from editplan.cli import main
from editplan.ooxml.package import read_roots
from editplan.reports.reading import read_report
from editplan.word.drafts.reader import read_docx

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def real(name: str, xpath: str) -> str:
    """The first element ``xpath`` finds in a corpus file's body, as XML."""
    body = read_roots(CORPUS / name, name)["document"].find(f"{W}body")
    found = body.xpath(xpath, namespaces={"w": W[1:-1]})
    assert found, (name, xpath)
    return etree.tostring(found[0], encoding="unicode")


SMARTART = real("powertools-SmartArt.docx", ".//w:r[.//*[local-name()='graphicData' and contains(@uri, 'diagram')]]")
WORDART = real("sdk-AllShadows-O12-Word-OartTextEffects.docx", ".//w:r[.//*[local-name()='textpath' and @string='Your Text Here']]")
ALTCHUNK = real("powertools-CA009-altChunk.docx", ".//w:altChunk")
WINGDINGS = real("docx4j-Word2007-fonts.docx", ".//w:r[w:rPr/w:rFonts[@w:ascii='Wingdings']]")

CASES = {
    "SmartArt": (SMARTART, "a SmartArt diagram: its text is not read"),
    "WordArt": (WORDART, "WordArt 'Your Text Here': its text is not read"),
    "picture font": (WINGDINGS, "characters of the font Wingdings"),
}


def draft(tmp: Path, extra_run: str = "", block: str = "") -> Path:
    """The small plan draft, with ``extra_run`` inside its first key area's paragraph and
    ``block`` between its two lists."""
    body = PLAN_BODY.replace(
        '<w:t xml:space="preserve">(1)\tMonitoring water quality</w:t></w:r>',
        f'<w:t xml:space="preserve">(1)\tMonitoring water quality</w:t></w:r>{extra_run}',
    )
    body = body.replace(paragraph("Activities", "Heading3"), block + paragraph("Activities", "Heading3"))
    return docx_file(tmp / "draft.docx", body, styles=HEADING_STYLES)


@pytest.mark.parametrize("case", CASES)
def test_text_inside_drawings_and_picture_fonts_is_listed_and_strict_refuses_it(tmp_path: Path, case: str) -> None:
    markup, reason = CASES[case]
    path = draft(tmp_path, extra_run=markup)
    result = read_docx(path)
    assert result.plan.areas[0].goals[0].key_areas[0].text == "Monitoring water quality"
    assert [(u.position, u.reason.split(";")[0][: len(reason)]) for u in result.losses] == [(5, reason)]
    runner = CliRunner()
    loose = runner.invoke(main, ["import", str(path), "-o", str(tmp_path / "a.yaml")])
    assert loose.exit_code == 0, loose.output
    assert reason in loose.stderr and reason in (tmp_path / "a.yaml").read_text(encoding="utf-8")
    strict = runner.invoke(main, ["import", str(path), "-o", str(tmp_path / "b.yaml"), "--strict"])
    assert strict.exit_code == 2 and reason in strict.stderr
    assert not (tmp_path / "b.yaml").exists()


def test_content_embedded_whole_is_listed_between_paragraphs_and_strict_refuses_it(tmp_path: Path) -> None:
    path = draft(tmp_path, block=ALTCHUNK)
    result = read_docx(path)
    [loss] = result.losses
    assert str(loss).startswith("after paragraph 5: content embedded whole from another file (w:altChunk")
    strict = CliRunner().invoke(main, ["import", str(path), "-o", str(tmp_path / "b.yaml"), "--strict"])
    assert strict.exit_code == 2 and "w:altChunk" in strict.stderr


def cell(text: str, span: int = 1) -> str:
    tcpr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    return f"<w:tc>{tcpr}{paragraph(text)}</w:tc>"


def row(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


INTRODUCTION = (
    "The table below sets out, for each goal of the plan, the key areas and the activities "
    "that the Parties agreed at their second meeting, with the bodies that will carry them out"
)


def test_a_row_that_only_mentions_activities_is_not_taken_for_a_header_and_dropped(tmp_path: Path) -> None:
    """A first row whose one cell says "activities" in a sentence was read as a header row and
    dropped without a word (a real file lost 4,861 words; --strict wrote it)."""
    table = (
        "<w:tbl>"
        + row(cell(INTRODUCTION, span=3))
        + row(cell("Goal"), cell("Key areas"), cell("Activities"))
        + row(cell("Goal A.1: Rivers are clean"), cell("(1)\tMonitoring water quality"), cell("(i)\tTrain river wardens"))
        + "</w:tbl>"
    )
    path = docx_file(tmp_path / "table.docx", paragraph("Version: v1") + table, styles=HEADING_STYLES)
    result = read_docx(path)
    goal = result.plan.areas[0].goals[0]
    assert ([k.text for k in goal.key_areas], [a.text for a in goal.activities]) == (
        ["Monitoring water quality"], ["Train river wardens"]
    )
    assert [u.text for u in result.unplaced] == [INTRODUCTION]
    assert "first column names no goal" in result.unplaced[0].reason
    strict = CliRunner().invoke(main, ["import", str(path), "-o", str(tmp_path / "b.yaml"), "--strict"])
    assert strict.exit_code == 2 and "could not be placed" in strict.stderr


def test_a_real_header_row_is_still_recognised(tmp_path: Path) -> None:
    table = (
        "<w:tbl>"
        + row(cell("Goal"), cell("Key capacity-building areas"), cell("Indicative activities"))
        + row(cell("Goal A.1: Rivers are clean"), cell("(1)\tMonitoring water quality"), cell("(i)\tTrain river wardens"))
        + "</w:tbl>"
    )
    path = docx_file(tmp_path / "table.docx", paragraph("Version: v1") + table, styles=HEADING_STYLES)
    result = read_docx(path)
    assert result.unplaced == [] and len(result.plan.areas[0].goals[0].activities) == 1


def test_extract_reads_a_report_whose_text_is_in_a_table(tmp_path: Path) -> None:
    """57 real reports set their text in tables; extract said "the Word document has no text"."""
    table = "<w:tbl>" + row(cell("53."), cell("The Liaison Group recommended:")) + row(
        cell("(a)"), cell("Goal A.1, key area (3), should be deleted;")
    ) + "</w:tbl>"
    path = docx_file(tmp_path / "report.docx", table)
    assert read_report(path).splitlines() == [
        "| 53. | The Liaison Group recommended: |", "| (a) | Goal A.1, key area (3), should be deleted; |"
    ]


WORD_2003 = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body><w:p><w:r><w:t>Goal A.1: Rivers</w:t></w:r></w:p></w:body></w:wordDocument>'
HTML = b"<!DOCTYPE html>\n<html><head><title>Plan</title></head><body><h2>Goal A.1: Rivers</h2></body></html>"


@pytest.mark.parametrize(
    ("data", "what"),
    [(WORD_2003, "is a Word 2003 XML document"), (HTML, "is an HTML file (a web page)")],
)
def test_markup_named_docx_is_said_to_be_what_it_is_not_read_as_akoma_ntoso(
    tmp_path: Path, data: bytes, what: str
) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(tmp_path / "p.yaml")])
    assert result.exit_code == 2
    assert what in result.stderr and "save it as .docx" in result.stderr
    assert "Akoma Ntoso 3.0" not in result.stderr and not (tmp_path / "p.yaml").exists()
