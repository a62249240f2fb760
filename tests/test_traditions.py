"""The corpus of real amending sentences by drafting tradition (tests/data/extract/traditions/):
every mechanical sentence is read right, every other one is an instruction with a reason (and,
where the corpus says so, the candidate it came close to), none is read wrong; each set that
extract writes validates and applies."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_support import ROOT, Row, judge, report_text, rows

from editplan.api import load_plan
from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.reports.extract import extract
from editplan.store import yamlio

ROWS = rows()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(ROOT / "plans" / "cb-action-plan.yaml")


def test_every_row_names_its_tradition_and_source() -> None:
    assert all(r.tradition.strip() and r.source.strip() and r.original.strip() for r in ROWS)
    assert all(r.expected.startswith(("{", "[", "instruction", "candidate:", "unread:"))
               for r in ROWS)  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_sentence_of_a_tradition(plan: Plan, row: Row, tmp_path: Path) -> None:
    outcome = judge(row, plan, tmp_path)
    assert outcome.verdict == "right" or (row.unread and outcome.verdict == "unread"), outcome.why
    if not row.mechanical or outcome.verdict == "unread":
        assert outcome.reasons, "an instruction says why"
    if row.marked:
        return
    extraction = extract(report_text(row), paragraph=2, plan=plan, source_name="corpus")
    aset = yamlio.validate(AmendmentSet, yamlio.parse(extraction.to_yaml(), "x.yaml"), "x.yaml")
    result = apply_set(aset, plan)
    read = outcome.verdict == "right" and row.mechanical
    assert len(result.changes.pending) == (0 if read else 1)


def test_the_corpus_is_large_and_varied() -> None:
    """At least 400 real sentences from at least 20 traditions in the traditions table alone
    (and more with the first table), most of them mechanical."""
    import csv

    table = Path(__file__).resolve().parent / "data" / "extract" / "amending-sentences.tsv"
    lines = [line for line in table.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]  # fmt: skip
    first = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    traditions = {r.tradition for r in ROWS}
    assert len(traditions) >= 20
    assert len(ROWS) >= 400
    assert len(ROWS) + len(first) >= 450
    assert sum(1 for r in ROWS if r.mechanical) >= 250
    assert sum(1 for r in ROWS if r.expected.startswith("candidate:")) >= 3
    assert sum(1 for r in ROWS if r.marked) >= 5
