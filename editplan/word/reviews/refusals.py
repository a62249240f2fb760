"""What collect cannot express in a patch file, and where in the document it is.

A change collect cannot say as an amendment (a goal the base does not have, a wording no
operation reproduces, markup whose readings cannot be followed) is refused alone: its
paragraphs' tracked changes are rejected and the rest of the copy is collected, the refusal
named with its paragraphs. :class:`Unexpressed` carries the element it is about, or the
stream paragraphs, up to the use case that retries.
"""

from __future__ import annotations

from editplan.errors import InputError, Location


class Unexpressed(InputError):
    """A change collect cannot express: the element it is about (a base id, "goal:A.1" or a
    unit's label) or the stream paragraphs that hold it (0-based, in the walker's order)."""

    def __init__(
        self,
        message: str,
        element: str | None = None,
        *,
        paragraphs: tuple[int, ...] = (),
        location: Location | None = None,
    ) -> None:
        super().__init__(message, location)
        self.element = element
        self.paragraphs = paragraphs
