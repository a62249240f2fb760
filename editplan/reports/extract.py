"""Turn the labelled items of a report's paragraph into a patch file.

``extract`` is pure: it segments the report (``segment``), reads each item (``items``: its
layout, target, words, and with a plan the evidence of the target's text), and reads the
header (``header``). Every labelled item is accounted for: it becomes an operation, or an
instruction with its quote, the reason and, where a reading came close, a candidate; the
closing count is checked against the labels seen. ``read_report`` (in ``reading``) is the I/O.
"""

from __future__ import annotations

import re

from editplan.core.model import Plan
from editplan.errors import InputError, Location
from editplan.reports import lists, places, segment, strays, versions
from editplan.reports.extraction import UNKNOWN_PLAN_PATH, ExtractedItem, Extraction
from editplan.reports.header import header, ordinal_number
from editplan.reports.items import parse_item, read_item
from editplan.reports.reading import read_report

__all__ = [
    "UNKNOWN_PLAN_PATH", "ExtractedItem", "Extraction", "extract", "ordinal_number", "parse_item",
    "read_report",
]  # fmt: skip


# --- the pure core ----------------------------------------------------------------------------


def extract(
    text: str,
    *,
    paragraph: int | None = None,
    plan: Plan | None = None,
    source_name: str = "report",
    plan_path: str = UNKNOWN_PLAN_PATH,
) -> Extraction:
    """Read paragraph ``paragraph`` (or every amending paragraph) of a report into a set."""
    lines = versions.settle(segment.prepare(text))
    paras = segment.paragraphs(lines)
    where = Location(source_name)
    if not paras and paragraph is not None:
        raise InputError(
            f"paragraph {paragraph} not found: the report has no numbered paragraphs (lines "
            "starting '1.', '2.', ...); extract it without naming a paragraph to read it whole",
            where,
            remedy="paragraph",
        )
    labelled = [(p, seg) for p in paras if (seg := _items(p, lines)).items]
    if paragraph is not None:
        para = next((p for p in paras if p.number == paragraph), None)
        if para is None:
            raise InputError(
                f"paragraph {paragraph} not found; the report has numbered paragraphs "
                f"{paras[0].number} to {paras[-1].number}",
                where,
            )
        seg = _items(para, lines)
        if not seg.items:
            others = ", ".join(str(p.number) for p, _ in labelled) or "none"
            empty = "is empty" if not para.text.strip() else "has no labelled items"
            raise InputError(
                f"paragraph {paragraph} {empty} ((a), (b), ... or (i), (1), 1. at the start of "
                f"a line); paragraphs with labelled items: {others}",
                Location(source_name, para.line + 1),
            )
        chosen = [(para, seg)]
    else:
        chosen = [(p, seg) for p, seg in labelled if _is_amending(seg)]
        whole = segment.Paragraph(0, 0, list(enumerate(lines)))
        seg = segment.items(whole)
        if (not chosen or lists.numbered_under_headings(lines)
                or _numbered_changes(paras, chosen, seg)) and _is_amending(seg):  # fmt: skip
            # changes and fates told outside the list, in the report's order
            seg.items = sorted(seg.items + strays.strays(lines, seg.items), key=lambda i: i.line)
            chosen = [(whole, seg)]  # a report whose changes are not in numbered paragraphs
        elif not chosen and (told := strays.strays(lines, [])):
            chosen = [(whole, segment.Segmented(told))]  # changes told only in sentences
        if not chosen:
            raise InputError(
                "no paragraph has labelled items that name a goal and say what should be done "
                "(such as '(a) Goal A.1, key area (2) should be rephrased as follows: ...'); "
                "name the paragraph to read",
                where,
                remedy="paragraph",
            )
    extracted: list[ExtractedItem] = []
    problems: list[str] = []
    labels = 0
    for para, seg in chosen:
        problems += [f"paragraph {para.number}, {p}" for p in seg.problems]
        items = places.shared(seg.items)
        labels += len(items)
        for item in items:
            extracted.append(read_item(para, item, plan))
    extracted = [_unplaced(item, [*reversed(extracted[:k]), *extracted[k + 1 :]])
                 for k, item in enumerate(extracted)]  # fmt: skip
    if len(extracted) != labels or any(len(i.amendments) == 0 and i.notes == [] for i in extracted):
        raise AssertionError("an item was lost between segmenting and reading")
    if all(not i.amendments for i in extracted):
        numbers = ", ".join(str(p.number) for p, _ in chosen if p.number)
        what = f"paragraph {numbers}" if numbers else "the report"
        raise InputError(
            f"none of the labelled items of {what} names a goal, key area or "
            "activity (such as 'Goal A.1, key area (2)'); there is nothing to extract",
            where,
        )
    numbers = [p.number for p, _ in chosen if p.number]
    head = header(lines, paras, numbers, plan, plan_path, source_name)
    return Extraction(
        source_name=source_name,
        paragraphs=numbers,
        header=head.values,
        review=head.review,
        comments=head.comments,
        items=extracted,
        plan_version=plan.version if plan is not None else None,
        problems=problems,
        labels=labels,
    )


_RENUMBER = re.compile(r"^\s*(?:and\s+)?(?:renumber|reletter|re-?number|re-?letter)", re.I)
_CONFORM = re.compile(r"\b(?:to\s+conform|conforming|consequential(?:ly)?|accordingly)\b", re.I)


def _unplaced(item: ExtractedItem, nearest: list[ExtractedItem]) -> ExtractedItem:
    """An item that names no element of the plan ("Renumber the succeeding activities
    accordingly.", "AMEND further title to conform.", "Strike page 1, line 23 through page 3,
    line 12."): never dropped, but an instruction recorded on the goal of the nearest item that
    names one, the one before it first (renumbering follows from positions; anything else a
    person places)."""
    if item.amendments:
        return item
    last = next((i.amendments[0] for i in nearest if i.amendments), None)
    if last is None:
        return item
    target = last.get("target") or last["targets"][0]
    goal = re.split(r",\s*(?:key\s+areas?|activit(?:y|ies))\b", target)[0]
    if _RENUMBER.match(item.quote):
        reason = ("Renumbering follows from the positions of the elements; nothing is applied "
                  "by hand.")  # fmt: skip
    elif _CONFORM.search(item.quote):
        reason = "A consequential change (to conform) that the report does not word."
    else:
        reason = ("The item names no goal, key area or activity of the plan "
                  f"({'; '.join(item.notes) or 'none found'}).")  # fmt: skip
    amendment = {"id": item.id, "target": goal, "op": "instruction", "quote": item.quote,
                 "reason": reason}  # fmt: skip
    return ExtractedItem(item.id, item.line, item.quote, [amendment], "instruction",
                         [f"recorded on {goal}, the goal of the nearest item"],
                         ["names no element"], [reason])  # fmt: skip


def _items(para: segment.Paragraph, lines: list[str]) -> segment.Segmented:
    """A paragraph's items, with the heading it stands under (a line naming a goal) as the
    context of items that name no goal."""
    return segment.items(para, lists.heading_before(lines, para.line))


def _numbered_changes(paras: list[segment.Paragraph],
                      chosen: list[tuple[segment.Paragraph, segment.Segmented]],
                      whole: segment.Segmented) -> bool:  # fmt: skip
    """Whether a report's numbered paragraphs are its changes, one each (a list of amendments,
    a corrigendum: "1. Page 3, Goal A.2" then "Below activity (ii), insert ..."): read whole,
    each paragraph is an item, and no paragraph has labelled items of its own."""
    return [i.label for i in whole.items] == [f".{p.number}" for p in paras] and all(
        i.label.startswith("-") for _, seg in chosen for i in seg.items
    )


def _is_amending(seg: segment.Segmented) -> bool:
    for item in seg.items:
        parsed = parse_item(item.text, item.lead, item.lines)
        if parsed.ref is not None and parsed.amending:
            return True
    return False
