"""The compilation's writers: the Word table read back by LibreOffice (through UNO), the
HTML page parsed, and the Markdown."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from round_support import LG14_AUTHOR, SETS, round_workspace

from editplan import api
from editplan.core import compilation as synopsis

UNO_SCRIPT = Path(__file__).with_name("uno_tables.py")
DEBIAN_PYTHON = "/usr/bin/python3"
UNO_TIMEOUT = 300


def _libreoffice_missing() -> str | None:
    if shutil.which("soffice") is None:
        return "soffice is not installed"
    if not Path(DEBIAN_PYTHON).exists():
        return f"{DEBIAN_PYTHON} (for python3-uno) is missing"
    probe = subprocess.run(
        [DEBIAN_PYTHON, "-c", "import uno"], capture_output=True, timeout=30, check=False
    )
    return None if probe.returncode == 0 else "python3-uno is not installed"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> dict[str, Any]:
    root = round_workspace(tmp_path_factory.mktemp("round") / "ws")
    paths = [root / s for s in SETS]
    ws = api.Workspace.open(root)
    out: dict[str, Any] = {"root": root}
    for suffix in ("docx", "html"):
        out[suffix] = root / f"compilation.{suffix}"
        api.compile_round(ws, paths, out[suffix])
    # the round's numbers, given by the first compilation, kept by the second
    out["model"] = synopsis.compilation(api.gather(ws, paths))
    # the meeting's decisions, then the text as agreed, for LibreOffice to read too
    api.decide(ws, paths[0], ["53(a)", "53(n)"], "agreed")
    api.decide(ws, paths[1], ["2", "3"], "agreed")
    api.decide(ws, paths[2], ["B1", "B2"], "agreed")
    outcome = api.apply_agreed(ws, paths, statuses=["agreed"], html=False)
    out["agreed"] = next(p for p in outcome.written if p.name.endswith(".tracked.docx"))
    return out


@pytest.fixture(scope="module")
def libreoffice(compiled) -> dict[str, Any]:
    reason = _libreoffice_missing()
    if reason:
        pytest.skip(reason)
    proc = subprocess.Popen(
        [
            DEBIAN_PYTHON,
            str(UNO_SCRIPT),
            "--timeout",
            str(UNO_TIMEOUT - 30),
            str(compiled["docx"]),
            str(compiled["agreed"]),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=UNO_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"uno_tables.py did not finish within {UNO_TIMEOUT} s")
    assert proc.returncode == 0, err
    report = json.loads(out)
    return {**report[str(compiled["docx"])], "agreed": report[str(compiled["agreed"])]}


def expected_rows(laid: synopsis.Compilation) -> list[tuple[str, Any]]:
    """The table's rows as the model lays them out: header, goal headings, proposals."""
    rows: list[tuple[str, Any]] = [("header", None)]
    for section in laid.sections:
        rows.append(("goal", section.heading))
        for row in section.rows:
            for n, entry in enumerate(row.entries):
                rows.append(("entry", (row if n == 0 else None, entry)))
    return rows


def by_row(cells: dict[str, str]) -> dict[int, dict[str, str]]:
    out: dict[int, dict[str, str]] = {}
    for name, text in cells.items():
        col, row = re.fullmatch(r"([A-Z]+)(\d+)", name).groups()  # type: ignore[union-attr]
        out.setdefault(int(row), {})[col] = text
    return out


@pytest.mark.libreoffice
def test_libreoffice_reads_one_row_per_proposal_grouped_by_element(libreoffice, compiled):
    # the compilation, then every proposal once with its outcome
    assert len(libreoffice["opened"]) == 2
    table = by_row(libreoffice["opened"][0])
    expected = expected_rows(compiled["model"])
    assert sorted(table) == list(range(1, len(expected) + 1))
    assert [table[1][c] for c in "ABCDEF"] == [
        "No.", "Element", "Current text", "Proposal (changes marked)", "Source", "Decision",
    ]  # fmt: skip
    for number, (kind, what) in enumerate(expected, start=1):
        if kind == "goal":
            assert table[number] == {"A": what}  # one cell across the six columns
        elif kind == "entry":
            row, entry = what
            assert table[number]["A"] == entry.numbers
            if row is not None:  # the first proposal on an element names it
                assert table[number]["B"] == row.label
                assert table[number]["C"] == (row.current or "")
            else:  # later ones share the merged element and current-text cells
                assert set(table[number]) == {"A", "D", "E", "F"}
            assert all(p.author in table[number]["E"] for p in entry.sources)
    results = by_row(libreoffice["opened"][1])
    numbers = [results[n]["A"] for n in sorted(results)[1:]]
    assert numbers == [str(n) for n in range(1, len(compiled["model"].results) + 1)]


@pytest.mark.libreoffice
def test_libreoffice_accepts_each_proposal_cell_to_its_proposed_wording(libreoffice, compiled):
    accepted = by_row(libreoffice["accepted"][0])
    rejected = by_row(libreoffice["rejected"][0])
    checked = 0
    for number, (kind, what) in enumerate(expected_rows(compiled["model"]), start=1):
        if kind != "entry":
            continue
        spots = what[1].spots
        if len(spots) == 1 and not spots[0].what and spots[0].after is not None:
            notes = [synopsis.collision_note(c, what[1]) for c in what[1].notes]
            assert accepted[number]["D"] == "\n".join([spots[0].after, *notes])
            assert rejected[number]["D"] == "\n".join([spots[0].before, *notes])
            checked += 1
    assert checked >= 14
    authors = {r["author"] for r in libreoffice["redlines"]}
    assert authors == {LG14_AUTHOR, "Party A", "Organisation B"}


@pytest.mark.libreoffice
def test_libreoffice_marks_the_collision_and_the_shared_proposal(libreoffice, compiled):
    table = by_row(libreoffice["opened"][0])
    texts = [" ".join(cells.values()) for cells in table.values()]
    assert sum("Cannot both be agreed with" in t for t in texts) == 1  # a pair told once
    shared = [t for t in texts if "The same proposal from 2 bodies" in t]
    assert len(shared) == 1 and "Organisation B" in shared[0] and LG14_AUTHOR in shared[0]


def test_the_html_page_is_one_table_with_a_row_per_proposal(compiled):
    page = lxml_html.fromstring(compiled["html"].read_bytes())
    assert page.xpath("//script") == [] and page.xpath("//link") == []
    rows = page.xpath("//table[1]/tbody/tr")
    assert len(rows) == len(expected_rows(compiled["model"])) - 1
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))  # no id twice
    results = page.xpath("//table[2]/tbody/tr")
    assert len(results) == len(compiled["model"].results)
    goal_rows = page.xpath("//tr[@class='goal']")
    assert [r.text_content() for r in goal_rows] == [s.heading for s in compiled["model"].sections]
    first = page.xpath("//th[@id='a1.ka2']")[0]
    assert first.get("rowspan") == "2"
    accepted = first.getparent().xpath("td[3]")[0]
    for deleted in accepted.xpath(".//del"):
        deleted.drop_tree()
    assert accepted.text_content() == "Strengthening capacities of competent national authorities"


@pytest.mark.libreoffice
def test_libreoffice_reads_the_agreed_text_with_each_bodys_changes(libreoffice):
    authors = {r["author"] for r in libreoffice["agreed"]["redlines"]}
    assert {LG14_AUTHOR, "Party A", "Organisation B"} <= authors
