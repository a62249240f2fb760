"""What every command shares: the ``editplan`` group, the one error handler, common options.

This is the one place that prints errors and maps them to exit codes, and the one place that
reads the current folder (:func:`workspace`). Everything heavy is
imported inside the commands, so that ``editplan --help`` starts fast.
"""

from __future__ import annotations

import errno
import gc
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from editplan import __version__
from editplan.bugs import keep_traceback
from editplan.cli import completion
from editplan.errors import EditplanError

if TYPE_CHECKING:
    from editplan import api

F = TypeVar("F", bound=Callable[..., Any])
_WORKSPACE = "editplan.workspace"
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


def workspace() -> api.Workspace:
    """The workspace the command works in, found from the current folder (the command line
    is where the user stands: paths given are relative to it), opened once per command."""
    from editplan import api

    root = click.get_current_context().find_root()
    found = root.meta.get(_WORKSPACE)
    if found is None:
        found = api.Workspace.open(Path.cwd())
        root.meta[_WORKSPACE] = found
        root.call_on_close(found.close)
    return found


def warn_interrupted(ws: api.Workspace, paths: Sequence[Path | None] = ()) -> None:
    """For a command that only reads: say (on stderr) what an interrupted application or
    writing command left in the workspaces of ``paths`` (or the current one), and go on."""
    from editplan import api

    for warning in api.interruptions(ws, [p for p in paths if p is not None]):
        click.echo(f"editplan: warning: {error_text(warning)}", err=True)


class Editplan(click.Group):
    """The ``editplan`` group: every command runs inside the one error handler.

    An :class:`EditplanError` is printed as ``editplan: error: ...`` with its exit code (2 bad
    input, 3 conflict); anything else is a bug: one line says so and where its traceback was
    written, exit code 70. Paths in messages are shown from the current folder.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from editplan import api

        try:
            with api.paths_shown_from(Path.cwd()):
                return super().invoke(ctx)
        except EditplanError as exc:
            opened = ctx.find_root().meta.get(_WORKSPACE)
            for note in opened.notes if opened is not None else ():
                click.echo(f"editplan: note: {note}", err=True)  # put right before it failed
            click.echo(f"editplan: error: {error_text(exc)}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("editplan: interrupted", err=True)
            ctx.exit(130)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader went away (| head): click ends quietly
                raise
            _bug(ctx, exc)
        except Exception as exc:
            _bug(ctx, exc)


def _bug(ctx: click.Context, exc: BaseException) -> NoReturn:
    """Say that an unexpected exception is editplan's bug, and keep its traceback in a file."""
    where = keep_traceback(exc, f"editplan {__version__}: {' '.join(sys.argv)}")
    click.echo(
        f"editplan: bug: {type(exc).__name__}: {exc}. This is a bug in editplan, not a problem "
        f"with your files; {where}. Please report it with that file.",
        err=True,
    )
    ctx.exit(70)


def plan_option(help_text: str) -> Callable[[F], F]:
    """The --plan option most commands share."""
    return click.option(
        "--plan",
        "plan_path",
        default=None,
        type=PathType,
        shell_complete=completion.plans,
        help=f"{help_text} Default: the workspace's plan (the only one in plans/, or the one "
        "editplan.toml names).",
    )


@click.group(cls=Editplan, context_settings={"help_option_names": ["-h", "--help"]})
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


def force_option() -> Callable[[F], F]:
    """--force: replace an output file that exists (see the README's "Output files")."""
    return click.option(
        "--force",
        is_flag=True,
        help="Replace OUTPUT if it exists. Without it, only documents in the workspace's out/ "
        "folder are replaced (they are made from the plans); any other file is kept.",
    )


def split_ids(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]
