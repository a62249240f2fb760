"""The one error hierarchy of editplan.

Every failure a user can cause is an :class:`EditplanError`. The message is built here, in the
exception, and printed only by the CLI, which also maps the class to an exit code.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in a file something is: 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


class EditplanError(Exception):
    """Base of every error editplan reports to a user; carries its exit code.

    The message speaks in the plan's terms. ``option`` names the setting whose value is at
    fault, and ``remedy`` a setting that would resolve the error, both by their name in the
    Python API ("only", "exclude", "statuses", "tag", "out_dir", "paragraph", ...; for an
    interrupted application, the functions that end it: "continue_apply / abort_apply"): a
    front end (the CLI) adds its own name for them, such as a flag.

    ``others`` holds the further problems found in the same pass over the same input (a file
    with three errors raises the first, with the other two here); the message counts them,
    and :meth:`each` lists all of them, for a front end that shows every one.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        option: str | None = None,
        remedy: str | None = None,
    ) -> None:
        self.message = message
        self.location = location
        self.option = option
        self.remedy = remedy
        self.others: list[EditplanError] = []
        super().__init__(str(self))

    def __str__(self) -> str:
        text = self.message
        if self.others:
            count = len(self.others)
            text += f" (and {count} more problem{'s' if count > 1 else ''})"
        if self.location is None:
            return text
        return f"{self.location}: {text}"

    def each(self) -> list[EditplanError]:
        """This problem and every other one found with it, each on its own (none counting
        the others), in the order found."""
        return [self, *self.others] if not self.others else [_alone(self), *self.others]

    def with_others(self, others: list[EditplanError]) -> EditplanError:
        """This error, carrying ``others`` (see :attr:`others`); returned, to raise."""
        self.others = list(others)
        return self


class InputError(EditplanError):
    """Bad input: a malformed file, an unknown field, an impossible value. Exit code 2."""


class ConsistencyError(InputError):
    """Data that parses, each value valid, that does not hold together: a duplicate id, a goal
    outside its area. ``loc`` is the path of the bad value in the file's data (and ``first``
    that of the value it clashes with), so that the file layer can add line and column."""

    def __init__(
        self, message: str, loc: tuple[str | int, ...], first: tuple[str | int, ...] | None = None
    ) -> None:
        super().__init__(message)
        self.loc = loc
        self.first = first


class TargetError(InputError):
    """A reference such as ``Goal A.5, key area (4)`` that names nothing. Exit code 2."""


class ApplyError(EditplanError):
    """An amendment that cannot be applied: unresolvable target or phrase. Exit code 3.

    ``amendment`` and ``field`` say which amendment and which of its fields, so that the
    patch-file layer can add the line and column; ``element_id`` names the plan element, so
    that the history layer can name the commit that last changed it.
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        amendment: str | None = None,
        field: str | None = None,
        element_id: str | None = None,
        option: str | None = None,
        remedy: str | None = None,
    ) -> None:
        self.amendment = amendment
        self.field = field
        self.element_id = element_id
        super().__init__(message, location, option=option, remedy=remedy)


class ConflictError(ApplyError):
    """Two amendments that do not compose, or a set that does not fit its plan. Exit code 3."""


class OutputError(EditplanError):
    """An output that cannot be written (missing folder, no permission). Exit code 2."""


class HistoryError(EditplanError):
    """A git history problem: not a repository, unknown revision, rejected commit. Exit code 2."""


def _alone(error: EditplanError) -> EditplanError:
    """A copy of ``error`` without the others it carries."""
    import copy

    single = copy.copy(error)
    single.others = []
    return single


@contextmanager
def reading(where: Location, what: str = "a file") -> Iterator[None]:
    """Turn the operating system's refusals to open or read a file into one-line InputErrors:
    the one wording of "no such file" for every reader (plans, sets, reports, Word files)."""
    try:
        yield
    except FileNotFoundError:
        raise InputError("no such file", where) from None
    except IsADirectoryError:
        raise InputError(f"is a folder, not {what}", where) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", where) from None


def disk_advice(exc: OSError, folder: str | None = None) -> str:
    """What to fix first when the system refused a write (``exc``), as an imperative that a
    message can follow with "then ...": free space, make a folder writable, mount a file
    system read-write. ``folder`` names where it was refused, when known (else the error's
    own file name)."""
    where = folder or (str(exc.filename) if exc.filename else None)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        on = f"the disk that holds {where}" if where else "that disk"
        return f"free space on {on} first (it is full)"
    if exc.errno == errno.EROFS:
        return f"mount {where or 'that folder'} read-write first (its file system is read-only)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"make {where or 'that folder'} writable first (chmod u+w {where or 'FOLDER'}), or "
            "ask whoever owns it (you may not write there)"
        )
    return "fix that first"


def disk_advice_in(said: str) -> str | None:
    """:func:`disk_advice` for a refusal a program reported in words (git's "unable to create
    temporary file: No space left on device"); None when it names none."""
    import os

    lowered = said.lower()
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM):
        if os.strerror(code).lower() in lowered:
            return disk_advice(OSError(code, os.strerror(code)))
    if "out of diskspace" in lowered:  # git's own words for a write cut short
        return disk_advice(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    return None
