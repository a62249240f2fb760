"""How messages show paths: relative to where the user stands, or whole.

The front end says where the user stands (:func:`paths_shown_from`: the command line gives its
current folder); below it, nothing reads the process's current folder. Outside such a block,
every path is shown whole, so that a program calling the API from anywhere gets true paths.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

MARKERS = ("plans", "editplan.toml", ".git")  # what makes a folder a workspace

_shown_from: ContextVar[Path | None] = ContextVar("shown_from", default=None)


@contextmanager
def paths_shown_from(folder: Path | None) -> Iterator[None]:
    """Show paths in messages relative to ``folder`` (absolute: where the user stands; the
    command line says its current folder) while inside; outside, every path is shown whole."""
    token = _shown_from.set(folder)
    try:
        yield
    finally:
        _shown_from.reset(token)


def display(path: Path) -> str:
    """A path as messages show it: relative to the folder :func:`paths_shown_from` names when
    it is inside that folder's workspace (``../plans/x.yaml`` from ``amendments/``), else
    whole."""
    folder = _shown_from.get()
    if folder is None or not path.is_absolute():
        return str(path)
    try:
        path.relative_to(folder)
    except ValueError:
        if not _same_top(folder, path):
            return str(path)
    return os.path.relpath(path, folder)


def _same_top(folder: Path, path: Path) -> bool:
    """Whether a path outside ``folder`` is near enough to show relative to it: in the same
    workspace (a common folder holding plans/, editplan.toml or .git)."""
    common = Path(os.path.commonpath([folder, path]))
    if common == Path(common.anchor):
        return False
    return any(
        (above / marker).exists()
        for above in (common, *common.parents)
        if above != Path(above.anchor)
        for marker in MARKERS
    )


