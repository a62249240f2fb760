"""What a workspace holds at one moment, cheaply: the version a page was made from.

A front end that shows the plan to several people (the web front) names, in each form, the
state it showed; before it writes, it takes a new snapshot and refuses when what the form
would change has changed since, so that no one's change is overwritten unseen. A snapshot is
also the key of what such a front end keeps between requests. Each part is a content hash
(the bytes of the plan file and of each patch file) or git's own (HEAD), never a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from editplan.errors import EditplanError
from editplan.store import files
from editplan.store.memo import digest
from editplan.usecases import recovery
from editplan.usecases.workspace import Workspace


@dataclass(frozen=True)
class Snapshot:
    """The workspace now: HEAD, the plan file's and each patch file's content hash, and an
    interrupted application (what it did and how to end it), if there is one."""

    head: str | None
    plan_path: Path | None
    plan: str | None
    sets: dict[str, str] = field(default_factory=dict)  # path in the workspace -> hash
    interrupted: str | None = None

    @property
    def key(self) -> str:
        """One hash of the whole snapshot (what a cache of derived pages is keyed by)."""
        parts = [self.head or "", self.plan or "", self.interrupted or ""]
        parts += [f"{name}={value}" for name, value in sorted(self.sets.items())]
        return digest("\n".join(parts).encode())[:20]


def snapshot(ws: Workspace) -> Snapshot:
    """The workspace's snapshot: its plan (None when it has none to take), the patch files in
    amendments/, HEAD (None outside git or before the first commit), and an interrupted
    application."""
    try:
        plan_path = ws.find_plan()
    except EditplanError:  # several plans and none chosen: the pages say so
        plan_path = None
    plan = _hash(plan_path) if plan_path is not None else None
    root = ws.root or ws.here
    sets = {p.relative_to(root).as_posix(): _hash(p) for p in ws.sets()}
    repo = ws.repo
    head = repo.resolve("HEAD") if repo is not None else None
    interrupted = None
    try:
        recovery.check_no_application(ws)
    except EditplanError as exc:
        interrupted = exc.message
    return Snapshot(head, plan_path, plan, sets, interrupted)


def _hash(path: Path) -> str:
    try:
        return digest(files.read_bytes(path))[:20]
    except EditplanError:  # gone or unreadable since it was listed
        return "unreadable"
