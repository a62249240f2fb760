"""The corpus of real amending sentences by drafting tradition (tests/data/extract/traditions/),
read through extract against the example plan and judged: right, an instruction, or wrong.

Each tradition is one file, numbered in the order it was added, with the columns of
tests/data/extract/amending-sentences.tsv: tradition, source, the original's idiom, the
sentence rewritten against plans/cb-action-plan.yaml, and the expected result:

- a JSON object (the fields of the one amendment) or a JSON list (several, in order): a
  mechanical sentence, to be read as exactly that;
- ``instruction: why``: not mechanical; any operation read from it is wrong;
- ``candidate: {json}``: not mechanical; an instruction whose candidate has those fields;
- ``unread: {json}``: mechanical (the fields it means), but a form the reader does not read
  yet: it must stay an instruction (or be read right), never be read wrong.

In the sentence, ``\\n`` is a line break, and ``[-words-]`` / ``{+words+}`` are words struck
through / inserted (underlined): such a row is written as a .docx with those run properties
and read back through ``read_report``, as a report with formatting marks would be.

Run as a script, it prints the figures of the named tradition files (or all) for
tests/data/extract/zero-shot.md: ``python tests/corpus_support.py [FILE...]``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
TRADITIONS = Path(__file__).resolve().parent / "data" / "extract" / "traditions"
HEAD_LINES = [
    "XY/1/2",
    "REPORT OF THE EXPERT GROUP ON ITS FIRST MEETING",
    "1. The Group met.",
    "2. It proposed:",
]
TAIL_LINE = "3. The meeting closed."
_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")

Verdict = Literal["right", "instruction", "wrong", "refused", "unread"]


@dataclass
class Row:
    """One sentence of the corpus: where it is, what it says and what it should give."""

    file: str
    number: int
    tradition: str
    source: str
    original: str
    sentence: str
    expected: str

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}:{self.number}"

    @property
    def unread(self) -> bool:
        return self.expected.startswith("unread:")

    @property
    def mechanical(self) -> bool:
        return self.unread or self.expected.lstrip().startswith(("{", "["))

    @property
    def marked(self) -> bool:
        return bool(_MARK.search(self.sentence))

    @property
    def text(self) -> str:
        """The sentence as report lines: ``\\n`` made a line break."""
        return self.sentence.replace("\\n", "\n")


def rows(files: Iterable[Path] | None = None) -> list[Row]:
    """The rows of the given tradition files (every file, in order, by default)."""
    out: list[Row] = []
    for path in sorted(files) if files is not None else sorted(TRADITIONS.glob("*.tsv")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]  # fmt: skip
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for n, rec in enumerate(reader, start=1):
            out.append(Row(path.name, n, rec["tradition"], rec["source"], rec["original idiom"],
                           rec["sentence"], rec["expected"]))  # fmt: skip
    return out


def report_text(row: Row) -> str:
    """The one-item report that holds the row's sentence as item (a) of paragraph 2."""
    return "\n\n".join([*HEAD_LINES, f"(a) {row.text}", TAIL_LINE]) + "\n"


def report_docx(row: Row, folder: Path) -> Path:
    """The row as a .docx report: struck-through and underlined runs where marked."""
    import docx

    document = docx.Document()
    for line in HEAD_LINES:
        document.add_paragraph(line)
    for k, line in enumerate(row.text.split("\n")):
        paragraph = document.add_paragraph("(a) " if k == 0 else "")
        at = 0
        for m in _MARK.finditer(line):
            if m.start() > at:
                paragraph.add_run(line[at : m.start()])
            run = paragraph.add_run(m[1] if m[1] is not None else m[2])
            if m[1] is not None:
                run.font.strike = True
            else:
                run.font.underline = True
            at = m.end()
        if at < len(line):
            paragraph.add_run(line[at:])
    document.add_paragraph(TAIL_LINE)
    path = folder / f"{Path(row.file).stem}-{row.number}.docx"
    document.save(str(path))
    return path


@dataclass
class Outcome:
    """What extract made of a row, and the verdict."""

    row: Row
    verdict: Verdict
    amendments: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    why: str = ""


def _fields(amendment: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in amendment.items() if k not in ("id", "quote", "note")}


def _matches(got: dict[str, Any], want: dict[str, Any]) -> bool:
    return all(got.get(k) == v for k, v in want.items())


def judge(row: Row, plan: Any, folder: Path | None = None) -> Outcome:
    """Read the row with extract against ``plan`` and judge it: right, an instruction, wrong,
    or refused (extract stopped with an error naming the problem, and wrote nothing)."""
    from editplan.reports.extract import extract, read_report

    if row.marked:
        with tempfile.TemporaryDirectory() as tmp:
            text = read_report(report_docx(row, folder or Path(tmp)))
    else:
        text = report_text(row)
    from editplan.errors import EditplanError

    try:
        extraction = extract(text, paragraph=2, plan=plan, source_name="corpus")
    except EditplanError as exc:  # the report refused as a whole: read neither right nor wrong
        return Outcome(row, "refused", why=exc.message)
    if len(extraction.items) != 1:
        return Outcome(row, "wrong", why=f"{len(extraction.items)} items, not 1")
    item = extraction.items[0]
    got = [_fields(a) for a in item.amendments]
    ops = [a for a in got if a.get("op") != "instruction"]
    outcome = Outcome(row, "instruction", got, list(item.reasons))
    if row.mechanical:
        want = json.loads(row.expected.removeprefix("unread:"))
        wants = want if isinstance(want, list) else [want]
        if len(ops) == len(got) == len(wants) and all(
            _matches(g, w) for g, w in zip(got, wants, strict=True)
        ):
            outcome.verdict = "right"
        elif ops:
            outcome.verdict = "wrong"
            outcome.why = f"read {ops}, expected {wants}"
        else:
            outcome.why = "; ".join(item.reasons) or "an instruction"
            if row.unread:
                outcome.verdict = "unread"
        return outcome
    if ops:
        outcome.verdict = "wrong"
        outcome.why = f"read {ops}, expected an instruction"
        return outcome
    if row.expected.startswith("candidate:"):
        want = json.loads(row.expected.removeprefix("candidate:"))
        candidate = got[0].get("candidate") if len(got) == 1 else None
        if not isinstance(candidate, dict) or not _matches(candidate, want):
            outcome.why = f"candidate {candidate!r}, expected {want}"
            return outcome
    outcome.verdict = "right"
    return outcome


def figures(outcomes: list[Outcome]) -> dict[str, int]:
    """Sentences, mechanical ones, and of those read right and read wrong; instructions
    (non-mechanical) read as something are counted wrong too."""
    mech = [o for o in outcomes if o.row.mechanical]
    return {
        "sentences": len(outcomes),
        "mechanical": len(mech),
        "right": sum(1 for o in mech if o.verdict == "right"),
        "wrong": sum(1 for o in outcomes if o.verdict == "wrong"),
        "instructions right": sum(
            1 for o in outcomes if not o.row.mechanical and o.verdict == "right"
        ),
    }


def main(argv: list[str]) -> int:
    """Print the figures per tradition file, and every sentence not read right."""
    from editplan.api import load_plan

    plan = load_plan(ROOT / "plans" / "cb-action-plan.yaml")
    files = [Path(a) for a in argv] or sorted(TRADITIONS.glob("*.tsv"))
    total: list[Outcome] = []
    for path in files:
        outcomes = [judge(row, plan) for row in rows([path])]
        total += outcomes
        f = figures(outcomes)
        share = f"{100 * f['right'] / f['mechanical']:.0f}%" if f["mechanical"] else "-"
        print(f"| {outcomes[0].row.tradition if outcomes else path.stem} | {f['sentences']} | "
              f"{f['mechanical']} | {f['right']} ({share}) | {f['wrong']} |")  # fmt: skip
        for o in outcomes:
            if o.verdict != "right":
                print(f"    {o.row.id} {o.verdict}: {o.why}", file=sys.stderr)
    f = figures(total)
    share = f"{100 * f['right'] / f['mechanical']:.0f}%" if f["mechanical"] else "-"
    print(f"| all | {f['sentences']} | {f['mechanical']} | {f['right']} ({share}) | "
          f"{f['wrong']} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
