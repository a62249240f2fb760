"""Helpers the collect tests share: the LG-14 base, and the central property as a check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from editplan import api
from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.word.drafts.reader import read_docx
from editplan.word.reviews import amend, collected_set
from editplan.word.reviews.collect import read_reviewed

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "data" / "collect"
DATA = Path(__file__).resolve().parent / "data" / "collect"


def lg14_base() -> Plan:
    """The LG-14 revised plan: the version the shared fixtures were made from."""
    plan = api.load_plan(ROOT / "plans/cb-action-plan.yaml")
    return apply_set(api.load_set(ROOT / "amendments/lg14.yaml"), plan).plan


def collect_doc(path: Path, base: Plan) -> collected_set.CollectedSet:
    """Collect ``path`` against ``base`` in memory (the central property is checked inside)."""
    doc = read_reviewed(path)
    found = amend.Builder(doc, base).run()
    header = collected_set.default_header(
        set_id="check", document=path.name, plan_ref="p", base_label=base.version, found=found.found
    )
    return collected_set.build(
        found,
        base=base,
        expected=doc.after.plan,
        header=header,
        listed=found.listed,
    )


def central_property(path: Path, base: Plan, cset: collected_set.CollectedSet) -> list[str]:
    """Differences between applying the set to its base and importing the document with every
    revision accepted. Empty: the central property holds."""
    accepted = read_docx(path, revisions="accept").plan
    result = apply_set(cset.aset, base).plan
    got, want = collected_set.shape(result), collected_set.shape(accepted)
    return [f"{g!r} != {w!r}" for g, w in zip(got, want, strict=False) if g != w] + (
        [f"{len(got)} units != {len(want)}"] if len(got) != len(want) else []
    )


def summary(cset: collected_set.CollectedSet) -> list[tuple[Any, ...]]:
    """Each amendment as (op, target, the fields that say the change, author)."""
    out = []
    for a in cset.aset.amendments:
        data = a.model_dump(exclude_none=True)
        keys = ("phrase", "by", "text", "into", "anchor", "position", "sibling", "to", "kind")
        detail = tuple((k, data[k]) for k in keys if k in data)
        out.append((a.op, a.target or tuple(a.targets or ()), detail, a.author or cset.aset.author))
    return out
