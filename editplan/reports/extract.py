"""Turn the labelled items of a report's paragraph into a patch file.

``extract`` is pure: it segments the report (``segment``), finds each item's target
(``targets``), reads its words with the grammar (``structure`` for whole elements, ``grammar``
for words), checks the result against a plan if one is given (``checks``), and reads the
header (``header``). Every labelled item is accounted for: it becomes an operation, or an
instruction with its quote and the reason, and the closing count is checked against the
labels seen. ``read_report`` (in ``reading``) is the I/O.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from editplan.core.model import Plan, Unit
from editplan.core.patch import AmendmentSet
from editplan.core.reference import resolve
from editplan.errors import InputError, Location, TargetError
from editplan.reports import segment
from editplan.reports.checks import check
from editplan.reports.grammar import Reading, Words, instruction, read_words
from editplan.reports.header import header, ordinal_number
from editplan.reports.reading import read_report
from editplan.reports.structure import read_structure
from editplan.reports.targets import Ref, find
from editplan.reports.text import Unbalanced, clean, quotes
from editplan.store import validation, yamlio

__all__ = ["ExtractedItem", "Extraction", "extract", "ordinal_number", "read_report"]

Confidence = Literal["certain", "check", "instruction"]
UNKNOWN_PLAN_PATH = "../plans/PLAN.yaml"  # no plan given or found: the reader names it
_CONFIDENCES: tuple[Confidence, ...] = ("certain", "check", "instruction")


@dataclass
class ExtractedItem:
    """One labelled item: what it became (amendments; none if it names nothing in the plan),
    the rules that read it, and what a person should check."""

    id: str
    line: int
    quote: str
    amendments: list[dict[str, Any]]
    confidence: Confidence
    notes: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def amendment(self) -> dict[str, Any] | None:
        """The item's first amendment (an item with several clauses has several)."""
        return self.amendments[0] if self.amendments else None

    @property
    def rule(self) -> str:
        return "; ".join(self.rules) or "none"


@dataclass
class Extraction:
    """An amendment set read from a report, with per-item confidence and review notes."""

    source_name: str
    paragraphs: list[int]
    header: dict[str, Any]
    review: dict[str, str]
    comments: dict[str, str]
    items: list[ExtractedItem]
    plan_version: str | None = None
    problems: list[str] = field(default_factory=list)
    labels: int = 0

    def data(self) -> dict[str, Any]:
        """The patch file as plain data: the header, then the encoded amendments."""
        amendments = [dict(a) for i in self.items for a in i.amendments]
        return {**self.header, "amendments": amendments}

    def amendment_set(self) -> AmendmentSet:
        """The extracted set, validated against the patch-file schema."""
        data = self.data()
        try:
            return AmendmentSet.model_validate(data)
        except ValidationError as exc:
            message, loc, _ = validation.explain(exc, AmendmentSet, data)
            raise InputError(
                f"the set extracted from the report does not validate "
                f"({validation.dotted(loc)}: {message}); nothing was written",
                Location(self.source_name),
            ) from None

    def counts(self) -> dict[str, int]:
        """Items, operations, instructions and items not encoded."""
        ops = sum(1 for i in self.items for a in i.amendments if a["op"] != "instruction")
        ins = sum(1 for i in self.items for a in i.amendments if a["op"] == "instruction")
        missing = sum(1 for i in self.items if not i.amendments)
        return {"items": len(self.items), "operations": ops, "instructions": ins,
                "not encoded": missing}  # fmt: skip

    def summary(self) -> str:
        """The closing count, "32 items: 25 operations, 7 instructions", checked against the
        labels seen."""
        c = self.counts()
        text = f"{c['items']} items: {c['operations']} operations, {c['instructions']} instructions"
        if c["not encoded"]:
            text += f", {c['not encoded']} not encoded (naming no goal)"
        several = sum(1 for i in self.items if len(i.amendments) > 1)
        if several:
            text += f" ({several} items gave several operations)"
        if self.problems:
            text += f"; {len(self.problems)} problem(s) in the labels"
        return text

    def needs_review(self) -> list[str]:
        """One line per header field, label problem or item that needs a person."""
        out = [f"{key}: {text}" for key, text in self.review.items()]
        out += [f"labels: {p}" for p in self.problems]
        for item in self.items:
            if not item.amendments:
                out.append(f"{item.id}: not in the set: {'; '.join(item.notes)}")
            elif item.confidence != "certain":
                what = "; ".join(item.reasons + item.notes) or "an instruction"
                out.append(f"{item.id} ({item.confidence}): {what}")
        return out

    def explain(self) -> list[str]:
        """For each item: the rule that read it and what it produced, or why no rule applied."""
        out: list[str] = []
        for item in self.items:
            out.append(f"{item.id} (line {item.line}): {item.quote}")
            if not item.amendments:
                out.append(f"  not encoded: {'; '.join(item.notes)}")
            for rule, amendment in zip(item.rules, item.amendments, strict=False):
                fields = {k: v for k, v in amendment.items() if k not in ("quote", "note", "id")}
                out.append(f"  rule: {rule}")
                out.append(f"  gives {amendment['id']}: {fields}")
            for reason in item.reasons:
                out.append(f"  instruction because: {reason}")
            for note in item.notes:
                out.append(f"  check: {note}")
        out.append(self.summary())
        return out

    def to_yaml(self, options: Mapping[str, str] | None = None) -> str:
        """The patch file, in the style of amendments/lg14.yaml, with findings as comments.

        ``options`` spells the settings the comments name (as a front end names them:
        "plan_path" -> "--plan"), to show after them.
        """
        self.amendment_set()
        comments: dict[tuple[str | int, ...], str] = {(): self._top_comment(options or {})}
        for key, text in self.comments.items():
            comments[(key,)] = _wrap(text)
        for key, text in self.review.items():
            path = ("source", key.split(".")[-1]) if key.split(".")[0] == "source" else (key,)
            comments[path] = _wrap(f"REVIEW: {text}")
        index = 0
        for item in self.items:
            for k, _ in enumerate(item.amendments):
                if k == 0:
                    lines = [f"{item.id}: {item.confidence}"]
                    lines += [_wrap(f"- {r}", hang="  ") for r in item.reasons + item.notes]
                    comments["amendments", index] = "\n".join(lines)
                index += 1
        return yamlio.emit(self.data(), comments)

    def _top_comment(self, options: Mapping[str, str]) -> str:
        paras = ", ".join(str(p) for p in self.paragraphs)
        word = "paragraph" if len(self.paragraphs) == 1 else "paragraphs"
        counts = {c: sum(1 for i in self.items if i.confidence == c) for c in _CONFIDENCES}
        lines = [
            f"Extracted by 'editplan extract' from {self.source_name}, {word} {paras}: "
            f"{self.summary()}; {counts['certain']} items certain, {counts['check']} to check.",
            "The comment above each amendment gives its confidence and what a person must "
            "check; header fields marked REVIEW were not found in the report.",
        ]
        if self.plan_version is None:
            how = f" ({options['plan_path']})" if "plan_path" in options else ""
            lines.append(
                f"Not checked against a plan: extract again with the plan{how} to check targets "
                "and phrases."
            )
        else:
            lines.append(f"Targets and phrases checked against plan version {self.plan_version}.")
        lines += [f"LABELS: {p}" for p in self.problems]
        for item in self.items:
            if not item.amendments:
                lines.append(f"NOT ENCODED {item.id}: {'; '.join(item.notes)}. Its words: "
                             f"{item.quote}")  # fmt: skip
        return "\n".join(_wrap(line) for line in lines)


def _wrap(text: str, hang: str = "") -> str:
    return "\n".join(textwrap.wrap(text, 94, subsequent_indent=hang, break_on_hyphens=False))


# --- reading one item -------------------------------------------------------------------------


@dataclass
class Parsed:
    """An item read without the plan: its target and its readings."""

    ref: Ref | None
    readings: list[Reading]
    amending: bool
    error: str | None = None


def parse_item(text: str, lead: str | None = None) -> Parsed:
    """Read one item's words into readings (operations or instructions)."""
    try:
        found, template = quotes(text)
    except Unbalanced as exc:
        ref, _ = find(clean(text), lead)
        reason = f"unbalanced quotes: {exc}; fix the report's quotation marks"
        return Parsed(ref, [instruction(reason)], ref is not None, reason)
    template = clean(template).rstrip(" ;,.")
    for tail in (" and", " or", "; and", "; or"):
        template = template.removesuffix(tail).rstrip(" ;,.")
    ref, predicate = find(template, clean(lead) if lead else None)
    if ref is None:
        return Parsed(None, [], False, "names no goal, key area or activity")
    words = Words(predicate, found)
    if any(not q for q in words.quotes):
        return Parsed(ref, [instruction("the item quotes empty words (“”)")], True)
    if ref.error is not None:
        return Parsed(ref, [instruction(ref.error)], True)
    readings = read_structure(words, ref)
    if readings is None:
        readings = read_words(words, ref)
    amending = any(not r.is_instruction for r in readings) or bool(predicate.strip())
    return Parsed(ref, _whole(readings), amending)


def _whole(readings: list[Reading]) -> list[Reading]:
    """An item is understood whole or not at all: one clause not understood makes the whole
    item one instruction, so that no part of it is applied on its own."""
    if not readings:
        return [instruction("the item names its target but says nothing to do")]
    failed = [r for r in readings if r.is_instruction]
    if not failed or len(readings) == 1:
        return readings
    reasons = "; ".join(r.reason or "not understood" for r in failed)
    understood = ", ".join(r.rule for r in readings if not r.is_instruction)
    rest = f" (the rest was read as {understood})" if understood else ""
    out = instruction(reasons + rest, "; ".join(r.rule for r in readings))
    out.notes = [n for r in readings for n in r.notes]
    return [out]


def _targets(ref: Ref, plan: Plan | None, notes: list[str]) -> list[str]:
    """The target strings: one per goal or block the reference names."""
    written = [ref.element(n) for n in ref.numbers] if ref.numbers else [ref.goals_written]
    if len(ref.goals) <= 1 or ref.error is not None:
        return written
    if plan is None:
        if ref.is_block_form:
            return written
        notes.append(f"{ref.goals_written!r}: without a plan, whether these goals share a block "
                     "is unknown; taken as separate goals")  # fmt: skip
        return [_per_goal(ref, g, n) for g in ref.goals for n in (ref.numbers or [None])]
    units: list[Unit] = []
    for goal in ref.goals:
        unit = plan.unit_by_goal(goal)
        if unit is None:
            return written  # the plan check says which goal is missing
        if unit not in units:
            units.append(unit)
    if len(units) == 1:
        return written
    out: list[str] = []
    for unit in units:
        named = [g for g in ref.goals if g in unit.goal_ids]
        if len(unit.goal_ids) > 1 and len(named) != len(unit.goal_ids):
            return written  # a partial block: the plan check explains it
        out += [ref.element(n, unit.label) for n in ref.numbers] or [unit.label]
    return out


def _existing(targets: list[str], ref: Ref, plan: Plan, notes: list[str]) -> list[str]:
    """An instruction's targets, or its goal's when the element it names does not exist, so
    that the instruction can be recorded on the plan."""
    try:
        for target in targets:
            resolve(plan, target)
        return targets
    except TargetError:
        pass
    try:
        resolve(plan, ref.goals_written)
    except TargetError:
        return targets
    notes.append(f"recorded on {ref.goals_written}: the element the report names does not exist")
    return [ref.goals_written]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _per_goal(ref: Ref, goal: str, number: str | None) -> str:
    return ref.element(number, f"Goal {goal}") if number else f"Goal {goal}"


def _item(para: segment.Paragraph, item: segment.Item, plan: Plan | None) -> ExtractedItem:
    item_id = f"{para.number}{item.label}"
    parsed = parse_item(item.text, item.lead)
    if parsed.ref is None:
        return ExtractedItem(item_id, item.line, item.text, [], "instruction",
                             [parsed.error or "names no goal"])  # fmt: skip
    notes: list[str] = []
    base_targets = _targets(parsed.ref, plan, notes)
    amendments: list[dict[str, Any]] = []
    rules: list[str] = []
    reasons: list[str] = []
    readings = parsed.readings
    if plan is not None:
        readings = _whole([check(r, r.targets or base_targets, plan) for r in readings])
        if readings[0].is_instruction:
            base_targets = _existing(base_targets, parsed.ref, plan, notes)
    for k, reading in enumerate(readings):
        targets = reading.targets or base_targets
        if plan is None and reading.fields.get("op") == "delete" and reading.widen:
            notes.append("not checked against a plan: check no preposition or article is left "
                         "dangling")  # fmt: skip
        notes += reading.notes
        amendment: dict[str, Any] = {"id": item_id if k == 0 else f"{item_id}.{k + 1}"}
        if len(targets) == 1:
            amendment["target"] = targets[0]
        else:
            amendment["targets"] = targets
        amendment.update(reading.fields)
        amendment["quote"] = item.text
        if reading.reason:
            reasons.append(reading.reason)
            amendment["reason"] = _capital(reading.reason)
        elif reading.note:
            amendment["note"] = reading.note
        amendments.append(amendment)
        rules.append(reading.rule)
    if all(a["op"] == "instruction" for a in amendments):
        confidence: Confidence = "instruction"
    else:
        confidence = "check" if notes or reasons else "certain"
    return ExtractedItem(item_id, item.line, item.text, amendments, confidence, notes, rules,
                         reasons)  # fmt: skip


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
    lines = segment.prepare(text)
    paras = segment.paragraphs(lines)
    where = Location(source_name)
    if not paras:
        raise InputError(
            "the report has no numbered paragraphs (lines starting '1.', '2.', ...)", where
        )
    labelled = [(p, seg) for p in paras if (seg := segment.items(p)).items]
    if paragraph is not None:
        para = next((p for p in paras if p.number == paragraph), None)
        if para is None:
            raise InputError(
                f"paragraph {paragraph} not found; the report has numbered paragraphs "
                f"{paras[0].number} to {paras[-1].number}",
                where,
            )
        seg = segment.items(para)
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
        labels += len(seg.items)
        extracted += [_item(para, item, plan) for item in seg.items]
    if len(extracted) != labels or any(len(i.amendments) == 0 and i.notes == [] for i in extracted):
        raise AssertionError("an item was lost between segmenting and reading")
    if all(not i.amendments for i in extracted):
        numbers = ", ".join(str(p.number) for p, _ in chosen)
        raise InputError(
            f"none of the labelled items of paragraph {numbers} names a goal, key area or "
            "activity (such as 'Goal A.1, key area (2)'); there is nothing to extract",
            where,
        )
    head = header(lines, paras, [p.number for p, _ in chosen], plan, plan_path, source_name)
    return Extraction(
        source_name=source_name,
        paragraphs=[p.number for p, _ in chosen],
        header=head.values,
        review=head.review,
        comments=head.comments,
        items=extracted,
        plan_version=plan.version if plan is not None else None,
        problems=problems,
        labels=labels,
    )


def _is_amending(seg: segment.Segmented) -> bool:
    for item in seg.items:
        parsed = parse_item(item.text, item.lead)
        if parsed.ref is not None and parsed.amending:
            return True
    return False
