"""The desk in a browser: ``editplan serve``, and the accounts it takes (``editplan users``)."""

from __future__ import annotations

from pathlib import Path

import click

from editplan.cli.base import PathType, main, workspace
from editplan.errors import InputError

ROLES = ("reader", "reviewer", "secretariat")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Any other than this machine's (127.0.0.1, ::1) "
              "needs --users.")  # fmt: skip
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port (0: a free one, printed).")  # fmt: skip
@click.option("--users", "users", type=PathType, default=None,
              help="The users file (accounts and roles; make it with 'editplan users add'). "
              "With it, every page needs signing in.")  # fmt: skip
def serve(host: str, port: int, users: Path | None) -> None:
    """Open the workspace as a desk in a browser: the plan at any version, who wrote every
    word, versions and their documents, the round's decisions, reviewers' copies and reports
    brought in, merge conflicts settled.

    It listens on this machine only unless --host says otherwise; every change it writes is
    a commit, under the signed-in user's name. Stop it with Ctrl-C.
    """
    from editplan.web.server import make_server

    ws = workspace()
    if ws.root is None:
        raise InputError(
            f"{ws.here} is not in a workspace (no editplan.toml, plans/ folder or git "
            "repository in it or above it): run 'editplan serve' inside one "
            "('editplan init --example DIR' makes one)"
        )
    served = make_server(ws.root, host=host, port=port, users=ws.path(users) if users else None)
    click.echo(f"editplan: the desk of {ws.root} is at {served.url} (Ctrl-C stops it)", err=True)
    click.echo(served.url)
    try:
        served.run()
    except KeyboardInterrupt:
        click.echo("editplan: stopped", err=True)


@main.group()
def users() -> None:
    """The accounts of the desk ('editplan serve --users FILE')."""


@users.command("add")
@click.argument("login")
@click.option("--users", "users_file", type=PathType, required=True,
              help="The users file (made if missing; keep it out of git).")  # fmt: skip
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="reader reads; reviewer also brings in copies and reports; secretariat "
              "also decides, applies and settles conflicts.")  # fmt: skip
@click.option("--name", required=True, help="The full name git records as author.")
@click.option("--email", default="", help="The email git records with the name.")
@click.password_option(help="The password (asked twice when not given; kept only hashed).")
def users_add(
    login: str, users_file: Path, role: str, name: str, email: str, password: str
) -> None:
    """Add LOGIN to the users file (or replace it): its role, name and password, which is
    written only as an Argon2id hash."""
    from editplan.web.accounts import add_user

    path = workspace().path(users_file)
    new = add_user(path, login, name=name, role=role, password=password, email=email)
    click.echo(f"{'Added' if new else 'Replaced'} {login} ({role}) in {path}")
