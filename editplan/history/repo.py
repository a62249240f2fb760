"""The repository as editplan uses it: :class:`Repository`, one typed class over GitPython.

GitPython runs the real git, which honours hooks, attributes and config. Each thing editplan
asks of git is a named method here (commit with the message on standard input, tag, read a file
of a version, the log of a path with its trailers, merge base, the state checks before writing,
config); no git command is written anywhere else, and only this package imports GitPython.

GitPython is imported when a repository is first opened or made, never before: commands that
need no git do not load it, and a path outside any work tree is answered without it. Where git
is missing, only the commands that need it fail, with
:class:`~editplan.history.refusals.GitMissing`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from editplan.history import staging
from editplan.history.journal import checkpoint
from editplan.history.refusals import GitError, gitpython, refusals
from editplan.store import places

if TYPE_CHECKING:
    import git

# Used only when git knows no identity (a fresh machine): commits must still be possible.
FALLBACK_NAME = "editplan"
FALLBACK_EMAIL = "editplan@localhost"

# Git paths asked for when the repository is found: the state checks and the journal read them.
_KNOWN_PATHS = (
    "index", "index.lock", "HEAD.lock", "packed-refs.lock", "COMMIT_EDITMSG", "MERGE_HEAD",
    "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply", "objects",
)  # fmt: skip
_SEP, _END = "\x1f", "\x1e"  # between the fields of a log entry, and before each entry
_LOG_FORMAT = f"{_END}%H{_SEP}%aI{_SEP}%an{_SEP}%s{_SEP}%B{_SEP}%(trailers:only,unfold){_SEP}"


@dataclass(frozen=True)
class Commit:
    """One commit: its sha (and short form), its parents, its subject and whole message."""

    sha: str
    short: str
    parents: tuple[str, ...]
    subject: str
    message: str


@dataclass(frozen=True)
class LogEntry:
    """A commit that changed a path, as the log gives it: the message and its trailers, the
    path's blob in the commit and in each parent (None where the path is absent), and the
    author's name."""

    sha: str
    date: str
    subject: str
    body: str
    trailers: str
    blob: str | None
    parent_blobs: tuple[str | None, ...]
    author: str = ""


class Repository:
    """A work tree and its git dir, and what editplan asks git about them. Open one with
    :meth:`find`, in a ``with`` block (which stops the process that reads blobs)."""

    def __init__(
        self, repo: git.Repo, working_tree_dir: str, git_dir: str, paths: dict[str, Path]
    ) -> None:
        self._repo = repo
        self.working_tree_dir = working_tree_dir  # as given, not resolved through links
        self.git_dir = git_dir
        self._config: dict[str, str] | None = None
        self._paths = paths  # git paths known (see git_paths)

    @classmethod
    def find(cls, path: Path) -> Repository | None:
        """The repository whose work tree holds ``path`` (a folder or a file), or None: not in
        one, inside a git dir, or a bare repository (which has no work tree). Paths keep the
        names given, not resolved: a work tree reached through a symbolic link keeps that name.
        """
        found = _discover(os.path.abspath(path if path.is_dir() else path.parent))
        return None if found is None else cls(*found)

    @property
    def root(self) -> Path:
        """The top folder of the work tree."""
        return Path(self.working_tree_dir)

    def relative(self, path: Path) -> str:
        """A path relative to the work tree, as git names it."""
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def head(self) -> str:
        """The sha of HEAD; GitError when the branch has no commit yet."""
        return self._git("rev-parse", "--verify", "HEAD", what=f"no commit yet in {self.root}")

    def branch_ref(self) -> str | None:
        """The branch HEAD is on, as a ref ("refs/heads/main"); None when HEAD is detached.
        Read from the work tree's HEAD file; git is asked when it is not the usual one."""
        known, ref = _head_file(Path(self.git_dir, "HEAD"))
        return ref if known else self._maybe("symbolic-ref", "--quiet", "HEAD")

    def branch_name(self) -> str | None:
        """The branch HEAD is on ("main"); None when HEAD is detached."""
        ref = self.branch_ref()
        return None if ref is None else ref.removeprefix("refs/heads/")

    def config(self, key: str) -> str | None:
        """A config value as git reads it (system, global, the repository's own; includes
        followed), by its name ("user.name", "merge.editplan.driver"); the last one set wins."""
        if self._config is None:
            self._config = _parse_config(self._git("config", "--list", "-z"))
        return self._config.get(_config_key(key))

    def set_config(self, key: str, value: str) -> None:
        """Set a value in the repository's own config (``.git/config``)."""
        self._config = None
        self._git("config", "--local", key, value, what=f"git could not set {key}")

    def user(self) -> str:
        """Who commits here, as git names them ("Ana Lee <ana@example.org>"): the author git
        would record (its environment, then its config), else editplan's fallback."""
        try:
            ident = self._git("var", "GIT_AUTHOR_IDENT", env=_identity(self.config))
        except GitError:
            return f"{FALLBACK_NAME} <{FALLBACK_EMAIL}>"
        return ident.rsplit(">", 1)[0] + ">"

    def attribute(self, name: str, rel: str) -> str:
        """The value git's attributes give ``name`` for path ``rel`` ("unspecified" if none)."""
        return self._git("check-attr", name, "--", rel).rpartition(": ")[2].strip()

    def is_tracked(self, rel: str) -> bool:
        """Whether git tracks ``rel`` (committed or staged)."""
        return bool(self._git("ls-files", "--", rel).strip())

    def path_status(self, rel: str, *, ignored: bool = False) -> str:
        """The two status letters of ``rel`` ("??" untracked, " M" changed, with ``ignored``
        "!!" ignored...); "" if clean."""
        shown = ["--ignored"] if ignored else []
        # without git's optional lock, status does not rewrite the index as it looks
        quiet = {"GIT_OPTIONAL_LOCKS": "0"}
        return self._git("status", "--porcelain", *shown, "--", rel, env=quiet)[:2]

    def unmerged_paths(self) -> list[str]:
        """The paths with unresolved merge conflicts."""
        out = self._git("ls-files", "--unmerged")
        return list(dict.fromkeys(line.split("\t", 1)[-1] for line in out.splitlines()))

    def git_paths(self, names: Sequence[str]) -> list[Path]:
        """Where git keeps each of ``names`` (index, MERGE_HEAD...) for this work tree (a
        linked one's own git dir; GIT_INDEX_FILE); the usual ones were asked by :meth:`find`."""
        ask = [name for name in dict.fromkeys(names) if name not in self._paths]
        if ask:
            lines = self._git("rev-parse", *(a for n in ask for a in ("--git-path", n)))
            self._paths.update(zip(ask, (self.root / p for p in lines.splitlines()), strict=True))
        return [self._paths[name] for name in names]

    def add(self, rels: Sequence[str]) -> None:
        """Stage ``rels``."""
        self._git("add", "--", *rels, what="git could not stage the files")

    def reset(self, rels: Sequence[str]) -> None:
        """Unstage ``rels``: the index holds them as HEAD does."""
        self._git("reset", "--quiet", "--", *rels, what="git could not unstage the files")

    def commit(self, rels: Sequence[str], message: str, *, author: str | None = None) -> str:
        """Commit ``rels`` as they are in the work tree, the message on standard input
        (thousands of amendments do not fit on a command line); the new commit's sha.

        The commit is HEAD plus those paths (as ``git commit -- PATHS`` makes it), staged in
        a temporary index with its new objects in a quarantine (:mod:`.staging`); the index
        takes them once the commit is made. When git refuses (a hook, say), GitError is raised
        and nothing is left: the index as it was, no new object.

        ``author`` ("Name <email>", the email may be empty) is the commit's author, as git's
        ``--author`` sets it; the committer stays the repository's identity. None: both are
        the repository's identity.
        """
        identity = _identity(self.config)
        named = [] if author is None else [f"--author={_checked_author(author)}"]
        before = self.resolve("HEAD")  # None: the branch has no commit yet
        objects = self.git_paths(["objects"])[0]
        with staging.Staging(Path(self.git_dir), objects) as stage:
            env = {**identity, **stage.env}
            try:
                if before is not None:
                    self._git("read-tree", before, what="git could not read HEAD", env=env)
                self._git("add", "--", *rels, what="git could not stage the files", env=env)
                checkpoint("commit:staged")
                stage.protect()
                with tempfile.TemporaryFile() as stdin:
                    stdin.write(message.encode("utf-8"))
                    stdin.seek(0)
                    self._git("commit", "--quiet", *named, "-F", "-", stdin=stdin, env=env)
            except GitError as exc:
                if self.resolve("HEAD") != before:  # git moved the branch all the same
                    stage.keep()
                raise GitError("git refused the commit", exc.said) from None
            checkpoint("commit:made")
            stage.keep()
        checkpoint("commit:kept")
        self.reset(rels)
        return self.head()

    def clear_stale(self) -> list[Path]:
        """Clear what commits killed before they ended left in the git dir (see
        :func:`.staging.clear_stale`); the paths cleared."""
        objects = self.git_paths(["objects"])[0]
        return staging.clear_stale(Path(self.git_dir), objects)

    def tag(self, name: str, sha: str) -> None:
        """Tag commit ``sha`` (a lightweight tag)."""
        self._git("tag", name, sha, what=f"git refused the tag {name!r}")

    def delete_tag(self, name: str) -> None:
        """Remove tag ``name``."""
        self._git("tag", "-d", name, what=f"git could not remove the tag {name!r}")

    def valid_tag_name(self, name: str) -> bool:
        """Whether git accepts ``name`` as a tag's name (``git tag`` refuses a leading dash)."""
        valid = self._maybe("check-ref-format", "--normalize", f"refs/tags/{name}") is not None
        return valid and not name.startswith("-")

    def has_tag(self, name: str) -> bool:
        """Whether tag ``name`` exists (a valid name holds no pattern characters)."""
        return bool(self._git("tag", "--list", name))

    def tag_target(self, name: str) -> str | None:
        """The commit tag ``name`` names; None when there is no such tag."""
        return self.resolve(f"refs/tags/{name}")

    def move_branch(self, ref: str, to: str, was: str, message: str) -> None:
        """Point branch ``ref`` at commit ``to`` if it is still at ``was`` (the work tree and
        the index are not touched); ``message`` goes to the reflog."""
        what = f"git could not move {ref} back to {to[:7]}"
        self._git("update-ref", "-m", message, ref, to, was, what=what)

    def resolve(self, rev: str) -> str | None:
        """The full sha of the commit ``rev`` names; None if it names none."""
        return self._maybe("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")

    def commit_of(self, rev: str, rel: str | None = None) -> Commit | None:
        """The commit ``rev`` names, or with ``rel`` the newest one from it that changed that
        path; None if there is none (an unborn branch, a typo, a path never committed)."""
        paths = [rel] if rel is not None else []
        out = self._maybe("log", "-1", "--format=%H%x00%h%x00%P%x00%s%x00%B", rev, "--", *paths)
        if out is None:
            return None
        sha, short, parents, subject, message = out.split("\x00", 4)
        return Commit(sha, short, tuple(parents.split()), subject, message)

    def blob_id(self, rev: str, rel: str) -> str | None:
        """The blob of file ``rel`` at commit ``rev``; None when the file is not there."""
        return self._maybe("rev-parse", "--verify", "--quiet", f"{rev}:{rel}")

    def read_blob(self, sha: str) -> bytes:
        """The content of blob ``sha`` (hex); one ``git cat-file`` process serves every read."""
        found = _read_object(self._repo.git, sha)
        if found is None:
            raise GitError(f"no object {sha} in {self.root}")
        return found[1]

    def read_file(self, rev: str, rel: str) -> bytes | None:
        """The bytes of file ``rel`` as committed at ``rev`` (no filters); None if not there."""
        found = _read_object(self._repo.git, f"{rev}:{rel}")
        return found[1] if found is not None and found[0] == "blob" else None

    def path_log(self, rel: str, rev: str = "HEAD") -> list[LogEntry]:
        """The commits reachable from ``rev`` that changed ``rel``, newest first; merges are
        followed into both parents (git's ``-c`` raw lines give the file in each parent)."""
        args = [rev, f"--format={_LOG_FORMAT}", "-c", "--raw", "--no-abbrev", "--no-renames"]
        what = f"cannot read the history of {rel} at {rev}"
        try:
            out = self._git("log", *args, "--", rel, what=what)
        except GitError:
            if rev == "HEAD" and self.resolve(rev) is None:  # git says "bad revision 'HEAD'"
                branch = self.branch_name() or "HEAD"
                raise GitError(f"{rel} has no versions yet: {branch} has no commits") from None
            raise
        return [_log_entry(record) for record in out.split(_END)[1:]]

    def path_tip(self, rel: str, rev: str = "HEAD") -> str | None:
        """The newest commit reachable from ``rev`` that changed ``rel``; None if none did."""
        return self._maybe("rev-list", "-1", rev, "--", rel)

    def is_ancestor(self, old: str, new: str) -> bool:
        """Whether commit ``old`` is ``new`` or one of its ancestors (False if either is
        unknown)."""
        try:
            self._git("merge-base", "--is-ancestor", old, new)
        except GitError:
            return False
        return True

    @property
    def common_dir(self) -> Path:
        """The git dir that every work tree of the repository shares (``.git``)."""
        return Path(os.path.normpath(self._repo.common_dir))

    def first_parents(self, rev: str) -> list[str]:
        """The commits of ``rev``'s first-parent line, newest first."""
        return self._git("rev-list", "--first-parent", rev).split()

    def commits_between(self, old: str, new: str) -> list[str]:
        """The commits reachable from ``new`` and not from ``old``, newest first."""
        return self._git("rev-list", f"{old}..{new}").split()

    def merge_base(self, one: str, other: str) -> str | None:
        """The best common ancestor of two commits; None when they share none."""
        return self._maybe("merge-base", one, other)

    def _git(self, command: str, *args: str, what: str | None = None,
             stdin: IO[bytes] | None = None, env: dict[str, str] | None = None) -> str:  # fmt: skip
        """The output of ``git COMMAND ARGS`` in the work tree (English, UTF-8 with bytes that
        are not kept as surrogates) without its final newline; GitError if git refuses."""
        with refusals(what or f"git {command} failed"):
            out: str = getattr(self._repo.git, command)(*args, istream=stdin, env=env)
        return out

    def _maybe(self, command: str, *args: str) -> str | None:
        """The output of a command that answers "none" by failing: None then, or if empty."""
        try:
            return self._git(command, *args) or None
        except GitError:
            return None

    def close(self) -> None:
        """Stop the processes GitPython keeps (the blob reader), if any was started."""
        self._repo.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def create(folder: Path, branch: str = "main") -> None:
    """Make ``folder`` (made if missing) a new repository whose first branch is ``branch``."""
    folder.mkdir(parents=True, exist_ok=True)
    with refusals(f"git could not make a repository in {folder}"):
        gitpython().Repo.init(folder, initial_branch=branch, quiet=True).close()


def _discover(start: str) -> tuple[git.Repo, str, str, dict[str, Path]] | None:
    """GitPython's repository, the work tree's root, the git dir, and the git paths
    editplan checks, of the work tree holding folder ``start``, as git finds them (one
    ``rev-parse``); None when there is none. GitPython is not even loaded where no ``.git``
    is above (git would find none)."""
    if not os.path.isdir(start):
        return None
    if "GIT_DIR" not in os.environ and places.work_tree_of(Path(start)) is None:
        return None
    asked = [a for name in _KNOWN_PATHS for a in ("--git-path", name)]
    try:
        with refusals("no work tree"):
            out = (
                gitpython()
                .Git(start)
                .rev_parse("--is-inside-work-tree", "--git-dir", "--show-cdup", *asked)
            )
    except GitError:  # not in a repository, or one git refuses (its owner)
        return None
    lines = out.split("\n")
    if len(lines) != 3 + len(_KNOWN_PATHS) or lines[0] != "true":  # a git dir, a bare one
        return None
    root = os.path.normpath(os.path.join(start, lines[2]))
    gp = gitpython()
    try:
        repo = gp.Repo(root)
    except (gp.InvalidGitRepositoryError, gp.NoSuchPathError):
        return None  # git found one where GitPython sees none (GIT_DIR names another)
    known = [Path(os.path.normpath(os.path.join(start, line))) for line in lines[3:]]
    paths = dict(zip(_KNOWN_PATHS, known, strict=True))
    return repo, root, os.path.normpath(os.path.join(start, lines[1])), paths


def _read_object(command: git.Git, name: str) -> tuple[str, bytes] | None:
    """An object's type and bytes, through GitPython's one ``cat-file --batch`` process; None
    when there is no such object."""
    with refusals(f"git could not read {name}"):
        try:
            _, kind, _, data = command.get_object_data(name)
        except ValueError:  # GitPython's word for cat-file's "missing" (or "ambiguous")
            return None
    return (kind.decode("ascii") if isinstance(kind, bytes) else kind), data  # bytes, in fact


def _head_file(path: Path) -> tuple[bool, str | None]:
    """The branch a HEAD file names (None: detached), and whether the file was understood."""
    try:
        head = path.read_text(encoding="utf-8").strip()
    except OSError:
        return False, None
    if head.startswith("ref: refs/") and head != "ref: refs/heads/.invalid":
        return True, head.removeprefix("ref: ")
    return len(head) in (40, 64) and all(c in "0123456789abcdef" for c in head), None


def _checked_author(author: str) -> str:
    """An author as git's ``--author`` takes it: "Name <email>" exactly (anything else git
    would match against earlier authors instead), with no line break or angle bracket inside."""
    name, _, rest = author.partition(" <")
    email = rest.removesuffix(">")
    if not name.strip() or not rest.endswith(">") or any(c in name + email for c in "<>\n\r\0"):
        raise GitError(f"{author!r} is not an author as git records one ('Name <email>')")
    return author


def _identity(config: Callable[[str], str | None]) -> dict[str, str]:
    """Author and committer for git when it knows no identity (a fresh machine)."""
    env: dict[str, str] = {}
    for key, fallback, who in (
        ("user.name", FALLBACK_NAME, "NAME"), ("user.email", FALLBACK_EMAIL, "EMAIL")
    ):  # fmt: skip
        if not config(key):
            env.update({f"GIT_AUTHOR_{who}": fallback, f"GIT_COMMITTER_{who}": fallback})
    return env


def _config_key(key: str) -> str:
    """A config name as git compares it: section and option case-insensitive, not a
    subsection."""
    section, _, rest = key.partition(".")
    sub, _, option = rest.rpartition(".")
    return ".".join(filter(None, [section.lower(), sub, option.lower()]))


def _parse_config(out: str) -> dict[str, str]:
    """``git config --list -z`` as a dict; the last value of a name wins."""
    config: dict[str, str] = {}
    for entry in filter(None, out.split("\0")):
        name, _, value = entry.partition("\n")
        config[_config_key(name)] = value
    return config


def _log_entry(record: str) -> LogEntry:
    """One entry of :meth:`Repository.path_log`'s output; the raw line of the path gives its
    blob in each parent, then in the commit."""
    sha, date, author, subject, body, trailers, raw = record.split(_SEP)
    blob, parents = None, ()
    for line in raw.strip().splitlines():
        blobs = _raw_blobs(line)
        if blobs:
            blob, parents = blobs[-1], tuple(blobs[:-1])
    return LogEntry(sha, date, subject, body, trailers, blob, parents, author)


def _raw_blobs(line: str) -> list[str | None]:
    """The blobs of a raw diff line, parents first then the result ([] if not a raw line)."""
    colons = len(line) - len(line.lstrip(":"))
    parts = line[colons:].split()
    if not colons or len(parts) < 2 * (colons + 1):
        return []
    blobs = parts[colons + 1 : 2 * (colons + 1)]
    return [None if set(b) == {"0"} else b for b in blobs]
