"""The text as agreed: the chosen amendments of several sets applied at once, in one commit.

Each set is resolved against its own base and applied on top of the sets before it. Before
anything is written, every chosen amendment is checked against every other with the round's
collision rules; identical proposals of different bodies apply once, attributed to the first,
with the others named in its comment and in the commit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editplan.core import decisions
from editplan.core import round as rounds
from editplan.core.applier import Selection, apply_set
from editplan.core.changeset import ChangeSet
from editplan.core.model import Plan
from editplan.errors import ApplyError, ConflictError, InputError
from editplan.store.files import SetFile
from editplan.usecases.applying import (
    check_outputs,
    check_request,
    check_tag,
    docs_folder,
    plan_target,
)
from editplan.usecases.committing import CommitSpec, write_all, write_and_commit
from editplan.usecases.labelling import relabelled, unique_label
from editplan.usecases.renderers import renderer_for
from editplan.usecases.round import Loaded, load
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.history.repo import Repository

# the text as agreed is the meeting's: what no proposal explains (the version line, numbers
# that follow from positions) is the meeting's change
EDITOR = decisions.DECIDED_BY


@dataclass
class AgreedOutcome:
    """What applying several sets did: one change set per set, the files, the commit."""

    changes: list[ChangeSet]
    plan: Plan
    plan_path: Path
    same: list[tuple[str, str]] = field(default_factory=list)  # (copy, the one applied)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    commit: str | None = None
    tag: str | None = None
    warnings: list[str] = field(default_factory=list)


def apply_agreed(
    ws: Workspace,
    set_paths: Sequence[str | Path],
    *,
    statuses: Sequence[str] = ("agreed",),
    dry_run: bool = False,
    out_dir: str | Path | None = None,
    commit: bool = True,
    tag: str | None = None,
    docs: bool = True,
    docs_dir: str | Path | None = None,
    html: bool = True,
    force: bool = False,
    author: str | None = None,
) -> AgreedOutcome:
    """Apply the amendments of several sets that have one of ``statuses``, all or nothing.

    Amendments the history shows applied are left out; collisions among the chosen ones, or
    one that cannot apply, are refused before anything is written. In a git work tree the
    result is one commit whose trailers name every set and amendment, by ``author`` ("Name
    <email>"; by default, git's identity). A file in a folder the user chose that editplan did
    not make is replaced only with ``force``.
    """
    from editplan.history import config
    from editplan.usecases.team import check_resolved

    if not dry_run:  # what an interrupted decide left is put right before the sets are read
        from editplan.usecases import recording

        recording.prepare(ws, [ws.path(p) for p in set_paths])
    loaded, home = load(ws, set_paths, check_application=True)
    repo = home.repo
    check_resolved(loaded.plan_file)
    out = ws.path(out_dir) if out_dir is not None else None
    committing = check_request(
        loaded.plan_file,
        repo,
        in_place=out is None,
        dry_run=dry_run,
        commit=commit,
        tag=tag,
    )
    warning = None
    if committing:
        assert loaded.plan_rel is not None
        warning = config.driver_missing(repo, loaded.plan_rel)
    outcome = _apply(loaded, frozenset(statuses))
    check_tag(repo, tag, committing)
    if repo is not None and loaded.plan_rel is not None:
        # a label names one text: the same sets agreed again take a numbered label
        label, note = unique_label(repo, loaded.plan_rel, outcome.plan, current=loaded.plan_file)
        outcome.plan = relabelled(outcome.plan, label)
        outcome.warnings.extend([note] if note else [])
    outcome.dry_run = dry_run
    if dry_run:
        return outcome
    ids = "+".join(c.set_id for c in outcome.changes)
    folder = docs_folder(ws, docs_dir, out_dir, home, ids) if docs else None
    into = repo if committing else None
    _write(ws, loaded, outcome, folder, out, into, tag, html=html, force=force, author=author)
    if warning:
        outcome.warnings.append(warning)
    return outcome


def _apply(loaded: Loaded, statuses: frozenset[str]) -> AgreedOutcome:
    """Check the chosen amendments together, then apply set after set, in memory."""
    plan = loaded.plan_file.plan
    found = rounds.gather(plan, loaded.submissions, statuses=statuses, as_agreed=True)
    _refuse_problems(loaded, found)
    copies = {p.key: group[0] for group in found.same for p in group[1:]}
    current = plan
    changes: list[ChangeSet] = []
    same: list[tuple[str, str]] = []
    for set_file, sub in zip(loaded.set_files, loaded.submissions, strict=True):
        aset = sub.aset
        mine = [p for p in found.proposals if p.set_id == aset.id and p.status != "applied"]
        chosen = [p.amendment.id for p in mine if p.key not in copies]
        copied = [(p.amendment.id, copies[p.key]) for p in mine if p.key in copies]
        same += [(f"{aset.id}:{own}", f"{o.set_id}:{o.amendment.id}") for own, o in copied]
        if not chosen and not copied:
            continue
        if not chosen:
            changes.append(_nothing(set_file))
            continue
        agreed = decisions.as_decided(aset)
        base = sub.base or (None if current is plan else plan)
        selection = Selection(only=frozenset(chosen), statuses=statuses)
        try:
            result = apply_set(agreed, current, base=base, selection=selection)
        except ApplyError as exc:
            raise set_file.locate(exc) from None
        attributed = decisions.attribute(result.changes, aset.amendments)
        changes.append(_explained(attributed, aset, sub.applied, copies))
        current = result.plan
    if not changes:
        raise InputError(
            f"no amendment with status {', '.join(sorted(statuses))} is left to apply in "
            + ", ".join(s.aset.id for s in loaded.submissions),
            option="statuses",
        )
    version = " + ".join([plan.version, *(c.set_id for c in changes)])
    final = current.model_copy(update={"version": version})
    return AgreedOutcome(changes, final, loaded.plan_file.path, same)


def _explained(
    changes: ChangeSet, aset: Any, applied: frozenset[str], copies: dict[str, rounds.Proposal]
) -> ChangeSet:
    """Say why each amendment left out was left out, in the round's terms."""
    status = {a.id: a.status for a in aset.amendments}
    skipped = []
    for s in changes.skipped:
        key = f"{changes.set_id} {s.id}"
        if key in copies:
            reason = f"the same change as {copies[key].key}"
        elif s.id in applied:
            reason = "already applied"
        else:
            reason = f"status {status[s.id]}"
        skipped.append(dataclasses.replace(s, reason=reason))
    return dataclasses.replace(changes, skipped=tuple(skipped))


def _refuse_problems(loaded: Loaded, found: rounds.Round) -> None:
    by_id = {s.aset.id: s for s in loaded.set_files}
    for p in found.proposals:
        if p.problem is not None and p.status != "applied":
            exc = ApplyError(f"set {p.set_id}: {p.problem}", amendment=p.amendment.id)
            raise by_id[p.set_id].locate(exc)
    if found.collisions:
        c = found.collisions[0]
        more = len(found.collisions) - 1
        raise ConflictError(
            f"{c.first.key} ({c.first.author}, {c.first.status}) and {c.second.key} "
            f"({c.second.author}, {c.second.status}) cannot both apply: {c.reason}"
            + (f"; {more} more pair{'s' if more > 1 else ''} collide" if more else "")
            + ". Nothing was applied",
            element_id=c.element_id,
        )


def _nothing(set_file: SetFile) -> ChangeSet:
    """The share of a set whose every chosen amendment was applied as another body's copy."""
    aset = set_file.aset
    return ChangeSet(
        set_id=aset.id,
        title=aset.title,
        author=aset.author,
        date=aset.date.isoformat(),
        source=aset.source.cite(),
        base_version=aset.base,
        result_version=aset.result_version,
        applied=(),
        pending=(),
        skipped=(),
        renumbered=(),
    )


def _write(
    ws: Workspace,
    loaded: Loaded,
    outcome: AgreedOutcome,
    folder: Path | None,
    out_dir: str | Path | None,
    repo: Repository | None,
    tag: str | None,
    *,
    html: bool,
    force: bool,
    author: str | None = None,
) -> None:
    """Write the documents and the revised plan, and commit, all or nothing."""
    from editplan.history import git as history
    from editplan.history import trailers

    plan_file = loaded.plan_file
    target = plan_target(plan_file, out_dir)
    documents = {} if folder is None else _documents(plan_file.plan, outcome, folder, html=html)
    writes = [*documents.items(), (target, plan_file.render(outcome.plan))]
    check_outputs(ws, writes, plan_file, force=force)
    if repo is None:
        write_all(writes, option="docs_dir")
    else:
        paths = [target]
        by_id = {s.aset.id: s for s in loaded.set_files}
        parts = []
        for changes in outcome.changes:
            set_file = by_id[changes.set_id]
            if not history.is_tracked(repo, set_file.path):
                paths.append(set_file.path)
            same = tuple(
                (own.split(":", 1)[1], other)
                for own, other in outcome.same
                if own.startswith(f"{changes.set_id}:")
            )
            parts.append(trailers.SetPart(changes, history.relative(repo, set_file.path), same))
        message = trailers.round_commit_message(
            parts,
            plan_path=history.relative(repo, target),
            base=plan_file.plan,
            result=outcome.plan,
        )
        spec = CommitSpec(
            paths=paths,
            message=message,
            tag=tag,
            sets=[(c.set_id, by_id[c.set_id].path) for c in outcome.changes],
            plan=target,
            base_hash=trailers.plan_hash(plan_file.plan),
            result_hash=trailers.plan_hash(outcome.plan),
            author=author,
        )
        outcome.commit = write_and_commit(repo, writes, spec, option="docs_dir")
        outcome.tag = tag
    outcome.written = [path for path, _ in writes]
    outcome.plan_path = target


def _documents(
    base: Plan, outcome: AgreedOutcome, folder: Path, *, html: bool
) -> dict[Path, bytes]:
    """The tracked .docx (each change attributed to the body that proposed it), the clean
    .docx, and the tracked web page."""
    from editplan.core.attribution import attributions as attributions_of

    authors = {c.set_id: c.author for c in outcome.changes}
    also: dict[str, list[str]] = {}
    for own, other in outcome.same:
        set_id, amendment = own.split(":", 1)
        also.setdefault(other, []).append(f"{authors.get(set_id, set_id)} ({set_id} {amendment})")
    attributions = []
    for changes in outcome.changes:
        for att in attributions_of(changes):
            key = f"{changes.set_id}:{att.key}"
            comment = f"{changes.set_id} {att.comment}"
            if key in also:
                comment += "\nAlso proposed by " + "; ".join(also[key])
            attributions.append(
                dataclasses.replace(att, key=f"{changes.set_id} {att.key}", comment=comment)
            )
    date = max(c.date for c in outcome.changes)
    stem = outcome.plan.id
    tracked = folder / f"{stem}.tracked.docx"
    out = {
        tracked: renderer_for(tracked).render_tracked(
            base, outcome.plan, attributions, author=EDITOR, date=date
        )
    }
    clean = folder / f"{stem}.clean.docx"
    out[clean] = renderer_for(clean).render_clean(outcome.plan)
    if html:
        page = folder / f"{stem}.tracked.html"
        out[page] = renderer_for(page).render_tracked(
            base, outcome.plan, attributions, author=EDITOR, date=date
        )
    return out
