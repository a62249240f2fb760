"""The workspace as the web front holds it between requests.

One :class:`Desk` per server: the workspace's root, one opened ``Workspace`` per server thread
(git's blob reader is a process per repository object, not to be shared between threads), the
memo of parsed plans that all threads share, the one lock every write takes, what pages keep
between requests (keyed by the workspace's snapshot, so never stale), and the uploads waiting
to be saved.

Writes are checked against what the page showed: each form names a token of the state it was
made from (the plan file's content, a proposal's decision, the round's files); under the write
lock the token is made again from the workspace as it is, and a difference refuses the write
(:class:`Stale`), so that a second writer never overwrites a change unseen.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from editplan import api
from editplan.errors import EditplanError

T = TypeVar("T")
UPLOADS_KEPT = 50


class Stale(EditplanError):
    """A form made from a state that has changed since: nothing was written. Exit code 3."""

    exit_code = 3


@dataclass(frozen=True)
class Upload:
    """A file a user sent, waiting to be seen and saved: where the server keeps it, what it
    is (a reviewer's copy or a report), the name it came with, and the plan it was read with."""

    token: str
    path: Path
    kind: str  # "copy" or "report"
    name: str
    owner: str
    plan_token: str
    paragraph: int | None = None


def digest(*parts: object) -> str:
    """A short token of some values (the state a form was made from)."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Desk:
    """The workspace behind the pages: per-thread workspaces, shared memo, the write lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.memo = api.Memo(8)
        self.kept = api.Memo(64)
        self.lock = threading.Lock()
        self._local = threading.local()
        self._opened: list[api.Workspace] = []
        self._opened_lock = threading.Lock()
        self._small = threading.Lock()  # the uploads' and reports' lists
        self.uploads: OrderedDict[str, Upload] = OrderedDict()
        self.reports: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.upload_dir = Path(tempfile.mkdtemp(prefix="editplan-uploads-"))

    # --- reading and writing -------------------------------------------------------------

    def workspace(self) -> api.Workspace:
        """This thread's workspace, opened on first use."""
        ws = getattr(self._local, "ws", None)
        if ws is None:
            ws = api.Workspace.open(self.root)
            self._local.ws = ws
            with self._opened_lock:
                self._opened.append(ws)
        return ws

    @contextmanager
    def reading(self) -> Iterator[api.Workspace]:
        """The workspace, with plans taken from the memo and paths shown from the root."""
        with api.remembering(self.memo), api.paths_shown_from(self.root):
            yield self.workspace()

    @contextmanager
    def writing(self) -> Iterator[api.Workspace]:
        """The workspace under the write lock: one write at a time in this server."""
        with self.lock, self.reading() as ws:
            yield ws

    def snapshot(self, ws: api.Workspace) -> api.Snapshot:
        return api.snapshot(ws)

    def keep(self, snap: api.Snapshot, what: str, make: Callable[[], T], *args: object) -> T:
        """What ``make`` gives for this snapshot, made once while the workspace holds it."""
        return self.kept.keep((snap.key, what, *args), make)

    # --- what forms name -------------------------------------------------------------------

    def set_path(self, ws: api.Workspace, name: str) -> Path:
        """The patch file a form names by its place in the workspace ("amendments/x.yaml"):
        one of the workspace's own, never a path built from the request."""
        for path in ws.sets():
            if path.relative_to(self.root).as_posix() == name:
                return path
        raise EditplanError(f"the workspace has no patch file {name!r}")

    def set_names(self, ws: api.Workspace) -> list[str]:
        return [p.relative_to(self.root).as_posix() for p in ws.sets()]

    @staticmethod
    def plan_token(snap: api.Snapshot) -> str:
        return digest("plan", snap.plan)

    @staticmethod
    def round_token(snap: api.Snapshot) -> str:
        return digest("round", snap.plan, *sorted(snap.sets.items()))

    def proposal_now(self, ws: api.Workspace, set_name: str, amendment_id: str) -> Any:
        """One amendment as its patch file holds it now."""
        aset = api.load_set(self.set_path(ws, set_name))
        for amendment in aset.amendments:
            if amendment.id == amendment_id:
                return amendment
        raise EditplanError(f"set {aset.id} has no amendment {amendment_id}")

    @staticmethod
    def proposal_token(set_name: str, amendment: Any) -> str:
        """The state of one proposal: its status and decision as its patch file holds them."""
        decision = amendment.decision.model_dump() if amendment.decision else None
        return digest("proposal", set_name, amendment.id, amendment.status, decision)

    # --- uploads ---------------------------------------------------------------------------

    def keep_upload(self, data: bytes, name: str, **fields: Any) -> Upload:
        """Keep an uploaded file under a name of the server's choosing (the sender's name is
        kept only to show, with every character but letters, digits, '.', '-' and '_'
        dropped), in the server's own temporary folder."""
        token = secrets.token_urlsafe(16)
        folder = self.upload_dir / token
        folder.mkdir()
        path = folder / _safe_name(name)
        path.write_bytes(data)
        upload = Upload(token=token, path=path, name=path.name, **fields)
        with self._small:
            self.uploads[token] = upload
            while len(self.uploads) > UPLOADS_KEPT:
                _, old = self.uploads.popitem(last=False)
                shutil.rmtree(old.path.parent, ignore_errors=True)
        return upload

    def upload(self, token: str, owner: str) -> Upload:
        found = self.uploads.get(token)
        if found is None or found.owner != owner:
            raise EditplanError(
                "this upload is no longer kept (the server keeps the last "
                f"{UPLOADS_KEPT}, and forgets them when it stops): send the file again"
            )
        return found

    def forget_upload(self, token: str) -> None:
        with self._small:
            found = self.uploads.pop(token, None)
        if found is not None:
            shutil.rmtree(found.path.parent, ignore_errors=True)

    # --- reports of writes, for the page after them -----------------------------------------

    def leave(self, report: dict[str, Any]) -> str:
        """Keep a write's report (too long for a cookie) for the page after it; its key."""
        key = secrets.token_urlsafe(12)
        with self._small:
            self.reports[key] = report
            while len(self.reports) > UPLOADS_KEPT:
                self.reports.popitem(last=False)
        return key

    def take(self, key: str) -> dict[str, Any] | None:
        with self._small:
            return self.reports.pop(key, None)

    def close(self) -> None:
        with self._opened_lock:
            for ws in self._opened:
                ws.close()
            self._opened.clear()
        shutil.rmtree(self.upload_dir, ignore_errors=True)


def _safe_name(name: str) -> str:
    """A file name to keep an upload under: the sender's, stripped of any folder and of every
    character that could mean something to a file system."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if c.isascii() and (c.isalnum() or c in "._-")).lstrip(".")
    return kept[:80] or "upload"
