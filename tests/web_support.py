"""The desk under test: the real server (waitress, in a thread, on a free loopback port) over
a real workspace, and a client that uses it as a browser does (a session cookie, the CSRF
token of the page it submits, multipart uploads). Shared by the tests of ``editplan.web``.
"""

from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from editplan import api
from editplan.web.accounts import add_user
from editplan.web.server import Served, make_server

PASSWORD = "correct horse battery"
PEOPLE = {  # login -> (name, role)
    "ana": ("Ana Officer", "secretariat"),
    "rui": ("Rui Reviewer", "reviewer"),
    "rea": ("Rea Reader", "reader"),
}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def git(cwd: Path, *args: str, check: bool = True) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=check, capture_output=True, text=True
    ).stdout


def make_workspace(folder: Path) -> Path:
    """An example workspace (``editplan init --example``)."""
    api.init(folder, example=True).close()
    return folder


def make_users(path: Path) -> Path:
    """A users file with one secretariat, one reviewer and one reader (password PASSWORD)."""
    for login, (name, role) in PEOPLE.items():
        add_user(path, login, name=name, role=role, password=PASSWORD,
                 email=f"{login}@example.org")  # fmt: skip
    return path


@contextmanager
def serving(root: Path, **options: Any) -> Iterator[Served]:
    """The real server over ``root`` on a free port of 127.0.0.1, in a thread, stopped after."""
    served = make_server(root, port=0, **options)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.close()
        thread.join(timeout=10)


class Client:
    """One browser: a session with its cookie, that sends each form with its page's token."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.http = requests.Session()

    def get(self, path: str, **options: Any) -> requests.Response:
        return self.http.get(self.url + path, timeout=60, **options)

    def token(self, path: str) -> str:
        """The CSRF token of a page's forms."""
        page = self.get(path)
        found = TOKEN.search(page.text)
        assert found is not None, f"no form on {path}: {page.status_code} {page.text[:300]}"
        return found.group(1)

    def post(
        self, path: str, data: dict[str, str] | None = None, *, page: str | None = None,
        files: dict[str, Any] | None = None, csrf: bool = True,
    ) -> requests.Response:  # fmt: skip
        """Send a form as the page ``page`` (default: the one it is posted to) would."""
        sent = dict(data or {})
        if csrf:
            sent["csrf_token"] = self.token(page or "/plan")
        return self.http.post(self.url + path, data=sent, files=files, timeout=120,
                              allow_redirects=True)  # fmt: skip

    def login(self, login: str, password: str = PASSWORD) -> requests.Response:
        return self.post("/login", {"login": login, "password": password}, page="/login")


def form_values(html: str, form_id: str | None = None, **match: str) -> dict[str, str]:
    """The hidden fields of the first form on a page whose hidden fields include ``match``."""
    for form in re.findall(r"<form[^>]*>(.*?)</form>", html, re.S):
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        if all(fields.get(k) == v for k, v in match.items()):
            return {k: _unescape(v) for k, v in fields.items()}
    raise AssertionError(f"no form with {match}")


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def head_author(root: Path) -> str:
    return git(root, "log", "-1", "--format=%an <%ae>").strip()
