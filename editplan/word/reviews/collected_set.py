"""A collected document as a patch file: the set, checked against the central property.

The central property of ``collect``: applying the collected set to its base gives the plan
that accepting every revision and importing gives. :func:`build` checks it before anything is
written, and where a phrase operation does not reproduce an element's wording exactly, says the
element's whole new wording instead (a rephrase), so the set always applies exactly.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from editplan.core.applier import apply_set
from editplan.core.layout import CLOSING
from editplan.core.model import KINDS, Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import ApplyError, ConflictError
from editplan.store import yamlio
from editplan.word.reviews.amend import Collected, Found
from editplan.word.reviews.provenance import author_of, usable_date
from editplan.word.reviews.refusals import Unexpressed

__all__ = ["CollectedSet", "build", "shape"]


@dataclass
class CollectedSet:
    """One patch file made from a reviewed document: the set, and what the header says."""

    aset: AmendmentSet
    data: dict[str, Any]
    header: list[str]
    conflicts: list[str]

    def to_yaml(self) -> str:
        return yamlio.emit(self.data, {(): "\n".join(_wrap(line) for line in self.header)})


def shape(plan: Plan) -> list[Any]:
    """What the central property compares: goals, titles and item wordings in order (ids,
    version and metadata aside, since an imported plan has ids by position; spacing aside,
    since a space typed twice is no amendment)."""
    out: list[Any] = []
    for area in plan.areas:
        for unit in area.goals:
            heads = [(g.id, _spaced(g.title)) for g in getattr(unit, "goals", None) or [unit]]  # type: ignore[attr-defined]
            # the closing line is never an element (see amend.Builder._trace)
            items = [[_spaced(i.text) for i in unit.items(k) if i.text != CLOSING] for k in KINDS]
            out.append((area.id, heads, items))
    return out


def _spaced(text: str) -> str:
    """Wording with each run of spaces as one (spacing is not collected: see changes)."""
    return " ".join(text.split())


def build(
    collected: Collected,
    *,
    base: Plan,
    expected: Plan,
    header: dict[str, Any],
    listed: list[str],
) -> CollectedSet:
    """The patch file of ``collected`` against ``base``; ``expected`` is the plan that
    accepting every revision and importing gives, which the set must reproduce."""
    found = list(collected.found)
    for attempt in range(len(found) + 1):
        data = data_of(found, header)
        aset = validated(data, found)
        subset = checked(found)
        element = _check(validated(data_of(subset, header), subset), base, expected)
        if element is None:
            break
        element = _amended(element, subset)
        replaced = _as_rephrase(found, element, base, expected)
        if not replaced or attempt == len(found):
            raise Unexpressed(_what_differs(element, base, expected), element)
        found = replaced
    conflicts = _conflicts(found)
    lines = [
        f"Collected by 'editplan collect' from {header['source']['document']}: "
        f"{len(found)} amendment{'s' if len(found) != 1 else ''} against version "
        f"{header['base']}.",
        "Applying this set to its base gives the plan that accepting every tracked change "
        "and importing the document gives.",
    ]
    lines += [f"Note: {line}" for line in collected.notes]
    lines += [f"Not collected: {line}" for line in listed]
    lines += [f"Warning: {line}" for line in collected.warnings]
    lines += [f"Conflict: {line}" for line in conflicts]
    return CollectedSet(aset, data, lines, conflicts)


def data_of(found: list[Found], header: dict[str, Any]) -> dict[str, Any]:
    data = dict(header)
    amendments = []
    for n, f in enumerate(found, start=1):
        entry: dict[str, Any] = {"id": f"r{n}"}
        fields = dict(f.fields)
        entry.update(fields)
        author = f.author or author_of(f.revisions)
        if author and author != header["author"]:
            entry["author"] = author
        dates = sorted(d for r in f.revisions if (d := usable_date(r.date)))
        if dates:
            entry["date"] = dates[-1]
        notes = [entry.pop("note")] if "note" in entry else []
        notes += f.notes
        if notes:
            entry["note"] = "\n".join(notes)
        if not f.tracked:
            entry["tracked"] = False
        amendments.append(entry)
    data["amendments"] = amendments
    return data


def validated(data: dict[str, Any], found: list[Found]) -> AmendmentSet:
    try:
        return AmendmentSet.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        loc = first["loc"]
        index = loc[1] if len(loc) > 1 and loc[0] == "amendments" else None
        element = None
        if isinstance(index, int) and index < len(found):
            element = found[index].element
        raise Unexpressed(
            f"the collected set does not validate ({where}: {first['msg']}); the reviewed "
            "document holds a change editplan cannot express",
            element,
        ) from None


def _amended(element: str, subset: list[Found]) -> str:
    """The element an amendment id ("r2", as :func:`data_of` numbers them) changes; any other
    name as it is."""
    match = re.fullmatch(r"r([0-9]+)", element)
    if match and 0 < int(match[1]) <= len(subset):
        return subset[int(match[1]) - 1].element or element
    return element


def checked(found: list[Found]) -> list[Found]:
    """The amendments the central property is checked on: of two reviewers' conflicting
    proposals, the one the document shows with every change accepted (the later); a wording
    kept "as is" only where nothing else changes its element (it says the same)."""
    kept = [f for f in found if f.role != "superseded"]
    others = {f.element for f in kept if f.role is None}
    return [f for f in kept if f.role != "as is" or f.element not in others]


def _check(aset: AmendmentSet, base: Plan, expected: Plan) -> str | None:
    """None if the set reproduces ``expected``; else the element where it does not."""
    try:
        result = apply_set(aset, base)
    except (ConflictError, ApplyError) as exc:
        return exc.element_id or exc.amendment or ""
    if shape(result.plan) == shape(expected):
        return None
    return _first_difference(result.plan, expected)


def _first_difference(got: Plan, want: Plan) -> str:
    """The base id of the first element whose wording differs (by position), else the label
    of the first goal (or block) that differs: its titles, its lists, or its being there."""
    got_units, want_units = [u for _, u in got.units()], [u for _, u in want.units()]
    for u1, u2 in zip(got_units, want_units, strict=False):
        if list(u1.goal_ids) != list(u2.goal_ids):
            return u1.label
        for kind in KINDS:
            for i1, i2 in zip(u1.items(kind), u2.items(kind), strict=False):
                if _spaced(i1.text) != _spaced(i2.text):
                    return i1.id
            if len(u1.items(kind)) != len(u2.items(kind)):
                return u1.label
    if len(got_units) > len(want_units):
        return got_units[len(want_units)].label
    if len(want_units) > len(got_units):
        return f"goal:{want_units[len(got_units)].goal_ids[0]}"
    return ""


def _what_differs(element: str, base: Plan, expected: Plan) -> str:
    """Why the set cannot reproduce ``element``: a goal removed or added (no operation does
    that), else its reviewed wording."""
    unit = next((u for _, u in base.units() if u.label == element), None)
    if unit is not None and expected.unit_by_goal(unit.goal_ids[0]) is None:
        return f"{element} is not in the reviewed copy (a patch file cannot remove a goal)"
    return f"the collected amendments do not reproduce the reviewed wording of {element}"


def _as_rephrase(found: list[Found], element: str, base: Plan, expected: Plan) -> list[Found]:
    """Replace the phrase operations on ``element`` by one rephrase to its expected wording."""
    ops = [
        f
        for f in found
        if f.element == element and f.fields["op"] in _PHRASE_OPS and f.role is None
    ]
    if not ops:
        return []
    first = ops[0]
    wording = _expected_wording(first, ops)
    if wording is None:
        return []
    revisions = [r for f in ops for r in f.revisions]
    merged = Found(
        {"target": first.fields["target"], "op": "rephrase", "text": wording},
        first.order,
        revisions,
        element,
        first.span,
        all(f.tracked for f in ops),
        [n for f in ops for n in f.notes],
    )
    out = [f for f in found if f not in ops]
    out.append(merged)
    out.sort(key=lambda f: f.order)
    return out


_PHRASE_OPS = ("replace", "delete", "insert")


def _expected_wording(first: Found, ops: list[Found]) -> str | None:
    return first.wording


def _conflicts(found: list[Found]) -> list[str]:
    """Amendments by different authors that change the same words."""
    out: list[str] = []
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.element != b.element or a.span is None or b.span is None:
                continue
            if author_of(a.revisions) == author_of(b.revisions):
                continue
            if (
                a.span[0] <= b.span[1]
                and b.span[0] <= a.span[1]
                and "conflict" in " ".join(a.notes + b.notes)
            ):
                out.append(f"{a.fields['target']}: two reviewers changed the same words")
    return out


def default_header(
    *,
    set_id: str,
    document: str,
    plan_ref: str,
    base_label: str,
    found: list[Found],
) -> dict[str, Any]:
    """The set's header: id, title, source, author (the reviewers), date, plan and base."""
    authors = Counter(a for f in found if (a := f.author or author_of(f.revisions)))
    names = [name for name, _ in authors.most_common()] or ["Unknown reviewer"]
    author = names[0] if len(names) == 1 else ", ".join(sorted(names))
    dates = sorted(d for f in found for r in f.revisions if (d := usable_date(r.date)))
    day = dates[-1][:10] if dates else dt.date.today().isoformat()
    return {
        "id": set_id,
        "title": f"Changes proposed in {document}",
        "source": {"document": document},
        "author": author,
        "date": day,
        "plan": plan_ref,
        "base": base_label,
    }


def set_id_for(name: str) -> str:
    """A set id from a file name: 'LG14 review (Ana).docx' -> 'lg14-review-ana'."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    return slug or "collected"


def _wrap(text: str) -> str:
    text = re.sub(r"[\r\n\t]+", " ", text)
    return "\n".join(textwrap.wrap(text, 94, subsequent_indent="  ", break_on_hyphens=False))
