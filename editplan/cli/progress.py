"""A progress bar on the terminal for long runs: what is being done, and how far along.

Drawn on stderr, only when stderr is a terminal, only once a run has taken more than
:data:`AFTER` seconds (a quick run shows nothing), and never with ``--quiet`` or
``--format json``: piped and machine-read output stays clean. The line is erased when the
run ends, so what the command prints afterwards is what stays.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

AFTER = 1.0  # seconds before anything is drawn
WIDTH = 20  # characters of the bar


class ProgressBar:
    """Told each step as it starts (``bar(label, number, total)``); redraws every tenth of a
    second from a background thread so that the elapsed time moves during a long step."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and _is_terminal(self.stream)
        self.started = time.monotonic()
        self.step = ("starting", 0, 1)
        self.drawn = False
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def __call__(self, label: str, number: int, total: int) -> None:
        with self._lock:
            self.step = (label, number, max(total, number))
        self._draw()

    def __enter__(self) -> ProgressBar:
        if self.enabled:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(0.1):
            self._draw()

    def _draw(self) -> None:
        elapsed = time.monotonic() - self.started
        if not self.enabled or elapsed < AFTER or self._stop.is_set():
            return
        with self._lock:
            label, number, total = self.step
            done = WIDTH * max(number - 1, 0) // max(total, 1)
            bar = "#" * done + "-" * (WIDTH - done)
            self.stream.write(f"\r\x1b[Keditplan: [{bar}] {number}/{total} {label}... "
                              f"{elapsed:.1f} s")  # fmt: skip
            self.stream.flush()
            self.drawn = True


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
