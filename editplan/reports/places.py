"""Places listed first and one change after the last of them, made in each: a council's record
("1. To Goal A.2, key area (1)" ... "4. To Goal B.4, activity (iv) to delete references to X and
replace those with Y."). Each place becomes an item with that change; a sentence after the
change that names an element of its own is an item of its own; places with no change after
them are left as they are (each an instruction)."""

from __future__ import annotations

import re
from dataclasses import replace

from editplan.reports import lists, segment

__all__ = ["shared"]

# "1. To Goal A.2, key area (1)" ... "4. To Goal B.4, activity (iv) to delete references to X and
# replace those with Y.": the places are listed first, and the one change after the last of
# them is made in each.
_PLACE = re.compile(r"^\s*to\s+(?P<ref>goals?\s+[^–—]+?)\s*(?:[–—-]\s+[^.;:]*)?\s*$", re.IGNORECASE)
_LAST_PLACE = re.compile(
    r"^\s*to\s+(?P<ref>goals?\s+.+?)\s+(?P<change>to\s+(?:delete|remove|omit|replace|substitute|"
    r"insert|add|amend|change)\b.+?)(?:[.;]\s+(?P<rest>[A-Z].*)|\s*[.;]?)$",
    re.IGNORECASE,
)


def shared(items: list[segment.Item]) -> list[segment.Item]:
    """Items that list places and then one change for all of them, each given that change; a
    sentence after the change that names an element of its own is an item of its own."""
    out: list[segment.Item] = []
    run: list[tuple[segment.Item, str]] = []  # the places so far, each with the element it names
    for item in items:
        m = _PLACE.match(item.text)
        if m is not None and lists.heading(m["ref"]):
            run.append((item, m["ref"]))  # its title after a dash ("– Training ...") is left out
            continue
        last = _LAST_PLACE.match(item.text)
        if run and last is not None and lists.heading(last["ref"]):
            for place, ref in run:
                out.append(replace(place, text=f"To {ref} {last['change']}"))
            out.append(replace(item, text=f"To {last['ref']} {last['change']}"))
            if last["rest"] and lists.names(last["rest"]):
                out.append(replace(item, label=f"{item.label}b", text=last["rest"]))
            run = []
            continue
        out += [*(place for place, _ in run), item]
        run = []
    return out + [place for place, _ in run]
