"""The ``editplan`` command: a thin click layer over :mod:`editplan.api`.

This is the one place that prints errors and maps them to exit codes. Everything heavy is
imported inside the commands, so that ``editplan --help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import EditplanError

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_PLAN = "plans/cb-action-plan.yaml"


def reports_errors(func: F) -> F:
    """Turn an EditplanError into 'editplan: error: ...' on stderr and its exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except EditplanError as exc:
            click.echo(f"editplan: error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="editplan")
def main() -> None:
    """Keep a negotiated action plan as data, apply amendments as patch files, write Word
    documents with native tracked changes, and record every version in git.

    Start with 'editplan init --example DIR', then 'editplan apply amendments/lg14.yaml'
    inside DIR.
    """


@main.command()
@click.argument("target", required=False)
@click.option(
    "--plan",
    "plan_path",
    default=DEFAULT_PLAN,
    show_default=True,
    type=click.Path(path_type=Path),
    help="Plan file to read.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "yaml", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@reports_errors
def show(target: str | None, plan_path: Path, fmt: str) -> None:
    """Print the plan, or one goal, block, key area or activity, with display numbers.

    TARGET is written the way reports write it ("Goal A.5", "Goals A.6, 7 and 8, activity
    (v)"), in compact form ("A.5/ka/1", "A.2/act/ii") or by id ("#a5.ka2").
    """
    from . import api, report

    if fmt == "text":
        plan = api.load_plan(plan_path)
        click.echo(
            report.plan_text(plan) if target is None else report.target_text(plan, target), nl=False
        )
        return
    data = api.show(plan_path, target)
    click.echo(_dump(data, fmt), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@reports_errors
def validate(files: tuple[Path, ...]) -> None:
    """Check plan files and patch files (a patch file also against its plan); change nothing."""
    from . import api

    for checked in api.validate(list(files)):
        click.echo(f"{checked.path}: ok ({checked.summary})")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--example", is_flag=True, help="Include the LG-14 example plan and patch file.")
@reports_errors
def init(folder: Path, example: bool) -> None:
    """Make a plan workspace in FOLDER: a git repository with plans/, amendments/, schemas/ and
    an ignored out/ (FOLDER must be new or empty)."""
    from . import api

    api.init(folder, example=example)
    click.echo(f"Made workspace {folder}" + (" with the LG-14 example" if example else ""))
    if example:
        click.echo(f"Next: cd {folder} && editplan apply amendments/lg14.yaml")


@main.command()
@click.argument("set_path", metavar="SET", type=click.Path(path_type=Path))
@click.option(
    "--only", help="Apply only these amendments (comma-separated ids, e.g. '53(a),53(e)')."
)
@click.option("--exclude", help="Leave out these amendments (comma-separated ids).")
@click.option(
    "--status",
    "statuses",
    help="Apply only amendments with these statuses (comma-separated; default: proposed,agreed).",
)
@click.option("--dry-run", is_flag=True, help="Change nothing; print what would be applied.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Write the revised plan into this folder instead of in place.",
)
@reports_errors
def apply(
    set_path: Path,
    only: str | None,
    exclude: str | None,
    statuses: str | None,
    dry_run: bool,
    out_dir: Path | None,
) -> None:
    """Apply the patch file SET to its plan, all or nothing.

    Exit codes: 0 applied, 2 bad input, 3 conflict or unresolvable amendment.
    """
    from . import api, report
    from .applier import DEFAULT_STATUSES, Selection
    from .applier import statuses as check_statuses

    selection = Selection(
        only=frozenset(_ids(only)) if only is not None else None,
        exclude=frozenset(_ids(exclude)),
        statuses=check_statuses(_ids(statuses)) if statuses else DEFAULT_STATUSES,
    )
    outcome = api.apply(set_path, selection=selection, dry_run=dry_run, out_dir=out_dir)
    click.echo(report.change_text(outcome.result.changes, dry_run=dry_run), nl=False)
    for path in outcome.written:
        click.echo(f"Wrote {api.display(path)}")


@main.command()
@click.argument("kind", type=click.Choice(["plan", "amendments"]))
@reports_errors
def schema(kind: str) -> None:
    """Print the JSON Schema of a plan file or a patch file (for editors and checkers)."""
    from . import api

    click.echo(api.schema_text(kind), nl=False)


def _ids(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _dump(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from . import yamlio

    return yamlio.dump(yamlio.fresh(data))
