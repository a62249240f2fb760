"""Recording a meeting's decisions: each proposal's status, in its patch file, and what falls.

A proposal is named by its set and amendment id, or by its running number in the round.
Agreeing one makes the proposals it cannot apply with fall (as parliaments' rules say of
mutually exclusive amendments): their status becomes ``fallen`` and their decision names the
proposal agreed and the reason. Agreeing again otherwise (rejecting what was agreed) makes
them stand again. Every file changes only in the decided amendments' lines, and all of it is
one commit with a trailer per decision.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from editplan.core import decisions
from editplan.core import round as rounds
from editplan.core.patch import Decision
from editplan.core.register import ranges
from editplan.errors import ApplyError, ConflictError, EditplanError, InputError
from editplan.store import files, yamlio
from editplan.store.files import SetFile, display
from editplan.usecases.round import find_register, load, numbers_in
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.history.repo import Repository

Change = tuple[str, Decision | None]  # an amendment's new status, and its decision


@dataclass
class DecideOutcome:
    """What ``decide`` recorded: the set (the first, when numbers name several), the
    amendments, the status, what fell and what stands again, and the commit."""

    set_id: str
    path: Path
    amendment_ids: list[str]
    status: str
    commit: str | None = None
    unchecked: list[str] = field(default_factory=list)  # sets beside it not checked, and why
    warnings: list[str] = field(default_factory=list)
    decided: list[str] = field(default_factory=list)  # "set amendment" of each decided
    fallen: list[tuple[str, str]] = field(default_factory=list)  # (fell, agreed it fell to)
    revived: list[str] = field(default_factory=list)  # fell before, stand again
    numbers: dict[str, int] = field(default_factory=dict)
    already: str | None = None  # the decision was recorded before: where
    notes: list[str] = field(default_factory=list)  # what an interrupted command left, put right


def decide(
    ws: Workspace,
    set_path: str | Path | None,
    amendment_ids: Sequence[str],
    status: str,
    *,
    note: str | None = None,
    text: str | None = None,
    by: str | None = None,
    commit: bool = True,
    numbers: Sequence[int] = (),
    round_name: str | None = None,
    author: str | None = None,
) -> DecideOutcome:
    """Record a meeting's decision on amendments of a set (or on proposals by their running
    numbers in the round): their status, in place.

    Only the decided amendments' status (and decision) lines change, and those of the
    proposals that fall or stand again; comments and every other line stay. An amendment
    agreed must not collide with any agreed amendment of this set or of the sets beside it
    that amend the same plan; the proposed ones it collides with fall. A proposal that has
    fallen is not decided. In a git work tree the change is one commit with a trailer per
    decision, by ``author`` ("Name <email>"; by default, git's identity).
    """
    from editplan.history import git as history
    from editplan.usecases import recording

    picks = _picked(ws, set_path, amendment_ids, numbers, round_name)
    first_path = picks[0][0]
    home = ws.at(first_path)
    put_right = recording.prepare(ws, [path for path, _ in picks])
    set_files = {path: files.read_set(path) for path, _ in picks}
    if text is not None and sum(len(ids) for _, ids in picks) != 1:
        raise InputError("agreed wording is the wording of one amendment: name only one")
    decision = None
    for path, ids in picks:
        decision = _decision(set_files[path].aset, ids, status, note=note, text=text, by=by)
        _refuse_fallen(set_files[path], ids, status)
    first = set_files[first_path]
    outcome = DecideOutcome(
        first.aset.id, first.path, list(picks[0][1]), status,
        decided=[f"{set_files[p].aset.id} {i}" for p, ids in picks for i in ids],
        notes=put_right,
    )  # fmt: skip
    changes: dict[Path, dict[str, Change]] = defaultdict(dict)
    for path, ids in picks:
        for amendment_id in ids:
            changes[path][amendment_id] = (status, decision)
    siblings, outcome.unchecked = _siblings(first)
    _consequences(ws, set_files, siblings, changes, outcome)
    repo = home.repo
    readable = {**{p: files.read_set(p) for p in changes if p not in set_files}, **set_files}
    writes = [
        (path, _decided_text(readable[path], changed, path.read_bytes()))
        for path, changed in changes.items()
    ]
    message = None
    if repo is not None and commit:
        rels = {p: history.relative(repo, p) for p in changes}
        message = _message(readable, changes, outcome, decision, rels)
    what = f"the decision on {_grouped(outcome.decided)}: {status}"
    done = recording.record(ws, "decide", what, writes, message=message, author=author)
    outcome.commit, outcome.already = done.commit, done.already
    outcome.notes += done.notes
    if done.commit is not None and repo is not None:
        outcome.warnings.extend(_driver_warning(repo, first.plan_path))
    return outcome


def _grouped(keys: Sequence[str]) -> str:
    """'set amendment' keys said set by set: "lg14 53(b), 53(m); party-a 2"."""
    by_set: dict[str, list[str]] = {}
    for key in keys:
        set_id, _, amendment_id = key.partition(" ")
        by_set.setdefault(set_id, []).append(amendment_id)
    return "; ".join(f"{set_id} {', '.join(ids)}" for set_id, ids in by_set.items())


def _picked(
    ws: Workspace,
    set_path: str | Path | None,
    amendment_ids: Sequence[str],
    numbers: Sequence[int],
    round_name: str | None,
) -> list[tuple[Path, list[str]]]:
    """The patch files and amendment ids decided: as given, or found by their numbers."""
    if not numbers:
        if set_path is None:
            raise InputError("name the set and its amendments, or the proposals' numbers")
        return [(ws.path(set_path), list(amendment_ids))]
    if set_path is not None or amendment_ids:
        raise InputError("name proposals by their numbers, or by set and amendment, not both")
    from editplan.usecases import register as registers

    register = registers.for_numbers(ws, round_name)
    entries = register.register.by_number()
    unknown = [n for n in numbers if n not in entries]
    if unknown:
        raise InputError(
            f"round {register.name} has no proposal no. {', '.join(map(str, unknown))} "
            f"(its numbers are {ranges(entries)})",
            register.locate("proposals"),
        )
    picks: dict[Path, list[str]] = {}
    for n in dict.fromkeys(numbers):
        entry = entries[n]
        given = register.register.sets.get(entry.set)
        if given is None:
            raise InputError(
                f"no. {n} is {entry.key}, but the register does not say where set {entry.set} is",
                register.locate("sets"),
            )
        path = (register.path.parent / given).resolve()
        picks.setdefault(path, []).append(entry.amendment)
    return list(picks.items())


def _decision(
    aset: Any,
    amendment_ids: Sequence[str],
    status: str,
    *,
    note: str | None,
    text: str | None,
    by: str | None,
) -> Decision | None:
    known = [a.id for a in aset.amendments]
    if not amendment_ids:
        raise InputError(f"name the amendments decided; set {aset.id} has {', '.join(known)}")
    unknown = [i for i in dict.fromkeys(amendment_ids) if i not in known]
    if unknown:
        raise InputError(
            f"set {aset.id} has no amendment {', '.join(unknown)}; it has {', '.join(known)}"
        )
    chosen = sorted(set(rounds.ALL_STATUSES) - {"fallen"})
    if status not in chosen:
        raise InputError(f"unknown status {status!r}; use {', '.join(chosen)}")
    if text is not None:
        if status != "agreed":
            raise InputError(f"agreed wording goes with status agreed, not {status}")
        if len(set(amendment_ids)) != 1:
            raise InputError("agreed wording is the wording of one amendment: name only one")
        decisions.check_agreed_text(aset.amendments[aset.index_of(amendment_ids[0])])
    if by is not None and text is None:
        raise InputError("'by' names who agreed a wording; no agreed wording is given")
    if note is None and text is None:
        return None
    try:
        return Decision(note=note, text=text, by=by)
    except ValidationError as exc:  # an empty or multi-line wording
        first = exc.errors(include_url=False)[0]
        what = {"text": "the agreed wording", "note": "the note", "by": "'by'"}
        name = what.get(str(first["loc"][0]), "the decision")
        problem = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"{name} {problem}") from None


def _refuse_fallen(set_file: SetFile, ids: Sequence[str], status: str) -> None:
    """A proposal that fell is not put to the meeting: refuse to decide it."""
    aset = set_file.aset
    for amendment_id in ids:
        amendment = aset.amendments[aset.index_of(amendment_id)]
        if amendment.status != "fallen":
            continue
        fell_to = amendment.decision.fell_to if amendment.decision else None
        because = f" when {fell_to} was agreed" if fell_to else ""
        raise InputError(
            f"{aset.id} {amendment_id} has fallen{because}, so it is not decided; decide "
            f"{fell_to or 'the proposal it fell to'} otherwise first, and it stands again",
            yamlio.locate(
                set_file.doc, display(set_file.path),
                ("amendments", aset.index_of(amendment_id), "status"),
            ),
        )  # fmt: skip


def _consequences(
    ws: Workspace,
    set_files: dict[Path, SetFile],
    siblings: list[Path],
    changes: dict[Path, dict[str, Change]],
    outcome: DecideOutcome,
) -> None:
    """Check what is agreed against what is agreed beside it, make fall what it collides
    with, and make stand again what fell to a proposal no longer agreed."""
    decided = set(outcome.decided)
    paths = [*set_files, *(p for p in siblings if p not in set_files)]
    loaded, home = load(ws, paths, lenient=True)
    outcome.unchecked += loaded.left_out
    try:  # the numbers only name proposals in messages: a round in doubt names none
        outcome.numbers = numbers_in(find_register(ws, loaded, home, None))
    except InputError:
        outcome.numbers = {}
    by_id = {s.aset.id: s.path for s in loaded.set_files}
    if outcome.status == "agreed":
        for n, sub in enumerate(loaded.submissions):
            path = loaded.set_files[n].path
            if path in changes:
                loaded.submissions[n] = rounds.Submission(
                    _with(sub.aset, changes[path]), sub.base, sub.applied, sub.landed
                )
        found = rounds.gather(
            loaded.plan_file.plan, loaded.submissions,
            statuses=["agreed", "proposed"], as_agreed=True,
        )  # fmt: skip
        _falls(found, decided, by_id, changes, outcome)
    for set_file in loaded.set_files:
        for amendment in set_file.aset.amendments:
            fell_to = amendment.decision.fell_to if amendment.decision is not None else None
            if amendment.status == "fallen" and fell_to in decided and outcome.status != "agreed":
                changes[set_file.path][amendment.id] = ("proposed", None)
                outcome.revived.append(f"{set_file.aset.id} {amendment.id}")


def _with(aset: Any, changed: dict[str, Change]) -> Any:
    amendments = [
        a.model_copy(update={"status": changed[a.id][0], "decision": changed[a.id][1]})
        if a.id in changed
        else a
        for a in aset.amendments
    ]
    return aset.model_copy(update={"amendments": amendments})


def _falls(
    found: rounds.Round,
    decided: set[str],
    paths: dict[str, Path],
    changes: dict[Path, dict[str, Change]],
    outcome: DecideOutcome,
) -> None:
    for p in found.proposals:
        if p.key in decided and p.problem is not None:
            raise ApplyError(f"{p.key} cannot be agreed: {p.problem}")
    for c in found.collisions:
        for mine, other in ((c.first, c.second), (c.second, c.first)):
            if mine.key not in decided:
                continue
            if other.status == "agreed" or other.key in decided:
                raise ConflictError(
                    f"{_named(mine, outcome)} cannot be agreed: it collides with "
                    f"{_named(other, outcome)} ({other.author}), which is agreed: {c.reason}",
                    element_id=c.element_id,
                )
            if other.status == "proposed" and other.key not in decided:
                fell = Decision(note=c.reason, fell_to=mine.key)
                changes[paths[other.set_id]][other.amendment.id] = ("fallen", fell)
                outcome.fallen.append((other.key, mine.key))


def _named(p: rounds.Proposal, outcome: DecideOutcome) -> str:
    n = outcome.numbers.get(p.key)
    return p.key if n is None else f"no. {n} ({p.key})"


def check_committed(repo: Repository, path: Path) -> None:
    """Refuse to write a patch file that has uncommitted changes: a decision is one clean
    commit."""
    from editplan.history import git as history

    status = repo.path_status(history.relative(repo, path))
    if status and status != "??":
        raise InputError(
            f"{display(path)} has uncommitted changes; commit or discard them first, so that "
            "the decision is one clean commit"
        )


def _siblings(set_file: SetFile) -> tuple[list[Path], list[str]]:
    """The other patch files beside a set that amend the same plan, and those that could not
    be read, each with the reason (said, never skipped silently)."""
    out: list[Path] = []
    unreadable: list[str] = []
    for path in sorted(set_file.path.parent.glob("*.y*ml")):
        if path.resolve() == set_file.path.resolve():
            continue
        try:
            other = files.read_set(path)
        except EditplanError as exc:
            unreadable.append(str(exc))
            continue
        if other.plan_path == set_file.plan_path and other.aset.id != set_file.aset.id:
            out.append(path)
    return out, unreadable


def _decided_text(set_file: SetFile, changed: dict[str, Change], raw: bytes) -> str:
    """The patch file with only the changed amendments' status and decision changed.

    The store's rewrite keeps every other byte; the file's CR LF line ends and byte-order
    mark (``raw`` is the file as read) are kept too.
    """
    data = copy.deepcopy(yamlio.to_plain(set_file.doc))
    for index, amendment in enumerate(set_file.aset.amendments):
        if amendment.id not in changed:
            continue
        status, decision = changed[amendment.id]
        node = data["amendments"][index]
        if status == "proposed" and "status" not in node:
            pass  # the default, left unwritten as it was
        else:
            node["status"] = status
        node.pop("decision", None)
        if decision is not None:
            node["decision"] = decision.model_dump(exclude_none=True)
    text = yamlio.rewrite(set_file.doc, data)
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    return "\ufeff" + text if raw.startswith(b"\xef\xbb\xbf") else text


def _message(
    set_files: dict[Path, SetFile],
    changes: dict[Path, dict[str, Change]],
    outcome: DecideOutcome,
    decision: Decision | None,
    rels: dict[Path, str],
) -> str:
    by_set: dict[str, list[str]] = {}
    for key in outcome.decided:
        set_id, _, amendment_id = key.partition(" ")
        by_set.setdefault(set_id, []).append(amendment_id)
    decided = "; ".join(f"{set_id}: {', '.join(ids)}" for set_id, ids in by_set.items())
    lines = [f"Decide on {decided} {outcome.status}", ""]
    if decision is not None and decision.text is not None:
        lines += [f"Agreed as orally amended, wording of {decision.by or decisions.DECIDED_BY}:"]
        lines += [f"  {decision.text}", ""]
    if decision is not None and decision.note is not None:
        lines += [decision.note, ""]
    if outcome.fallen:
        lines.append("Fallen, since they cannot apply with what was agreed:")
        lines += [f"- {fell} (with {agreed})" for fell, agreed in outcome.fallen]
        lines.append("")
    if outcome.revived:
        lines.append("Standing again, since what they fell to is no longer agreed:")
        lines += [f"- {key}" for key in outcome.revived]
        lines.append("")
    for path, changed in changes.items():
        set_id = set_files[path].aset.id
        lines += [f"Editplan-Decision: {set_id} {i} {s}" for i, (s, _) in changed.items()]
    lines += [f"Editplan-Fell: {fell} < {agreed}" for fell, agreed in outcome.fallen]
    lines += [f"Editplan-Set-File: {rels[path]}" for path in changes]
    return "\n".join(lines) + "\n"


def _driver_warning(repo: Repository, plan_path: Path) -> list[str]:
    """The warning of a clone without the plan merge driver (for the set's plan file)."""
    from editplan.history import config
    from editplan.history import git as history

    try:
        rel = history.relative(repo, plan_path)
    except ValueError:  # the plan is outside this repository
        return []
    warning = config.driver_missing(repo, rel)
    return [warning] if warning else []
