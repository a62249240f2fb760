# ruff: noqa: E501  (edits and markup read best one per line)
"""A fuzz of collect (issue 23, item 8): reviewed copies made from random edits by one to three
reviewers, in Word's markup (built here with lxml as Word writes it: moves with their ranges,
one reviewer deleting another's insertion) and in LibreOffice's (made by LibreOffice itself
through UNO). For each copy: collect gives a set whose application to the base is the plan
that accepting every change and importing gives (of two conflicting proposals, the one the
document shows), and every amendment of an element one reviewer edited is that reviewer's.

How many copies: ``EDITPLAN_COLLECT_FUZZ`` (Word's markup, default 200) and
``EDITPLAN_COLLECT_FUZZ_LO`` (LibreOffice's, default 24); thousands by hand, for example
``EDITPLAN_COLLECT_FUZZ=3000 python -m pytest tests/test_collect_fuzz.py -k word``.
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_collect_libreoffice import run_review
from test_document import _libreoffice_missing
from word_review import find, mark, move_paragraph, q, rebuild, rev, run, text_of

from editplan import api
from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.word.documents.writer import render_clean
from editplan.word.drafts.reader import read_docx
from editplan.word.reviews import amend, collected_set
from editplan.word.reviews.collect import read_reviewed

ROOT = Path(__file__).resolve().parent
WORD_CASES = int(os.environ.get("EDITPLAN_COLLECT_FUZZ", "200"))
LO_CASES = int(os.environ.get("EDITPLAN_COLLECT_FUZZ_LO", "24"))
AUTHORS = ("Ana Reviewer", "Ben Reviewer", "Cleo Reviewer")
WORDS = ("effective", "regional", "sustainable", "timely", "relevant", "local")
SENTENCES = (
    "Support basin authorities in sharing flood warnings",
    "Develop guidance on restoring river banks",
    "Train wardens in the use of drones",
)
ITEM = re.compile(r"^\((\d+|[ivxl]+)\)\t")
# (comments are made by LibreOffice in the second fuzz)
OPS = ("replace", "delete", "insert", "rephrase", "remove", "add", "split", "move", "nested", "title")


def base_plan() -> Plan:
    return api.load_plan(ROOT / "data" / "extract" / "river-plan.yaml")


BASE = base_plan()
CLEAN = render_clean(BASE)
_ROOT = etree.fromstring(zipfile.ZipFile(io.BytesIO(CLEAN)).read("word/document.xml"))
TEXTS = [text_of(p) for p in _ROOT.iter(q("w:p"))]
ITEMS = [t for t in TEXTS if ITEM.match(t)]
TITLES = [t for t in TEXTS if t.startswith("Goal ")]
LABELS = {place.label: element for element, place in BASE.locate().items()}


def element_of(text: str) -> str:
    """The base element whose paragraph reads ``text`` (an item), or "goal:A.1"."""
    if text.startswith("Goal "):
        return "goal:" + text.split(":")[0].removeprefix("Goal ")
    body = text.split("\t", 1)[1]
    return next(e for e, p in BASE.locate().items() if p.item.text == body)


@st.composite
def edit_scripts(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One to six edits on distinct paragraphs, each by one of one to three reviewers."""
    authors = AUTHORS[: draw(st.integers(1, 3))]
    chosen = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=6, unique=True))
    edits = []
    free = [t for t in ITEMS if t not in chosen]
    for text in chosen:
        op = draw(st.sampled_from(OPS))
        author = draw(st.sampled_from(authors))
        edit: dict[str, Any] = {"op": op, "text": text, "author": author}
        words = text.split("\t", 1)[1].split(" ")
        edit["at"] = draw(st.integers(1, len(words) - 1))
        edit["word"] = draw(st.sampled_from(WORDS))
        edit["sentence"] = draw(st.sampled_from(SENTENCES))
        if op == "move":
            same = [t for t in free if ITEM.match(t)[1].isdigit() == ITEM.match(text)[1].isdigit()]  # type: ignore[index]
            if not same:
                continue
            edit["to"] = draw(st.sampled_from(same))
            free.remove(edit["to"])
        if op == "nested":
            if len(authors) < 2:
                continue
            edit["second"] = draw(st.sampled_from([a for a in authors if a != author]))
        if op == "title":
            edit["text"] = draw(st.sampled_from(TITLES))
            if any(e["text"] == edit["text"] for e in edits):
                continue
        edits.append(edit)
    return edits or [{"op": "replace", "text": chosen[0], "author": authors[0], "at": 1,
                      "word": "timely", "sentence": SENTENCES[0]}]  # fmt: skip


class _Ids:
    def __init__(self) -> None:
        self.n = 500

    def __call__(self) -> int:
        self.n += 1
        return self.n


def word_copy(edits: list[dict[str, Any]], folder: Path, name: str) -> Path:
    """The clean document with ``edits`` made in Word's markup."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(CLEAN)).read("word/document.xml"))
    body = root.find(q("w:body"))
    ids = _Ids()
    paragraphs = {e["text"]: find(body, e["text"]) for e in edits}
    paragraphs.update({e["to"]: find(body, e["to"]) for e in edits if "to" in e})
    for e in edits:
        _word_edit(body, paragraphs[e["text"]], e, ids, paragraphs.get(e.get("to", "")))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(CLEAN)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item.filename, data)
    path = folder / name
    path.write_bytes(out.getvalue())
    return path


def keep_bookmarks(p: etree._Element, *content: etree._Element) -> None:
    """Replace the paragraph's runs by ``content``, keeping the bookmarks (the element ids
    editplan marks, which Word keeps)."""
    starts = [etree.fromstring(etree.tostring(b)) for b in p.iter(q("w:bookmarkStart"))]
    ends = [etree.fromstring(etree.tostring(b)) for b in p.iter(q("w:bookmarkEnd"))]
    rebuild(p, *content)
    at = 1 if p.find(q("w:pPr")) is not None else 0
    for n, b in enumerate(starts):
        p.insert(at + n, b)
    p.extend(ends)


def _word_edit(body: etree._Element, p: etree._Element, e: dict[str, Any], ids: _Ids, to: Any) -> None:
    rebuild = keep_bookmarks
    text = text_of(p)
    if e["op"] == "title":
        title_words = text.split(" ")
        k = max(2, min(e["at"], len(title_words) - 1))
        author = e["author"]
        rebuild(p, run(" ".join(title_words[:k]) + " "), rev("del", author, ids(), run(title_words[k], deleted=True)),
                rev("ins", author, ids(), run(e["word"])), run("".join(" " + w for w in title_words[k + 1 :])))
        return
    head, words = (text.split("\t", 1)[0] + "\t", text.split("\t", 1)[1].split(" ")) if "\t" in text else ("", text.split(" "))
    author, at, op = e["author"], e["at"], e["op"]
    before = head + " ".join(words[:at]) + " "
    word, after = words[at], " ".join(words[at + 1 :])
    tail = (" " + after) if after else ""
    if op == "replace":
        rebuild(p, run(before), rev("del", author, ids(), run(word, deleted=True)), rev("ins", author, ids(), run(e["word"])), run(tail))
    elif op == "delete":
        rebuild(p, run(before.rstrip(" ")), rev("del", author, ids(), run(" " + word, deleted=True)), run(tail))
    elif op == "insert":
        rebuild(p, run(before), rev("ins", author, ids(), run(e["word"] + " ")), run(word + tail))
    elif op == "rephrase":
        rebuild(p, run(head), rev("del", author, ids(), run(" ".join(words), deleted=True)), rev("ins", author, ids(), run(e["sentence"])))
    elif op == "remove":
        rebuild(p, rev("del", author, ids(), run(text, deleted=True)))
        mark(p, "del", author, ids())
    elif op == "add":
        new = etree.fromstring(etree.tostring(p))
        number = "(9)" if ITEM.match(text)[1].isdigit() else "(ix)"  # type: ignore[index]
        rebuild(new, rev("ins", author, ids(), run(f"{number}\t{e['sentence']}")))
        for child in new.iter(q("w:bookmarkStart"), q("w:bookmarkEnd")):
            child.getparent().remove(child)
        mark(new, "ins", author, ids())
        p.addnext(new)
    elif op == "split":
        number = "(9)" if ITEM.match(text)[1].isdigit() else "(ix)"  # type: ignore[index]
        second = etree.fromstring(etree.tostring(p))
        rebuild(p, run(before.rstrip(" ")))
        mark(p, "ins", author, ids())
        rebuild(second, rev("ins", author, ids(), run(f"{number}\t")), run(word + tail))
        for child in second.iter(q("w:bookmarkStart"), q("w:bookmarkEnd")):
            child.getparent().remove(child)
        p.addnext(second)
    elif op == "move":
        move_paragraph(body, text, text_of(to), author=author, name=f"move{ids()}", number=ids() * 10)
    elif op == "nested":
        rebuild(p, run(before), rev("ins", author, ids(), rev("del", e["second"], ids(), run(e["word"] + " ", deleted=True))), run(word + tail))


def collect(path: Path, base: Plan) -> tuple[Any, list[Any]]:
    doc = read_reviewed(path)
    found = amend.Builder(doc, base).run()
    header = collected_set.default_header(
        set_id="fuzz", document=path.name, plan_ref="p", base_label=base.version, found=found.found
    )
    cset = collected_set.build(found, base=base, expected=doc.after.plan, header=header, listed=found.listed)
    return cset, found.found


def check(path: Path, edits: list[dict[str, Any]]) -> Counter[str]:
    """The central property and every amendment's author; returns the operations seen."""
    cset, found = collect(path, BASE)
    checked = collected_set.checked(found)
    header = collected_set.default_header(set_id="c", document="c", plan_ref="p", base_label=BASE.version, found=checked)
    result = apply_set(collected_set.validated(collected_set.data_of(checked, header), checked), BASE).plan
    accepted = read_docx(path, revisions="accept").plan
    assert collected_set.shape(result) == collected_set.shape(accepted), edits
    by_element: dict[str, set[str]] = {}
    for e in edits:
        if e["op"] in ("comment",):
            continue
        touched = [element_of(e["text"])] + ([element_of(e["to"])] if "to" in e else [])
        for element in touched:
            by_element.setdefault(element, set()).update({e["author"], e.get("second", e["author"])})
    authors = {e["author"] for e in edits} | {e["second"] for e in edits if "second" in e}
    for a in cset.aset.amendments:
        author = a.author or cset.aset.author
        assert author in authors, (a, edits)
        target = a.target or (a.targets or [""])[0]
        element = LABELS.get(target) or ("goal:" + target.removeprefix("Goal ") if target.startswith("Goal ") and "," not in target else None)
        if a.op != "add" and element in by_element and len(by_element[element]) == 1:
            assert author in by_element[element], (a, edits)
    return Counter(a.op for a in cset.aset.amendments)


SEEN: Counter[str] = Counter()


@settings(max_examples=WORD_CASES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(edits=edit_scripts())
def test_collect_of_random_copies_in_words_markup(tmp_path_factory: pytest.TempPathFactory, edits: list[dict[str, Any]]) -> None:
    folder = tmp_path_factory.mktemp("word", numbered=True)
    SEEN.update(check(word_copy(edits, folder, "copy.docx"), edits))


def test_the_word_fuzz_saw_every_operation() -> None:
    if not SEEN:
        pytest.skip("run with the Word fuzz")
    for op in ("replace", "delete", "insert", "rephrase", "remove", "add", "split", "move"):
        assert SEEN[op], dict(SEEN)


# --- LibreOffice's markup, made by LibreOffice ---------------------------------------------


def lo_jobs(count: int, clean: Path, folder: Path) -> list[dict[str, Any]]:
    """``count`` random edit mixes (the same each run) in uno_review.py's terms: paragraphs
    by index, characters by offset, bottom-up."""
    rng = random.Random(23)
    jobs = []
    for n in range(count):
        authors = AUTHORS[: rng.randint(1, 3)]
        chosen = rng.sample([i for i, t in enumerate(TEXTS) if ITEM.match(t)], rng.randint(1, 5))
        edits = []
        for i in sorted(chosen, reverse=True):
            text = TEXTS[i]
            head = ITEM.match(text).end()  # type: ignore[union-attr]
            spans = [(head + m.start(), head + m.end()) for m in re.finditer(r"\S+", text[head:])]
            author = rng.choice(authors)
            op = rng.choice(["replace", "delete", "insert_end", "insert_start", "new_paragraph", "delete_paragraph", "split", "comment"])
            a, b = rng.choice(spans[1:] or spans)
            if op == "replace":
                edits.append({"op": "replace", "para": i, "at": a, "length": b - a, "text": rng.choice(WORDS), "author": author})
            elif op == "delete":
                edits.append({"op": "replace", "para": i, "at": a - 1, "length": b - a + 1, "text": "", "author": author})
            elif op == "insert_end":
                edits.append({"op": "insert", "para": i, "at": len(text), "text": " and " + rng.choice(WORDS) + " partners", "author": author})
            elif op == "insert_start":
                edits.append({"op": "insert", "para": i, "at": head, "text": "Further ", "author": author})
            elif op == "new_paragraph":
                number = "(9)" if ITEM.match(text)[1].isdigit() else "(ix)"  # type: ignore[index]
                edits.append({"op": "new_paragraph", "para": i, "text": f"{number}\t{rng.choice(SENTENCES)}", "author": author})
            elif op == "delete_paragraph":
                edits.append({"op": "delete_paragraph", "para": i, "author": author})
            elif op == "split" and len(spans) >= 4:
                number = "(9)" if ITEM.match(text)[1].isdigit() else "(ix)"  # type: ignore[index]
                edits.append({"op": "split", "para": i, "at": spans[len(spans) // 2][0], "text": f"{number}\t", "author": author})
            else:
                edits.append({"op": "comment", "para": i, "at": a, "length": b - a, "text": f"Comment {n}", "author": author})
        jobs.append({"in": str(clean), "out": str(folder / f"lo{n:03d}.docx"), "edits": edits, "made": {}})
    return jobs


def test_collect_of_random_copies_in_libreoffices_markup(tmp_path: Path) -> None:
    reason = _libreoffice_missing()
    if reason:
        pytest.skip(reason)
    clean = tmp_path / "clean.docx"
    clean.write_bytes(CLEAN)
    jobs = lo_jobs(LO_CASES, clean, tmp_path)
    run_review(jobs, tmp_path)
    seen: Counter[str] = Counter()
    for job in jobs:
        path = Path(job["out"])
        cset, _ = collect(path, BASE)
        accepted = read_docx(path, revisions="accept").plan
        result = apply_set(cset.aset, BASE).plan
        assert collected_set.shape(result) == collected_set.shape(accepted), job["edits"]
        authors = {e["author"] for e in job["edits"]}
        for a in cset.aset.amendments:
            assert (a.author or cset.aset.author) in authors | {", ".join(sorted(authors))}, (a, job)
        seen.update(a.op for a in cset.aset.amendments)
    print(f"\n{LO_CASES} LibreOffice copies; ops seen {dict(seen)}")
    assert seen["insert"] and seen["replace"]
