"""Use cases on plan files and workspaces: load, validate, show, render, schema, init."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from editplan.core.applier import Selection
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import InputError, Location
from editplan.store import files
from editplan.store.files import PlanFile, display
from editplan.usecases import recovery, team
from editplan.usecases.applying import _apply
from editplan.usecases.renderers import renderer_for

EXAMPLE_PLAN = "plans/cb-action-plan.yaml"


EXAMPLE_SET = "amendments/lg14.yaml"


SCHEMAS = {"plan": Plan, "amendments": AmendmentSet}


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file."""
    return files.read_plan(Path(path)).plan


def load_set(path: str | Path) -> AmendmentSet:
    """Read and validate a patch file (not yet against its plan)."""
    return files.read_set(Path(path)).aset


@dataclass(frozen=True)
class Checked:
    """One file that ``validate`` checked, and what it found."""

    path: str
    kind: str
    summary: str


def validate(paths: list[Path]) -> list[Checked]:
    """Check plan files and patch files; a patch file is also resolved against its plan."""
    out: list[Checked] = []
    for path in paths:
        found = files.read_any(path)
        if isinstance(found, PlanFile):
            team.check_resolved(found)
            kind, plan = "plan", found.plan
            summary = f"plan {plan.id}, version {plan.version!r}, {plan.element_count()} elements"
        else:
            kind, set_file = "amendments", found
            recovery.check_no_application(path)
            plan_file = files.read_set_plan(set_file)
            result = _apply(set_file, plan_file, Selection())
            summary = (
                f"set {set_file.aset.id}: {len(result.changes.applied)} amendments apply to "
                f"{display(plan_file.path)}, {len(result.changes.pending)} pending"
            )
        out.append(Checked(display(path), kind, summary))
    return out


def render(plan_path: str | Path, output: str | Path) -> Path:
    """Write a clean .docx of a plan file, or a web page if ``output`` ends in .html, atomically."""
    target = Path(output)
    files.write_atomic(target, renderer_for(target).render_clean(load_plan(plan_path)))
    return target


def show(
    plan_path: str | Path, target: str | None = None
) -> dict[str, Any] | list[dict[str, Any]]:
    """The plan, or the elements a target names, as plain data with display numbers."""
    from editplan import views as report

    plan = load_plan(plan_path)
    return report.plan_view(plan) if target is None else report.target_view(plan, target)


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a plan file or a patch file, from the pydantic models, or of a
    command's JSON output (apply-report, validate-report, log-report, diff-report)."""
    from editplan import jsonviews

    if kind in jsonviews.SHAPES:
        return jsonviews.schema(kind)
    if kind not in SCHEMAS:
        known = ", ".join([*SCHEMAS, *jsonviews.SHAPES])
        raise InputError(f"no schema {kind!r}; choose one of: {known}")
    doc = SCHEMAS[kind].model_json_schema(mode="validation")
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return doc


def schema_text(kind: str) -> str:
    """The JSON Schema as the text written to ``schemas/<kind>.schema.json``."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def example_files() -> dict[str, bytes]:
    """The bundled example plan and patch file, by their path in a workspace."""
    root = resources.files("editplan") / "examples"
    return {rel: (root / rel).read_bytes() for rel in (EXAMPLE_PLAN, EXAMPLE_SET)}


def init(folder: str | Path, *, example: bool = False) -> list[Path]:
    """Make a plan workspace: a git repository with plans/, amendments/, schemas/, ignored out/,
    and the plan merge driver (.gitattributes and this repository's config).

    With ``example``, the bundled LG-14 plan and patch file; everything is committed so that
    ``editplan apply`` can run at once. Refuses a folder that exists and is not empty.
    """
    from editplan.history import config
    from editplan.history import git as history

    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise InputError(
            "is a file, not a folder; 'editplan init' makes a workspace in a new or empty folder",
            Location(display(root)),
        )
    if root.exists() and any(root.iterdir()):
        raise InputError(
            "is not empty; 'editplan init' makes a new workspace in a new or empty folder",
            Location(display(root)),
        )
    contents: dict[str, bytes] = {
        ".gitignore": b"# editplan writes documents here; they are made from the plans\nout/\n",
        ".gitattributes": team.attributes_text().encode(),
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
    return written


def _undo_init(root: Path, created: bool) -> None:
    if created:
        shutil.rmtree(root, ignore_errors=True)
    else:
        for child in root.iterdir():
            (shutil.rmtree if child.is_dir() else Path.unlink)(child)  # type: ignore[operator]
