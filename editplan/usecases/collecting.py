"""The collect use case: a reviewer's returned .docx becomes a patch file against the version
the reviewer read, with who proposed each change."""

from __future__ import annotations

import re
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


@dataclass
class Collection:
    """What ``collect`` made: one set per file (one per author when split), what it listed."""

    sets: list[Any]  # collected_set.CollectedSet
    written: list[Path] = field(default_factory=list)
    base_version: str = ""
    listed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

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
) -> Collection:
    """Read a reviewed .docx into a patch file (or one per author) against its base version.

    The plan is ``plan_path``, else the workspace's. The base is ``base``, else the version
    the document names (its custom property, or its
    "Version:" line); it must be the plan file's version or one in its git history. With
    ``output``, the file is written atomically (with ``by_author``, one file per author beside
    it, named with the author); a file that exists only with ``force`` (see
    :mod:`editplan.usecases.outputs`). Nothing is written when anything is refused.
    """
    from editplan.usecases import outputs
    from editplan.word.reviews import amend, collected_set
    from editplan.word.reviews.collect import read_reviewed

    target = None if output is None else ws.path(output)
    if target is not None:  # before any work: its format, and whether it may be replaced
        outputs.named(ws, "collect", target)
        if not by_author:
            outputs.output(ws, "collect", target, force=force)
    path = ws.path(reviewed)
    plan_at = ws.plan_path(plan_path)
    doc = read_reviewed(path)
    plan_file = files.read_plan(plan_at)
    if doc.named_plan and doc.named_plan != plan_file.plan.id:
        raise InputError(
            f"was made from plan {doc.named_plan!r}, not from {plan_file.plan.id!r} "
            f"({display(plan_file.path)}); collect it against its own plan",
            Location(doc.name),
        )
    label = base or doc.named_version
    if label is None:
        raise InputError(
            "does not name the plan version it shows (it was not written by editplan and has "
            "no 'Version:' line); give the version the reviewer read",
            Location(doc.name),
        )
    base_plan = _base_plan(ws, plan_file, label)
    builder = amend.Builder(doc, base_plan)
    found = builder.run()
    if builder.total and builder.matched / builder.total < MIN_MATCHED:
        raise InputError(
            f"does not read as version {label!r} of plan {plan_file.plan.id!r}: only "
            f"{builder.matched} of its {builder.total} key areas and activities are in the "
            "document; it was made from another plan, or from another version (give it)",
            Location(doc.name),
        )
    if not found.found:
        what = "; ".join(found.listed) or "no tracked change, comment or edit"
        raise InputError(
            f"holds no change to the plan's elements, so there is nothing to collect ({what})",
            Location(doc.name),
        )
    plan_ref = plan_reference(ws, plan_file.path, target)
    stem = set_id or collected_set.set_id_for(path.stem)
    groups = _groups(found, by_author)
    sets = []
    for author, subset in groups:
        header = collected_set.default_header(
            set_id=stem if author is None else f"{stem}.{collected_set.set_id_for(author)}",
            document=path.name,
            plan_ref=plan_ref,
            base_label=label,
            found=subset.found,
        )
        sets.append(
            collected_set.build(
                subset,
                base=base_plan,
                expected=doc.after.plan if author is None else _partial(subset, base_plan),
                header=header,
                listed=found.listed,
            )
        )
    outcome = Collection(
        sets,
        base_version=label,
        listed=found.listed,
        warnings=found.warnings,
        notes=found.notes,
    )
    if target is not None:
        targets = _targets(target, sets, by_author)
        for each in targets:
            outputs.output(ws, "collect", each, force=force)
        transaction = files.Transaction()
        try:
            for target, cset in zip(targets, sets, strict=True):
                transaction.write(target, cset.to_yaml())
                outcome.written.append(target)
        except BaseException:
            transaction.rollback()
            raise
    return outcome


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


def _groups(found: Any, by_author: bool) -> list[tuple[str | None, Any]]:
    from editplan.word.reviews.amend import Collected
    from editplan.word.reviews.provenance import author_of

    if not by_author:
        return [(None, found)]
    authors: dict[str, list[Any]] = {}
    for f in found.found:
        authors.setdefault(author_of(f.revisions) or "Unknown reviewer", []).append(f)
    return [
        (name, Collected(items, found.listed, found.warnings, found.notes))
        for name, items in sorted(authors.items())
    ]


def _partial(subset: Any, base: Plan) -> Plan:
    """The plan one author's amendments give: their own set applied (a split set is checked
    only for applying exactly; the whole document's reading needs every author)."""
    from editplan.core.applier import apply_set
    from editplan.word.reviews import collected_set

    header = collected_set.default_header(
        set_id="check", document="check", plan_ref="p", base_label=base.version, found=subset.found
    )
    data = collected_set._data(subset.found, header)
    return apply_set(collected_set._validate(data), base).plan


def _targets(output: Path, sets: list[Any], by_author: bool) -> list[Path]:
    if not by_author:
        return [output]
    out = []
    for cset in sets:
        suffix = cset.aset.id.rsplit(".", 1)[-1]
        out.append(output.with_name(f"{output.stem}.{re.sub(r'[^a-z0-9-]', '', suffix)}.yaml"))
    return out
