"""What the shell offers on TAB: patch files, plan files, amendment ids and targets.

Completion runs on every TAB, so everything here is quick and forgiving: files are listed,
not read, and amendment ids and a plan's targets come from a look at the file's YAML events
(:mod:`~editplan.store.peek`), not from validating it. A file that cannot be read, or is
broken while being edited, offers nothing; nothing here raises for what it finds on disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from editplan.core.labels import KIND_NOUN, Kind, display_number, goals_label
from editplan.errors import EditplanError
from editplan.store import peek
from editplan.usecases.workspace import Workspace

SETS_FOLDER = "amendments"  # where a workspace keeps its patch files
YAML_SUFFIXES = (".yaml", ".yml")
MAX_LISTED = 1000  # entries of one folder looked at: a TAB in a huge folder still answers
MAX_TARGETS = 1000  # targets offered at once: a shell lists no more usefully
DESCRIBED = 60  # characters of an element's wording shown beside it


@dataclass(frozen=True)
class AmendmentChoice:
    """An amendment id the shell may offer, and what it is (for the shells that show it)."""

    id: str
    set_id: str
    target: str = ""
    op: str = ""
    status: str = ""

    @property
    def description(self) -> str:
        """One line: the set, the target and the operation ("lg14: Goal A.1, key area (2),
        rephrase"), and the status when it is not proposed."""
        what = ", ".join(part for part in (self.target, self.op) if part)
        if self.status and self.status != "proposed":
            what = f"{what} ({self.status})" if what else self.status
        return f"{self.set_id}: {what}" if what else self.set_id


@dataclass(frozen=True)
class TargetChoice:
    """A target the shell may offer: as it is inserted, what it names (its wording, for the
    shells that show it), and whether it can go on (a goal or block, before ", key area
    (1)" or "/ka/1": no space after it)."""

    value: str
    description: str = ""
    more: bool = False


def target_choices(
    ws: Workspace, incomplete: str, plan: str | Path | None = None
) -> list[TargetChoice]:
    """The targets of the plan (``plan``, else the workspace's) that start as ``incomplete``
    does (in any case), in the plan's own words and order.

    The form follows what is typed: nothing or words give the report form ("Goal A.5",
    then, once a goal is typed whole, "Goal A.5, key area (1)"...), an area's letter the
    compact form ("A.5", then "A.5/ka/1"), "#" the ids ("#a5.ka1"). A plan that cannot be
    read, or none, offers nothing.
    """
    try:
        path = ws.path(os.path.expanduser(str(plan))) if plan is not None else ws.find_plan()
        if path is None:
            return []
        found = peek.peek_plan(path)
    except EditplanError:
        return []
    return _targets(found, incomplete)[:MAX_TARGETS]


def _targets(found: peek.PeekedPlan, incomplete: str) -> list[TargetChoice]:
    typed = incomplete.lower()
    out: list[TargetChoice] = []
    if typed.startswith("#"):
        for unit in found.units:
            out.append(TargetChoice(f"#{unit.id}", _short(unit.title)))
            out.extend(TargetChoice(f"#{i}", _short(unit.texts.get(i, ""))) for i in _ids(unit))
        return [t for t in out if t.value.lower().startswith(typed)]
    for unit in found.units:
        forms = [(goals_label(unit.goals), ", ", _report, unit.title)]
        if unit.block and typed.startswith("goal ") and len(typed) > len("goal "):
            # "Goal A.7, activity (ii)" names the element of the block A.7 is in
            forms += [
                (goals_label([goal]), ", ", _report, unit.titles.get(goal, ""))
                for goal in unit.goals
            ]
        if typed:  # the compact form only once something is typed: words come first
            forms.append((unit.id, "/", _compact, unit.title))
        for name, separator, item, title in forms:
            lowered = name.lower()
            if lowered.startswith(typed):
                out.append(TargetChoice(name, _short(title), more=True))
            if typed != lowered and not typed.startswith(lowered + separator.strip()):
                continue
            lists: tuple[tuple[Kind, list[str]], ...] = (
                ("key_area", unit.key_areas),
                ("activity", unit.activities),
            )
            for kind, ids in lists:
                for n, element_id in enumerate(ids, 1):
                    value = item(name, kind, n)
                    if value.lower().startswith(typed):
                        out.append(TargetChoice(value, _short(unit.texts.get(element_id, ""))))
    return out


def _ids(unit: peek.PeekedUnit) -> list[str]:
    return [*unit.key_areas, *unit.activities]


def _report(name: str, kind: Kind, n: int) -> str:
    return f"{name}, {KIND_NOUN[kind]} {display_number(kind, n)}"


def _compact(name: str, kind: Kind, n: int) -> str:
    return f"{name}/ka/{n}" if kind == "key_area" else f"{name}/act/{display_number(kind, n)[1:-1]}"


def _short(text: str) -> str:
    """The start of a wording, to show beside a target."""
    return text if len(text) <= DESCRIBED else text[: DESCRIBED - 1].rstrip() + "…"


def yaml_paths(ws: Workspace, incomplete: str, folders: Sequence[str] = ()) -> list[str]:
    """YAML files and folders whose path, as the user types it, starts with ``incomplete``.

    First the YAML files of the workspace's ``folders`` (such as ``amendments``), written
    relative to the current folder, so that the first TAB offers the workspace's patch files
    from anywhere in it; then the YAML files and the folders (ending in "/", to go on) of the
    folder that ``incomplete`` names. Hidden entries only when their name is being typed.
    """
    here = ws.here
    typed_folder, _, start = incomplete.rpartition("/")
    hidden = start.startswith(".")
    found: list[str] = []
    root = ws.root or here
    for name in folders:
        folder = root / name
        rel = _relative(folder, here)
        for entry in _entries(folder, hidden=hidden):
            path = rel + entry.name
            if path.startswith(incomplete) and _is_yaml(entry):
                found.append(path)
    prefix = typed_folder + "/" if "/" in incomplete else ""
    folder = Path(os.path.expanduser(prefix or "."))
    if not folder.is_absolute():
        folder = here / folder
    folders_found: list[str] = []
    for entry in _entries(folder, hidden=hidden):
        if not entry.name.startswith(start):
            continue
        if _is_yaml(entry):
            found.append(prefix + entry.name)
        elif _is_folder(entry):
            folders_found.append(prefix + entry.name + "/")
    return list(dict.fromkeys(found + folders_found))


def amendment_choices(
    ws: Workspace, set_paths: Iterable[str | Path] = ()
) -> list[AmendmentChoice]:
    """The amendments of the given patch files, or, with none, of every patch file in the
    workspace's amendments/ folder: each id once, in file order.

    Ids are read without validating the files (:func:`editplan.store.peek.peek_set`); a file
    that cannot be read or is not YAML offers none.
    """
    paths = [ws.path(os.path.expanduser(str(p))) for p in set_paths]
    if not paths:
        root = ws.root or ws.here
        paths = [Path(e.path) for e in _entries(root / SETS_FOLDER) if _is_yaml(e)]
    seen: dict[str, AmendmentChoice] = {}
    for path in paths:
        try:
            found = peek.peek_set(path)
        except EditplanError:
            continue
        set_id = found.set_id or path.stem
        for fields in found.amendments:
            if fields["id"] not in seen:
                seen[fields["id"]] = AmendmentChoice(
                    fields["id"],
                    set_id,
                    fields.get("target", ""),
                    fields.get("op", ""),
                    fields.get("status", ""),
                )
    return list(seen.values())


def _entries(folder: Path, *, hidden: bool = False) -> list[os.DirEntry[str]]:
    """The folder's entries by name (at most MAX_LISTED of them), the hidden ones (".name")
    only with ``hidden``; none if the folder cannot be read."""
    entries: list[os.DirEntry[str]] = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.startswith(".") and not hidden:
                    continue
                entries.append(entry)
                if len(entries) >= MAX_LISTED:
                    break
    except OSError:
        return []
    return sorted(entries, key=lambda e: e.name)


def _is_yaml(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.name.lower().endswith(YAML_SUFFIXES) and entry.is_file()
    except OSError:
        return False


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _relative(folder: Path, here: Path) -> str:
    """``folder`` as typed from ``here``, ending in "/" ("amendments/", "../amendments/")."""
    try:
        rel = os.path.relpath(folder, here)
    except ValueError:  # another drive (Windows)
        rel = str(folder)
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"
