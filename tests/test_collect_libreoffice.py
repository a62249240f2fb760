"""The central property of collect on reviewed copies made by LibreOffice through UNO.

Fifty random edit mixes (words replaced, deleted and inserted, items rephrased, added,
deleted, split and moved, comments; one or two reviewers) are made on the clean LG-14 document
in one soffice session; each copy must collect into a set that, applied to the base, gives what
accepting every revision and importing gives, with every amendment under a reviewer's name.
Then a collected set is applied and LibreOffice must show its changes under each reviewer.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from collect_helpers import FIXTURES, central_property, collect_doc, lg14_base
from test_document import DEBIAN_PYTHON, UNO_TIMEOUT, _libreoffice_missing, run_uno

from editplan.cli import main
from editplan.ooxml.package import read_roots
from editplan.ooxml.walker import read_paragraph
from editplan.word.documents.writer import render_clean
from editplan.word.reviews.collect import read_reviewed

pytestmark = pytest.mark.libreoffice

MIXES = 50
FRESH = 4  # mixes on a document this editplan wrote, with its identity markers
SCRIPT = Path(__file__).with_name("uno_review.py")
AUTHORS = ("Ana Reviewer", "Ben Reviewer")
WORDS = ("effective", "regional", "sustainable", "technical", "improved", "relevant", "timely")
SENTENCES = (
    "Strengthen regional cooperation on the safe handling of living modified organisms",
    "Develop guidance materials for customs officers on the identification of shipments",
    "Promote the participation of women and youth in biosafety decision-making",
    "Support the use of the Biosafety Clearing-House by small island developing States",
)
ITEM = re.compile(r"^\((\d+|[ivxlc]+)\)\t")


def base_paragraphs() -> list[str]:
    roots = read_roots(FIXTURES / "lg14-base.clean.docx", "base")
    body = roots["document"][0]
    return [read_paragraph(p)[0] for p in body if p.tag.endswith("}p")]


def mix(seed: int, paragraphs: list[str]) -> tuple[list[dict[str, Any]], Counter[str]]:
    """A random set of edits on distinct item paragraphs, listed bottom-up."""
    rng = random.Random(seed)
    authors = AUTHORS[: rng.choice((1, 2))]
    items = [i for i, text in enumerate(paragraphs) if ITEM.match(text)]
    rng.shuffle(items)
    chosen: list[int] = []
    wanted = rng.randint(4, 8)
    for i in items:
        if all(abs(i - j) > 2 for j in chosen):
            chosen.append(i)
        if len(chosen) == wanted:
            break
    ops = ["replace"] * 3 + ["delete", "insert"] * 2 + ["rephrase", "new_paragraph"] * 1
    ops += ["delete_paragraph", "split", "comment", "move", "new_paragraph"]
    edits: list[dict[str, Any]] = []
    made: Counter[str] = Counter()
    kind = {i: ITEM.match(paragraphs[i])[1].isdigit() for i in items}  # type: ignore[index]
    used = set(chosen)
    for para in chosen:
        text = paragraphs[para]
        head = ITEM.match(text).end()  # type: ignore[union-attr]
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[head:])]
        words = [(head + a, head + b) for a, b in words]
        author = rng.choice(authors)
        op = rng.choice(ops)
        made[op] += 1
        if op == "replace":
            a, b = rng.choice(words[1:])
            edits.append(_e("replace", para, author, at=a, length=b - a, text=rng.choice(WORDS)))
        elif op == "delete":
            a, b = rng.choice(words[1:])
            edits.append(_e("replace", para, author, at=a - 1, length=b - a + 1, text=""))
        elif op == "insert":
            a, b = rng.choice(words[:-1])
            edits.append(_e("insert", para, author, at=b, text=" " + rng.choice(WORDS)))
        elif op == "rephrase":
            sentence = rng.choice(SENTENCES)
            length = len(text) - head
            edits.append(_e("replace", para, author, at=head, length=length, text=sentence))
        elif op == "new_paragraph":
            number = "(9)" if kind[para] else "(ix)"
            sentence = rng.choice(SENTENCES)
            edits.append(_e("new_paragraph", para, author, text=f"{number}\t{sentence}"))
        elif op == "delete_paragraph":
            edits.append(_e("delete_paragraph", para, author))
        elif op == "split" and len(words) >= 5:
            a, _ = words[len(words) // 2]
            number = "(9)" if kind[para] else "(ix)"
            edits.append(_e("split", para, author, at=a, text=f"{number}\t"))
        elif op == "comment":
            a, b = rng.choice(words)
            edits.append(_e("comment", para, author, at=a, length=b - a, text=f"Comment {seed}"))
        elif op == "move":
            others = [i for i in items if i not in used and kind[i] == kind[para]]
            if not others:
                made[op] -= 1
                continue
            to = rng.choice(others)
            used.add(to)
            edits.append(_e("delete_paragraph", para, author))
            body = text[head:]
            number = "(9)" if kind[para] else "(ix)"
            edits.append(_e("new_paragraph", to, author, text=f"{number}\t{body}"))
        else:
            made[op] -= 1
    edits.sort(key=lambda e: -e["para"])
    return edits, made


def _e(op: str, para: int, author: str, **fields: Any) -> dict[str, Any]:
    return {"op": op, "para": para, "author": author, **fields}


def run_review(jobs: list[dict[str, Any]], folder: Path) -> None:
    """Run uno_review.py once over every job; kill its process group on a hang."""
    spec = folder / "jobs.json"
    spec.write_text(json.dumps(jobs), encoding="utf-8")
    proc = subprocess.Popen(
        [DEBIAN_PYTHON, str(SCRIPT), str(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=UNO_TIMEOUT * 2)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("uno_review.py did not finish in time")
    assert proc.returncode == 0, err


@pytest.fixture(scope="module")
def mixes(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    reason = _libreoffice_missing()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("mixes")
    paragraphs = base_paragraphs()
    jobs = []
    for seed in range(MIXES):
        edits, made = mix(seed, paragraphs)
        jobs.append(
            {
                "in": str(FIXTURES / "lg14-base.clean.docx"),
                "out": str(folder / f"mix{seed:02d}.docx"),
                "edits": edits,
                "made": made,
            }
        )
    fresh = folder / "fresh.clean.docx"
    fresh.write_bytes(render_clean(lg14_base()))
    for seed in range(MIXES, MIXES + FRESH):
        edits, made = mix(seed, paragraphs)
        jobs.append(
            {"in": str(fresh), "out": str(folder / f"fresh{seed}.docx"), "edits": edits,
             "made": made, "fresh": True}
        )  # fmt: skip
    jobs.append(marks_job(paragraphs, folder))
    run_review(jobs, folder)
    return jobs


# Insertions whose words an equally short diff would place elsewhere (issue 22): at the end
# after a word the insertion ends with, at the start, and right after the words it repeats.
MARKS = [
    ("on their functions under the Protocol", None, " and the Supplementary Protocol",
     ("Goal A.1, activity (iii)", {"text": "and the Supplementary Protocol", "position": "end"})),
    ("Support Parties in reviewing gaps", "reviewing gaps in ", "gaps in ",
     ("Goal A.4, activity (ii)", {"text": "gaps in", "anchor": "gaps in", "position": "after"})),
    ("Strengthening national capacities to collect", "", "Further ",
     ("Goal A.3, key area (2)", {"text": "Further", "position": "start"})),
]  # fmt: skip


def marks_job(paragraphs: list[str], folder: Path) -> dict[str, Any]:
    edits = []
    for needle, after, typed, _ in MARKS:
        para = next(i for i, text in enumerate(paragraphs) if needle in text)
        text = paragraphs[para]
        head = text.index("\t") + 1
        at = len(text) if after is None else text.index(after, head) + len(after) if after else head
        edits.append(_e("insert", para, AUTHORS[1], at=at, text=typed))
    # and a comment made without a date, for which LibreOffice writes "0-00-00T00:00:00Z"
    para = next(i for i, text in enumerate(paragraphs) if "infrastructure" in text)
    at = paragraphs[para].index("infrastructure")
    edits.append(_e("comment", para, AUTHORS[0], at=at, length=14, text="Which laboratories?",
                    dated=False))  # fmt: skip
    edits.sort(key=lambda e: -e["para"])
    return {"in": str(FIXTURES / "lg14-base.clean.docx"), "out": str(folder / "marks.docx"),
            "edits": edits, "made": {}, "marks": True}  # fmt: skip


def test_insertions_are_collected_with_the_reviewers_own_marks(mixes: list[dict[str, Any]]) -> None:
    """Words LibreOffice recorded as inserted are the amendment's, not an equally short diff's:
    " and the Supplementary Protocol" typed at the end was collected as "Protocol and the
    Supplementary" inserted before the last word. The same copy holds a comment made without
    a date, which LibreOffice writes as "0-00-00T00:00:00Z": it refused the whole copy."""
    job = next(j for j in mixes if j.get("marks"))
    base = lg14_base()
    path = Path(job["out"])
    cset = collect_doc(path, base)
    got = {a.target: ({k: v for k, v in a.model_dump(exclude_none=True).items()
                       if k in ("text", "anchor", "position")}, a.author or cset.aset.author)
           for a in cset.aset.amendments}  # fmt: skip
    undated = got.pop("Goal A.5, key area (4)")
    assert got == {target: (fields, AUTHORS[1]) for *_, (target, fields) in MARKS}
    assert undated == ({}, AUTHORS[0])  # the comment, an instruction, kept with the set's date
    [instruction] = [a for a in cset.aset.amendments if a.op == "instruction"]
    assert instruction.date is None and instruction.note == "Which laboratories?"
    assert any("dated '0-00-00T00:00:00Z', which is not a date" in line for line in cset.header)
    assert central_property(path, base, cset) == []


def test_central_property_on_fifty_libreoffice_mixes(mixes: list[dict[str, Any]]) -> None:
    base = lg14_base()
    seen: Counter[str] = Counter()
    made: Counter[str] = Counter()
    mismatches = []
    for job in mixes:
        if job.get("fresh") or job.get("marks"):
            continue
        path = Path(job["out"])
        cset = collect_doc(path, base)
        made.update(job["made"])
        seen.update(a.op for a in cset.aset.amendments)
        authors = {e["author"] for e in job["edits"]}
        for amendment in cset.aset.amendments:
            assert (amendment.author or cset.aset.author) in authors | {", ".join(sorted(authors))}
            assert amendment.tracked is None, (path.name, amendment)
        differences = central_property(path, base, cset)
        if differences:
            mismatches.append((path.name, differences[:1]))
    print(f"\n{MIXES} LibreOffice mixes; edits made {dict(made)}; ops seen {dict(seen)}")
    assert mismatches == []
    for op in ("replace", "delete", "insert", "rephrase", "add", "remove", "split", "move"):
        assert seen[op] > 0, f"no {op} was collected from the mixes: {dict(seen)}"
    assert seen["instruction"] + made["comment"] > 0


def test_identity_markers_survive_libreoffice_and_collect_uses_them(
    mixes: list[dict[str, Any]],
) -> None:
    base = lg14_base()
    fresh = [job for job in mixes if job.get("fresh")]
    assert len(fresh) == FRESH
    for job in fresh:
        path = Path(job["out"])
        doc = read_reviewed(path)
        assert doc.named_plan == base.id
        assert doc.named_version == base.version
        marked = {e for ids in doc.before.marks.values() for e in ids}
        assert set(base.locate()) <= marked  # every element's bookmark survived
        cset = collect_doc(path, base)
        assert not any("no element ids" in line for line in cset.header)
        assert central_property(path, base, cset) == []


def test_collect_apply_shows_each_reviewer_in_libreoffice(workspace: Path, tmp_path: Path) -> None:
    reason = _libreoffice_missing()
    if reason:
        pytest.skip(reason)
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    result = runner.invoke(
        main, ["collect", str(FIXTURES / "lg14-review3.docx"), "-o", "amendments/r3.yaml"]
    )
    assert result.exit_code == 0, result.output
    from editplan import api

    aset = api.load_set(workspace / "amendments/r3.yaml")
    result = runner.invoke(main, ["apply", "amendments/r3.yaml"])
    assert result.exit_code == 0, result.output
    tracked = workspace / "out/lg14-review3/cb-action-plan.tracked.docx"
    found = run_uno([tracked], tmp_path)[str(tracked)]
    authors = Counter(r["author"] for r in found["redlines"])
    # renumbering follows from structure and carries the set's author
    assert set(authors) - {aset.author} == {"Ana Reviewer", "Ben Reviewer"}, authors
    commenters = {c["author"] for c in found["comments"]}
    assert {"Ana Reviewer", "Ben Reviewer"} <= commenters
    assert any("Supporting" in p for p in found["accepted"])
    assert any("Improving" in p for p in found["rejected"])
