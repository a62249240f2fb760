# ruff: noqa: E501  (the expected amendments read best one per line)
"""editplan collect on the three LibreOffice-made reviewed copies of the LG-14 document.

Each copy's .md (beside it in tests/data/collect/) lists the edits made; the collected
amendments must say exactly those, each by its reviewer, and applying them to the base must
give what accepting every revision and importing gives (the central property).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from collect_helpers import FIXTURES, central_property, collect_doc, lg14_base, summary

from editplan import api
from editplan.cli import main

ANA, BEN = "Ana Reviewer", "Ben Reviewer"

EXPECTED = {
    1: [
        ("replace", "Goal A.1, key area (3)", (("phrase", "Mainstreaming"), ("by", "Integrating")), ANA),
        ("add", "Goal A.1", (("text", "Support Parties in developing capacities to enforce national biosafety legislation"), ("position", "after"), ("sibling", "Goal A.1, activity (v)"), ("kind", "activity")), ANA),
        ("insert", "Goal A.2, key area (2)", (("text", "and accessible"), ("anchor", "available"), ("position", "after")), ANA),
        ("delete", "Goal A.3, activity (ii)", (("phrase", "in a timely manner"),), ANA),
        ("remove", "Goal A.4, activity (iv)", (), ANA),
        ("instruction", "Goal A.5, key area (4)", (), ANA),
    ],
    2: [
        ("delete", "Goal A.2, activity (iv)", (("phrase", "and searchable databases"),), BEN),
        ("replace", "Goal A.3", (("phrase", "in a timely manner"), ("by", "on time")), BEN),
        ("instruction", "Goals A.6, A.7 and A.8, key area (4)", (), BEN),
        ("add", "Goal A.9", (("text", "Building national capacities to assess the socio-economic impacts of LMOs"), ("position", "after"), ("sibling", "Goal A.9, key area (1)"), ("kind", "key_area")), BEN),
        ("insert", "Goal A.10, key area (1)", (("text", "and implementation"), ("anchor", "ratification"), ("position", "after")), BEN),
        ("remove", "Goal A.10, activity (ii)", (), BEN),
        ("rephrase", "Goal B.1, activity (i)", (("text", "Support Parties in carrying out self-assessments of their capacity-building needs and priorities"),), BEN),
        ("instruction", "Goal B.2", (), BEN),
        ("replace", "Goal B.3, key area (3)", (("phrase", "outreach"), ("by", "communication")), BEN),
    ],
    3: [
        ("split", "Goal A.1, activity (ii)", (("into", ["Support Parties in establishing administrative systems for handling requests", "Support Parties in taking decisions on LMOs"]),), ANA),
        ("replace", "Goal A.4, key area (2)", (("phrase", "Improving"), ("by", "Supporting")), ANA),
        ("replace", "Goal A.7", (("phrase", "appropriate"), ("by", "effective")), BEN),
        ("remove", "Goal B.1, activity (iii)", (), ANA),
        ("replace", "Goal B.2, activity (i)", (("phrase", "adequate"), ("by", "predictable")), ANA),
        ("insert", "Goal B.2, activity (i)", (("text", ", new and additional"), ("anchor", "sustainable"), ("position", "after")), BEN),
        ("instruction", "Goal B.3, key area (1)", (), BEN),
        ("delete", "Goal B.4, activity (iii)", (("phrase", "and public participation"),), ANA),
        ("move", "Goal B.3, activity (iv)", (("position", "after"), ("sibling", "Goal B.4, activity (iv)")), BEN),
    ],
}  # fmt: skip

NOTES = {
    1: {"Goal A.5, key area (4)": "Does 'infrastructure' include laboratories? If so, say so."},
    2: {
        "Goals A.6, A.7 and A.8, key area (4)": "Please check the article number.",
        "Goal B.2": "Should this goal also cover technical resources?",
    },
    3: {
        "Goal B.2, activity (i)": "Ana Reviewer: Agreed with Ben's insertion, if the GEF "
        "language allows it.",
        "Goal B.3, key area (1)": "Add 'and interregional'?",
    },
}

LISTED = {
    1: [],
    2: ["This text is a reconstruction", "typed item number"],
    3: ["format change by Ben Reviewer on 'ratification'", "typed item numbers"],
}


@pytest.fixture(scope="module")
def base():  # type: ignore[no-untyped-def]
    return lg14_base()


@pytest.mark.parametrize("number", [1, 2, 3])
def test_fixture_collects_the_edits_its_list_names(base, number: int) -> None:  # type: ignore[no-untyped-def]
    cset = collect_doc(FIXTURES / f"lg14-review{number}.docx", base)
    assert summary(cset) == EXPECTED[number]
    notes = {a.target: a.note for a in cset.aset.amendments if a.note}
    assert notes == NOTES[number]
    header = " ".join(cset.header)
    for needle in LISTED[number]:
        assert needle in header
    assert all(a.tracked is None for a in cset.aset.amendments)
    # written before editplan marked element ids: matched by text, and said so
    assert any("carries no element ids" in line for line in cset.header)
    assert all(a.date is not None for a in cset.aset.amendments)


@pytest.mark.parametrize("number", [1, 2, 3])
def test_central_property_holds_on_the_fixtures(base, number: int) -> None:  # type: ignore[no-untyped-def]
    path = FIXTURES / f"lg14-review{number}.docx"
    assert central_property(path, base, collect_doc(path, base)) == []


def test_cli_collects_in_a_workspace_and_apply_attributes_each_reviewer(
    workspace: Path,
) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    result = runner.invoke(
        main, ["collect", str(FIXTURES / "lg14-review3.docx"), "-o", "amendments/r3.yaml"]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote amendments/r3.yaml (9 amendments" in result.output
    assert "format change" in result.stderr
    aset = api.load_set(workspace / "amendments/r3.yaml")
    assert aset.base == "CBD/CP/LG/2020/1/3 + LG-14"
    assert aset.plan == "../plans/cb-action-plan.yaml"
    assert aset.source.document == "lg14-review3.docx"
    result = runner.invoke(main, ["apply", "amendments/r3.yaml"])
    assert result.exit_code == 0, result.output
    message = subprocess.run(
        ["git", "log", "-1", "--format=%B"], capture_output=True, text=True, check=True
    ).stdout
    assert "Editplan-Set-File: amendments/r3.yaml" in message
    assert "lg14-review3.docx" in message
    xml = zipfile.ZipFile(workspace / "out/lg14-review3/cb-action-plan.tracked.docx").read(
        "word/document.xml"
    ).decode()
    assert 'w:author="Ana Reviewer"' in xml and 'w:author="Ben Reviewer"' in xml
    # a goal's title is wording too: Ben's change to Goal A.7's title, under his name
    assert re.search(r'<w:ins [^>]*w:author="Ben Reviewer"[^>]*><w:r><w:t>effective</w:t>', xml)
    plan = api.load_plan(workspace / "plans/cb-action-plan.yaml")
    assert plan.unit_by_goal("A.3").title.endswith("in a timely manner")  # type: ignore[union-attr]
    block = plan.unit_by_goal("A.7")
    assert "take effective measures" in next(g.title for g in block.goals if g.id == "A.7")  # type: ignore[union-attr]


def test_split_by_author_writes_one_file_per_reviewer(workspace: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    result = runner.invoke(
        main,
        [
            "collect",
            str(FIXTURES / "lg14-review3.docx"),
            "-o",
            "amendments/r3.yaml",
            "--split-by-author",
            "--set-id",
            "round1",
        ],
    )
    assert result.exit_code == 0, result.output
    ana = api.load_set(workspace / "amendments/r3.ana-reviewer.yaml")
    ben = api.load_set(workspace / "amendments/r3.ben-reviewer.yaml")
    assert (ana.id, ana.author, len(ana.amendments)) == ("round1.ana-reviewer", ANA, 5)
    assert (ben.id, ben.author, len(ben.amendments)) == ("round1.ben-reviewer", BEN, 4)


def test_printed_without_output_and_deterministic(workspace: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    args = ["collect", str(FIXTURES / "lg14-review1.docx")]
    first = runner.invoke(main, args)
    second = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    assert "op: replace" in first.stdout
