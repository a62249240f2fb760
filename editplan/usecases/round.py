"""Use cases of a review round: read its sets with their bases and history, gather its
proposals, list collisions, and compile them (a compilation or a voting list) with the
round's running numbers. Deciding is :mod:`.deciding`, drafting :mod:`.drafting`, where each
set stands :mod:`.standing`, and the text as agreed :mod:`.agreed`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editplan.core import compilation as synopsis
from editplan.core import round as rounds
from editplan.core import voting as votes
from editplan.errors import ConsistencyError, InputError
from editplan.store import files, yamlio
from editplan.store.files import PlanFile, SetFile, display
from editplan.store.registers import RegisterFile
from editplan.usecases import recovery
from editplan.usecases import register as registers
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.history.repo import Repository


@dataclass
class Loaded:
    """The sets of a round read from disk, their plan, and each set's base and history."""

    plan_file: PlanFile
    set_files: list[SetFile]
    submissions: list[rounds.Submission]
    plan_rel: str | None = None
    applied_at: dict[str, list[str]] = field(default_factory=dict)  # set id -> commits
    left_out: list[str] = field(default_factory=list)  # sets a lenient load could not take


def read_sets(ws: Workspace, set_paths: Sequence[str | Path]) -> tuple[PlanFile, list[SetFile]]:
    """Read patch files that must all amend one plan file, and that plan."""
    if not set_paths:
        raise InputError("no patch file given: a round needs at least one set")
    set_files = [files.read_set(ws.path(p)) for p in set_paths]
    first = set_files[0]
    seen: dict[str, SetFile] = {}
    for set_file in set_files:
        twin = seen.setdefault(set_file.aset.id, set_file)
        if twin is not set_file:
            raise InputError(
                f"set {set_file.aset.id} is given twice ({display(twin.path)} and "
                f"{display(set_file.path)}); each set takes part once: give one of them "
                "another id",
                yamlio.locate(set_file.doc, display(set_file.path), ("id",)),
            )
    for other in set_files[1:]:
        files.check_plan_place(other)
        if other.plan_path != first.plan_path:
            where = yamlio.locate(other.doc, display(other.path), ("plan",))
            raise InputError(
                f"set {other.aset.id} amends {display(other.plan_path)}, but set "
                f"{first.aset.id} amends {display(first.plan_path)}: a round compares sets "
                "written against one plan",
                where,
            )
    return files.read_set_plan(first), set_files


def load(
    ws: Workspace,
    set_paths: Sequence[str | Path],
    *,
    lenient: bool = False,
    check_application: bool = False,
) -> tuple[Loaded, Workspace]:
    """The sets of a round with their bases from the history, and the workspace of their
    plan.

    With ``lenient``, a set after the first whose base is not in the history is left out
    instead of refused (the sets beside one being decided need not all be current). With
    ``check_application``, an interrupted application in that workspace is refused first.
    """
    from editplan.history import git as history

    if check_application:
        for path in set_paths:
            recovery.check_no_application(ws.at(ws.path(path)))
    plan_file, set_files = read_sets(ws, set_paths)
    home = ws.at(plan_file.path)
    repo = home.repo
    loaded = Loaded(plan_file, [], [])
    loaded.plan_rel = history.relative(repo, plan_file.path) if repo is not None else None
    bases: dict[str, Any] = {}
    labels: dict[str, str | None] = {}
    for n, set_file in enumerate(set_files):
        try:
            submission = _submission(repo, loaded, set_file, bases, labels)
        except InputError as exc:
            if lenient and n > 0:
                loaded.left_out.append(str(exc))
                continue
            raise
        loaded.set_files.append(set_file)
        loaded.submissions.append(submission)
    return loaded, home


def _submission(
    repo: Repository | None,
    loaded: Loaded,
    set_file: SetFile,
    bases: dict[str, Any],
    labels: dict[str, str | None],
) -> rounds.Submission:
    """A set with the plan version it was written against, and what the history applied
    (each amendment with the version label and commit that applied it)."""
    from editplan.history import git as history

    aset, plan = set_file.aset, loaded.plan_file.plan
    base = None
    if aset.base != plan.version:
        if aset.base not in bases:
            found = None
            if repo is not None and loaded.plan_rel is not None:
                found = history.find_version(repo, loaded.plan_rel, aset.base)
            bases[aset.base] = found[1] if found else None
        base = bases[aset.base]
        if base is None:
            where = yamlio.locate(set_file.doc, display(set_file.path), ("base",))
            raise InputError(
                f"set {aset.id} was written against {aset.base!r}, which is not in the history "
                f"of {display(loaded.plan_file.path)} (the plan is now at {plan.version!r})",
                where,
            )
    applied: set[str] = set()
    landed: dict[str, rounds.Landing] = {}
    if repo is not None and loaded.plan_rel is not None:
        versions = history.applied_in(repo, loaded.plan_rel, aset.id)
        loaded.applied_at[aset.id] = [v.short for v in versions]
        for version in versions:
            done = version.amendments_of(aset.id)
            applied.update(done)
            if version.sha not in labels:
                labels[version.sha] = history.version_label(repo, version)
            label = labels[version.sha]
            for amendment_id in done:
                if label is not None:
                    landed.setdefault(amendment_id, rounds.Landing(label, version.short))
    return rounds.Submission(aset, base, frozenset(applied), landed)


def find_register(
    ws: Workspace, loaded: Loaded, home: Workspace, name: str | None, *, create: bool = False
) -> RegisterFile | None:
    """The register of the round these sets are in (see :mod:`.register`)."""
    set_ids = [s.aset.id for s in loaded.submissions]
    return registers.find(ws, home, loaded.plan_file.path, set_ids, name, create=create)


def numbers_in(register: RegisterFile | None) -> dict[str, int]:
    """The running numbers a register gives ("set amendment" -> number)."""
    return register.register.numbers() if register is not None else {}


def gather(
    ws: Workspace,
    set_paths: Sequence[str | Path],
    *,
    statuses: Sequence[str] | None = None,
    round_name: str | None = None,
) -> rounds.Round:
    """Every proposal of the sets (with their numbers, when the round has numbered them),
    which are the same, and which collide."""
    loaded, home = load(ws, set_paths)
    register = find_register(ws, loaded, home, round_name)
    return _gather(loaded, statuses=statuses, numbers=numbers_in(register))


def _gather(loaded: Loaded, **options: Any) -> rounds.Round:
    statuses = options.pop("statuses", None) or rounds.ALL_STATUSES
    return rounds.gather(loaded.plan_file.plan, loaded.submissions, statuses=statuses, **options)


def conflicts(
    ws: Workspace,
    set_paths: Sequence[str | Path],
    *,
    statuses: Sequence[str] | None = None,
    round_name: str | None = None,
) -> list[rounds.Collision]:
    """Every pair of amendments of the sets (with one of ``statuses``: any by default) that
    cannot both apply, and why."""
    found = gather(ws, set_paths, statuses=statuses, round_name=round_name)
    return list(found.collisions)


@dataclass
class CompileOutcome:
    """What ``compile`` laid out, the file it wrote (None: the text is returned), and the
    round's register with the numbers it gave."""

    compilation: synopsis.Compilation
    output: Path | None
    text: str | None = None
    voting: votes.VotingList | None = None
    register: Path | None = None
    numbered: list[int] = field(default_factory=list)
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)


def compile_round(
    ws: Workspace,
    set_paths: Sequence[str | Path],
    output: str | Path | None = None,
    *,
    everything: bool = False,
    statuses: Sequence[str] | None = None,
    voting_list: bool = False,
    round_name: str | None = None,
    commit: bool = True,
    force: bool = False,
    author: str | None = None,
) -> CompileOutcome:
    """The synoptic compilation of the sets for a meeting, or with ``voting_list`` its voting
    list: .docx, Markdown, HTML or PDF, as ``output``'s suffix says (see
    :mod:`editplan.usecases.outputs`, which also says when an existing file is replaced).

    Each proposal without a number in the round's register gets the next one, in the order
    the compilation shows them (then the rest of the sets' amendments, in file order); the
    register is written, and in a git work tree committed (by ``author``, "Name <email>"; by
    default git's identity). With no ``output`` the Markdown text is returned instead of
    written; ``statuses`` chooses the proposals shown (any status by default).
    """
    from editplan.usecases import outputs

    kind, target = "markdown", None
    if output is not None:  # checked before any work, and before any number is recorded
        target = outputs.output(ws, "compile", output, force=force)
        kind = "docx" if target.format is outputs.PDF else target.format.name
    loaded, home = load(ws, set_paths)
    register = find_register(ws, loaded, home, round_name, create=True)
    found = _gather(loaded, statuses=statuses, numbers=numbers_in(register))
    laid = synopsis.compilation(found, everything=everything)
    keys = [(p.set_id, p.amendment.id) for e in synopsis.entries(laid) for p in e.sources]
    keys += [(p.set_id, p.amendment.id) for p in found.proposals]
    keys += [(s.aset.id, a.id) for s in loaded.submissions for a in s.aset.amendments]
    paths = [(s.aset.id, s.path) for s in loaded.set_files]
    numbering = registers.number(home, register, keys, paths, commit=commit, author=author)
    if numbering.added or register is None:
        found = rounds.with_numbers(found, numbering.numbers)
        laid = synopsis.compilation(found, everything=everything)
    outcome = CompileOutcome(laid, None, numbered=numbering.added, commit=numbering.commit)
    outcome.warnings = numbering.warnings
    if numbering.register is not None and numbering.written:
        outcome.register = numbering.register.path
    data = _rendered(laid, kind, numbering.register if voting_list else None, voting_list, outcome)
    if target is None:
        assert isinstance(data, str)
        outcome.text = data
        return outcome
    outcome.output = target.write(data)
    return outcome


def _rendered(
    laid: synopsis.Compilation,
    kind: str,
    register: RegisterFile | None,
    voting_list: bool,
    outcome: CompileOutcome,
) -> bytes | str:
    """The compilation, or its voting list, in the format ``kind``."""
    if voting_list:
        orders = register.register.voting if register is not None else []
        try:
            outcome.voting = votes.voting_list(laid, orders)
        except ConsistencyError as exc:
            assert register is not None
            raise InputError(exc.message, register.locate(*exc.loc)) from None
        if kind == "docx":
            from editplan.word.documents import voting as word_voting

            return word_voting.render(outcome.voting)
        from editplan.publish import voting as web_voting

        render = web_voting.markdown if kind == "markdown" else web_voting.html
        return render(outcome.voting)
    if kind == "docx":
        from editplan.word.documents import compilation as word

        return word.render(laid)
    from editplan.publish import compilation as publish

    return publish.markdown(laid) if kind == "markdown" else publish.html(laid)
