"""Numbers read from a document's attributes, parsed strictly and bounded.

A document is untrusted input: ``"²".isdigit()`` is true but ``int("²")`` fails, and a list
that starts at 10^12 would have its letters or roman numerals built one by one. Every number
editplan reads from WordprocessingML goes through :func:`decimal`, which takes only ASCII
digits (an optional minus sign where the caller allows it) within the caller's bounds.
"""

from __future__ import annotations

import re

_DECIMAL = re.compile(r"-?[0-9]{1,12}")

# Word's own limits: list levels 0-8, outline levels 0-9 (9 is body text), 63 table columns,
# and list numbers up to 32767 (the largest "Start at" Word offers).
MAX_LEVEL = 8
MAX_OUTLINE = 9
MAX_SPAN = 63
MAX_LIST_NUMBER = 32767


def decimal(text: str | None, *, low: int = 0, high: int) -> int | None:
    """The integer ``text`` spells in ASCII digits if it lies in ``low..high``; else None."""
    if text is None or not _DECIMAL.fullmatch(text.strip()):
        return None
    value = int(text.strip())
    return value if low <= value <= high else None
