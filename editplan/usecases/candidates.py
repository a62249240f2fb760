"""Accepting a candidate: an instruction that ``extract`` came close to reading carries the
operation it would have been (``candidate:``); once a person has looked, that operation
becomes the amendment. Only the lines of the accepted amendments change in the patch file, and
in a git work tree the change is one commit with a trailer, as a decision is."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editplan.core.patch import AmendmentSet, Instruction, accepted
from editplan.errors import ApplyError, EditplanError, InputError
from editplan.store import files, yamlio
from editplan.store.files import SetFile, display
from editplan.usecases.workspace import Workspace

# The order of an accepted amendment's keys: its identity, the operation, then provenance.
_FIRST = ("id", "target", "targets")
_LAST = ("quote", "note", "status", "decision", "author", "date", "tracked")
_ACCEPTED = "its candidate was accepted after review."  # the end of an accepted one's note


@dataclass
class AcceptOutcome:
    """What ``accept_candidate`` changed: the set, the amendments and their new operations,
    and the commit."""

    set_id: str
    path: Path
    amendment_ids: list[str]
    operations: list[str]
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)
    already: str | None = None  # amendments accepted before, and where that is recorded
    notes: list[str] = field(default_factory=list)  # what an interrupted command left, put right


def accept_candidate(
    ws: Workspace, set_path: str | Path, amendment_ids: Sequence[str], *, commit: bool = True
) -> AcceptOutcome:
    """Make the candidates of instructions of a set their amendments, in place.

    Each named amendment must be an instruction with a candidate; the candidate must be a
    valid operation and, when the set's plan is at the set's base, apply to it. Nothing is
    written unless every named amendment can be accepted.
    """
    from editplan.history import git as history
    from editplan.usecases import recording

    path = ws.path(set_path)
    home = ws.at(path)
    notes = recording.prepare(ws, [path])
    set_file = files.read_set(path)
    aset = set_file.aset
    chosen, done_before = _chosen(aset, amendment_ids)
    made = {i: _accepted(aset, i) for i in chosen}
    warnings = _check_applies(set_file, made) if made else []
    repo = home.repo
    before = set_file.path.read_bytes()
    text = _accepted_text(set_file, made, before)
    outcome = AcceptOutcome(aset.id, set_file.path, chosen, [made[i]["op"] for i in chosen],
                            warnings=warnings, notes=notes)  # fmt: skip
    message = None
    if repo is not None and commit:
        message = _message(aset.id, made, history.relative(repo, set_file.path))
    what = f"the candidates of {aset.id} {', '.join(chosen or done_before)} accepted"
    done = recording.record(ws, "accept-candidate", what, [(set_file.path, text)], message=message)
    outcome.commit = done.commit
    outcome.notes += done.notes
    if done_before:
        ops = {a.id: a.op for a in aset.amendments}
        said = ", ".join(f"{i} (a {ops[i]})" for i in done_before)
        outcome.already = f"{said}: {done.already or 'accepted before'}"
    return outcome


def _chosen(aset: AmendmentSet, amendment_ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """The named amendments, each checked to be an instruction with a candidate; and those
    whose candidate was accepted before (asked again: they are said to be, not refused)."""
    with_candidates = [
        a.id for a in aset.amendments if isinstance(a, Instruction) and a.candidate is not None
    ]
    offer = ", ".join(with_candidates) or "none"
    if not amendment_ids:
        raise InputError(f"name the amendments whose candidates to accept; set {aset.id} has "
                         f"candidates on {offer}")  # fmt: skip
    known = {a.id: a for a in aset.amendments}
    out: list[str] = []
    before: list[str] = []
    for amendment_id in dict.fromkeys(amendment_ids):
        amendment = known.get(amendment_id)
        if amendment is None:
            raise InputError(f"set {aset.id} has no amendment {amendment_id}; amendments with a "
                             f"candidate: {offer}")  # fmt: skip
        if not isinstance(amendment, Instruction) and (amendment.note or "").endswith(_ACCEPTED):
            before.append(amendment_id)
            continue
        if not isinstance(amendment, Instruction) or amendment.candidate is None:
            what = "an instruction with no candidate" if isinstance(amendment, Instruction) else \
                f"already an operation ({amendment.op})"  # fmt: skip
            raise InputError(f"amendment {amendment_id} of set {aset.id} is {what}; amendments "
                             f"with a candidate: {offer}")  # fmt: skip
        out.append(amendment_id)
    return out, before


def _accepted(aset: AmendmentSet, amendment_id: str) -> dict[str, Any]:
    """The accepted amendment as plain data, with a note saying what it was."""
    instruction = aset.amendments[aset.index_of(amendment_id)]
    assert isinstance(instruction, Instruction)
    try:
        made = accepted(instruction)
    except ValueError as exc:
        raise InputError(f"amendment {amendment_id} of set {aset.id}: {exc}") from None
    data = made.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["status"] = made.status
    why = (instruction.reason or "").rstrip(".")
    why = why[:1].lower() + why[1:]
    data["note"] = ("Read as an instruction by extract" + (f" ({why})" if why else "") +
                    f"; {_ACCEPTED}")  # fmt: skip
    if made.status == "proposed":
        data.pop("status")
    return data


def _check_applies(set_file: SetFile, made: dict[str, dict[str, Any]]) -> list[str]:
    """Refuse a candidate the set's plan does not bear out; say when it could not be tried."""
    from editplan.core.applier import apply_set

    aset = set_file.aset
    try:
        plan = files.read_set_plan(set_file).plan
    except EditplanError as exc:
        return [f"the candidates were not tried on the plan: {exc}"]
    if plan.version != aset.base:
        return [f"the candidates were not tried on the plan: it is at {plan.version!r}, the set "
                f"was written against {aset.base!r}"]  # fmt: skip
    trial = aset.model_copy(update={"amendments": [
        AmendmentSet.model_validate({**_header(aset), "amendments": [data]}).amendments[0]
        for data in made.values()
    ], "default_position": aset.default_position})  # fmt: skip
    try:
        apply_set(trial, plan)
    except ApplyError as exc:
        raise ApplyError(f"a candidate of set {aset.id} does not apply to "
                         f"{display(set_file.plan_path)}: {exc}; nothing was written") from None
    return []


def _header(aset: AmendmentSet) -> dict[str, Any]:
    return aset.model_dump(mode="json", exclude={"amendments"}, exclude_none=True)


def _accepted_text(set_file: SetFile, made: dict[str, dict[str, Any]], raw: bytes) -> str:
    """The patch file with only the accepted amendments' lines changed (CR LF line ends and a
    byte-order mark kept)."""
    data = copy.deepcopy(yamlio.to_plain(set_file.doc))
    for index, amendment in enumerate(set_file.aset.amendments):
        if amendment.id in made:
            data["amendments"][index] = _ordered(made[amendment.id])
    text = yamlio.rewrite(set_file.doc, data)
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    return "\ufeff" + text if raw.startswith(b"\xef\xbb\xbf") else text


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    first = {k: data[k] for k in _FIRST if k in data}
    last = {k: data[k] for k in _LAST if k in data}
    middle = {k: v for k, v in data.items() if k not in first and k not in last}
    return {**first, **middle, **last}


def _message(set_id: str, made: dict[str, dict[str, Any]], set_rel: str) -> str:
    ids = ", ".join(made)
    lines = [f"Accept candidates on {set_id}: {ids}", ""]
    lines += [f"{i}: {data['op']}, as extract proposed, after review" for i, data in made.items()]
    lines.append("")
    lines += [f"Editplan-Candidate: {set_id} {i} {data['op']}" for i, data in made.items()]
    lines.append(f"Editplan-Set-File: {set_rel}")
    return "\n".join(lines) + "\n"
