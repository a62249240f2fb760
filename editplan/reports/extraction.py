"""What ``extract`` gives: each labelled item with the amendments it became, the rules and
evidence that read it, and what a person must check; and the set as a patch file."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from editplan.core.patch import AmendmentSet
from editplan.errors import InputError, Location
from editplan.store import validation, yamlio

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
    evidence: list[list[str]] = field(default_factory=list)  # per amendment: each role, and why

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
    unchanged: bool = False  # the file named already held this patch file: nothing was written

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
                if any("candidate" in a for a in item.amendments):
                    what += " (a candidate is proposed: accept it after looking)"
                out.append(f"{item.id} ({item.confidence}): {what}")
        return out

    def explain(self) -> list[str]:
        """For each item: the rule that read it and what it produced, or why no rule applied."""
        out: list[str] = []
        for item in self.items:
            out.append(f"{item.id} (line {item.line}): {item.quote}")
            if not item.amendments:
                out.append(f"  not encoded: {'; '.join(item.notes)}")
            for k, (rule, amendment) in enumerate(zip(item.rules, item.amendments,
                                                      strict=False)):  # fmt: skip
                fields = {k: v for k, v in amendment.items()
                          if k not in ("quote", "note", "id", "candidate")}  # fmt: skip
                out.append(f"  rule: {rule}")
                for line in item.evidence[k] if k < len(item.evidence) else []:
                    out.append(f"  role: {line}")
                out.append(f"  gives {amendment['id']}: {fields}")
                if "candidate" in amendment:
                    out.append(f"  candidate: {amendment['candidate']}")
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
                    if any("candidate" in a for a in item.amendments):
                        lines.append(_wrap("- candidate: the operation this came close to; "
                                           "accept it after looking", hang="  "))  # fmt: skip
                    comments["amendments", index] = "\n".join(lines)
                index += 1
        return yamlio.emit(self.data(), comments)

    def _top_comment(self, options: Mapping[str, str]) -> str:
        paras = ", ".join(str(p) for p in self.paragraphs)
        word = "paragraph" if len(self.paragraphs) == 1 else "paragraphs"
        where = f"{word} {paras}" if self.paragraphs else "the whole report"
        counts = {c: sum(1 for i in self.items if i.confidence == c) for c in _CONFIDENCES}
        lines = [
            f"Extracted by 'editplan extract' from {self.source_name}, {where}: "
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
