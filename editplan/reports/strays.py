"""Sentences of a report read whole that stand outside its labelled items but still concern an
element: a change told in a sentence of its own after the list ("Said Draft Action Plan is
further hereby amended by adding the following after activity (iv) of Goal B.3 thereof." and
the wording on the next line), or what became of proposals ("The proposals with regard to Goal
A.4, activity (iii), ... are not being adopted at this time."). Each becomes an item, so that
nothing the report says about an element is dropped; the grammar then reads it or leaves an
instruction with its reason."""

from __future__ import annotations

import re

from editplan.reports import lists, segment

# What became of proposals, said of an element in a sentence of the report's narrative.
_FATE = re.compile(
    r"\b(?:(?:are|is|were|was)\s+not\s+(?:being\s+)?(?:adopted|approved|accepted|agreed\s+to)|"
    r"did\s+not\s+(?:take\s+action|adopt|approve)|(?:were|was|are|is)\s+(?:rejected|withdrawn|"
    r"deferred|not\s+acted\s+on))\b",
    re.IGNORECASE,
)
# Amendments adopted whose words are not in the report: "the amendments ... shown in Appendix A
# to these minutes", "are hereby adopted as proposed".
_ELSEWHERE = re.compile(
    r"\bamendments?\b[^.«“\"]*?\b(?:(?:shown|set\s+out|contained|given|printed|attached)\s+(?:in|as)\s+"
    r"(?:an?\s+|the\s+)?(?:appendix|annex|attachment|exhibit|schedule|enclosure)\b|(?:are|is)\s+"
    r"(?:hereby\s+)?(?:adopted|approved)\s+as\s+proposed\b)",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(r"\b(?:the\s+following|as\s+follows|to\s+read)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[“”\"«»‘’„]")


def strays(lines: list[str], items: list[segment.Item]) -> list[segment.Item]:
    """The lines of a report outside ``items`` that name an element and amend it or tell the
    fate of proposals about it, each as an item (with the wording on the next line when it
    says "the following", "as follows" or "to read" and quotes nothing)."""
    covered = _covered(lines, items)
    out: list[segment.Item] = []
    k = 0
    while k < len(lines):
        line = lines[k].strip()
        if k in covered or not line or not lists.names(line) or lists.heading(line):
            k += 1
            continue
        if not line.endswith((".", ":", ";")) or not (_FATE.search(line) or lists.amending(line)):
            k += 1
            continue
        block = [line]
        nxt = next((j for j in range(k + 1, len(lines)) if lines[j].strip()), None)
        if (nxt is not None and nxt not in covered and _FOLLOWING.search(line)
                and not _QUOTED.search(line) and not lists.names(lines[nxt])
                and not lists.amending(lines[nxt].split()[0])):  # fmt: skip
            block = [line if line.endswith(":") else line.rstrip(" .") + ":", lines[nxt].strip()]
            covered.add(nxt)
        text, kept = segment.gather(lists.set_off(block))
        why = None
        if fate := _FATE.search(line):
            why = f"the report tells of proposals not adopted (“{fate.group(0)}”): no change"
        elif elsewhere := _ELSEWHERE.search(line):
            why = (f"the amendments adopted are not given in the report (“{elsewhere.group(0)}”); "
                   "a person supplies them")  # fmt: skip
        out.append(segment.Item(f"-s{len(out) + 1}", k + 1, text, lines=kept, fate=why))
        k += 1
    return out


def _covered(lines: list[str], items: list[segment.Item]) -> set[int]:
    """The indices of the lines the items were read from (their kept lines, in order)."""
    covered: set[int] = set()
    for item in items:
        at = item.line - 1
        covered.add(at)
        for kept in item.lines:
            j = next((j for j in range(at, len(lines)) if _bare(lines[j]).endswith(_bare(kept))),
                     None)  # fmt: skip
            if j is not None:
                covered.add(j)
                at = j
    return covered


def _bare(line: str) -> str:
    """A line without quotation marks, list marks and spaces (the wording set off is quoted)."""
    return re.sub(r"[\s“”\"«»‘’„:*_•-]+", "", line)
