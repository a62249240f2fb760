"""Plans kept by their content, for a front end that serves many requests in one process.

A command reads a plan once and ends; the web front (``editplan serve``) reads the same plan
for every page, and a 20,000-element plan takes most of a second to parse. Inside
:func:`remembering`, plan files and plans read from git blobs are kept in a :class:`Memo`,
keyed by what they hold (a file's path and the SHA-256 of its bytes; a blob's id), never by
name or time: a file that changed is read again, and a hit is the very object parsed before.

A memo also holds, for as long as it lives, what a server keeps per file it serves
(:meth:`Memo.held`: the plan's history index, see :mod:`editplan.history.index`).

What the memo returns is shared between requests: the use cases read plans and never change
them in place (the applier works on a copy). Outside :func:`remembering` nothing is kept.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_current: ContextVar[Memo | None] = ContextVar("editplan_memo", default=None)


class Memo:
    """The last ``size`` things made, by content key; safe to share between threads, and made
    once when several threads ask for the same key at once (the others wait for it)."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._making: dict[Hashable, threading.Event] = {}
        self._held: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def keep(self, key: Hashable, make: Callable[[], T]) -> T:
        """What ``key`` names: kept from before, or made now by ``make`` and kept. While one
        thread makes it, another that asks for it waits and takes the same object (if making
        it failed, one of those waiting makes it, and meets the error itself)."""
        while True:
            with self._lock:
                if key in self._kept:
                    self._kept.move_to_end(key)
                    self.hits += 1
                    return self._kept[key]  # type: ignore[no-any-return]
                making = self._making.get(key)
                if making is None:
                    self._making[key] = threading.Event()
                    self.misses += 1
                    break
            making.wait()  # then it is kept, or its maker failed and one waiting makes it
        try:
            made = make()
            with self._lock:
                self._kept[key] = made
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        finally:
            with self._lock:
                done = self._making.pop(key, None)
            if done is not None:
                done.set()
        return made

    def held(self, key: Hashable, make: Callable[[], T]) -> T:
        """What ``key`` names, made by ``make`` once and kept as long as the memo, never
        pushed out by newer things: the few a server keeps per file it serves (a plan's history
        index, which guards itself)."""
        with self._lock:
            if key not in self._held:
                self._held[key] = make()
            return self._held[key]  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self._kept)


def current() -> Memo | None:
    """The memo in force here, or None (a command keeps nothing)."""
    return _current.get()


@contextmanager
def remembering(memo: Memo) -> Iterator[Memo]:
    """Keep the plans read inside the block in ``memo`` (and take them from it)."""
    token = _current.set(memo)
    try:
        yield memo
    finally:
        _current.reset(token)


def digest(data: bytes) -> str:
    """The content key of a file's bytes."""
    return hashlib.sha256(data).hexdigest()
