"""The workspace: a plan repository opened once, found upward from a folder like git's.

A :class:`Workspace` holds what every use case needs besides its own arguments: the root (the
folder holding ``plans/`` and ``amendments/``), the folder the caller's relative paths start
from, the git repository (opened when first needed, and once), the plan files and the
settings of ``editplan.toml``. Use cases take it as their first argument; nothing below the
front ends reads the process's current folder.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from editplan.errors import InputError, Location
from editplan.store.paths import display

if TYPE_CHECKING:
    from editplan.history.repo import Repository

SETTINGS_FILE = "editplan.toml"
PLANS = "plans"
AMENDMENTS = "amendments"
EXAMPLE_PLAN = "plans/cb-action-plan.yaml"
EXAMPLE_SET = "amendments/lg14.yaml"

SETTINGS_TEXT = """\
# editplan's settings for this workspace (see 'A workspace' in editplan's README).
[workspace]
# The plan file commands use when plans/ holds several and none is named (--plan):
# plan = "plans/my-plan.yaml"
"""


@dataclass(frozen=True)
class Settings:
    """What ``editplan.toml`` says: the plan to use when ``plans/`` holds several."""

    plan: str | None = None


class Workspace:
    """A plan workspace: its root, its repository, its plan files, its settings.

    ``root`` is None outside any workspace: commands that are given every file they need still
    work there. ``here`` is where relative paths given to the use cases start from.
    """

    def __init__(self, root: Path | None, here: Path, settings: Settings | None = None) -> None:
        self.root = root
        self.here = here
        self.settings = settings or Settings()
        self._repo: Repository | None = None
        self._repo_found = False
        self._others: dict[Path | None, Workspace] = {}
        # what editplan put right while serving this workspace (what an interrupted command
        # left): outcomes carry it too, but a front end says it also when the command fails
        self.notes: list[str] = []

    @classmethod
    def open(cls, folder: str | Path, *, here: str | Path | None = None) -> Workspace:
        """The workspace holding ``folder``, found upward: the nearest folder with an
        ``editplan.toml``, a ``plans/`` folder or a git repository (``.git``).

        ``folder`` must be absolute, or ``here`` given (the folder it is relative to); relative
        paths given later start from ``here``, which is ``folder`` itself by default.
        """
        start = Path(folder)
        if here is not None:
            start = Path(here) / start
        if not start.is_absolute():
            raise InputError(
                f"a workspace is opened from an absolute path, not {str(folder)!r} (give the "
                "folder it is relative to)"
            )
        start = Path(os.path.normpath(start))
        root = find_root(start)
        settings = read_settings(root / SETTINGS_FILE) if root is not None else Settings()
        return cls(root, Path(here) if here is not None else start, settings)

    # --- paths -------------------------------------------------------------------------

    def path(self, given: str | Path) -> Path:
        """A path the caller gave, made absolute from ``here`` (not resolved: a symbolic link
        keeps the name the caller used)."""
        return Path(os.path.normpath(self.here / given))

    def display(self, path: Path) -> str:
        """A path as messages show it (see :func:`editplan.store.files.display`)."""
        return display(path)

    def at(self, path: Path) -> Workspace:
        """The workspace holding ``path``: this one, or the one a file outside it is in (or
        none: a workspace without a root), opened once and closed with this one."""
        folder = path if path.is_dir() else path.parent
        if self.root is not None and _inside(folder, self.root):
            return self
        found = find_root(folder)
        if found == self.root:
            return self
        if found not in self._others:
            settings = read_settings(found / SETTINGS_FILE) if found is not None else None
            self._others[found] = Workspace(found, self.here, settings)
        return self._others[found]

    # --- plan files ----------------------------------------------------------------------

    def plans(self) -> list[Path]:
        """The plan files in ``plans/`` (``*.yaml`` and ``*.yml``), by name."""
        if self.root is None or not (self.root / PLANS).is_dir():
            return []
        return sorted(p for p in (self.root / PLANS).iterdir() if _is_yaml(p))

    def plan_path(self, given: str | Path | None = None) -> Path:
        """The plan file a command works on: the one given, else the only plan in ``plans/``,
        else the one ``editplan.toml`` names; anything else is an error saying what exists."""
        if given is not None:
            return self.path(given)
        found = self.find_plan()
        if found is not None:
            return found
        if self.root is None:
            raise InputError(
                f"{self.here} is not in a workspace (no {SETTINGS_FILE}, plans/ folder or git "
                "repository in it or above it), so there is no plan to take: make a workspace "
                "with 'editplan init', or name the plan file",
                remedy="plan_path",
            )
        folder = display(self.root / PLANS)
        where = "there is no plans/ folder" if not (self.root / PLANS).is_dir() else (
            f"{folder}/ holds no plan file (*.yaml)"
        )
        raise InputError(
            f"the workspace {self.root} has no plan: {where}; import one "
            "('editplan import DRAFT.docx -o plans/NAME.yaml'), or name the plan file",
            remedy="plan_path",
        )

    def find_plan(self) -> Path | None:
        """The workspace's plan when it has one to take: the only plan in ``plans/``, or the
        one ``editplan.toml`` names; None when there is none; an error when several are
        there and none is chosen."""
        if self.root is None:
            return None
        found = self.plans()
        if self.settings.plan is not None:
            chosen = Path(os.path.normpath(self.root / self.settings.plan))
            if not chosen.is_file():
                raise InputError(
                    f"the plan setting names {self.settings.plan!r}, which is not a file; "
                    + _listing(found),
                    Location(display(self.root / SETTINGS_FILE)),
                )
            return chosen
        if len(found) <= 1:
            return found[0] if found else None
        raise InputError(
            f"the workspace {self.root} has {len(found)} plans and none is chosen: "
            + ", ".join(display(p) for p in found)
            + f"; name one, or set it once in {SETTINGS_FILE} ([workspace] plan = "
            f'"{PLANS}/{found[0].name}")',
            remedy="plan_path",
        )

    def sets(self) -> list[Path]:
        """The patch files in ``amendments/`` (``*.yaml`` and ``*.yml``), by name."""
        if self.root is None or not (self.root / AMENDMENTS).is_dir():
            return []
        return sorted(p for p in (self.root / AMENDMENTS).iterdir() if _is_yaml(p))

    # --- git -------------------------------------------------------------------------------

    @property
    def repo(self) -> Repository | None:
        """The git repository whose work tree holds the workspace (None outside git), opened
        when first asked for."""
        if not self._repo_found:
            if self.root is not None:
                from editplan.history.repo import Repository

                self._repo = Repository.find(self.root)  # GitMissing when git cannot run
            self._repo_found = True
        return self._repo

    def repo_of(self, path: Path) -> Repository | None:
        """The repository of the workspace holding ``path`` (see :meth:`at`)."""
        return self.at(path).repo

    def close(self) -> None:
        """Stop what the workspace started (git's blob reader)."""
        for other in self._others.values():
            other.close()
        if self._repo is not None:
            self._repo.close()
        self._repo, self._repo_found = None, False

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace(root={self.root}, here={self.here})"


def plan_reference(ws: Workspace, plan: Path, output: Path | None) -> str:
    """How a patch file written to ``output`` names its plan: relative to the file's folder,
    or, when it is printed, to the workspace's amendments/ folder, where it will be kept."""
    where = output.parent if output is not None else (ws.root or ws.here) / AMENDMENTS
    return Path(os.path.relpath(plan, where)).as_posix()


def find_root(start: Path) -> Path | None:
    """The nearest folder from ``start`` up with ``editplan.toml``, ``plans/`` or ``.git``."""
    for folder in [start, *start.parents]:
        if (
            (folder / SETTINGS_FILE).is_file()
            or (folder / PLANS).is_dir()
            or (folder / ".git").exists()
        ):
            return folder
    return None


def read_settings(path: Path) -> Settings:
    """Read ``editplan.toml`` (absent: the defaults); a malformed file is an error at its line
    and column, an unknown setting one that lists the known ones."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read: {exc}", Location(display(path))) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = Location(display(path), *(int(n) for n in found.groups())) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError(
            f"is not valid TOML: {message}", where or Location(display(path))
        ) from None
    unknown = [key for key in data if key != "workspace"]
    section = data.get("workspace", {})
    if not isinstance(section, dict):
        unknown.append("workspace")
        section = {}
    unknown += [f"workspace.{key}" for key in section if key != "plan"]
    if unknown:
        raise InputError(
            f"unknown setting {', '.join(unknown)}; the settings are: [workspace] plan",
            Location(display(path), _line_of(text, unknown[0].rsplit(".", 1)[-1])),
        )
    plan = section.get("plan")
    if plan is not None and not (isinstance(plan, str) and plan.strip()):
        raise InputError(
            "[workspace] plan names a plan file by its path in the workspace, as a string",
            Location(display(path), _line_of(text, "plan")),
        )
    return Settings(plan=plan)


def _line_of(text: str, key: str) -> int | None:
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[?{re.escape(key)}\b", line):
            return n
    return None


def _listing(found: list[Path]) -> str:
    if not found:
        return "plans/ holds no plan file"
    return "the plans are: " + ", ".join(display(p) for p in found)


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml") and path.is_file()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


# --- making one -----------------------------------------------------------------------------


def example_files() -> dict[str, bytes]:
    """The bundled example plan and patch file, by their path in a workspace."""
    root = resources.files("editplan") / "examples"
    return {rel: (root / rel).read_bytes() for rel in (EXAMPLE_PLAN, EXAMPLE_SET)}


def init(
    folder: str | Path, *, example: bool = False, here: str | Path | None = None
) -> Workspace:
    """Make a plan workspace in ``folder`` (absolute, or relative to ``here``): a git
    repository with plans/, amendments/, schemas/, ignored out/, editplan.toml, and the plan
    merge driver (.gitattributes and this repository's config).

    With ``example``, the bundled LG-14 plan and patch file; everything is committed so that
    ``editplan apply`` can run at once. Refuses a folder that exists and is not empty.
    Returns the new workspace (close it when done).
    """
    from editplan.history import config
    from editplan.history import git as history
    from editplan.usecases import team
    from editplan.usecases.plans import schema_text

    root = Path(folder) if here is None else Path(here) / folder
    if not root.is_absolute():
        raise InputError(f"a workspace is made in an absolute path, not {str(folder)!r}")
    root = Path(os.path.normpath(root))
    if root.exists() and not root.is_dir():
        raise InputError(
            "is a file, not a folder; a workspace is made in a new or empty folder",
            Location(display(root)),
        )
    if root.exists() and any(root.iterdir()):
        raise InputError(
            "is not empty; a workspace is made in a new or empty folder", Location(display(root))
        )
    contents: dict[str, bytes] = {
        ".gitignore": b"# editplan writes documents here; they are made from the plans\nout/\n",
        ".gitattributes": team.attributes_text().encode(),
        SETTINGS_FILE: SETTINGS_TEXT.encode(),
        "schemas/plan.schema.json": schema_text("plan").encode(),
        "schemas/amendments.schema.json": schema_text("amendments").encode(),
    }
    contents.update(example_files() if example else {"plans/.keep": b"", "amendments/.keep": b""})
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
        history.init(root)
        written = []
        for rel, data in contents.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
        (root / "out").mkdir()
        with history.open_repo(root) as repo:
            config.register(repo)
            history.commit(
                repo,
                written,
                "Start plan workspace" + (" with the LG-14 example" if example else ""),
            )
    except BaseException:
        _undo_init(root, created)
        raise
    return Workspace.open(root, here=here)


def _undo_init(root: Path, created: bool) -> None:
    if created:
        shutil.rmtree(root, ignore_errors=True)
    else:
        for child in root.iterdir():
            (shutil.rmtree if child.is_dir() else Path.unlink)(child)  # type: ignore[operator]
