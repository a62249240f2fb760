# ruff: noqa: E501  (markup reads best as Word writes it, one element a line)
"""Crafted numbers in a document: read strictly and bounded by all three readers.

Each case is the markup that crashed or hung ``import``, ``collect`` and ``extract`` before
(issue 23, item 10): a superscript digit where Word writes a number (``"²".isdigit()`` is
true, ``int("²")`` fails), a list that starts at 10^12 (its letters or roman numerals were
built one by one), and a chain of 3,000 based-on styles (read again for every paragraph).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from crafted_docx import HEADING_STYLES, PLAN_BODY, docx_file, paragraph, part

from editplan.ooxml import styles as styles_module
from editplan.ooxml.numbering import format_number
from editplan.reports.reading import read_report
from editplan.word.drafts.reader import read_docx
from editplan.word.reviews.collect import read_reviewed

Reader = Callable[[Path], object]
READERS: dict[str, Reader] = {
    "import": lambda path: read_docx(path, revisions="accept"),
    "collect": read_reviewed,
    "extract": read_report,
}


def numbering(fmt: str, start: str, ilvl: str = "0", override: str = "") -> str:
    return part(
        "numbering",
        f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="(%1)"/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="1"/>{override}</w:num>',
    )


def listed(text: str, ilvl: str = "0") -> str:
    return paragraph(text, extra_ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr>')


CASES: dict[str, dict[str, str]] = {
    "superscript list level in a paragraph": {"body": listed("Train river wardens", "²")},
    "superscript list level in numbering": {"numbering": numbering("decimal", "1", ilvl="²")},
    "superscript start": {"numbering": numbering("decimal", "²")},
    "superscript start override": {
        "numbering": numbering(
            "decimal", "1", override='<w:lvlOverride w:ilvl="²"><w:startOverride w:val="²"/></w:lvlOverride>'
        )
    },
    "superscript outline level": {"body": paragraph("Monitoring", extra_ppr='<w:outlineLvl w:val="²"/>')},
    "superscript grid span": {
        "body": '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="²"/></w:tcPr>'
        + paragraph("Goal A.2: Lakes")
        + "</w:tc></w:tr></w:tbl>"
    },
    "huge grid span": {
        "body": '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000000"/></w:tcPr>'
        + paragraph("Goal A.2: Lakes")
        + "</w:tc></w:tr></w:tbl>"
    },
    "a list from 10^12 in letters": {"numbering": numbering("lowerLetter", "1000000000000")},
    "a list from 10^12 in roman": {"numbering": numbering("lowerRoman", "1000000000000")},
    "a list from 10^12 in decimal": {"numbering": numbering("decimal", "1000000000000")},
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", CASES)
def test_crafted_numbers_neither_crash_nor_hang(tmp_path: Path, case: str, reader: str) -> None:
    given = CASES[case]
    body = PLAN_BODY + listed("Support river wardens") + given.get("body", "")
    path = docx_file(
        tmp_path / "crafted.docx",
        body,
        styles=HEADING_STYLES,
        numbering=given.get("numbering", numbering("lowerRoman", "1")),
    )
    READERS[reader](path)  # reads, or refuses with an InputError (a test failure otherwise)


def test_numbers_past_words_largest_list_number_are_shown_in_digits() -> None:
    assert format_number("lowerLetter", 28) == "bb"
    assert format_number("upperRoman", 32767) == "M" * 32 + "DCCLXVII"
    assert format_number("lowerRoman", 10**12) == str(10**12)
    assert format_number("lowerLetter", 10**12) == str(10**12)


def test_a_superscript_start_is_ignored_and_the_list_counts_from_one(tmp_path: Path) -> None:
    path = docx_file(
        tmp_path / "start.docx",
        PLAN_BODY + listed("Support river wardens") + listed("Fund river wardens"),
        styles=HEADING_STYLES,
        numbering=numbering("lowerRoman", "²"),
    )
    assert read_report(path).splitlines()[-2:] == ["(i) Support river wardens", "(ii) Fund river wardens"]


def chained_styles(depth: int) -> str:
    """``depth`` paragraph styles, each based on the one before; the first is a heading."""
    out = ['<w:style w:type="paragraph" w:styleId="S0"><w:name w:val="heading 2"/></w:style>']
    out += [
        f'<w:style w:type="paragraph" w:styleId="S{n}"><w:name w:val="s{n}"/>'
        f'<w:basedOn w:val="S{n - 1}"/></w:style>'
        for n in range(1, depth)
    ]
    return part("styles", HEADING_STYLES.split(">", 2)[2].rsplit("</w:styles>", 1)[0] + "".join(out))


def test_a_deep_style_chain_is_read_once_not_per_paragraph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    depth, paragraphs = 3000, 400
    body = paragraph("Version: v1") + paragraph("A. Rivers", "Heading1")
    body += "".join(paragraph(f"Goal A.{n}: Rivers number {n}", f"S{depth - 1}") for n in range(1, paragraphs))
    path = docx_file(tmp_path / "deep.docx", body, styles=chained_styles(depth))
    reads: list[str] = []
    original = styles_module.val

    def counting(node, tag):  # type: ignore[no-untyped-def]
        if tag == "basedOn":
            reads.append(tag)
        return original(node, tag)

    monkeypatch.setattr(styles_module, "val", counting)
    result = read_docx(path)
    # every goal heading was read as a heading through the 3,000 styles of its chain ...
    assert len(result.plan.areas[0].goals) == paragraphs - 1
    # ... and each style's base was looked up once, not once per paragraph
    assert len(reads) <= depth + 1


def test_a_deep_character_style_chain_is_read_once_not_per_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Struck-through and underlined runs are read through their character styles (extract's
    marked amendments): a chain of 3,000 based-on character styles, read once."""
    depth, runs = 3000, 400
    styles = ['<w:style w:type="character" w:styleId="C0"><w:name w:val="c0"/><w:rPr><w:strike/></w:rPr></w:style>']
    styles += [f'<w:style w:type="character" w:styleId="C{n}"><w:basedOn w:val="C{n - 1}"/></w:style>' for n in range(1, depth)]
    run = f'<w:r><w:rPr><w:rStyle w:val="C{depth - 1}"/></w:rPr><w:t>struck</w:t></w:r>'
    body = "".join(f"<w:p>{run}</w:p>" for _ in range(runs))
    path = docx_file(tmp_path / "deep.docx", body, styles=part("styles", "".join(styles)))
    reads: list[str] = []
    original = styles_module.val

    def counting(node, tag):  # type: ignore[no-untyped-def]
        if tag == "basedOn":
            reads.append(tag)
        return original(node, tag)

    monkeypatch.setattr(styles_module, "val", counting)
    text = read_report(path)
    assert text.count("struck") == runs
    assert len(reads) <= depth + 1
