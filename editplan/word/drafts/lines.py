"""What one line of a Word draft says: an area, goal or block heading, a list sub-heading, metadata.

These are the line patterns both layouts (headings and tables) recognise; which layout a line is
in, and what it means there, is decided by :mod:`editplan.word.drafts.headings` and
:mod:`editplan.word.drafts.tables`. The goal-list grammar ("Goals A.6, 7 and 8") is the one of
:mod:`editplan.core.reference`.
"""

from __future__ import annotations

import re

from editplan.core.model import Kind
from editplan.core.reference import GOAL_RANGE_LIST, goal_list

SUPPORTED_LAYOUTS = (
    "editplan import reads two layouts: (1) headings: 'A. Area title', then 'Goal A.1: title' "
    "(or 'Goals A.6, A.7 and A.8' followed by one 'Goal A.6: title' line per goal), then "
    "'Key areas' and 'Activities' headings over items numbered (1), (i), 1., (a) or by Word's "
    "list numbering; (2) a table with one row per goal: a column with 'Goal A.1: title', a "
    "column of key areas and a column of activities (a header row 'Goal | Key areas | "
    "Activities' is recognised and skipped)"
)

_SEP = r"(?:\s*[:.\u2013\u2014-]\s*)"
GOAL = re.compile(rf"^Goal\s+(?:([A-Z])\.)?([1-9][0-9]*)(?:{_SEP}(.*)|\s*)$", re.S)
"""A goal heading: "Goal A.1: title", "Goal 1 - title", "Goal A.1" (then the title follows)."""
GOAL_LOOSE = re.compile(
    r"^(?:Goal\s+)?(?:([A-Z])\.)([1-9][0-9]*)\.?(?:\s*[:\u2013\u2014-]?\s+(.*)|\s*)$", re.S
)
"""A goal heading without the word "Goal" ("A.1 title"), trusted only in headings and cells."""
BLOCK = re.compile(rf"^Goals\s+({GOAL_RANGE_LIST})(?:{_SEP}(.*)|\s*)$", re.S)
"""A block heading: "Goals A.6, A.7 and A.8", "Goals A.6-8"; group 1 is the goal list."""
AREA = re.compile(r"^(?:Area\s+)?([A-Z])(?:\s*[.:)\u2013\u2014-]\s*(.*)|\s*)$", re.S)
"""An area-like heading ("A. title"), an area only when a goal of that letter follows."""
AREA_NAMED = re.compile(r"^Area\s+([A-Z])(?:\s*[.:)\u2013\u2014-]\s*(.*)|\s*)$", re.S)
"""An area heading that says so: "Area A: title"."""
_HYPHEN = r"[-\u2010\u2011 ]"
_KEY_AREAS = re.compile(
    rf"^key\s+(?:capacity{_HYPHEN}building\s+)?areas?"
    rf"(?:\s+(?:for|of)\s+capacity{_HYPHEN}building)?\s*:?$",
    re.I,
)
_ACTIVITIES = re.compile(
    rf"^(?:(?:capacity{_HYPHEN}building|proposed|key|planned|indicative)\s+)?activities\s*:?$",
    re.I,
)
VERSION = re.compile(r"^Version\s*:\s*(.+)$", re.I | re.S)
SOURCE = re.compile(r"^Source\s*:\s*(.+)$", re.I | re.S)
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")


def one_line(text: str) -> str:
    """One line of text: tabs and line breaks become spaces, edges are trimmed."""
    return _BREAKS.sub(" ", text).strip()


def subheading(text: str) -> Kind | None:
    """The item kind a list sub-heading ("Key areas", "Activities") announces, or None."""
    if len(text) > 80:
        return None
    if _KEY_AREAS.match(text):
        return "key_area"
    if _ACTIVITIES.match(text):
        return "activity"
    return None


def block_goals(text: str) -> list[str] | None:
    """Goal ids of "A.6, A.7 and A.8", "A.6, 7 and 8" or "A.6-A.8" (a :data:`BLOCK` heading's
    list); None if their letters differ, since a block's goals share one area."""
    ids = goal_list(text)
    if len({goal_id.split(".")[0] for goal_id in ids}) != 1:
        return None
    return list(ids)


def names_goal(text: str) -> bool:
    """Whether a line is a goal or block heading (in any of the forms above)."""
    return bool(GOAL.match(text) or BLOCK.match(text) or GOAL_LOOSE.match(text))
