"""A new version's label, checked against the history: a label names one text.

Applying more of a set later (a drafted instruction, the rest of a set applied in parts) gives
the set's label again, declared or derived; the new text then takes the next free numbered
label ("... + LG-14 (2)"), never the earlier one, and the application says so.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from editplan.core import version_labels as labels
from editplan.core.changeset import ApplyResult
from editplan.core.model import Plan, content_hash
from editplan.store.files import PlanFile

if TYPE_CHECKING:
    from editplan.history.repo import Repository


def unique_label(
    repo: Repository, plan_rel: str, plan: Plan, *, current: PlanFile | None = None
) -> tuple[str, str | None]:
    """The label the new version ``plan`` takes (its own, or the next free numbered one), and
    when it is not its own, a note that says why.

    ``current`` is the plan file as read (the history need not read it again).
    """
    from editplan.history.labels import label_texts

    known = {_blob_id(current.path): current.plan} if current is not None else {}
    wanted = plan.version

    def compared(label: str) -> bool:  # the labels the new text may take: their texts exactly
        return label == wanted or label.startswith(f"{wanted} (")

    taken = label_texts(repo, plan_rel, known, exact=compared)

    def digest(label: str) -> str:
        return content_hash(plan if label == plan.version else relabelled(plan, label))

    label = labels.fresh(plan.version, digest, taken)
    if label == plan.version:
        return label, None
    holder = next(iter(taken[plan.version].values()))
    return label, (
        f"version label {plan.version!r} already names another text, that of commit "
        f"{holder.short} ({holder.subject}); a label names one text, so this version is "
        f"{label!r}"
    )


def _blob_id(path: Path) -> str:
    """The id git gives the file's bytes as a blob (a committed file's blob, when unchanged)."""
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def relabelled(plan: Plan, label: str) -> Plan:
    """The plan under another version label (the same objects otherwise)."""
    return plan.model_copy(update={"version": label})


def relabel(result: ApplyResult, label: str) -> ApplyResult:
    """An application's result under another version label (plan and change set alike)."""
    if label == result.plan.version:
        return result
    changes = dataclasses.replace(result.changes, result_version=label)
    return ApplyResult(relabelled(result.plan, label), changes)
