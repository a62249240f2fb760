"""The real-sentence table: amending sentences from public documents of several drafting
traditions, each rewritten against the example plan in its own idiom, read by extract and
applied. Mechanical sentences must give the right operation; the rest an instruction with a
reason, which apply leaves pending."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from editplan.api import load_plan
from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import ApplyError
from editplan.reports.extract import extract
from editplan.store import yamlio

ROOT = Path(__file__).resolve().parent.parent
TABLE = Path(__file__).resolve().parent / "data" / "extract" / "amending-sentences.tsv"
HEAD = (
    "XY/1/2\n\nREPORT OF THE EXPERT GROUP ON ITS FIRST MEETING\n\n"
    "1. The Group met.\n\n2. It proposed:\n\n"
)


def _rows() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]  # fmt: skip
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(ROOT / "plans" / "cb-action-plan.yaml")


def test_the_table_is_large_and_varied() -> None:
    assert len(ROWS) >= 60
    traditions = {row["tradition"] for row in ROWS}
    assert len(traditions) >= 8
    assert all(row["source"].strip() and row["sentence"].strip() for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[f"{i + 1}-{r['tradition']}" for i, r in enumerate(ROWS)])
def test_real_sentence(plan: Plan, row: dict[str, str]) -> None:
    text = HEAD + f"(a) {row['sentence']}\n\n3. The meeting closed.\n"
    extraction = extract(text, paragraph=2, plan=plan, source_name="corpus")
    item = extraction.items[0]
    assert len(extraction.items) == 1
    aset = yamlio.validate(AmendmentSet, yamlio.parse(extraction.to_yaml(), "x.yaml"), "x.yaml")
    result = apply_set(aset, plan)
    expected = row["expected"]
    if expected.startswith("instruction"):
        assert [a["op"] for a in item.amendments] == ["instruction"], item.rules
        assert item.reasons, "an instruction says why"
        assert [p.id for p in result.changes.pending] == ["2(a)"]
        assert result.plan.model_dump(exclude={"version"}) == plan.model_dump(exclude={"version"})
        return
    fields: dict[str, Any] = json.loads(expected)
    assert len(item.amendments) == 1, item.rules
    amendment = item.amendments[0]
    for key, value in fields.items():
        assert amendment.get(key) == value, (key, amendment, item.reasons)
    assert "default_position" not in extraction.header
    assert not result.changes.pending


UNSEEN = Path(__file__).resolve().parent / "data" / "extract" / "unseen-sentences.tsv"


def _unseen() -> list[tuple[str, str]]:
    lines = [line for line in UNSEEN.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")][1:]  # fmt: skip
    return [(s, e) for s, e in (line.split("\t") for line in lines)]


@pytest.mark.parametrize(("sentence", "expected"), _unseen())
def test_unseen_sentence_is_read_right_or_not_at_all(
    plan: Plan, sentence: str, expected: str
) -> None:
    text = HEAD + f"(a) {sentence}\n\n3. The meeting closed.\n"
    extraction = extract(text, paragraph=2, plan=plan, source_name="unseen")
    item = extraction.items[0]
    got = [{k: v for k, v in a.items() if k not in ("id", "quote", "note")}
           for a in item.amendments]  # fmt: skip
    if expected == "instruction":
        assert [a["op"] for a in got] == ["instruction"], got
        assert item.reasons
    else:
        assert got == json.loads(expected), item.rules
    aset = yamlio.validate(AmendmentSet, yamlio.parse(extraction.to_yaml(), "x.yaml"), "x.yaml")
    if "Goal B.5 does not exist" in " ".join(item.reasons):
        # nowhere in the plan to record it: apply refuses the set, naming the missing goal
        with pytest.raises(ApplyError, match=r"Goal B\.5 does not exist"):
            apply_set(aset, plan)
        return
    result = apply_set(aset, plan)
    assert len(result.changes.pending) == (1 if expected == "instruction" else 0)
