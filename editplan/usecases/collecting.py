"""The collect use case: a reviewer's returned .docx becomes a patch file against the version
the reviewer read, with who proposed each change.

What collect cannot express (a goal the base does not have, markup it cannot follow, a
wording no operation reproduces) is refused alone: the tracked changes of its paragraphs
are rejected, the rest of the copy is collected again, and each refusal is a warning that
names its paragraphs. Reviewers whose names differ only in case or spacing ("Ann Lee",
"ANN LEE") are one reviewer, said in a note.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editplan.core.model import Plan
from editplan.errors import InputError, Location
from editplan.store import files
from editplan.store.files import display
from editplan.usecases.workspace import Workspace, plan_reference

# Below this share of the base's elements found in the document, it was made from another plan.
MIN_MATCHED = 0.5
# How many times a copy is read again, each time with more paragraphs' changes refused.
MAX_REFUSALS = 50


@dataclass
class Collection:
    """What ``collect`` made: one set per file (one per author when split), what it listed."""

    sets: list[Any]  # collected_set.CollectedSet
    written: list[Path] = field(default_factory=list)
    commit: str | None = None
    base_version: str = ""
    listed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    already: str | None = None  # every file written already held what was collected

    @property
    def conflicts(self) -> list[str]:
        return [c for s in self.sets for c in s.conflicts]


def collect(
    ws: Workspace,
    reviewed: str | Path,
    *,
    plan_path: str | Path | None = None,
    base: str | None = None,
    set_id: str | None = None,
    output: str | Path | None = None,
    by_author: bool = False,
    force: bool = False,
    commit: bool = False,
    author: str | None = None,
) -> Collection:
    """Read a reviewed .docx into a patch file (or one per author) against its base version.

    The plan is ``plan_path``, else the workspace's. The base is ``base``, else the version
    the document names (its custom property, or its "Version:" line); it must be the plan
    file's version or one in its git history. With ``output``, the file is written atomically
    (with ``by_author``, one file per author beside it, named with the author); a file that
    exists only with ``force`` (see :mod:`editplan.usecases.outputs`). Nothing is written when
    anything is refused.

    With ``commit``, the files written are committed in a git work tree (the set brought in
    is on the record), by ``author`` ("Name <email>"; by default git's identity).
    """
    from editplan.usecases import outputs, recording
    from editplan.word.reviews import collected_set
    from editplan.word.reviews.collect import read_reviewed
    from editplan.word.reviews.refusals import Unexpressed

    target = None if output is None else ws.path(output)
    put_right: list[str] = []  # what an interrupted command left, put right first
    if target is not None:  # before any work: its format, and whether it may be replaced
        outputs.named(ws, "collect", target)
        put_right = recording.prepare(ws, [target, ws.plan_path(plan_path)])
        if not by_author:
            outputs.output(ws, "collect", target, force=force)
    path = ws.path(reviewed)
    plan_file = files.read_plan(ws.plan_path(plan_path))
    refused: dict[int, str] = {}
    doc = None
    while doc is None:
        try:
            doc = read_reviewed(path, rejected=refused)
        except Unexpressed as exc:
            _refuse(exc, list(exc.paragraphs), refused, path)
    label = base or doc.named_version
    _check_plan(doc, plan_file, label)
    assert label is not None
    base_plan = _base_plan(ws, plan_file, label)
    plan_ref = plan_reference(ws, plan_file.path, target)
    stem = set_id or collected_set.set_id_for(path.stem)

    def sets_of(found: Any) -> tuple[list[Any], list[str]]:
        groups, notes = _groups(found, by_author)
        out = []
        for reviewer, subset in groups:
            header = collected_set.default_header(
                set_id=stem if reviewer is None else f"{stem}.{reviewer[1]}",
                document=path.name,
                plan_ref=plan_ref,
                base_label=label,
                found=subset.found,
            )
            expected = doc_after[0] if reviewer is None else _partial(subset, base_plan)
            out.append(
                collected_set.build(
                    subset, base=base_plan, expected=expected, header=header, listed=found.listed
                )
            )
        return out, notes

    doc_after: list[Plan] = []
    found, sets, notes = _refusing(
        path, base_plan, label, plan_file.plan.id, doc_after, sets_of, refused, doc
    )
    outcome = Collection(
        sets, base_version=label, listed=found.listed, warnings=found.warnings,
        notes=[*put_right, *found.notes, *notes],
    )  # fmt: skip
    if target is not None:
        targets = _targets(target, sets, by_author)
        for each in targets:
            outputs.output(ws, "collect", each, force=force)
        writes = [(each, cset.to_yaml()) for each, cset in zip(targets, sets, strict=True)]
        message = _message(ws, sets, targets, path.name, label) if commit else None
        what = f"the collection of {path.name} into {', '.join(display(t) for t in targets)}"
        done = recording.record(ws, "collect", what, writes, message=message, author=author)
        outcome.written = targets
        outcome.commit, outcome.already = done.commit, done.already
        outcome.notes += done.notes
    return outcome


def _message(
    ws: Workspace, sets: list[Any], targets: list[Path], document: str, label: str
) -> str:
    """The commit message of collected sets: what was read from which copy, and the files."""
    from editplan.history import git as history

    repo = ws.repo_of(targets[0])
    ids = ", ".join(s.aset.id for s in sets)
    count = sum(len(s.aset.amendments) for s in sets)
    authors = sorted({a.author for s in sets for a in s.aset.amendments if a.author})
    lines = [f"Collect {ids} from {document}", ""]
    lines.append(
        f"{count} amendment{'s' if count != 1 else ''} against version {label!r}"
        + (f", by {', '.join(authors)}" if authors else "")
        + "."
    )
    lines.append("")
    lines += [f"Editplan-Collected: {s.aset.id}" for s in sets]
    if repo is not None:
        lines += [f"Editplan-Set-File: {history.relative(repo, t)}" for t in targets]
    return "\n".join(lines) + "\n"


def _check_plan(doc: Any, plan_file: files.PlanFile, label: str | None) -> None:
    if doc.named_plan and doc.named_plan != plan_file.plan.id:
        raise InputError(
            f"was made from plan {doc.named_plan!r}, not from {plan_file.plan.id!r} "
            f"({display(plan_file.path)}); collect it against its own plan",
            Location(doc.name),
        )
    if label is None:
        raise InputError(
            "does not name the plan version it shows (it was not written by editplan and has "
            "no 'Version:' line); give the version the reviewer read",
            Location(doc.name),
        )


def _refusing(
    path: Path,
    base_plan: Plan,
    label: str,
    plan_id: str,
    doc_after: list[Plan],
    sets_of: Callable[[Any], tuple[list[Any], list[str]]],
    refused: dict[int, str],
    first: Any,
) -> tuple[Any, list[Any], list[str]]:
    """Collect the copy (``first``, its reading with the ``refused`` paragraphs rejected),
    refusing alone each change that cannot be expressed: its paragraphs' tracked changes are
    rejected and the copy read again (at most :data:`MAX_REFUSALS` times). Each refusal is a
    warning naming its paragraphs."""
    from editplan.word.reviews import amend
    from editplan.word.reviews.collect import read_reviewed
    from editplan.word.reviews.refusals import Unexpressed, paragraphs_of

    for _ in range(MAX_REFUSALS):
        builder = None
        try:
            doc, first = first or read_reviewed(path, rejected=refused), None
            builder = amend.Builder(doc, base_plan)
            builder.trace_elements()
            _check_matched(builder, label, plan_id, doc.name)
            found = builder.run()
            if not found.found:
                what = "; ".join(found.listed + _refusals(refused)) or (
                    "no tracked change, comment or edit"
                )
                raise InputError(
                    "holds no change to the plan's elements, so there is nothing to collect "
                    f"({what})",
                    Location(doc.name),
                )
            doc_after[:] = [doc.after.plan]
            sets, notes = sets_of(found)
        except Unexpressed as exc:
            paragraphs = list(exc.paragraphs)
            if builder is not None and not paragraphs:
                held = paragraphs_of(builder, exc.element)
                paragraphs = [builder.doc.original[i] for i in held]
            _refuse(exc, paragraphs, refused, path)
            continue
        found.warnings.extend(_refusals(refused))
        return found, sets, notes
    raise InputError(
        f"more than {MAX_REFUSALS} of its changes cannot be expressed as amendments "
        f"({'; '.join(_refusals(refused)[:3])}); accept or reject them in Word and collect again",
        Location(display(path)),
    )


def _refuse(exc: Any, paragraphs: list[int], refused: dict[int, str], path: Path) -> None:
    """Add the paragraphs a refusal names; a refusal that names none new refuses the copy."""
    new = [p for p in paragraphs if p >= 0 and p not in refused]
    if not new or len(refused) >= MAX_REFUSALS:
        raise InputError(
            f"{exc.message}; accept or reject those tracked changes in Word and collect again",
            Location(display(path)),
        ) from None
    for p in new:
        refused[p] = exc.message


def _refusals(refused: dict[int, str]) -> list[str]:
    """One warning per reason, naming its paragraphs (1-based, as import counts them)."""
    by_reason: dict[str, list[int]] = {}
    for index, reason in sorted(refused.items()):
        by_reason.setdefault(reason, []).append(index + 1)
    out = []
    for reason, numbers in by_reason.items():
        where = ", ".join(map(str, numbers))
        out.append(
            f"paragraph{'s' if len(numbers) > 1 else ''} {where}: {reason}; "
            "these tracked changes are not collected"
        )
    return out


def _check_matched(builder: Any, label: str, plan_id: str, name: str) -> None:
    if builder.total and builder.matched / builder.total < MIN_MATCHED:
        raise InputError(
            f"does not read as version {label!r} of plan {plan_id!r}: only "
            f"{builder.matched} of its {builder.total} key areas and activities are in the "
            "document; it was made from another plan, or from another version (give it)",
            Location(name),
        )


def _base_plan(ws: Workspace, plan_file: files.PlanFile, label: str) -> Plan:
    if plan_file.plan.version == label:
        return plan_file.plan
    from editplan.history import git as history

    repo = ws.repo_of(plan_file.path)
    if repo is not None:
        found = history.find_version(repo, history.relative(repo, plan_file.path), label)
        if found is not None:
            return found[1]
    raise InputError(
        f"base version {label!r} is neither the plan's current version "
        f"({plan_file.plan.version!r}) nor one in its history; give a version the plan has had",
        Location(display(plan_file.path)),
    )


def reviewer_key(name: str) -> str:
    """Names that differ only in case or spacing name one reviewer: "Ann Lee", "ANN  LEE"."""
    return " ".join(name.split()).casefold()


def _groups(
    found: Any, by_author: bool
) -> tuple[list[tuple[tuple[str, str] | None, Any]], list[str]]:
    """The amendments per reviewer (name, slug for files and ids), and notes: reviewers named
    in several spellings are one, under the spelling most of their changes use; reviewers
    whose slugs would clash get distinct ones, so no file overwrites another."""
    from editplan.word.reviews.amend import Collected
    from editplan.word.reviews.collected_set import set_id_for
    from editplan.word.reviews.provenance import UNKNOWN_REVIEWER, author_of

    if not by_author:
        return [(None, found)], []
    groups: dict[str, list[Any]] = {}
    spellings: dict[str, Counter[str]] = {}
    for f in found.found:
        name = author_of(f.revisions) or UNKNOWN_REVIEWER
        groups.setdefault(reviewer_key(name), []).append(f)
        spellings.setdefault(reviewer_key(name), Counter())[name] += 1
    notes = []
    out: list[tuple[tuple[str, str] | None, Any]] = []
    slugs: set[str] = set()
    for key in sorted(groups):
        names = sorted(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))
        name = names[0][0]
        if len(names) > 1:
            others = ", ".join(repr(n) for n, _ in names)
            notes.append(
                f"reviewers {others} differ only in case or spacing: collected as one reviewer, "
                f"{name!r}"
            )
        slug = set_id_for(name)
        n = 2
        while slug in slugs:
            slug, n = f"{set_id_for(name)}-{n}", n + 1
        slugs.add(slug)
        items = groups[key]
        for f in items:
            f.author = name  # the one spelling, in the patch file too
        out.append(((name, slug), Collected(items, found.listed, found.warnings, found.notes)))
    return out, notes


def _partial(subset: Any, base: Plan) -> Plan:
    """The plan one author's amendments give: their own set applied (a split set is checked
    only for applying exactly; the whole document's reading needs every author)."""
    from editplan.core.applier import apply_set
    from editplan.word.reviews import collected_set

    checked = collected_set.checked(subset.found)
    header = collected_set.default_header(
        set_id="check", document="check", plan_ref="p", base_label=base.version, found=checked
    )
    data = collected_set.data_of(checked, header)
    return apply_set(collected_set.validated(data, checked), base).plan


def _targets(output: Path, sets: list[Any], by_author: bool) -> list[Path]:
    if not by_author:
        return [output]
    out = []
    for cset in sets:
        suffix = cset.aset.id.rsplit(".", 1)[-1]
        out.append(output.with_name(f"{output.stem}.{re.sub(r'[^a-z0-9-]', '', suffix)}.yaml"))
    return out
