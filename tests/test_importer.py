"""Tests for editplan.word.drafts.reader: Word drafts in several layouts, round trips and hostile
files.

The layout fixtures are built here with python-docx (documents editplan did not write), one is
converted by LibreOffice from HTML, and the round trips go through editplan's own writer.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import socket
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.errors import InputError
from editplan.ooxml import markup, package, revisions
from editplan.store import files, yamlio
from editplan.word.documents import writer
from editplan.word.drafts.reader import ImportResult, Unplaced, read_docx

DATA = Path(__file__).parent / "data" / "import"


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the test's folder, so that messages name files as a user would see them."""
    monkeypatch.chdir(tmp_path)


def import_to(source: Path, output: Path, **options: Any) -> ImportResult:
    """What the CLI does: read the draft, then write the plan file only on success."""
    result = read_docx(source, plan_id=output.stem, **options)
    files.write_atomic(output, result.to_yaml())
    return result


def shape(plan: Plan) -> tuple[Any, ...]:
    """A plan's texts and numbering (positions), without ids."""
    units = []
    for area in plan.areas:
        for unit in area.goals:
            heads = [(g, getattr(unit, "title", None)) for g in unit.goal_ids]
            if hasattr(unit, "goals"):
                heads = [(g.id, g.title) for g in unit.goals]
            units.append(
                (
                    area.id,
                    area.title,
                    heads,
                    [(n, i.text) for n, i in enumerate(unit.key_areas, 1)],
                    [(n, i.text) for n, i in enumerate(unit.activities, 1)],
                )
            )
    areas = [(a.id, a.title, len(a.goals)) for a in plan.areas]
    return (plan.title, plan.version, plan.source, plan.note, areas, units)


def reparse(text: str) -> Plan:
    """A plan file's text back to a validated plan."""
    return yamlio.validate(Plan, yamlio.parse(text, "imported.yaml"), "imported.yaml")


def plan(data: dict[str, Any]) -> Plan:
    return Plan.model_validate(data)


def goal(goal_id: str, title: str, kas: list[str], acts: list[str]) -> dict[str, Any]:
    prefix = goal_id.lower().replace(".", "")
    return {
        "id": goal_id,
        "title": title,
        "key_areas": [{"id": f"{prefix}.ka{n}", "text": t} for n, t in enumerate(kas, 1)],
        "activities": [{"id": f"{prefix}.act{n}", "text": t} for n, t in enumerate(acts, 1)],
    }


def block(
    block_id: str, heads: list[tuple[str, str]], kas: list[str], acts: list[str]
) -> dict[str, Any]:
    prefix = block_id.lower().replace(".", "")
    return {
        "id": block_id,
        "goals": [{"id": g, "title": t} for g, t in heads],
        "key_areas": [{"id": f"{prefix}.ka{n}", "text": t} for n, t in enumerate(kas, 1)],
        "activities": [{"id": f"{prefix}.act{n}", "text": t} for n, t in enumerate(acts, 1)],
    }


class Lists:
    """Word list numbering for python-docx documents: new lists of a format, restarting at 1."""

    def __init__(self, doc: Any) -> None:
        self.root = doc.part.numbering_part.element
        self.next_abstract = 100
        self.next_num = 100

    def abstract(self, fmt: str, text: str) -> str:
        node = OxmlElement("w:abstractNum", attrs={qn("w:abstractNumId"): str(self.next_abstract)})
        lvl = OxmlElement("w:lvl", attrs={qn("w:ilvl"): "0"})
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            lvl.append(OxmlElement(tag, attrs={qn("w:val"): value}))
        node.append(lvl)
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(node)  # abstractNum elements come before num elements
        else:
            self.root.append(node)
        self.next_abstract += 1
        return node.get(qn("w:abstractNumId"))

    def new_list(self, abstract_id: str) -> int:
        num = OxmlElement("w:num", attrs={qn("w:numId"): str(self.next_num)})
        num.append(OxmlElement("w:abstractNumId", attrs={qn("w:val"): abstract_id}))
        override = OxmlElement("w:lvlOverride", attrs={qn("w:ilvl"): "0"})
        override.append(OxmlElement("w:startOverride", attrs={qn("w:val"): "1"}))
        num.append(override)
        self.root.append(num)
        self.next_num += 1
        return self.next_num - 1


def numbered(paragraph: Any, num_id: int, level: int = 0) -> Any:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def save(doc: Any, path: Path) -> Path:
    doc.save(str(path))
    return path


# --- layout fixtures -------------------------------------------------------------------

WETLANDS_TITLE = "Wetlands Action Plan (2025-2030)"


def wetlands_expected(version: str, source: str, note: str | None) -> Plan:
    data: dict[str, Any] = {
        "id": "wetlands",
        "title": WETLANDS_TITLE,
        "version": version,
        "source": source,
        "areas": [
            {
                "id": "A",
                "title": "Conservation",
                "goals": [
                    goal(
                        "A.1",
                        "Wetlands are mapped",
                        ["National wetland inventories", "Remote sensing capacity"],
                        ["Train staff in mapping", "Publish the maps"],
                    ),
                    block(
                        "A.2-3",
                        [("A.2", "Wetlands are protected"), ("A.3", "Wetlands are restored")],
                        ["Protected area management"],
                        ["Restoration training", "Exchange visits", "A manual on restoration"],
                    ),
                ],
            },
            {
                "id": "B",
                "title": "Enabling environment",
                "goals": [
                    goal("B.1", "Funding is secured", ["Budget lines"], ["Donor round tables"])
                ],
            },
        ],
    }
    if note is not None:
        data["note"] = note
    return plan(data)


def headings_literal(path: Path) -> Path:
    """Heading styles, numbers typed as text in several forms, bold-less list headings."""
    doc = docx.Document()
    doc.add_paragraph(WETLANDS_TITLE, style="Title")
    doc.add_paragraph("Version: draft 2")
    doc.add_paragraph("Prepared by the secretariat.")
    doc.add_heading("I. Introduction", 1)
    doc.add_paragraph("The plan has two parts.")
    doc.add_heading("A. Conservation", 1)
    doc.add_heading("Goal A.1 \u2013 Wetlands are mapped", 2)
    doc.add_paragraph("Key areas:")
    doc.add_paragraph("1. National wetland inventories")
    doc.add_paragraph("2. Remote sensing capacity")
    doc.add_paragraph("Activities:")
    doc.add_paragraph("(a) Train staff in mapping")
    doc.add_paragraph("(b) Publish the maps")
    doc.add_heading("Goals A.2 and A.3", 2)
    doc.add_paragraph("Goal A.2: Wetlands are protected")
    doc.add_paragraph("Goal A.3: Wetlands are restored")
    doc.add_heading("Key areas for capacity-building", 3)
    doc.add_paragraph("(1)\tProtected area management", style="List Paragraph")
    doc.add_heading("Capacity-building activities", 3)
    doc.add_paragraph("(i)\tRestoration training", style="List Paragraph")
    doc.add_paragraph("(ii)\tExchange visits", style="List Paragraph")
    doc.add_paragraph("iii) A manual on restoration", style="List Paragraph")
    doc.add_heading("B. Enabling environment", 1)
    doc.add_heading("Goal B.1", 2)
    doc.add_paragraph("Funding is secured")
    # No list headings: (1) says key area, (i) says activity.
    doc.add_paragraph("(1) Budget lines")
    doc.add_paragraph("(i) Donor round tables")
    return save(doc, path)


def headings_word_numbering(path: Path) -> Path:
    """Heading styles with areas numbered by Word ("A."), items numbered by Word lists."""
    doc = docx.Document()
    lists = Lists(doc)
    letters = lists.new_list(lists.abstract("upperLetter", "%1."))
    decimal = lists.abstract("decimal", "(%1)")
    roman = lists.abstract("lowerRoman", "(%1)")
    doc.add_paragraph(WETLANDS_TITLE, style="Title")
    doc.add_paragraph("Version: draft 3")
    numbered(doc.add_heading("Conservation", 1), letters)
    doc.add_heading("Goal A.1: Wetlands are mapped", 2)
    doc.add_heading("Key areas for capacity-building", 3)
    kas = lists.new_list(decimal)
    numbered(doc.add_paragraph("National wetland inventories"), kas)
    numbered(doc.add_paragraph("Remote sensing capacity"), kas)
    doc.add_heading("Capacity-building activities", 3)
    acts = lists.new_list(roman)
    numbered(doc.add_paragraph("Train staff in mapping"), acts)
    numbered(doc.add_paragraph("Publish the maps"), acts)
    doc.add_heading("Goals A.2 and A.3", 2)
    doc.add_paragraph("Goal A.2: Wetlands are protected")
    doc.add_paragraph("Goal A.3: Wetlands are restored")
    doc.add_heading("Key areas for capacity-building", 3)
    # "List Number" is numbered by its style (decimal), not by the paragraph.
    doc.add_paragraph("Protected area management", style="List Number")
    doc.add_heading("Capacity-building activities", 3)
    acts = lists.new_list(roman)
    for text in ("Restoration training", "Exchange visits", "A manual on restoration"):
        numbered(doc.add_paragraph(text), acts)
    numbered(doc.add_heading("Enabling environment", 1), letters)
    doc.add_heading("Goal B.1: Funding is secured", 2)
    # No list headings: the list formats say which list each item is in.
    numbered(doc.add_paragraph("Budget lines"), lists.new_list(decimal))
    numbered(doc.add_paragraph("Donor round tables"), lists.new_list(roman))
    return save(doc, path)


def _cell(cell: Any, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def table_layout(path: Path) -> Path:
    """One row per goal: a goal column, a key-area column and an activity column."""
    doc = docx.Document()
    lists = Lists(doc)
    doc.add_paragraph(WETLANDS_TITLE, style="Title")
    doc.add_paragraph("Version: draft 4")
    doc.add_paragraph("Prepared by the secretariat.")
    table = doc.add_table(rows=8, cols=3)
    table.style = "Table Grid"
    _cell(table.cell(0, 0), ["Goal"])
    _cell(table.cell(0, 1), ["Key areas for capacity-building"])
    _cell(table.cell(0, 2), ["Capacity-building activities"])
    # An area row: one cell across the table.
    area_a = table.cell(1, 0).merge(table.cell(1, 2))
    _cell(area_a, ["A. Conservation"])
    _cell(table.cell(2, 0), ["Goal A.1: Wetlands are mapped"])
    _cell(table.cell(2, 1), ["(1) National wetland inventories", "(2) Remote sensing capacity"])
    # Activities as lines of one paragraph, separated by line breaks.
    run = table.cell(2, 2).paragraphs[0].add_run("(i) Train staff in mapping")
    run.add_break(WD_BREAK.LINE)
    run.add_text("(ii) Publish the maps")
    # A block: the goals of rows 3 and 4 share merged key-area and activity cells.
    _cell(table.cell(3, 0), ["Goal A.2: Wetlands are protected"])
    _cell(table.cell(4, 0), ["Goal A.3: Wetlands are restored"])
    kas = table.cell(3, 1).merge(table.cell(4, 1))
    _cell(kas, ["Protected area management"])
    acts = table.cell(3, 2).merge(table.cell(4, 2))
    roman = lists.new_list(lists.abstract("lowerRoman", "(%1)"))
    acts.paragraphs[0].text = "Restoration training"
    numbered(acts.paragraphs[0], roman)
    numbered(acts.add_paragraph("Exchange visits"), roman)
    numbered(acts.add_paragraph("A manual on restoration"), roman)
    area_b = table.cell(5, 0).merge(table.cell(5, 2))
    _cell(area_b, ["B. Enabling environment"])
    # The goal's number and title in two paragraphs; items continued on the next row.
    _cell(table.cell(6, 0), ["B.1", "Funding is secured"])
    _cell(table.cell(6, 1), ["1. Budget lines"])
    _cell(table.cell(7, 2), ["\u2022 Donor round tables"])
    return save(doc, path)


def table_blocks_in_one_cell(path: Path) -> Path:
    """A table without a header row; a block named by "Goals ..." in its goal cell."""
    doc = docx.Document()
    doc.add_paragraph(WETLANDS_TITLE, style="Title")
    doc.add_heading("A. Conservation", 1)
    table = doc.add_table(rows=2, cols=3)
    _cell(table.cell(0, 0), ["Goal A.1", "Wetlands are mapped"])
    _cell(table.cell(0, 1), ["National wetland inventories", "Remote sensing capacity"])
    _cell(table.cell(0, 2), ["Train staff in mapping", "Publish the maps"])
    _cell(
        table.cell(1, 0),
        [
            "Goals A.2 and A.3",
            "Goal A.2: Wetlands are protected",
            "Goal A.3: Wetlands are restored",
        ],
    )
    _cell(table.cell(1, 1), ["Protected area management"])
    _cell(
        table.cell(1, 2),
        ["Restoration training", "Exchange visits", "A manual on restoration"],
    )
    doc.add_heading("B. Enabling environment", 1)
    table = doc.add_table(rows=1, cols=3)
    _cell(table.cell(0, 0), ["Goal B.1: Funding is secured"])
    _cell(table.cell(0, 1), ["Budget lines"])
    _cell(table.cell(0, 2), ["Donor round tables"])
    return save(doc, path)


# --- the layouts -----------------------------------------------------------------------


def test_headings_with_literal_numbers(tmp_path: Path) -> None:
    source = headings_literal(tmp_path / "wetlands.docx")
    result = read_docx(source, plan_id="wetlands")
    note = "Prepared by the secretariat.\nI. Introduction\nThe plan has two parts."
    assert result.plan == wetlands_expected("draft 2", "wetlands.docx", note)
    assert result.unplaced == []
    assert result.layout == "headings, numbers as text"
    # (a), (b) are in order under "Activities:"; nothing to report about numbering.
    assert not any("numbered" in n for n in result.notes)


def test_headings_with_word_numbering(tmp_path: Path) -> None:
    source = headings_word_numbering(tmp_path / "wetlands.docx")
    result = read_docx(source, plan_id="wetlands")
    assert result.plan == wetlands_expected("draft 3", "wetlands.docx", None)
    assert result.unplaced == []
    assert result.layout == "headings, Word numbering"


def test_table_layout(tmp_path: Path) -> None:
    source = table_layout(tmp_path / "wetlands.docx")
    result = read_docx(source, plan_id="wetlands")
    expected = wetlands_expected("draft 4", "wetlands.docx", "Prepared by the secretariat.")
    assert result.plan == expected
    assert result.unplaced == []
    assert result.layout.startswith("table, ")
    assert "Word numbering" in result.layout and "numbers as text" in result.layout


def test_table_layout_without_header_row(tmp_path: Path) -> None:
    source = table_blocks_in_one_cell(tmp_path / "wetlands.docx")
    result = read_docx(source, plan_id="wetlands")
    expected = wetlands_expected("wetlands.docx", "wetlands.docx", None)
    assert result.plan == expected
    assert result.unplaced == []
    assert result.layout == "table, unnumbered items"
    assert any("No 'Version:' line" in n for n in result.notes)


def test_a_paragraph_that_fits_nowhere_is_reported_with_its_position(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("River plan", style="Title")  # 1
    doc.add_paragraph("Version: 1")  # 2
    doc.add_heading("A. Water", 1)  # 3
    doc.add_paragraph("This area is about water.")  # 4: before any goal
    doc.add_heading("Goal A.1: Rivers are clean", 2)  # 5
    doc.add_heading("Key areas", 3)  # 6
    doc.add_paragraph("(1) Monitoring")  # 7
    doc.add_paragraph("See also the annex.")  # 8: not numbered
    doc.add_paragraph("")  # 9: empty, nothing to place
    doc.add_heading("Activities", 3)  # 10
    doc.add_paragraph("(i) Train inspectors")  # 11
    doc.add_heading("Goal A.2: Lakes are clean", 2)  # 12
    doc.add_paragraph("(a) Lake surveys")  # 13: a letter, and no list heading
    doc.add_heading("Annex", 1)  # 14
    source = save(doc, tmp_path / "river.docx")
    out = tmp_path / "river.yaml"
    result = import_to(source, out)
    assert [(u.position, u.text) for u in result.unplaced] == [
        (4, "This area is about water."),
        (8, "See also the annex."),
        (13, "(a) Lake surveys"),
        (14, "Annex"),
    ]
    reasons = [u.reason for u in result.unplaced]
    assert reasons[0] == "after area A's heading, before any goal"
    assert "under 'Key areas' of Goal A.1 but not numbered" in reasons[1]
    assert "no 'Key areas' or 'Activities' heading" in reasons[2]
    assert reasons[3].startswith("a heading that names no area")
    unit = result.plan.areas[0].goals[0]
    assert [i.text for i in unit.key_areas] == ["Monitoring"]
    assert [i.text for i in unit.activities] == ["Train inspectors"]
    # The plan file says what was left out, as comments, and still reads back.
    text = out.read_text()
    assert "4 paragraphs of the document could not be placed" in text
    assert "# - paragraph 8: 'See also the annex.'" in text
    assert reparse(text) == result.plan


def test_a_goal_heading_without_title_does_not_take_the_next_heading(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_heading("Goal A.1", 2)
    doc.add_heading("Key areas", 3)  # a list heading, not the title
    doc.add_paragraph("(1) Monitoring")
    doc.add_heading("Goal A.2", 2)
    doc.add_heading("Annex", 1)  # a higher heading, not the title
    result = read_docx(save(doc, tmp_path / "t.docx"))
    titles = [unit.title for unit in result.plan.areas[0].goals]
    assert titles == ["(untitled)", "(untitled)"]
    assert result.unplaced[0].text == "Annex"
    assert sum("has no title in the document" in n for n in result.notes) == 2


def test_a_table_column_editplan_does_not_read_is_reported(tmp_path: Path) -> None:
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=4)
    for column, text in enumerate(["Goals", "Key areas", "Activities", "Timeline"]):
        table.cell(0, column).text = text
    for column, text in enumerate(["Goal A.1: Rivers are clean", "Monitoring", "Train", "2026"]):
        table.cell(1, column).text = text
    result = read_docx(save(doc, tmp_path / "t.docx"))
    assert result.unplaced == [
        Unplaced(8, "2026", "in table 1, column 4 ('Timeline'), which editplan does not read")
    ]
    unit = result.plan.areas[0].goals[0]
    assert [i.text for i in unit.key_areas + unit.activities] == ["Monitoring", "Train"]
    assert any("Area A has no heading" in n for n in result.notes)


def test_numbers_out_of_order_are_noted_and_positions_win(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_heading("Goal A.1: Rivers are clean", 2)
    doc.add_paragraph("(1) Monitoring")
    doc.add_paragraph("(3) Treatment")
    result = read_docx(save(doc, tmp_path / "t.docx"))
    assert [i.id for i in result.plan.areas[0].goals[0].key_areas] == ["a1.ka1", "a1.ka2"]
    assert any("key area (2) is numbered (3)" in n for n in result.notes)


def test_a_document_without_goals_says_which_layouts_are_supported(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_heading("Minutes of the meeting", 1)
    doc.add_paragraph("The meeting opened at 10:00.")
    out = tmp_path / "minutes.yaml"
    with pytest.raises(InputError) as caught:
        import_to(save(doc, tmp_path / "minutes.docx"), out)
    message = str(caught.value)
    assert message.startswith(
        "minutes.docx: no goal found, so there is nothing to import; editplan import reads two "
        "layouts: (1) headings"
    )
    assert "'Goal A.1: title'" in message and "a table with one row per goal" in message
    assert not out.exists()


def test_a_goal_twice_is_refused(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_heading("Goal A.1: Rivers are clean", 2)
    doc.add_heading("Goal A.1: Rivers are clean again", 2)
    with pytest.raises(InputError, match=r"goal A\.1 appears twice \(paragraphs 1 and 2\)"):
        read_docx(save(doc, tmp_path / "t.docx"))


def test_an_invalid_plan_id_is_explained(tmp_path: Path) -> None:
    source = headings_literal(tmp_path / "wetlands.docx")
    with pytest.raises(InputError, match="plan id 'my plan' \\(from the output file's name\\)"):
        read_docx(source, plan_id="my plan")


# --- LibreOffice -----------------------------------------------------------------------


SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


def convert(source: Path, to: str, profile: Path) -> Path:
    """Convert ``source`` with LibreOffice (own profile, a time limit) beside itself."""
    command = [
        SOFFICE or "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        to,
        "--outdir",
        str(source.parent),
        str(source),
    ]
    completed = subprocess.run(command, capture_output=True, timeout=180, check=False)
    target = source.with_suffix("." + to.split(":")[0])
    assert target.is_file(), completed.stderr.decode(errors="replace")
    return target


@needs_soffice
def test_a_draft_converted_by_libreoffice_from_html(tmp_path: Path) -> None:
    html = tmp_path / "river-plan.html"
    shutil.copy(DATA / "river-plan.html", html)
    source = convert(html, "docx:MS Word 2007 XML", tmp_path / "profile")
    result = import_to(source, tmp_path / "river.yaml")
    assert result.unplaced == []
    assert result.layout == "headings, Word numbering"  # <ul> bullets are Word lists too
    expected = plan(
        {
            "id": "river",
            "title": "River Basin Action Plan (2025\u20132030)",
            "version": "draft 1, 3 March 2025",
            "source": "river-plan.docx",
            "note": "Prepared by the basin secretariat for review by the member States.",
            "areas": [
                {
                    "id": "A",
                    "title": "Water quality",
                    "goals": [
                        goal(
                            "A.1",
                            "Rivers in the basin meet water quality standards",
                            [
                                "Monitoring surface and ground water quality",
                                "Treating municipal and industrial waste water",
                            ],
                            [
                                "Train inspectors in sampling and analysis",
                                "Support the design of treatment plants",
                                "Share monitoring data through the basin portal",
                            ],
                        ),
                        block(
                            "A.2-3",
                            [
                                ("A.2", "Floods are forecast and managed"),
                                ("A.3", "Droughts are forecast and managed"),
                            ],
                            ["Early warning systems for floods and droughts"],
                            [
                                "Install river gauges at critical points",
                                "Run joint emergency exercises",
                            ],
                        ),
                    ],
                },
                {
                    "id": "B",
                    "title": "Governance",
                    "goals": [
                        goal(
                            "B.1",
                            "Basin institutions are effective",
                            ["Basin statutes and rules of procedure"],
                            ["Draft model statutes for basin committees"],
                        )
                    ],
                },
            ],
        }
    )
    assert result.plan == expected
    assert reparse((tmp_path / "river.yaml").read_text()) == expected


@needs_soffice
def test_lg14_through_libreoffice_odt_and_back(tmp_path: Path, lg14_plan: Plan) -> None:
    # LibreOffice rewrites styles, numbering and runs its own way: a real second client.
    written = tmp_path / "written.docx"
    written.write_bytes(writer.render_clean(lg14_plan))
    odt = convert(written, "odt", tmp_path / "profile")
    source = convert(
        odt.rename(tmp_path / "cb-action-plan.odt"), "docx:MS Word 2007 XML", tmp_path / "profile"
    )
    result = read_docx(source, plan_id=lg14_plan.id)
    assert result.plan == lg14_plan
    assert result.unplaced == []


# --- round trips through editplan's writer ----------------------------------------------


def test_lg14_clean_document_gives_back_the_plan(tmp_path: Path, lg14_plan: Plan) -> None:
    source = tmp_path / "cb-action-plan.docx"
    source.write_bytes(writer.render_clean(lg14_plan))
    out = tmp_path / "cb-action-plan.yaml"
    result = import_to(source, out)
    assert result.plan == lg14_plan  # ids, texts, numbering, metadata
    assert result.unplaced == []
    assert result.notes == []
    assert result.layout == "headings, numbers as text"
    assert reparse(out.read_text()) == lg14_plan
    assert out.read_text().startswith("# Imported by 'editplan import' from "), out.read_text()[
        :200
    ]


def test_lg14_revised_plan_comes_back_with_its_texts_and_numbering(
    tmp_path: Path, lg14_plan: Plan, lg14_set: Any
) -> None:
    revised = apply_set(lg14_set, lg14_plan).plan
    source = tmp_path / "revised.docx"
    source.write_bytes(writer.render_clean(revised))
    result = read_docx(source, plan_id=revised.id)
    # Ids such as lg14.53h cannot be read from a document: texts and numbering are compared.
    assert shape(result.plan) == shape(revised)
    assert result.unplaced == []
    assert "lg14.53h" in {i.id for _, u in revised.units() for i in u.key_areas}


def test_tracked_document_is_refused_then_accepted_or_rejected(
    tmp_path: Path, lg14_plan: Plan, lg14_set: Any, snapshot: Callable[[Path], dict[str, bytes]]
) -> None:
    applied = apply_set(lg14_set, lg14_plan)
    tracked = writer.render_result(lg14_plan, applied)
    source = tmp_path / "tracked.docx"
    source.write_bytes(tracked)
    before = snapshot(tmp_path)
    with pytest.raises(InputError) as caught:
        import_to(source, tmp_path / "tracked.yaml")
    assert str(caught.value).startswith("tracked.docx: has ")
    assert (
        "tracked changes; accept or reject them in Word first, or on import"
        in str(caught.value)
    )
    assert snapshot(tmp_path) == before
    accepted = read_docx(source, revisions="accept", plan_id=lg14_plan.id)
    assert shape(accepted.plan) == shape(applied.plan)
    assert accepted.unplaced == []
    rejected = read_docx(source, revisions="reject", plan_id=lg14_plan.id)
    assert rejected.plan == lg14_plan
    assert rejected.notes[0].endswith("tracked changes rejected before import.")


def _revision_document(tmp_path: Path) -> Path:
    """A hand-made tracked change: a deleted paragraph (its mark too), an inserted word."""
    doc = docx.Document()
    doc.add_heading("Goal A.1: Rivers are clean", 2)
    first = doc.add_paragraph("(1) Monitoring")
    gone = doc.add_paragraph("")
    doc.add_paragraph("(2) Treatment")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    ins = OxmlElement("w:ins", attrs={qn("w:id"): "1", qn("w:author"): "R"})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = " water"
    run.append(text)
    ins.append(run)
    first._p.append(ins)
    deleted = OxmlElement("w:del", attrs={qn("w:id"): "2", qn("w:author"): "R"})
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "(2) Old wording"
    run.append(text)
    deleted.append(run)
    gone._p.append(deleted)
    mark = markup.get_or_add_mark_rpr(gone._p)
    mark.insert(0, OxmlElement("w:del", attrs={qn("w:id"): "3", qn("w:author"): "R"}))
    assert mark.getparent().tag == f"{w}pPr"
    return save(doc, tmp_path / "revised.docx")


def test_accepting_and_rejecting_hand_made_revisions(tmp_path: Path) -> None:
    source = _revision_document(tmp_path)
    with pytest.raises(InputError, match="has 3 tracked changes"):
        read_docx(source)
    accepted = read_docx(source, revisions="accept").plan.areas[0].goals[0]
    assert [i.text for i in accepted.key_areas] == ["Monitoring water", "Treatment"]
    rejected = read_docx(source, revisions="reject").plan.areas[0].goals[0]
    assert [i.text for i in rejected.key_areas] == ["Monitoring", "Old wording", "Treatment"]


def test_a_table_row_inserted_with_tracking(tmp_path: Path) -> None:
    path = table_layout(tmp_path / "wetlands.docx")
    doc = docx.Document(str(path))
    row = doc.tables[0].rows[2]._tr  # Goal A.1
    tr_pr = row.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:ins", attrs={qn("w:id"): "9", qn("w:author"): "R"}))
    source = save(doc, tmp_path / "tracked.docx")
    with pytest.raises(InputError, match="has 1 tracked change;"):
        read_docx(source)
    accepted = read_docx(source, revisions="accept", plan_id="wetlands")
    assert accepted.plan.areas[0].goals[0].goal_ids == ["A.1"]
    rejected = read_docx(source, revisions="reject", plan_id="wetlands")
    assert [u.goal_ids for u in rejected.plan.areas[0].goals] == [["A.2", "A.3"]]


def test_a_numbering_change_does_not_join_paragraphs() -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = etree.fromstring(
        f'<w:body xmlns:w="{w}">'
        "<w:p><w:pPr><w:numPr><w:ilvl w:val='0'/><w:numId w:val='1'/>"
        "<w:ins w:id='1' w:author='R'/></w:numPr></w:pPr><w:r><w:t>one</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>two</w:t></w:r></w:p></w:body>"
    )
    assert revisions.count_revisions(body) == 1
    revisions.resolve_revisions(body, accept=False)
    texts = ["".join(p.itertext()) for p in body]
    assert texts == ["one", "two"]
    assert revisions.count_revisions(body) == 0


# --- random plans ----------------------------------------------------------------------

TEXT = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
        min_size=1,
        max_size=24,
    )
    .map(str.strip)
    .filter(bool)
)


def _plain(text: str) -> bool:
    """A note line that no layout rule reads as something else (a Version line, a goal)."""
    return not re.match(r"(?i)^(version|source)\s*:", text) and not re.match(
        r"^(Goals?|Area)\s", text
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    letters = sorted(draw(st.sets(st.sampled_from("ABCDE"), min_size=1, max_size=3)))
    areas = []
    for index, letter in enumerate(letters):
        count = draw(st.integers(min_value=1 if index == 0 else 0, max_value=4))
        units: list[dict[str, Any]] = []
        number = 1
        while number <= count:
            size = draw(st.integers(min_value=1, max_value=min(3, count - number + 1)))
            kas = draw(st.lists(TEXT, max_size=3))
            acts = draw(st.lists(TEXT, max_size=4))
            ids = [f"{letter}.{n}" for n in range(number, number + size)]
            if size == 1:
                units.append(goal(ids[0], draw(TEXT), kas, acts))
            else:
                heads = [(g, draw(TEXT)) for g in ids]
                units.append(block(f"{letter}.{number}-{number + size - 1}", heads, kas, acts))
            number += size
        areas.append({"id": letter, "title": draw(TEXT), "goals": units})
    note_lines = draw(st.lists(TEXT.filter(_plain), max_size=2))
    data: dict[str, Any] = {
        "id": "random",
        "title": draw(TEXT),
        "version": draw(TEXT),
        "areas": areas,
    }
    if draw(st.booleans()):
        data["source"] = draw(TEXT)
    if note_lines:
        data["note"] = "\n".join(note_lines)
    return plan(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_random_plans_come_back_from_their_clean_document(random_plan: Plan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "random.docx"
        source.write_bytes(writer.render_clean(random_plan))
        result = read_docx(source, plan_id="random")
    expected = random_plan
    if random_plan.source is None:
        expected = random_plan.model_copy(update={"source": "random.docx"})
    assert result.plan == expected
    assert result.unplaced == []
    assert reparse(result.to_yaml()) == expected


# --- hostile and wrong files: a clear message, nothing written ---------------------------


@pytest.fixture
def refused(tmp_path: Path, snapshot: Callable[[Path], dict[str, bytes]]) -> Callable[[Path], str]:
    """Import ``source`` the way the CLI does; return the error and check nothing was written."""

    def run(source: Path) -> str:
        before = snapshot(tmp_path)
        out = tmp_path / "out.yaml"
        with pytest.raises(InputError) as caught:
            import_to(source, out)
        assert not out.exists()
        assert snapshot(tmp_path) == before
        return str(caught.value)

    return run


def _docx_bytes(**replace: bytes) -> bytes:
    """A small valid .docx (python-docx), with some members replaced."""
    doc = docx.Document()
    doc.add_heading("Goal A.1: Rivers are clean", 2)
    doc.add_paragraph("(1) Monitoring")
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.pop(info.filename, source.read(info)))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


def test_the_small_valid_document_imports(tmp_path: Path) -> None:
    source = tmp_path / "ok.docx"
    source.write_bytes(_docx_bytes())
    assert read_docx(source).plan.areas[0].goals[0].key_areas[0].text == "Monitoring"


def test_refuses_a_file_that_is_not_a_zip(tmp_path: Path, refused: Callable[[Path], str]) -> None:
    source = tmp_path / "draft.docx"
    source.write_text("Goal A.1: Rivers are clean\n")
    assert refused(source) == "draft.docx: is not a Word document (not a zip archive)"
    source.write_bytes(b"%PDF-1.7\n...")
    assert refused(source) == "draft.docx: is not a Word document (not a zip archive; it is a PDF)"


def test_refuses_a_zip_that_is_not_a_word_document(
    tmp_path: Path, refused: Callable[[Path], str]
) -> None:
    source = tmp_path / "draft.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert refused(source) == (
        "draft.docx: is a zip archive but not a Word document (it has no word/document.xml)"
    )
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "is an OpenDocument file (.odt)" in refused(source)


def test_refuses_a_missing_file_and_a_folder(
    tmp_path: Path, refused: Callable[[Path], str]
) -> None:
    assert refused(tmp_path / "absent.docx").endswith("absent.docx: no such file")
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    assert refused(folder).endswith("is a folder, not a Word document")


def _ole(*stream_names: str) -> bytes:
    """The start of an OLE compound file with a directory naming ``stream_names``."""
    header = package.OLE_MAGIC + bytes(504)
    directory = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in stream_names)
    return header + directory


def test_refuses_a_password_protected_document(
    tmp_path: Path, refused: Callable[[Path], str]
) -> None:
    source = tmp_path / "draft.docx"
    source.write_bytes(_ole("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    assert refused(source) == (
        "draft.docx: is password-protected (an encrypted Office file); save it without a "
        "password first"
    )
    source.write_bytes(_ole("Root Entry", "WordDocument", "1Table"))
    assert "is an old binary Office file (Word 97-2003 .doc" in refused(source)


def test_refuses_a_zip_with_an_encrypted_member(
    tmp_path: Path, refused: Callable[[Path], str]
) -> None:
    data = bytearray(_docx_bytes())
    # Set the "encrypted" flag of every member (local headers and central directory).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            data[at + offset] |= 0x1
            at = data.find(signature, at + 4)
    source = tmp_path / "draft.docx"
    source.write_bytes(bytes(data))
    assert "is password-protected (an encrypted zip)" in refused(source)


def test_refuses_a_zip_bomb_by_its_compression_ratio(
    tmp_path: Path, refused: Callable[[Path], str]
) -> None:
    source = tmp_path / "draft.docx"
    source.write_bytes(_docx_bytes(**{"word/document.xml": b" " * (20 * 2**20)}))
    message = refused(source)
    assert message.startswith("draft.docx: member word/document.xml is compressed ")
    assert message.endswith("to 1 (limit 100 to 1); refusing a possible zip bomb")


def test_refuses_an_oversized_member(tmp_path: Path, refused: Callable[[Path], str]) -> None:
    source = tmp_path / "draft.docx"
    # Stored, not compressed: the size limit, not the ratio, must catch it. Written in chunks
    # so that the test does not hold 201 MB at once.
    with (
        zipfile.ZipFile(source, "w", zipfile.ZIP_STORED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        chunk = b"<" * 2**20
        for _ in range(201):
            member.write(chunk)
    try:
        assert refused(source) == (
            "draft.docx: member word/document.xml expands to 201 MB (limit 200 MB); "
            "refusing a possible zip bomb"
        )
    finally:
        source.unlink()


def test_refuses_too_much_in_all(
    tmp_path: Path, refused: Callable[[Path], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 2**20)
    filler = b"<x>" + base64.b64encode(os.urandom(450_000)) + b"</x>"  # 600 KB, hardly compressed
    source = tmp_path / "draft.docx"
    source.write_bytes(_docx_bytes(**{"word/styles.xml": filler, "word/numbering.xml": filler}))
    message = refused(source)
    assert message.startswith("draft.docx: expands to ")
    assert message.endswith(
        "in the parts editplan reads (limit 1 MB); refusing a possible zip bomb"
    )


def test_media_it_never_opens_are_not_judged(tmp_path: Path) -> None:
    """A real Word file's EMF preview compressed 130 to 1 was refused as a zip bomb (issue 23):
    size limits judge the parts editplan reads, not media it never opens."""
    source = tmp_path / "draft.docx"
    emf = b"\x01\x00\x00\x00" + bytes(4 * 2**20)  # 4 MB of an image, compressed ~1000:1
    source.write_bytes(_docx_bytes(**{"word/media/image1.emf": emf}))
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("word/media/image1.emf")
        assert info.file_size / info.compress_size > package.MAX_RATIO
    assert read_docx(source).plan.areas[0].goals[0].key_areas[0].text == "Monitoring"


def test_refuses_a_member_larger_than_its_header_says(
    tmp_path: Path, refused: Callable[[Path], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reads stop at the limit whatever the header declares: a header that says 100 bytes is
    # read as at most the limit, and the CRC check catches the lie.
    data = bytearray(_docx_bytes(**{"word/document.xml": b"<a/>" + b" " * 5000}))
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == b"word/document.xml":
            data[at + 24 : at + 28] = (100).to_bytes(4, "little")  # uncompressed size
        at = data.find(b"PK\x01\x02", at + 4)
    source = tmp_path / "draft.docx"
    source.write_bytes(bytes(data))
    message = refused(source)
    assert "word/document.xml" in message
    assert "damaged" in message or "not well-formed" in message


def _document_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as archive:
        return archive.read("word/document.xml")


def _with_doctype(xml: bytes, doctype: bytes, reference: bytes) -> bytes:
    head, _, rest = xml.partition(b"?>")
    rest = rest.replace(b"Monitoring", b"Monitoring " + reference, 1)
    return head + b"?>" + doctype + rest


def test_refuses_external_entities_without_resolving_them(
    tmp_path: Path, refused: Callable[[Path], str]
) -> None:
    # A listening socket: if anything tried to fetch the entity, it would connect here.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(0.2)
        port = server.getsockname()[1]
        doctype = (
            b'<!DOCTYPE w:document [<!ENTITY net SYSTEM "http://127.0.0.1:%d/x">'
            b'<!ENTITY file SYSTEM "file:///etc/hostname">]>' % port
        )
        xml = _with_doctype(_document_xml(), doctype, b"&net;&file;")
        source = tmp_path / "draft.docx"
        source.write_bytes(_docx_bytes(**{"word/document.xml": xml}))
        assert refused(source) == (
            "draft.docx: word/document.xml declares a DOCTYPE/entities; refusing (external "
            "entities are never resolved)"
        )
        with pytest.raises(TimeoutError):
            server.accept()


def test_refuses_entity_expansion_in_any_part(
    tmp_path: Path, refused: Callable[[Path], str]
) -> None:
    laughs = b'<!DOCTYPE w:styles [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as archive:
        styles = archive.read("word/styles.xml")
    head, _, rest = styles.partition(b"?>")
    source = tmp_path / "draft.docx"
    source.write_bytes(_docx_bytes(**{"word/styles.xml": head + b"?>" + laughs + rest}))
    assert "word/styles.xml declares a DOCTYPE/entities" in refused(source)


def test_refuses_a_doctype_in_utf16(tmp_path: Path, refused: Callable[[Path], str]) -> None:
    xml = _document_xml().decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    xml = _with_doctype(
        xml.encode("utf-8"), b'<!DOCTYPE w:document [<!ENTITY e "x">]>', b"&e;"
    ).decode("utf-8")
    source = tmp_path / "draft.docx"
    source.write_bytes(_docx_bytes(**{"word/document.xml": xml.encode("utf-16")}))
    assert "declares a DOCTYPE/entities" in refused(source)


def test_refuses_malformed_xml(tmp_path: Path, refused: Callable[[Path], str]) -> None:
    source = tmp_path / "draft.docx"
    source.write_bytes(_docx_bytes(**{"word/document.xml": b"<w:document><w:body>"}))
    message = refused(source)
    assert message.startswith("draft.docx: word/document.xml is not well-formed XML")


def test_unplaced_text_cannot_break_the_plan_file(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_heading("Goal A.1: Rivers are clean", 2)
    run = doc.add_paragraph().add_run("odd\u2028line: # not: [yaml")
    run.add_break(WD_BREAK.LINE)
    run.add_text("second line")
    result = read_docx(save(doc, tmp_path / "odd.docx"))
    assert len(result.unplaced) == 1
    assert result.unplaced[0].text == "odd\u2028line: # not: [yaml\nsecond line"
    assert reparse(result.to_yaml()) == result.plan


# --- nothing dropped silently: text Word keeps outside plain runs ------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_EXTRAS = {
    "(1)\tTraining": '<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>',  # read as ≥
    "(2)\tDeveloping": '<w:r><w:footnoteReference w:id="1"/></w:r>',
    "(i)\tProvide": "<m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath>",
    "(ii)\tDevelop": (
        "<w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox>"
        "<w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r>"
    ),
}


def _with_extras(plan: Plan, path: Path, extras: dict[str, str]) -> None:
    """The plan's clean document with extra content appended to the items that start so."""
    from editplan.ooxml.walker import read_paragraph

    source = zipfile.ZipFile(io.BytesIO(writer.render_clean(plan)))
    root = etree.fromstring(source.read("word/document.xml"))
    done = set()
    for p in root.iter(f"{{{_W}}}p"):
        text = read_paragraph(p)[0]
        for start, extra in extras.items():
            if start not in done and text.startswith(start):
                p.append(etree.fromstring(f'<x xmlns:w="{_W}" xmlns:m="{_M}">{extra}</x>')[0])
                done.add(start)
    assert done == set(extras)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename == "word/document.xml":
                member = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            target.writestr(info, member)
    path.write_bytes(out.getvalue())


SMALL = {
    "id": "x", "title": "X", "version": "v1", "areas": [{"id": "A", "title": "Area", "goals": [
        {"id": "A.1", "title": "Goal one",
         "key_areas": [{"id": "k1", "text": "Training at least"},
                       {"id": "k2", "text": "Developing funding"}],
         "activities": [{"id": "t1", "text": "Provide support where"},
                        {"id": "t2", "text": "Develop guidance"}]}]}],
}  # fmt: skip


def test_text_outside_plain_runs_is_read_or_reported(tmp_path: Path) -> None:
    draft = tmp_path / "draft.docx"
    _with_extras(Plan.model_validate(SMALL), draft, _EXTRAS)
    result = read_docx(draft, plan_id="x")
    texts = [p.item.text for p in result.plan.locate().values()]
    assert texts[0] == "Training at least≥"
    assert texts[2] == "Provide support wherex=1"
    assert result.unplaced == []
    assert [(u.text.split("\t")[0], u.reason) for u in result.losses] == [
        ("(2)", "a footnote reference: the footnote's text is not read"),
        ("(i)", "an equation, read as its characters 'x=1' without its layout"),
        ("(ii)", "a text box: its text is not read"),
    ]
    assert "hold something that is not read as text" in result.to_yaml()


def test_strict_import_fails_on_any_loss_and_writes_nothing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from editplan.cli import main

    draft = tmp_path / "draft.docx"
    _with_extras(Plan.model_validate(SMALL), draft, {"(2)\tDeveloping": _EXTRAS["(2)\tDeveloping"]})
    runner = CliRunner()
    loose = runner.invoke(main, ["import", str(draft), "-o", str(tmp_path / "a.yaml")])
    assert loose.exit_code == 0, loose.output
    assert "editplan: not read: paragraph" in loose.stderr
    assert "a footnote reference" in loose.stderr
    strict = runner.invoke(main, ["import", str(draft), "-o", str(tmp_path / "b.yaml"), "--strict"])
    assert strict.exit_code == 2
    assert "hold something that is not read as text" in strict.stderr
    assert not (tmp_path / "b.yaml").exists()
