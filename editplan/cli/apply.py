"""editplan apply: a patch file to its plan, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

from editplan.cli import completion
from editplan.cli.base import FLAGS, PathType, format_option, main, split_ids, workspace
from editplan.cli.progress import ProgressBar


@main.command()
@click.argument(
    "set_paths", metavar="SET...", nargs=-1, type=PathType, shell_complete=completion.sets
)
@click.option(
    "--only",
    shell_complete=completion.amendment_list,
    help="Apply only these amendments (comma-separated, e.g. '53(a),53(e)').",
)
@click.option(
    "--exclude",
    shell_complete=completion.amendment_list,
    help="Leave out these amendments (comma-separated ids).",
)
@click.option(
    "--status",
    "statuses",
    shell_complete=completion.status_list,
    help="Apply only amendments with these statuses (comma-separated; default: proposed,agreed).",
)
@click.option("--dry-run", is_flag=True, help="Change nothing; print what would be applied.")
@click.option(
    "--out", "out_dir", type=PathType, help="Write the revised plan into this folder instead."
)
@click.option("--no-commit", is_flag=True, help="In a git work tree, leave the change uncommitted.")
@click.option("--tag", help="Tag the new commit with this name.")
@click.option(
    "--docs-dir",
    type=PathType,
    help="Folder for the tracked and clean .docx (default: out/<set id>/ in the workspace).",
)
@click.option("--no-docs", is_flag=True, help="Write no .docx files (and no web page).")
@click.option("--no-html", is_flag=True, help="Write no tracked web page beside the .docx.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace files in --out or --docs-dir that editplan did not make (outside out/).",
)
@format_option("apply")
@click.option("-q", "--quiet", is_flag=True, help="Show no progress bar on a long run.")
@click.option(
    "--continue",
    "resume",
    is_flag=True,
    help="Finish an application that was interrupted (write, commit, tag what is missing).",
)
@click.option(
    "--abort",
    is_flag=True,
    help="Undo an application that was interrupted: every file back as it was, no commit.",
)
@click.pass_context
def apply(
    ctx: click.Context,
    set_paths: tuple[Path, ...],
    only: str | None,
    exclude: str | None,
    statuses: str | None,
    dry_run: bool,
    out_dir: Path | None,
    no_commit: bool,
    tag: str | None,
    docs_dir: Path | None,
    no_docs: bool,
    no_html: bool,
    force: bool,
    fmt: str,
    quiet: bool,
    resume: bool,
    abort: bool,
) -> None:
    """Apply the patch file SET (or several) to its plan, all or nothing.

    Writes the revised plan, a tracked .docx (each amendment a native revision attributed to
    the set's author, with a comment citing the report) and a clean .docx. In a git work tree
    the revised plan (and SET, if untracked) is committed as one commit whose Editplan-*
    trailers say which amendments made it. A SET written against an earlier version in the
    history is applied on top where the elements it touches are unchanged.

    Several SETs (the text agreed in a review round: --status agreed) are applied together
    in one commit whose trailers name every set and amendment; each is resolved against its
    own base, amendments that collide are refused before anything is written, and the
    tracked .docx attributes each change to the body that proposed it.

    An application that was interrupted (killed, a power cut) is recorded in the repository
    (.git/editplan-apply); until it ends, commands on the plan refuse. --continue finishes
    it, --abort undoes it, byte for byte (both without SET, in the workspace).

    Exit codes: 0 applied, 2 bad input, 3 conflict or unresolvable amendment (or an
    interrupted application to finish first).
    """
    if resume or abort:
        _recover(ctx, set_paths, resume=resume, abort=abort)
        return
    if not set_paths:
        raise click.UsageError("Missing argument 'SET...'.")
    _check_lists(set_paths, {"--only": only, "--exclude": exclude, "--status": statuses})
    from editplan import api

    if len(set_paths) > 1:
        if only is not None or exclude is not None:
            raise click.UsageError("--only and --exclude name amendments of one SET")
        if fmt == "json":
            raise click.UsageError("--format json reports on one SET")
        _apply_several(
            set_paths, statuses, dry_run, out_dir, no_commit, tag, docs_dir, no_docs, no_html,
            force,
        )  # fmt: skip
        return
    set_path = set_paths[0]
    selection = api.Selection(
        only=frozenset(split_ids(only)) if only is not None else None,
        exclude=frozenset(split_ids(exclude)),
        statuses=api.statuses(split_ids(statuses)) if statuses else api.DEFAULT_STATUSES,
    )
    ws = workspace()
    with ProgressBar(enabled=not quiet and fmt == "text") as progress:
        outcome = api.apply(
            ws,
            set_path,
            selection=selection,
            dry_run=dry_run,
            out_dir=out_dir,
            commit=not no_commit,
            tag=tag,
            docs=not no_docs,
            docs_dir=docs_dir,
            html=not no_html,
            progress=progress,
            force=force,
        )
    for note in ws.notes:
        click.echo(f"editplan: note: {note}", err=True)
    if fmt == "json":
        click.echo(api.apply_json(outcome), nl=False)
        return
    changes = outcome.result.changes
    click.echo(api.change_text(changes, dry_run=dry_run, options=FLAGS), nl=False)
    if outcome.rebased_from:
        click.echo(
            f"Resolved against {changes.base_version!r} ({outcome.rebased_from}) "
            "and applied on top of the current version"
        )
    for path in outcome.written:
        click.echo(f"Wrote {api.display(path)}")
    if outcome.commit:
        tagged = f", tagged {outcome.tag}" if outcome.tag else ""
        click.echo(f"Committed {outcome.commit[:7]}{tagged}")
    for warning in outcome.warnings:
        click.echo(f"editplan: warning: {warning}", err=True)


def _apply_several(
    set_paths: tuple[Path, ...],
    statuses: str | None,
    dry_run: bool,
    out_dir: Path | None,
    no_commit: bool,
    tag: str | None,
    docs_dir: Path | None,
    no_docs: bool,
    no_html: bool,
    force: bool,
) -> None:
    from editplan import api

    chosen = api.statuses(split_ids(statuses)) if statuses else api.DEFAULT_STATUSES
    ws = workspace()
    outcome = api.apply_agreed(
        ws,
        list(set_paths),
        statuses=sorted(chosen),
        dry_run=dry_run,
        out_dir=out_dir,
        commit=not no_commit,
        tag=tag,
        docs=not no_docs,
        docs_dir=docs_dir,
        html=not no_html,
        force=force,
    )
    for note in ws.notes:
        click.echo(f"editplan: note: {note}", err=True)
    for changes in outcome.changes:
        click.echo(api.change_text(changes, dry_run=dry_run))
    for copy, applied in outcome.same:
        click.echo(f"{copy.replace(':', ' ')}: the same change as {applied.replace(':', ' ')}")
    click.echo(f"Version {outcome.plan.version!r}")
    for path in outcome.written:
        click.echo(f"Wrote {api.display(path)}")
    if outcome.commit:
        tagged = f", tagged {outcome.tag}" if outcome.tag else ""
        click.echo(f"Committed {outcome.commit[:7]}{tagged}")
    for warning in outcome.warnings:
        click.echo(f"editplan: warning: {warning}", err=True)


def _recover(ctx: click.Context, set_paths: tuple[Path, ...], *, resume: bool, abort: bool) -> None:
    """apply --continue / --abort: take no SET and no other option."""
    from editplan import api

    flag = "--continue" if resume else "--abort"
    if resume and abort:
        raise click.UsageError("--continue and --abort exclude each other")
    if set_paths:
        raise click.UsageError(
            f"{flag} takes no SET: it ends the application that was interrupted in this workspace"
        )
    given = click.core.ParameterSource.COMMANDLINE
    others = [
        name
        for name in ctx.params
        if name not in ("set_paths", "resume", "abort") and ctx.get_parameter_source(name) == given
    ]
    if others:
        option = next(o for o in ctx.command.params if o.name == others[0])
        raise click.UsageError(f"{flag} takes no other option (got {option.opts[0]})")
    if resume:
        done = api.continue_apply(workspace())
        for path in done.files:
            click.echo(f"Wrote {api.display(path)}")
        tagged = f", tagged {done.tag}" if done.tag else ""
        click.echo(
            f"Finished the application of {'+'.join(done.sets)}: committed "
            f"{(done.commit or '')[:7]}{tagged}"
        )
        return
    done = api.abort_apply(workspace())
    for path in done.files:
        click.echo(f"Put back {api.display(path)}")
    undone = f"; commit {done.commit[:7]} undone" if done.commit else ""
    removed = f", tag {done.tag} removed" if done.tag else ""
    click.echo(
        f"Undid the application of {'+'.join(done.sets)}{undone}{removed}; HEAD is {done.head[:7]}"
    )


def _check_lists(set_paths: tuple[Path, ...], lists: dict[str, str | None]) -> None:
    """Refuse a comma-separated list that a space split in two (``--only 53(a), 53(c)`` or
    ``--only 53(a) ,53(c)``): the shell makes the rest a word of its own, read as a SET."""
    for flag, value in lists.items():
        if value is not None and value.rstrip().endswith(","):
            last = str(set_paths[-1]) if set_paths else ""
            raise click.UsageError(
                f"{flag} {value!r} ends with a comma, and {last!r} follows as a word of its "
                "own: a space ends the list; write it without spaces, such as "
                "'53(a),53(c)', or quote it"
            )
    stray = [str(p) for p in set_paths if str(p).startswith(",")]
    if stray:
        raise click.UsageError(
            f"{stray[0]!r} is not a patch file: a space split a comma-separated list "
            f"({', '.join(lists)}); write the list without spaces, such as '53(a),53(c)', or "
            "quote it"
        )
