"""A report's narrative around a change, taken out before the grammar reads it: who decided
or proposed it and how ("The Group agreed to", "Several Parties proposed", "delegates accepted
the G-77/China proposal to", "accepted “A” rather than simply “B”"), and what became of a
proposal ("[Adopted: ...]", "[Rejected]", "[Withdrawn]"). Who goes to the amendment's note;
narrative that records dissent, or a proposal not adopted as it stands, makes the item an
instruction, never a change.
"""

from __future__ import annotations

import re
from typing import Protocol

from editplan.reports.roles import Q as Q_SLOT
from editplan.reports.roles import verbs


class Said(Protocol):
    """A predicate being read, with what it says beside its change (``frames.Beside``)."""

    text: str
    said: list[str]
    refusal: str | None


# A report's narrative around a change: who decided or proposed it, and how ("The Group agreed
# to", "Several Parties proposed", "It was agreed that", "There was agreement to"), after a
# lead-in naming the element ("With regard to X,", "Regarding X,").
_LEAD_IN = re.compile(
    r"^\s*(?:with\s+regard(?:\s+to)?|with\s+respect(?:\s+to)?|as\s+regards|regarding|concerning|"
    r"in\s+relation(?:\s+to)?|as\s+for|in\s+respect\s+of)\s*,?\s*",
    re.IGNORECASE,
)
_DECISION = (
    r"(?:agree[sd]?|decide[sd]?|suggest(?:s|ed)?|propose[sd]?|recommend(?:s|ed)?|request(?:s|ed)?|"
    r"noted|considered|concluded|resolved|felt|stressed|emphasized|emphasised|asked|called)"
    r"(?:\s+(?:among\s+others|inter\s+alia|in\s+particular|notably|above\s+all|"
    r"(?:and\s+)?most\s+importantly|and)){0,4}\s*,?"
)
_DECIDED = re.compile(
    rf"^\s*(?:it\s+was\s+(?:also\s+|further\s+|generally\s+)?{_DECISION}"
    r"|there\s+was\s+(?:general\s+|broad\s+)?(?:agreement|consensus|support)"
    r"|(?P<who>(?:the|a|an|one|some|several|many|most|all|other|two|three)?\s*(?:[A-Za-z][\w'’.-]*\s+)"
    rf"{{0,4}}?)(?:also\s+|further\s+|therefore\s+|then\s+|unanimously\s+)?{_DECISION})"
    r"(?:\s+(?:on|upon|for))?\s*(?:to\s+|that\s*,?\s*|,\s*|(?=\w+ing\b)|(?=the\s+following\b))",
    re.IGNORECASE,
)
# What says the change was not agreed: never read as a decision.
_DISSENT = re.compile(
    r"\b(?:not|no|never|nor|neither|failed|unable|disagreed|objected|opposed|rejected|declined|"
    r"reservations?|deferred|postponed)\b|n't\b|\bbut\b|\bhowever\b|\balthough\b|\bwhereas\b",
    re.IGNORECASE,
)


# What became of a proposal, in square brackets after it, as a committee's report records it:
# "[Adopted: see Consideration, 5, below.]", "[Rejected: ...]", "[Withdrawn]".
_FATE = re.compile(
    r"\s*\[\s*(?P<fate>(?:not\s+)?(?:adopted|approved|agreed(?:\s+to)?|accepted|carried)|rejected|"
    r"withdrawn|negatived|lapsed|lost|defeated|deferred|not\s+moved|not\s+pressed|referred\b[^:\]]*)"
    r"(?P<how>[^\]]*)\]\s*[.;]?\s*$",
    re.IGNORECASE,
)
# The proposer and the proposal's symbol before it: "Pakistan (A/CONF.97/C.1/L.99): ...".
_PROPOSAL = re.compile(
    r"^\s*(?P<who>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|and|the|for|on))*)\s*"
    r"\((?P<doc>[A-Z][\w.]*(?:/[\w.]+)+)\)\s*:\s*"
)


def fate(out: Said) -> None:
    """A proposal's fate recorded after it: adopted as it stands, the change is read (the fate
    goes to the note); rejected, withdrawn, referred or adopted as amended, it is not."""
    if m := _PROPOSAL.match(out.text):
        out.said.append(f"Proposed by: {m['who']} ({m['doc']}).")
        out.text = out.text[m.end() :]
    m = _FATE.search(out.text)
    if m is None:
        return
    fate = " ".join(m["fate"].split()).lower()
    out.said.append(f"The report records: {m.group(0).strip(' []().;')}.")
    out.text = out.text[: m.start()]
    how = " ".join(m["how"].split(":")[0].split()).strip(" ,")
    said = f"the report records the proposal as {fate}"
    if fate.startswith("not"):
        out.refusal = said
    elif not fate.startswith(("adopted", "approved", "agreed", "accepted", "carried")):
        out.refusal = f"{said}, not adopted"
    elif re.search(r"\b(?:amended|revised|modified|changed)\b", how, re.IGNORECASE):
        out.refusal = f"{said} {how}; the words as amended are not given"


# "delegates accepted the G-77/China proposal to change ...": who accepted, whose proposal.
_ACCEPTED = re.compile(
    r"^\s*(?P<who>(?:the\s+)?(?:[\w'’.-]+\s+){0,3}?)(?:accepted|adopted|approved|agreed\s+to|"
    r"endorsed|supported)\s+(?:the\s+|a\s+)?(?:(?P<by>[A-Z][\w/’'.-]*(?:\s+[A-Z][\w/’'.-]*){0,3})"
    r"\s+)?(?:proposal|amendment|suggestion|request)\s+(?:to\s+|that\s+)",
)
# "delegates accepted the EU reference to “A” rather than simply “B”": A in the place of B.
_RATHER = re.compile(
    r"^\s*(?P<who>(?:the\s+)?(?:[\w'’.-]+\s+){0,3}?)(?:accepted|preferred|chose|retained|used|"
    r"agreed\s+(?:on|to\s+use))\s+(?:the\s+)?(?:(?P<by>[A-Z][\w/’'.-]*)\s+)?(?:reference\s+to|"
    r"wording|words?|term|phrase|formulation)?\s*«(?P<new>\d+)»\s*,?\s*(?:rather\s+than|instead\s+of|"
    r"in\s+place\s+of|over)\s+(?:simply\s+|just\s+|merely\s+|only\s+)?(?:the\s+)?«(?P<old>\d+)»\s*$",
)


def _accepted(out: Said) -> bool:
    """A proposal the report says was accepted, and a wording accepted "rather than" another:
    read as the change, who proposed and who accepted in the note; never with dissent."""
    m = _RATHER.match(out.text) or _ACCEPTED.match(out.text)
    if m is None:
        return False
    if _DISSENT.search(Q_SLOT.sub(" ", out.text)):
        out.refusal = ("the report's narrative does not say the change was agreed (a negation, "
                       "a reservation or a disagreement); a person reads it")  # fmt: skip
        return True
    who, by = " ".join(m["who"].split()), m["by"]
    out.said.append(" ".join([*([f"Proposed by: {by}."] if by else []),
                              *([f"Accepted by: {who}."] if who else [])]))  # fmt: skip
    out.text = (f"replace «{m['old']}» by «{m['new']}»" if "old" in m.groupdict()
                else out.text[m.end() :])  # fmt: skip
    return True


def decided(out: Said) -> bool:
    """A report's narrative frame: taken out, with who decided in the note; a frame (or a
    sentence) that records dissent makes the item an instruction."""
    if m := _LEAD_IN.match(out.text):
        out.text = out.text[m.end() :].lstrip(" ,;:")
    if _accepted(out):
        return True
    m = _DECIDED.match(out.text)
    if m is None or verbs(m.group(0)):
        return False
    frame_words = m.group(0)
    if _DISSENT.search(frame_words) or _DISSENT.search(Q_SLOT.sub(" ", out.text)):
        out.refusal = ("the report's narrative does not say the change was agreed (a negation, "
                       "a reservation or a disagreement); a person reads it")  # fmt: skip
        return True
    who = " ".join((m["who"] or "").split())
    if who and who.lower() not in ("it", "there"):
        how = re.search(_DECISION, frame_words, re.IGNORECASE)
        out.said.append(f"{how.group(0).capitalize() if how else 'Put'} by: {who}.")
    out.text = out.text[m.end() :]
    return True
