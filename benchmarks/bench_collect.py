"""Benchmark: collecting 30 reviewed copies of a 2,000-element plan, 50 edits each, against
``import --accept-revisions`` of the same files.

Run: python benchmarks/bench_collect.py [--copies N] [--edits N] [--runs N]
The clean document of a generated plan is edited as Word saves tracked changes (words
replaced, deleted and inserted, items added and deleted; three reviewers), then each copy is
collected into a patch file (``api.collect``) and imported with every revision accepted
(``api.import_docx``) in turn, best of N each. Prints both times, their ratio, and how many copies
break the central property (applying the set to its base gives the accepted import).
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import WORDS, make_plan
from lxml import etree
from timing import best_of

from editplan import api
from editplan.core.applier import apply_set
from editplan.store import yamlio
from editplan.word.documents.writer import render_clean
from editplan.word.drafts.reader import plan_data, read_docx
from editplan.word.reviews.collected_set import shape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AUTHORS = ("Ana Reviewer", "Ben Reviewer", "Carla Reviewer")
ITEM = re.compile(r"^\((\d+|[ivxlc]+)\)\t")


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def run(text: str, deleted: bool = False) -> etree._Element:
    r = etree.Element(q("r"))
    for n, part in enumerate(text.split("\t")):
        if n:
            etree.SubElement(r, q("tab"))
        if part:
            t = etree.SubElement(r, q("delText" if deleted else "t"))
            t.text = part
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


class Reviewer:
    """Makes tracked edits in one document body, numbering its revisions."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids = 1000

    def rev(self, tag: str, author: str, *children: etree._Element) -> etree._Element:
        self.ids += 1
        el = etree.Element(q(tag), {q("id"): str(self.ids), q("author"): author,
                                     q("date"): "2026-11-30T12:00:00Z"})  # fmt: skip
        el.extend(children)
        return el

    def edit(self, p: etree._Element, text: str, author: str) -> None:
        head = ITEM.match(text).end()  # type: ignore[union-attr]
        words = [(head + m.start(), head + m.end()) for m in re.finditer(r"\S+", text[head:])]
        ppr = p.find(q("pPr"))
        for child in list(p):
            if child is not ppr:
                p.remove(child)
        kind = self.rng.choice(("replace", "replace", "delete", "insert", "remove", "add"))
        a, b = self.rng.choice(words[1:-1])
        if kind == "replace":
            new = run(self.rng.choice(WORDS))
            p.extend([run(text[:a]), self.rev("del", author, run(text[a:b], True)),
                      self.rev("ins", author, new), run(text[b:])])  # fmt: skip
        elif kind == "delete":
            p.extend([run(text[: a - 1]), self.rev("del", author, run(text[a - 1 : b], True)),
                      run(text[b:])])  # fmt: skip
        elif kind == "insert":
            p.extend([run(text[:b]), self.rev("ins", author, run(" " + self.rng.choice(WORDS))),
                      run(text[b:])])  # fmt: skip
        elif kind == "remove":
            p.append(self.rev("del", author, run(text, True)))
            self._mark(p, "del", author)
        else:
            p.append(run(text))
            new = etree.Element(q("p"))
            new.append(etree.fromstring(etree.tostring(ppr)))
            words = " ".join(self.rng.choice(WORDS) for _ in range(8)).capitalize()
            new.append(self.rev("ins", author, run(f"{text[: head - 1]}\t{words}")))
            self._mark(new, "ins", author)
            p.addnext(new)

    def _mark(self, p: etree._Element, tag: str, author: str) -> None:
        ppr = p.find(q("pPr"))
        rpr = ppr.find(q("rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, q("rPr"))
        rpr.insert(0, self.rev(tag, author))


def reviewed_copy(clean: bytes, seed: int, edits: int) -> bytes:
    """The clean document with ``edits`` tracked edits on distinct items, by three reviewers."""
    rng = random.Random(seed)
    source = zipfile.ZipFile(io.BytesIO(clean))
    root = etree.fromstring(source.read("word/document.xml"))
    body = root.find(q("body"))
    items = []
    for p in body.iter(q("p")):
        text = "".join(t.text or "" if t.tag == q("t") else "\t" for t in p.iter(q("t"), q("tab")))
        if ITEM.match(text) and len(text.split()) > 4:
            items.append((p, text))
    reviewer = Reviewer(rng)
    for p, text in rng.sample(items, edits):
        reviewer.edit(p, text, rng.choice(AUTHORS))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            target.writestr(name, data)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--elements", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-collect-"))
    plan = make_plan(args.elements)
    plan_path = folder / "plan.yaml"
    plan_path.write_text(yamlio.emit(plan_data(plan)), encoding="utf-8")
    clean = render_clean(plan)
    copies = []
    for k in range(args.copies):
        path = folder / f"copy{k:02d}.docx"
        path.write_bytes(reviewed_copy(clean, k, args.edits))
        copies.append(path)

    # each copy collected and imported in turn, so that a change of the machine's load during
    # the run weighs on both sides alike; best of N per copy and side
    ws = api.Workspace.open(folder)
    t_collect = t_import = 0.0
    collected: list[object] = []
    for p in copies:
        seconds, result = best_of(
            args.runs,
            lambda p=p: api.collect(
                ws, p, plan_path=plan_path, output=folder / f"{p.stem}.set.yaml"
            ),
        )
        t_collect += seconds
        collected.append(result)
        seconds, _ = best_of(
            args.runs,
            lambda p=p: api.import_docx(
                ws, p, folder / f"{p.stem}.plan.yaml", revisions="accept", force=True
            ),
        )
        t_import += seconds
    amendments = sum(len(c.sets[0].aset.amendments) for c in collected)  # type: ignore[attr-defined]
    mismatches = 0
    for path, result in zip(copies, collected, strict=True):
        applied = apply_set(result.sets[0].aset, plan).plan  # type: ignore[attr-defined]
        if shape(applied) != shape(read_docx(path, revisions="accept").plan):
            mismatches += 1
    count = plan.element_count()
    print(f"{args.copies} reviewed copies of a {count}-element plan, {args.edits} edits each")
    print(f"collect:                       {t_collect:7.2f} s ({amendments} amendments)")
    print(f"import --accept-revisions:     {t_import:7.2f} s")
    print(f"ratio collect / import:        {t_collect / t_import:7.2f}")
    print(f"copies breaking the central property: {mismatches}")


if __name__ == "__main__":
    main()
