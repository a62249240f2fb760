"""Drafting at the table: a pending instruction given its wording, in its patch file.

"(b) should be rephrased to also address the effective use of information" gives no wording;
the secretariat (or the meeting) drafts it. The instruction keeps its id, its report's words
and its status, and gains ``text`` and ``drafted_by``: ``apply`` then applies it like any
amendment, each revision credited to the drafter, its comment naming the proposal. Only the
instruction's lines change, and the change is committed with a trailer, as ``decide`` does.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from editplan.core.applier import apply_set
from editplan.core.model import check_line
from editplan.core.patch import Instruction
from editplan.core.trials import EVERY, alone
from editplan.errors import ApplyError, InputError, Location
from editplan.store import files, yamlio
from editplan.store.files import SetFile, display
from editplan.usecases.round import load
from editplan.usecases.workspace import Workspace


@dataclass
class DraftOutcome:
    """What ``draft`` recorded: the instruction, its wording and drafter, and the commit."""

    set_id: str
    path: Path
    amendment_id: str
    text: str
    by: str | None
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)
    already: str | None = None  # the wording was recorded before: where
    notes: list[str] = field(default_factory=list)  # what an interrupted command left, put right


def draft(
    ws: Workspace,
    set_path: str | Path,
    amendment_id: str,
    text: str,
    *,
    by: str | None = None,
    commit: bool = True,
    author: str | None = None,
) -> DraftOutcome:
    """Give the instruction ``amendment_id`` of a set its drafted wording (and drafter).

    Refused: an amendment that is not an instruction (it has its wording), an unknown id,
    empty or multi-line wording, and wording the instruction's targets cannot take (checked by
    applying it to the version the set was written against). In a git work tree the change is
    committed with an ``Editplan-Draft`` trailer, by ``author`` ("Name <email>"; by default,
    git's identity).
    """
    from editplan.history import git as history
    from editplan.usecases import recording

    path = ws.path(set_path)
    home = ws.at(path)
    put_right = recording.prepare(ws, [path])
    set_file = files.read_set(path)
    aset = set_file.aset
    known = [a.id for a in aset.amendments]
    if amendment_id not in known:
        raise InputError(
            f"set {aset.id} has no amendment {amendment_id}; it has {', '.join(known)}",
            yamlio.locate(set_file.doc, display(path), ("amendments",)),
        )
    index = aset.index_of(amendment_id)
    amendment = aset.amendments[index]
    where = yamlio.locate(set_file.doc, display(path), ("amendments", index, "op"))
    if not isinstance(amendment, Instruction):
        raise InputError(
            f"{aset.id} {amendment_id} is a {amendment.op}, not an instruction: it has its own "
            "wording; wording the meeting agrees instead is recorded with its decision",
            where,
        )
    for name, value in (("the drafted wording", text), ("'by'", by)):
        if value is not None:
            try:
                check_line(value)
            except ValueError as exc:
                raise InputError(f"{name} {exc}") from None
    drafted = amendment.model_copy(update={"text": text, "drafted_by": by})
    _check_applies(ws, set_file, drafted, where)
    repo = home.repo
    raw = path.read_bytes()
    data = copy.deepcopy(yamlio.to_plain(set_file.doc))
    node = data["amendments"][index]
    node["text"] = text
    node.pop("drafted_by", None)
    if by is not None:
        node["drafted_by"] = by
    written = yamlio.rewrite(set_file.doc, data)
    if b"\r\n" in raw:
        written = written.replace("\n", "\r\n")
    if raw.startswith(b"\xef\xbb\xbf"):
        written = "\ufeff" + written
    outcome = DraftOutcome(aset.id, path, amendment_id, text, by, notes=put_right)
    message = None
    if repo is not None and commit:
        who = by or "the secretariat"
        message = (
            f"Draft the wording of {aset.id} {amendment_id} ({who})\n\n  {text}\n\n"
            f"Editplan-Draft: {aset.id} {amendment_id}\n"
            f"Editplan-Drafted-By: {by or 'Secretariat'}\n"
            f"Editplan-Set-File: {history.relative(repo, path)}\n"
        )
    what = f"the wording drafted for {aset.id} {amendment_id}"
    done = recording.record(ws, "draft", what, [(path, written)], message=message, author=author)
    outcome.commit, outcome.already = done.commit, done.already
    outcome.notes += done.notes
    return outcome


def _check_applies(ws: Workspace, set_file: SetFile, drafted: Instruction, where: Location) -> None:
    """Refuse wording the instruction's targets cannot take, before anything is written: the
    drafted instruction is applied alone to the version the set was written against (the plan
    file, or that version in the history)."""
    loaded, _ = load(ws, [set_file.path])
    base = loaded.submissions[0].base or loaded.plan_file.plan
    try:
        apply_set(alone(set_file.aset, drafted), base, selection=EVERY)
    except ApplyError as exc:
        raise InputError(
            f"{set_file.aset.id} {drafted.id}: the drafted wording cannot apply: {exc.message}",
            where,
        ) from None
