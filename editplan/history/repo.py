"""The repository as editplan uses it: git commands run in the work tree, blobs read back.

editplan needs little of git's object model: it runs git (which honours hooks, attributes and
config), reads plan files of earlier versions, and knows where the work tree and the git dir
are. This module does that with the git command alone. GitPython did it before; its import
and the ``git version`` it runs at import were a tenth of what ``editplan apply`` took.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO


class GitError(Exception):
    """git exited with an error; ``stderr`` is what it said (some commands, such as a commit
    with nothing to commit, say it on stdout, which the message then gives)."""

    def __init__(self, args: list[str], status: int, stderr: str, stdout: str = "") -> None:
        self.command = args
        self.status = status
        self.stderr = stderr.strip()
        said = self.stderr or stdout.strip()
        super().__init__(f"'git {' '.join(args)}' exited with {status}: {said}")


def run(args: list[str], cwd: str | Path, *, env: dict[str, str] | None = None,
        stdin: IO[bytes] | None = None) -> str:  # fmt: skip
    """Run ``git ARGS`` in ``cwd``; its output without the final newline, or GitError.

    git speaks English here (as the messages editplan quotes and parses expect), and the
    output is decoded as UTF-8, bytes that are not kept as surrogates (so they encode back).
    """
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            stdin=stdin,
            capture_output=True,
            env={**os.environ, "LANGUAGE": "C", "LC_ALL": "C", **(env or {})},
            check=False,
        )
    except (FileNotFoundError, NotADirectoryError, PermissionError) as exc:  # no git, no folder
        raise GitError(args, -1, f"cannot run git in {cwd}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise GitError(args, done.returncode, _text(done.stderr), _text(done.stdout))
    out = _text(done.stdout)
    return out[:-1] if out.endswith("\n") else out


def create(folder: Path, branch: str = "main") -> None:
    """Make ``folder`` (made if missing) a new repository whose first branch is ``branch``."""
    folder.mkdir(parents=True, exist_ok=True)
    run(["init", "--quiet", f"--initial-branch={branch}"], folder)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


class Git:
    """git's commands as methods: ``repo.git.rev_parse("HEAD")`` runs ``git rev-parse HEAD``
    in the work tree (underscores become dashes); ``istream``, a file, is the command's stdin."""

    def __init__(self, repo: Repo) -> None:
        self._repo = repo
        self._env: dict[str, str] = {}

    def __getattr__(self, name: str) -> Callable[..., str]:
        if name.startswith("_"):
            raise AttributeError(name)
        command = name.replace("_", "-")

        def call(*args: str, istream: IO[bytes] | None = None) -> str:
            if command == "config":
                self._repo.forget_config()
            return run([command, *args], self._repo.working_tree_dir, env=self._env, stdin=istream)

        return call

    @contextmanager
    def custom_environment(self, **env: str) -> Iterator[None]:
        """Run the commands inside with these environment variables set as well."""
        saved = self._env
        self._env = {**saved, **env}
        try:
            yield
        finally:
            self._env = saved


class Repo:
    """A work tree and its git dir (``find`` one from a path inside it); a ``with`` block
    stops the helper process that reads blobs."""

    def __init__(self, working_tree_dir: str, git_dir: str) -> None:
        self.working_tree_dir = working_tree_dir
        self.git_dir = git_dir
        self.git = Git(self)
        self._config: dict[str, str] | None = None
        self._blobs: subprocess.Popen[bytes] | None = None

    @classmethod
    def find(cls, path: Path) -> Repo | None:
        """The repository whose work tree holds ``path`` (a folder or a file), or None: not in
        one, inside a git dir, or a bare repository, which has no work tree.

        The paths are the ones given, not resolved: a work tree reached through a symbolic
        link keeps that name, as the files the user named do.
        """
        start = os.path.abspath(path if path.is_dir() else path.parent)
        try:
            inside, git_dir, up = run(
                ["rev-parse", "--is-inside-work-tree", "--git-dir", "--show-cdup"], start
            ).split("\n")
        except (GitError, ValueError):  # no repository, no such folder, no git
            return None
        if inside != "true":
            return None
        root = os.path.normpath(os.path.join(start, up))
        return cls(root, os.path.normpath(os.path.join(start, git_dir)))

    def branch_ref(self) -> str | None:
        """The branch HEAD is on, as a ref ("refs/heads/main"); None when HEAD is detached.

        Read from the HEAD file, as git keeps it (a work tree's own, in its git dir); git is
        asked only when that file is not the usual one (the reftable format).
        """
        try:
            head = Path(self.git_dir, "HEAD").read_text(encoding="utf-8").strip()
        except OSError:
            head = ""
        if head.startswith("ref: refs/") and head != "ref: refs/heads/.invalid":
            return head.removeprefix("ref: ")
        if len(head) in (40, 64) and all(c in "0123456789abcdef" for c in head):
            return None
        try:
            return self.git.symbolic_ref("--quiet", "HEAD") or None
        except GitError:
            return None

    def config(self, key: str) -> str | None:
        """A config value as git reads it (system, global, the repository's own; includes
        followed), by its name ("user.name", "merge.editplan.driver"); the last one set wins."""
        if self._config is None:
            out = run(["config", "--list", "-z"], self.working_tree_dir)
            self._config = {}
            for entry in filter(None, out.split("\0")):
                name, _, value = entry.partition("\n")
                section, _, rest = name.partition(".")
                sub, _, option = rest.rpartition(".")
                # section and option names are case-insensitive, a subsection is not
                name = ".".join(filter(None, [section.lower(), sub, option.lower()]))
                self._config[name] = value
        section, _, rest = key.partition(".")
        sub, _, option = rest.rpartition(".")
        return self._config.get(".".join(filter(None, [section.lower(), sub, option.lower()])))

    def forget_config(self) -> None:
        """Read the config again at the next look-up (it is being changed)."""
        self._config = None

    def read_blob(self, sha: str) -> bytes:
        """The content of blob ``sha`` (hex); one ``git cat-file`` serves every read."""
        if self._blobs is None:
            self._blobs = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.working_tree_dir,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        assert self._blobs.stdin is not None and self._blobs.stdout is not None
        self._blobs.stdin.write(sha.encode("ascii") + b"\n")
        self._blobs.stdin.flush()
        header = self._blobs.stdout.readline().split()
        if len(header) != 3:
            raise GitError(["cat-file", "--batch"], 1, f"no object {sha}")
        data = self._blobs.stdout.read(int(header[2]))
        self._blobs.stdout.read(1)  # the newline after each object
        return data

    def close(self) -> None:
        """Stop the blob reader, if it was started."""
        if self._blobs is not None:
            assert self._blobs.stdin is not None and self._blobs.stdout is not None
            self._blobs.stdin.close()
            self._blobs.wait()
            self._blobs.stdout.close()
            self._blobs = None

    def __enter__(self) -> Repo:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
