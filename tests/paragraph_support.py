"""The corpus of real report paragraphs by tradition (tests/data/extract/traditions/*.yaml): a
body's report paragraph, or a committee's whole report, whose items propose changes to a draft,
read through extract as a user would (``--paragraph N``, or the whole report when it has no
numbered paragraphs) against the example plan, and each item judged.

Each tradition is one YAML file, numbered in the order it was added (after the sentence files
of ``corpus_support``)::

    tradition: CITES Animals Committee (executive summaries)
    paragraphs:
      - source: the document and where it is (symbol, paragraph, address)
        original: the real paragraph's words, as printed
        paragraph: 21        # given to extract as the paragraph to read; omitted: none given
        text: |              # the paragraph rewritten against the plan, layout kept
          21. The Committee adopted ... with the following amendments:
          (a) In Goal A.5, activity (v), ...
        items:               # every item of the paragraph, in order
          - at: In Goal A.5, activity (v)   # the first words of the item, after its label
            expected: '{"op": "insert", ...}'

``expected`` is written as in the sentence files (a JSON object or list, ``instruction: why``,
``candidate: {json}``, ``unread: {json}``). A paragraph given as ``text`` is read between
paragraphs 1 to N-1 and N+1 (one line each, naming no goal); one given as ``report`` is the
whole report as the body printed it (with ``paragraph: N`` when it has numbered paragraphs,
else read without one, as a user would have to). ``[-words-]`` and ``{+words+}`` are
struck-through and underlined words: such a report is written as a .docx with those run
properties.

An item is right, an instruction (as expected), wrong (an operation it does not mean, or an
item extract made up), dropped (not in the set: the item was not found, named no element, or
the report was refused), or unread (a mechanical form the reader leaves an instruction).

Run as a script, it prints the figures of the named files (or all):
``python tests/paragraph_support.py [FILE...]``.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRADITIONS = Path(__file__).resolve().parent / "data" / "extract" / "traditions"
HEAD = ["XY/1/4", "REPORT OF THE BODY ON ITS MEETING"]
_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")
_LABEL = re.compile(r"^\s*(?:\(\w{1,4}\)|\w{1,4}[.)]|[-–—•*])\s+")

Verdict = Literal["right", "instruction", "wrong", "dropped", "unread"]


@dataclass
class Item:
    """One expected item of a report paragraph."""

    at: str
    expected: str

    @property
    def unread(self) -> bool:
        return self.expected.startswith("unread:")

    @property
    def mechanical(self) -> bool:
        return self.unread or self.expected.lstrip().startswith(("{", "["))


@dataclass
class Paragraph:
    """A report paragraph of the corpus: where it is, its text, and its items."""

    file: str
    number: int
    tradition: str
    source: str
    original: str
    report: str
    paragraph: int | None
    items: list[Item]
    whole: bool = False

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}:{self.number}"

    @property
    def marked(self) -> bool:
        return bool(_MARK.search(self.report))

    def text(self) -> str:
        """The report extract reads: the paragraph among one-line neighbours, or as printed."""
        body = self.report.rstrip("\n")
        if self.whole or self.paragraph is None:
            return body + "\n"
        before = [f"{k}. The meeting considered item {k} of its agenda." for k in
                  range(1, self.paragraph)]  # fmt: skip
        after = f"{self.paragraph + 1}. The meeting closed."
        return "\n\n".join([*HEAD, *before, body, after]) + "\n"


def paragraphs(files: Iterable[Path] | None = None) -> list[Paragraph]:
    """The report paragraphs of the given tradition files (every YAML file by default)."""
    out: list[Paragraph] = []
    for path in sorted(files) if files is not None else sorted(TRADITIONS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for n, rec in enumerate(data["paragraphs"], start=1):
            items = [Item(str(i["at"]), str(i["expected"])) for i in rec["items"]]
            whole = "report" in rec
            out.append(Paragraph(path.name, n, data["tradition"], rec["source"],
                                 rec["original"], rec["report" if whole else "text"],
                                 rec.get("paragraph"), items, whole))  # fmt: skip
    return out


def report_docx(para: Paragraph, folder: Path) -> Path:
    """The report as a .docx: one paragraph a line, struck-through and underlined runs."""
    import docx

    document = docx.Document()
    for line in para.text().split("\n"):
        paragraph = document.add_paragraph("")
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
    path = folder / f"{Path(para.file).stem}-{para.number}.docx"
    document.save(str(path))
    return path


@dataclass
class Outcome:
    """What extract made of one expected item (or of an item it made up), and the verdict."""

    para: Paragraph
    item: Item | None
    verdict: Verdict
    amendments: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    why: str = ""

    @property
    def id(self) -> str:
        return f"{self.para.id}:{self.item.at[:30] if self.item else 'extra'}"


def _fields(amendment: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in amendment.items() if k not in ("id", "quote", "note")}


def _matches(got: dict[str, Any], want: dict[str, Any]) -> bool:
    return all(got.get(k) == v for k, v in want.items())


def _words(text: str) -> str:
    text = _LABEL.sub("", text.replace("*", ""), count=1)
    return " ".join(text.split()).lower()


def _same_effect(got: list[dict[str, Any]], wants: list[dict[str, Any]], plan: Any) -> bool:
    """Whether two lists of operations change the plan alike (a replacement of the words after
    X and a new wording of the whole element, say): each applied alone to the plan."""
    from editplan.core.applier import apply_set
    from editplan.core.patch import AmendmentSet
    from editplan.errors import EditplanError

    def applied(amendments: list[dict[str, Any]]) -> Any:
        data = {"id": "judge", "title": "judge", "source": {"document": "judge"},
                "author": "judge", "date": "2020-01-01", "plan": "plan.yaml",
                "base": plan.version,
                "amendments": [{**a, "id": f"x{k}"} for k, a in enumerate(amendments)]}  # fmt: skip
        try:
            return apply_set(AmendmentSet.model_validate(data), plan).plan.model_dump(
                exclude={"version"}
            )
        except (EditplanError, ValueError):
            return None

    if any("target" not in w and "targets" not in w for w in wants):
        return False
    mine, theirs = applied(got), applied(wants)
    return mine is not None and mine == theirs


def judge_item(item: Item, got: list[dict[str, Any]], reasons: list[str],
               plan: Any = None) -> tuple[Verdict, str]:  # fmt: skip
    """An extracted item's amendments judged against what the corpus expects of it: the
    fields it names, or, given the plan, operations that change the plan alike."""
    ops = [a for a in got if a.get("op") != "instruction"]
    if item.mechanical:
        want = json.loads(item.expected.removeprefix("unread:"))
        wants = want if isinstance(want, list) else [want]
        if len(ops) == len(got) == len(wants) and all(
            _matches(g, w) for g, w in zip(got, wants, strict=True)
        ):
            return "right", ""
        if ops and len(ops) == len(got) and plan is not None and _same_effect(got, wants, plan):
            return "right", "the same change in other operations"
        if ops:
            return "wrong", f"read {ops}, expected {wants}"
        return ("unread" if item.unread else "instruction"), "; ".join(reasons) or "instruction"
    if ops:
        return "wrong", f"read {ops}, expected an instruction"
    if item.expected.startswith("candidate:"):
        want = json.loads(item.expected.removeprefix("candidate:"))
        candidate = got[0].get("candidate") if len(got) == 1 else None
        if not isinstance(candidate, dict) or not _matches(candidate, want):
            return "instruction", f"candidate {candidate!r}, expected {want}"
    return "right", ""


def judge(para: Paragraph, plan: Any, folder: Path | None = None) -> list[Outcome]:
    """Read the report with extract against ``plan`` and judge each expected item, and any item
    extract found that the corpus does not expect."""
    from editplan.errors import EditplanError
    from editplan.reports.extract import extract, read_report

    try:
        if para.marked:
            with tempfile.TemporaryDirectory() as tmp:
                text = read_report(report_docx(para, folder or Path(tmp)))
        else:
            text = para.text()
        extraction = extract(text, paragraph=para.paragraph, plan=plan, source_name="corpus")
    except EditplanError as exc:
        return [Outcome(para, i, "dropped", why=f"refused: {exc.message}") for i in para.items]
    found = list(extraction.items)
    out: list[Outcome] = []
    for item in para.items:
        at = _words(item.at)
        match = next((e for e in found if at in _words(e.quote)), None)
        if match is None:
            out.append(Outcome(para, item, "dropped", why="no item of the set begins so"))
            continue
        found.remove(match)
        if not match.amendments:
            out.append(Outcome(para, item, "dropped", why="; ".join(match.notes)))
            continue
        got = [_fields(a) for a in match.amendments]
        verdict, why = judge_item(item, got, list(match.reasons), plan)
        out.append(Outcome(para, item, verdict, got, list(match.reasons), why))
    for extra in found:
        ops = [a for a in extra.amendments if a.get("op") != "instruction"]
        if ops:
            why = f"an item not in the report: {extra.quote}"
            out.append(Outcome(para, None, "wrong", why=why))
    return out


def figures(outcomes: list[Outcome]) -> dict[str, int]:
    """Items, mechanical ones, and of those read right; items read wrong; items dropped."""
    mech = [o for o in outcomes if o.item is not None and o.item.mechanical]
    return {
        "items": sum(1 for o in outcomes if o.item is not None),
        "mechanical": len(mech),
        "right": sum(1 for o in mech if o.verdict == "right"),
        "wrong": sum(1 for o in outcomes if o.verdict == "wrong"),
        "dropped": sum(1 for o in outcomes if o.verdict == "dropped"),
    }


def row(name: str, f: dict[str, int]) -> str:
    """One line of the zero-shot table."""
    share = f"{100 * f['right'] / f['mechanical']:.0f}%" if f["mechanical"] else "-"
    return (f"| {name} | {f['items']} | {f['mechanical']} | {f['right']} ({share}) | "
            f"{f['wrong']} | {f['dropped']} |")  # fmt: skip


def main(argv: list[str]) -> int:
    """Print the figures per tradition file, and every item not read right."""
    from editplan.api import load_plan

    plan = load_plan(ROOT / "plans" / "cb-action-plan.yaml")
    files = [Path(a) for a in argv] or sorted(TRADITIONS.glob("*.yaml"))
    total: list[Outcome] = []
    for path in files:
        paras = paragraphs([path])
        outcomes = [o for p in paras for o in judge(p, plan)]
        total += outcomes
        print(row(paras[0].tradition if paras else path.stem, figures(outcomes)))
        for o in outcomes:
            if o.verdict != "right":
                print(f"    {o.id} {o.verdict}: {o.why}", file=sys.stderr)
    print(row("all", figures(total)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
