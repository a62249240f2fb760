"""Header fields of a patch file read from a report: the document symbol, the body and its
meeting, the date of the meeting's last day, the reviewed draft; what is not found is marked
for review, never invented silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editplan.core.model import Plan
from editplan.reports.segment import Paragraph as _Para

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH = rf"(?:{'|'.join(_MONTH_NAMES)})"
_RANGE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?\s*(?:-|–|—|to|and)\s*(?P<d2>\d{{1,2}})\s+"
    rf"(?P<m2>{_MONTH}),?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
_DATE = re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_SYMBOL = re.compile(
    r"\b[A-Z][A-Z0-9]+(?:/[A-Za-z0-9.-]*[A-Za-z0-9])(?:/[A-Za-z0-9.-]*[A-Za-z0-9])+"
)
_TITLE = re.compile(
    r"\breport of the (?P<body>.+?) (?P<on>on|at) (?:the work of )?its "
    r"(?P<ordinal>[a-z]+(?:-[a-z]+)?|\d+(?:st|nd|rd|th)) (?P<what>meeting|session)\b",
    re.IGNORECASE,
)
_SMALL = {"on", "of", "the", "and", "for", "in", "to", "at", "a", "an", "by", "with"}


def ordinal_number(word: str) -> int | None:
    """'fourteenth' -> 14, 'twenty-first' -> 21, '3rd' -> 3; None if it is no ordinal."""
    w = word.lower().replace(" ", "-")
    if m := re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w):
        return int(m[1])
    if w in _ORDINALS:
        return _ORDINALS[w]
    tens, _, unit = w.partition("-")
    if tens in _TENS and _ORDINALS.get(unit, 10) < 10:
        return _TENS[tens] + _ORDINALS[unit]
    return None


def _title_case(text: str) -> str:
    words = text.lower().split()
    return " ".join(
        w if (i and w in _SMALL) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "extracted"


@dataclass
class Header:
    values: dict[str, Any]
    review: dict[str, str]
    comments: dict[str, str]


def _body_name(body: str, running: str) -> tuple[str, bool]:
    """The body's name as the report's paragraphs write it (the longest prefix they use)."""
    words = body.split()
    for k in range(len(words), 1, -1):
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in words[:k]) + r"\b"
        for m in re.finditer(pattern, running, re.IGNORECASE):
            if any(c.islower() for c in m.group(0)):
                return " ".join(m.group(0).split()), True
    return _title_case(body), False


def _abbreviation(name: str, running: str) -> str:
    if m := re.search(re.escape(name) + r"\s*\((?P<abbr>[A-Z][A-Za-z]*[A-Z])\)", running):
        return m["abbr"]
    head: list[str] = []
    for word in name.split():
        if word.lower() in _SMALL:
            break
        head.append(word)
    initials = "".join(w[0] for w in head if w[0].isalpha()).upper()
    return initials if len(initials) >= 2 else _slug(name).upper()[:4]


def header(
    lines: list[str],
    paras: list[_Para],
    chosen: list[int],
    plan: Plan | None,
    plan_path: str,
    source_name: str,
) -> Header:
    first_line = paras[0].line if paras else len(lines)
    head_lines = [line.strip() for line in lines[:first_line] if line.strip()]
    head = " ".join(head_lines)
    running = " ".join(p.text for p in paras)
    review: dict[str, str] = {}
    comments: dict[str, str] = {}

    symbol = next((s.group(0) for line in head_lines if (s := _SYMBOL.fullmatch(line))), None)
    symbol = symbol or next((s.group(0) for s in _SYMBOL.finditer(head)), None)
    title_m = _TITLE.search(head)
    tag = name = None
    number = None
    source: dict[str, Any] = {"document": symbol or source_name}
    if symbol is None:
        review["source.document"] = "no document symbol found in the report's heading"
    if chosen:
        source["paragraph"] = chosen[0] if len(chosen) == 1 else ", ".join(map(str, chosen))
    if title_m is not None:
        body = " ".join(title_m["body"].split())
        name, found = _body_name(body, running)
        number = ordinal_number(title_m["ordinal"])
        full = _title_case(body)
        if found and full.lower().startswith(name.lower()):
            full = name + full[len(name) :]
        source["title"] = (
            f"Report of the {full} {title_m['on'].lower()} its {title_m['ordinal'].lower()} "
            f"{title_m['what'].lower()}"
        )
        abbr = _abbreviation(name, running)
        if number is not None:
            tag = f"{abbr}-{number}"
        if not found:
            review["author"] = "the body's name is taken from the title; check its usual form"
    if tag is not None:
        set_id = f"{abbr.lower()}{number}"
    elif symbol is not None:
        set_id = _slug(symbol)
        review["id"] = "no body and meeting number found; the id is the document symbol"
    else:
        set_id = _slug(Path(source_name).stem)
        review["id"] = "no body, meeting or document symbol found; the id is the file name"
    if name is None:
        author = "Unknown body"
        review["author"] = "the report's title names no body (REPORT OF THE ... ON ITS ... MEETING)"
    else:
        author = f"{name} ({tag})" if tag else name

    date, why = _meeting_date(head, paras, title_m["ordinal"] if title_m else None)
    if why:
        review["date"] = why

    if plan is not None:
        base = plan.version
    else:
        base, where = _reviewed_document(paras, chosen or [len(paras)], symbol)
        review["base"] = (
            f"no plan given: this is the document {where} says was reviewed; it must equal the "
            "plan's version"
            if where
            else "no plan given and no reviewed document found: set the plan's version"
        )
    what = (f"{symbol}, paragraph {source['paragraph']}" if chosen else symbol) if symbol \
        else source_name  # fmt: skip
    title = f"Input of the {name} ({tag}) from {what}" if name and tag else f"Input from {what}"
    values: dict[str, Any] = {
        "id": set_id,
        "title": title,
        "source": source,
        "author": author,
        "date": date,
        "plan": plan_path,
        "base": base,
    }
    if tag is not None:
        values["version"] = f"{base} + {tag}"
    return Header(values, review, comments)


def _meeting_date(head: str, paras: list[_Para], ordinal: str | None) -> tuple[dt.date, str | None]:
    """The meeting's last day, and why it needs review if it is not certain."""
    if m := _RANGE.search(head):
        return _date(m["year"], m["m2"], m["d2"]), None
    if ordinal is not None:
        for para in paras:
            for sentence in re.split(r"(?<=\.)\s+", para.text):
                if ordinal.lower() in sentence.lower() and (m := _RANGE.search(sentence)):
                    return _date(m["year"], m["m2"], m["d2"]), None
    dates = list(_DATE.finditer(head))
    if len(dates) >= 2:
        m = dates[-1]
        why = "a single date after the document's own date: check it is the meeting's last day"
        return _date(m["year"], m["m"], m["d"]), why
    if dates:
        m = dates[0]
        return _date(m["year"], m["m"], m["d"]), "the report's own date, not the meeting's"
    return dt.date(1970, 1, 1), "no date found in the report: set the meeting's last day"


def _date(year: str, month: str, day: str) -> dt.date:
    return dt.date(int(year), _MONTHS[month.lower()], int(day))


def _reviewed_document(
    paras: list[_Para], chosen: list[int], own: str | None
) -> tuple[str, str | None]:
    """The nearest document symbol before the chosen paragraph in a paragraph about a draft."""
    by_number = {p.number: p for p in paras}
    start = chosen[0]
    for n in range(start, max(0, start - 8), -1):
        para = by_number.get(n)
        if para is None or "draft" not in para.text.lower():
            continue
        for s in _SYMBOL.finditer(para.text):
            symbol = s.group(0).rstrip(".")
            if symbol != own:
                return symbol, f"paragraph {n}"
    return "unknown", None
