"""After an interruption: say what happened, finish the application, or undo it.

An application that commits keeps a journal while it runs (:mod:`editplan.history.journal`).
If it was killed, the journal stays; every command that touches the plan then refuses with
what was done (files written or not, commit made or not) and the two ways out:
:func:`continue_apply` finishes it (checking each file still holds what was written or what
was there before, writing the rest, committing with the recorded message and trailers,
tagging), :func:`abort_apply` undoes it byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editplan.errors import HistoryError, OutputError, disk_advice_in
from editplan.history import journal as journals
from editplan.store import files
from editplan.store.files import display
from editplan.usecases import committing
from editplan.usecases.committing import Progress
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.history.repo import Repository

RECOVER = (
    "finish it (writes what is missing, commits with the set's trailers{tag}), or undo it "
    "(puts back every file as it was{undo})"
)


@dataclass
class Recovered:
    """What ``continue_apply`` or ``abort_apply`` did."""

    sets: list[str]
    plan: Path
    files: list[Path] = field(default_factory=list)  # written (continue) or put back (abort)
    commit: str | None = None  # made (continue) or undone (abort)
    tag: str | None = None  # made (continue) or removed (abort)
    head: str = ""  # HEAD afterwards


def check_no_application(ws: Workspace) -> None:
    """Refuse while an application in the workspace's work tree is unfinished, saying what
    happened and how to finish or undo it."""
    git_dir = journals.git_dir_of(ws.root) if ws.root is not None else None
    if git_dir is None or not journals.exists(git_dir):
        return
    repo = ws.repo
    journal = _load(repo) if repo is not None else None
    if repo is None or journal is None:  # ended meanwhile
        return
    progress = committing.inspect(repo, journal)
    raise refusal(repo, journal, progress)


def refusal(
    repo: Repository, journal: journals.Journal, progress: Progress
) -> journals.ApplicationInProgress:
    """The refusal while an application is unfinished: what happened (:func:`describe`),
    with finishing or undoing it as the remedy."""
    return journals.ApplicationInProgress(
        describe(repo, journal, progress), remedy=committing.RECOVERY
    )


def describe(repo: Repository, journal: journals.Journal, progress: Progress) -> str:
    """What an interrupted application did, and how to end it: finish it or undo it (the
    error's remedy names the functions that do, and the command line its commands)."""
    from editplan.history import preflight

    total = len(journal.files)
    done = len(progress.written)
    plan = journal.root / journal.plan
    plan_state = "written" if any(r.path == plan for r in progress.written) else "not written"
    text = (
        f"an application of {journal.set_ids} to {journal.plan} was interrupted (its journal "
        f"is {journal.folder}): {done} of {total} files written (the plan {plan_state}), "
    )
    if progress.commit is None:
        text += "no commit made"
    else:
        text += f"committed as {progress.commit[:7]}"
        if journal.tag is not None:
            text += f", {'tagged' if progress.tagged else 'not tagged'} {journal.tag}"
    text += ". "
    if progress.moved is not None or progress.foreign:
        return text + _stuck(journal, progress)
    tag = f" and tags {journal.tag}" if journal.tag is not None else ""
    undo = ", and takes back its commit" if progress.commit else ""
    locks = preflight.stale_locks(repo, journal.tag)
    if locks:
        text += preflight.stale_lock_message(locks).replace(" Nothing was changed.", "").replace(
            " and run the command again", ""
        ) + ". "
    full = _full(journal)
    if full:
        text += full + ". "
    recover = RECOVER.format(tag=tag, undo=undo)
    return text + (f"Then {recover}" if locks or full else recover[:1].upper() + recover[1:])


def _full(journal: journals.Journal) -> str | None:
    """What to fix first when the disk holding the work tree has no room left for what the
    application still has to write (it was probably interrupted by it)."""
    import shutil

    needed = max(1 << 20, 2 * sum(len(r.new) for r in journal.files))
    try:
        free = shutil.disk_usage(journal.root).free
    except OSError:
        return None
    if free >= needed:
        return None
    return (
        f"The disk that holds {journal.root} is full ({free // 1024:,} KB free, and the "
        f"application needs about {needed // 1024:,} KB): free space on it first"
    )


def _stuck(journal: journals.Journal, progress: Progress) -> str:
    """Why the application can be neither finished nor undone as it is, and how to end it by
    hand."""
    if progress.moved is not None:
        why = (
            f"HEAD has moved since (it is now {progress.moved}, the application started on "
            f"{journal.head[:7]} of {journal.ref}), and editplan will not rewrite that history"
        )
    else:
        names = ", ".join(_name(journal, r.path) for r in progress.foreign)
        why = (
            f"{names} changed since it was written (it holds neither the version before nor "
            "the one the application wrote), and editplan will not overwrite it"
        )
    return (
        f"It can be neither finished nor undone as it is: {why}. End the application by hand "
        "(check the plan and the commit: git status; git log -1; then remove the journal: "
        f"rm -r {journal.folder}), or put it back as it was, then finish it or undo it"
    )


def continue_apply(ws: Workspace) -> Recovered:
    """Finish the interrupted application of the workspace's work tree. When the system
    refuses a write (a full disk, a folder made read-only), the error says what to fix first;
    the application stays as it is, to finish or undo once fixed."""
    repo = _repo(ws)
    journal = _load(repo, required="continue")
    with _stopping(journal, "finish"):
        repo.clear_stale()
        return _continue(repo, journal)


def _continue(repo: Repository, journal: journals.Journal) -> Recovered:
    from editplan.history import git as history
    from editplan.history import preflight

    progress = committing.inspect(repo, journal)
    if progress.moved is not None or progress.foreign:
        raise refusal(repo, journal, progress)
    preflight.check_locks(repo, journal.tag)
    if progress.commit is None:
        preflight.check_no_operation(repo)
    outcome = Recovered([s["id"] for s in journal.sets], journal.root / journal.plan)
    committing.folders_needed([r.path for r in progress.unwritten])
    for folder in journal.folders:
        folder.mkdir(exist_ok=True)
    for record in journal.files:
        if record in progress.unwritten:
            files.write_atomic(record.path, record.new)
            outcome.files.append(record.path)
    outcome.commit = progress.commit
    if progress.commit is not None and repo.head() == progress.commit:
        repo.reset(journal.paths)  # killed after its commit, before the index took it
    if progress.commit is None:
        paths = [journal.root / p for p in journal.paths]
        try:
            outcome.commit = history.commit(
                repo, paths, journal.message, author=journal.author
            )
        except HistoryError as exc:
            fix = disk_advice_in(str(exc)) or "remove the cause"
            raise HistoryError(
                f"{exc}. The application is still unfinished: {fix}, then finish it, or "
                "undo it",
                remedy=committing.RECOVERY,
            ) from None
    if journal.tag is not None and not progress.tagged:
        history.tag(repo, journal.tag, outcome.commit)
        outcome.tag = journal.tag
    committing.clear_temporaries(journal)
    journals.end(journal)
    outcome.head = repo.head()
    return outcome


def abort_apply(ws: Workspace) -> Recovered:
    """Undo the interrupted application of the workspace's work tree, byte for byte. When the
    system refuses a write, the error says what to fix first (see :func:`continue_apply`)."""
    repo = _repo(ws)
    journal = _load(repo, required="abort")
    with _stopping(journal, "undo"):
        repo.clear_stale()
        return _abort(repo, journal)


def _abort(repo: Repository, journal: journals.Journal) -> Recovered:
    progress = committing.inspect(repo, journal)
    if progress.moved is not None or progress.foreign:
        raise refusal(repo, journal, progress)
    progress = committing.restore(repo, journal)
    journals.end(journal)
    outcome = Recovered([s["id"] for s in journal.sets], journal.root / journal.plan)
    outcome.files = [r.path for r in journal.files if r not in progress.unwritten]
    outcome.commit = progress.commit
    outcome.tag = journal.tag if progress.tagged else None
    outcome.head = repo.head()
    return outcome


@contextmanager
def _stopping(journal: journals.Journal, doing: str) -> Iterator[None]:
    """The system's refusals while finishing or undoing, as errors that say what to fix
    before trying again (never a traceback); the journal stays."""
    try:
        yield
    except OSError as exc:
        where = f"{display(Path(exc.filename))}: " if exc.filename else ""
        raise HistoryError(
            f"cannot {doing} the application of {journal.set_ids}: {where}"
            f"{exc.strerror or exc}; {committing._advice(exc)}. The application is still "
            f"unfinished (its journal is {journal.folder}); then finish it, or undo it",
            remedy=committing.RECOVERY,
        ) from None
    except OutputError as exc:
        raise HistoryError(
            f"cannot {doing} the application of {journal.set_ids}: {exc}. The application is "
            f"still unfinished (its journal is {journal.folder}); fix that first, then finish "
            "it, or undo it",
            remedy=committing.RECOVERY,
        ) from None


def _repo(ws: Workspace) -> Repository:
    """The workspace's repository; outside git there is no application to end."""
    if ws.repo is None:
        where = display(ws.root or ws.here)
        raise HistoryError(f"{where} is not inside a git repository, so no application runs there")
    return ws.repo


def _load(repo: Repository, required: str | None = None) -> journals.Journal | None:
    journal = journals.load(Path(repo.git_dir), Path(repo.working_tree_dir or "").resolve())
    if journal is None and required is not None:
        folder = journals.folder_in(Path(repo.git_dir))
        raise HistoryError(
            f"no application to {required}: none was interrupted in {repo.working_tree_dir} "
            f"(there is no journal {folder})"
        )
    return journal


def _name(journal: journals.Journal, path: Path) -> str:
    try:
        return path.relative_to(journal.root).as_posix()
    except ValueError:
        return display(path)
