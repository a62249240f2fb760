"""The corpus of real report paragraphs by tradition (tests/data/extract/traditions/*.yaml):
every item of every paragraph is accounted for (none dropped), every mechanical item is read
right, every other one is an instruction with a reason, none is read wrong, and each set that
extract writes validates and applies to the plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from paragraph_support import ROOT, Paragraph, judge, paragraphs

from editplan.api import load_plan
from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.reports.extract import extract
from editplan.store import yamlio

PARAGRAPHS = paragraphs()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(ROOT / "plans" / "cb-action-plan.yaml")


def test_every_paragraph_names_its_tradition_source_and_items() -> None:
    assert PARAGRAPHS
    for para in PARAGRAPHS:
        assert para.tradition.strip() and para.source.strip() and para.original.strip()
        assert para.items, para.id
        assert all(i.expected.startswith(("{", "[", "instruction", "candidate:", "unread:"))
                   for i in para.items)  # fmt: skip


@pytest.mark.parametrize("para", PARAGRAPHS, ids=[p.id for p in PARAGRAPHS])
def test_report_paragraph_of_a_tradition(plan: Plan, para: Paragraph, tmp_path: Path) -> None:
    outcomes = judge(para, plan, tmp_path)
    allowed = [o.verdict == "right" or (o.verdict == "unread" and o.item is not None
                                        and o.item.unread) for o in outcomes]  # fmt: skip
    bad = [f"{o.id}: {o.verdict}: {o.why}" for o, ok in zip(outcomes, allowed, strict=True)
           if not ok]  # fmt: skip
    assert not bad, "\n".join(bad)
    assert all(o.reasons for o in outcomes if o.item is not None and o.verdict == "unread")
    if para.marked:
        return
    extraction = extract(para.text(), paragraph=para.paragraph, plan=plan, source_name="corpus")
    aset = yamlio.validate(AmendmentSet, yamlio.parse(extraction.to_yaml(), "x.yaml"), "x.yaml")
    result = apply_set(aset, plan)
    read = sum(1 for o in outcomes if o.verdict == "right" and o.item and o.item.mechanical)
    assert len(result.changes.pending) == sum(1 for i in extraction.items if i.amendments) - read


def test_the_paragraph_corpus_is_varied() -> None:
    """At least ten traditions of report paragraphs, most of their items mechanical."""
    traditions = {p.tradition for p in PARAGRAPHS}
    items = [i for p in PARAGRAPHS for i in p.items]
    assert len(traditions) >= 10
    assert sum(1 for i in items if i.mechanical) >= len(items) // 2
