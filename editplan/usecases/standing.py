"""Where each set of a round stands: its amendments by status, applied (from the history) and
pending, with their running numbers; and the warning of a plan a merge left with conflicts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editplan.core.conflicts import open_conflicts
from editplan.core.register import ranges
from editplan.errors import InputError
from editplan.store.files import display
from editplan.usecases.round import find_register, load, numbers_in
from editplan.usecases.workspace import Workspace

COUNTED = ("proposed", "agreed", "rejected", "withdrawn", "fallen")


@dataclass(frozen=True)
class SetStatus:
    """Where one set stands: amendments by status, applied (from the history), pending, and
    the running number of each numbered amendment."""

    set_id: str
    path: str
    title: str
    author: str
    counts: dict[str, int]
    applied_in: tuple[str, ...] = ()
    numbers: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "set": self.set_id,
            "file": self.path,
            "title": self.title,
            "author": self.author,
            **self.counts,
            "applied_in": list(self.applied_in),
            "numbers": dict(self.numbers),
        }

    @property
    def number_ranges(self) -> str:
        """The set's numbers as ranges ("1-15"), or "" when none is numbered."""
        return ranges(self.numbers.values()) if self.numbers else ""


@dataclass
class StatusReport:
    """Every set's standing, and warnings about their plan (an open merge conflict)."""

    sets: list[SetStatus]
    warnings: list[str] = field(default_factory=list)


def status(ws: Workspace, set_paths: Sequence[str | Path] = ()) -> list[SetStatus]:
    """Per set: proposed, agreed, rejected, withdrawn, fallen, applied and pending amendments.

    With no set, every patch file in the workspace's ``amendments/``. Pending counts the
    proposed and agreed amendments that are not yet applied.
    """
    return status_report(ws, set_paths).sets


def status_report(ws: Workspace, set_paths: Sequence[str | Path] = ()) -> StatusReport:
    """:func:`status`, with the warning of a plan that a merge left with conflicts."""
    paths: list[str | Path] = [*set_paths] or [*ws.sets()]
    if not paths:
        where = display(ws.root / "amendments") + "/" if ws.root is not None else None
        raise InputError(
            "no patch file given, and "
            + (f"{where} holds no patch file" if where else "this is not in a workspace")
        )
    loaded, home = load(ws, paths)
    numbers = numbers_in(find_register(ws, loaded, home, None))
    out = []
    for set_file, sub in zip(loaded.set_files, loaded.submissions, strict=True):
        aset = set_file.aset
        counts = dict.fromkeys(COUNTED, 0)
        for a in aset.amendments:
            counts[a.status] += 1
        counts["applied"] = sum(1 for a in aset.amendments if a.id in sub.applied)
        counts["pending"] = sum(
            1
            for a in aset.amendments
            if a.id not in sub.applied and a.status in ("proposed", "agreed")
        )
        counts["total"] = len(aset.amendments)
        mine = {a.id: numbers[f"{aset.id} {a.id}"] for a in aset.amendments
                if f"{aset.id} {a.id}" in numbers}  # fmt: skip
        out.append(
            SetStatus(
                aset.id,
                display(set_file.path),
                aset.title,
                aset.author,
                counts,
                tuple(loaded.applied_at.get(aset.id, ())),
                mine,
            )
        )
    warning = open_conflicts(loaded.plan_file.plan, display(loaded.plan_file.path))
    return StatusReport(out, [warning] if warning else [])
