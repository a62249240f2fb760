"""Which proposals of the workspace's sets are open on one element: those still proposed or
agreed, not yet applied, whose references name it in the version their set was written
against. Only the references are resolved, nothing is applied, so that the page of one
element of a large plan is quick (``gather`` applies every proposal to learn what it does)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editplan.core.reference import resolve
from editplan.errors import EditplanError
from editplan.usecases.round import load
from editplan.usecases.workspace import Workspace

OPEN = ("proposed", "agreed")


@dataclass(frozen=True)
class OpenProposal:
    """One amendment of one set that names the element and is still open."""

    set_id: str
    set_path: Path
    author: str
    date: str
    amendment: Any  # core.patch.Amendment

    @property
    def key(self) -> str:
        return f"{self.set_id} {self.amendment.id}"


def open_proposals(
    ws: Workspace, set_paths: Sequence[str | Path]
) -> dict[str, list[OpenProposal]]:
    """Element id -> the open proposals of ``set_paths`` whose references name it, in set
    order (a set whose base is not in the history is left out, as ``decide`` leaves it out).
    """
    if not set_paths:
        return {}
    loaded, _ = load(ws, set_paths, lenient=True)
    plan = loaded.plan_file.plan
    indexes: dict[int, Any] = {}
    out: dict[str, list[OpenProposal]] = {}
    for set_file, sub in zip(loaded.set_files, loaded.submissions, strict=True):
        base = sub.base if sub.base is not None else plan
        index = indexes.setdefault(id(base), base.index())
        for amendment in sub.aset.amendments:
            if amendment.status not in OPEN or amendment.id in sub.applied:
                continue
            proposal = OpenProposal(
                sub.aset.id,
                set_file.path,
                amendment.author or sub.aset.author,
                str(amendment.date or sub.aset.date),
                amendment,
            )
            for element_id in sorted(_named(base, index, amendment)):
                out.setdefault(element_id, []).append(proposal)
    return out


def _named(plan: Any, index: Any, amendment: Any) -> set[str]:
    """The elements an amendment's references name (none for a reference that names nothing:
    ``validate`` says what is wrong with it)."""
    named: set[str] = set()
    for ref in amendment.target_refs:
        try:
            named.update(t.element_id for t in resolve(plan, ref, index) if t.element_id)
        except EditplanError:
            continue
    return named
