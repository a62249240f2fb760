"""Where a set's plan may be: in the set's own workspace, never anywhere on the machine.

A set names its plan by a path relative to itself (``plan: ../plans/cb-action-plan.yaml``).
Applying it writes that plan and commits it together with the set, so the plan must be in the
set's own git work tree (or, outside git, in the set's workspace folder: the folder above the
set's own). A path that leads elsewhere (another repository, ``/etc/passwd``) is refused
before the file is opened.
"""

from __future__ import annotations

from pathlib import Path

from editplan.errors import InputError, Location


def work_tree_of(path: Path) -> Path | None:
    """The root of the git work tree holding ``path`` (the nearest folder with a ``.git``
    folder or file), found without running git; None outside git."""
    here = path.resolve()
    for folder in [here, *here.parents]:
        if (folder / ".git").exists():
            return folder
    return None


def workspace_of(set_path: Path) -> Path:
    """The folder a set's plan must be in: its git work tree, or outside git the folder
    above the set's folder (``amendments/..``)."""
    folder = set_path.resolve().parent
    return work_tree_of(folder) or folder.parent


def check_plan_place(set_path: Path, plan_path: Path, named: str, where: Location) -> None:
    """Refuse a plan outside the set's workspace, or in another git work tree within it."""
    set_tree = work_tree_of(set_path.resolve().parent)
    space = workspace_of(set_path)
    plan = plan_path.resolve()
    plan_tree = work_tree_of(plan.parent)
    if plan.is_relative_to(space) and plan_tree == set_tree:
        return
    if set_tree is not None:
        what = f"the set's git work tree ({set_tree})"
        if plan_tree is not None and plan_tree != set_tree:
            what += f"; it is in another one ({plan_tree})"
    else:
        what = f"the set's workspace ({space}), the folder above the set's own"
        if plan_tree is not None:
            what += f"; it is in a git work tree ({plan_tree}) the set is not in"
    raise InputError(
        f"plan {named!r} is outside {what}. A set is applied to a plan of its own workspace, "
        "and committed with it: put the set beside the plan (in its amendments/ folder) and "
        "name the plan relative to it",
        where,
    )
