"""What every command shares: the ``editplan`` group, the one error handler, common options.

This is the one place that prints errors and maps them to exit codes. Everything heavy is
imported inside the commands, so that ``editplan --help`` starts fast.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from editplan import __version__
from editplan.cli import completion
from editplan.errors import EditplanError

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_PLAN = "plans/cb-action-plan.yaml"
PathType = click.Path(path_type=Path)

# The settings that library errors and skipped amendments name (by their Python API names),
# as the command line spells them.
FLAGS: dict[str, str] = {
    "only": "--only",
    "exclude": "--exclude",
    "statuses": "--status",
    "tag": "--tag",
    "out_dir": "--out",
    "docs_dir": "--docs-dir",
    "revisions": "--accept-revisions / --reject-revisions",
    "force": "--force",
    "paragraph": "--paragraph",
    "plan_path": "--plan",
    "continue_apply / abort_apply": "'editplan apply --continue' / 'editplan apply --abort'",
}


def error_text(exc: EditplanError) -> str:
    """The error as the command line says it: the flag at fault first, the flag that would
    help last ("--only: no amendment 53(z) ...", "... or leave one out with --exclude")."""
    text = str(exc)
    if exc.option in FLAGS:
        text = f"{FLAGS[exc.option]}: {text}"
    if exc.remedy in FLAGS:
        text = f"{text} with {FLAGS[exc.remedy]}"
    return text


def reports_errors(func: F) -> F:
    """Turn an EditplanError into 'editplan: error: ...' on stderr and its exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except EditplanError as exc:
            click.echo(f"editplan: error: {error_text(exc)}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def plan_option(help_text: str) -> Callable[[F], F]:
    """The --plan option most commands share."""
    return click.option(
        "--plan",
        "plan_path",
        default=DEFAULT_PLAN,
        show_default=True,
        type=PathType,
        shell_complete=completion.plans,
        help=help_text,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="editplan")
def main() -> None:
    """Keep a negotiated action plan as data, apply amendments as patch files, write Word
    documents with native tracked changes, and record every version in git.

    Start with 'editplan init --example DIR', then 'editplan apply amendments/lg14.yaml'
    inside DIR.
    """
    # A command is one short run that builds large trees without cycles (a plan's YAML and
    # models, the .docx XML); the collector's default rhythm costs a third of a large apply.
    gc.set_threshold(50_000, 20, 20)


def format_option(command: str) -> Callable[[F], F]:
    """--format text|json: json prints the shape ``editplan schema <command>-report`` gives."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=f"Output format; json has the shape of 'editplan schema {command}-report'.",
    )


def split_ids(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]

