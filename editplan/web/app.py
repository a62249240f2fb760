"""The web application: Flask, with the desk's pages, its safety rules and its error pages.

Every response carries a content security policy that lets no script run and loads nothing
from elsewhere; every form that writes carries a CSRF token (Flask-WTF's CSRFProtect refuses
any POST without a valid one); the session is a signed, HTTP-only, same-site cookie; uploads
are refused above a size limit before they are read. An :class:`EditplanError` is shown on a
page with its message and nothing written; anything else is a bug, whose traceback is kept in
a file and not shown.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, Response, g, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from editplan.bugs import keep_traceback
from editplan.errors import ApplyError, EditplanError, HistoryError
from editplan.web import auth
from editplan.web.accounts import Accounts
from editplan.web.desk import Desk, Stale

UPLOAD_LIMIT = 20 * 1024 * 1024  # a reviewed copy of a 20,000-element plan is about 3 MB

# No script, no plugin, nothing from elsewhere; styles from this site's own file.
POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)
# A page editplan generated (a compilation, a tracked comparison) shown in a frame: its own
# inline styles, and a sandbox (no script, no form, no navigation of the desk).
GENERATED_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"


def create_app(
    desk: Desk,
    accounts: Accounts | None,
    *,
    trusted_hosts: list[str] | None = None,
    upload_limit: int = UPLOAD_LIMIT,
) -> Flask:
    """The desk's application over ``desk``; with ``accounts``, signing in is required.
    ``trusted_hosts``: the Host headers answered (on this machine only: its own names, so
    that no other site's page can reach the desk through a name it controls)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # sessions end when the server stops
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        MAX_CONTENT_LENGTH=upload_limit,
        WTF_CSRF_TIME_LIMIT=None,  # a page left open through a meeting still works
        TRUSTED_HOSTS=trusted_hosts,
        EDITPLAN_ACCOUNTS=accounts,
        EDITPLAN_DESK=desk,
        TEMPLATES_AUTO_RELOAD=False,
    )
    CSRFProtect(app)
    app.before_request(auth.load_user)
    app.after_request(_headers)
    app.context_processor(_context)
    _errors(app)
    from editplan.web.pages import intake, plan, round, team, versions

    for blueprint in (auth.bp, plan.bp, versions.bp, round.bp, intake.bp, team.bp):
        app.register_blueprint(blueprint)
    return app


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _context() -> dict[str, Any]:
    from editplan.web.pages import common

    return {"user": g.get("user"), "banner": common.banner(), "accounts_on": auth.accounts()}


def _errors(app: Flask) -> None:
    @app.errorhandler(EditplanError)
    def refused(exc: EditplanError) -> tuple[str, int]:
        status = 409 if isinstance(exc, Stale | ApplyError | HistoryError) else 400
        return _error_page(str(exc), status, stale=isinstance(exc, Stale)), status

    @app.errorhandler(CSRFError)
    def forged(exc: CSRFError) -> tuple[str, int]:
        text = (
            "This form was refused: it did not come from a page of this desk, or its page was "
            f"made before you signed in again ({exc.description}). Nothing was written."
        )
        return _error_page(text, 400), 400

    @app.errorhandler(HTTPException)
    def http(exc: HTTPException) -> tuple[str, int]:
        texts = {
            413: f"The file is larger than this desk takes ({app.config['MAX_CONTENT_LENGTH'] // 2**20} MB). Nothing was read.",  # noqa: E501
            404: "There is no such page on this desk.",
        }
        text = texts.get(exc.code or 0, exc.description or exc.name)
        return _error_page(text, exc.code or 500), exc.code or 500

    @app.errorhandler(Exception)
    def bug(exc: Exception) -> tuple[str, int]:
        where = keep_traceback(exc, f"{request.method} {request.path}") + " on the server"
        text = (
            f"This is a bug in editplan, not a problem with your files ({type(exc).__name__}); "
            f"{where}. Please report it with that file."
        )
        return _error_page(text, 500), 500


def _error_page(text: str, status: int, *, stale: bool = False) -> str:
    if "user" not in g:  # refused before the user was known (a too-large upload, say)
        g.user = None
    return render_template("error.html", text=text, status=status, stale=stale)
