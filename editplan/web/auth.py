"""Signing in and out, and who may do what.

With a users file, every page needs a signed-in user (the session is a signed cookie that
holds only the login); without one (the desk listens on this machine only), the person at the
machine is the secretariat and git's own identity writes. Roles: a reader reads, a reviewer
also brings in copies and reports, the secretariat also decides, applies, drafts and settles.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session
from flask.typing import ResponseReturnValue

from editplan.web.accounts import Accounts, User

F = TypeVar("F", bound=Callable[..., Any])
LOCAL = User("local", "You (on this machine)", "secretariat")

bp = Blueprint("auth", __name__)


def accounts() -> Accounts | None:
    found: Accounts | None = current_app.config["EDITPLAN_ACCOUNTS"]
    return found


def load_user() -> None:
    """Find the signed-in user for this request (``g.user``), or send them to sign in."""
    known = accounts()
    if known is None:
        g.user = LOCAL
        return None
    login = session.get("login")
    g.user = known.users.get(login) if isinstance(login, str) else None
    if g.user is None and request.endpoint not in ("auth.login", "static"):
        return redirect(f"/login?next={_local_path(request.full_path)}")  # type: ignore[return-value]
    return None


def author() -> str | None:
    """The git author of what the signed-in user writes (None: git's identity, on this
    machine without accounts)."""
    user: User = g.user
    return None if user is LOCAL else user.author


def require(role: str) -> Callable[[F], F]:
    """Refuse the view (403) to a user whose role does not include ``role``."""

    def wrap(view: F) -> F:
        @functools.wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not g.user.may(role):
                abort(403, description=f"this needs the {role} role; you are a {g.user.role}")
            return view(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return wrap


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    known = accounts()
    if known is None:
        return redirect("/")
    wanted = _local_path(request.values.get("next", "/"))
    problem = None
    if request.method == "POST":
        user = known.check(request.form.get("login", ""), request.form.get("password", ""))
        if user is not None:
            session.clear()
            session["login"] = user.login
            return redirect(wanted)
        problem = "That login and password do not match."
    return render_template("login.html", problem=problem, next=wanted), 401 if problem else 200


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    session.clear()
    return redirect("/login" if accounts() is not None else "/")


def _local_path(value: str) -> str:
    """A place on this desk to go back to: a path of this site, never another site's."""
    value = value.rstrip("?")
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value
