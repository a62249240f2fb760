"""Tests of the Word writer: clean and tracked documents, checked by pandoc, LibreOffice and lint.

The oracles are independent of editplan.word.documents.writer: docx_checks.project reads
accept/reject texts straight from the XML, pandoc reads them with --track-changes, and
LibreOffice (when installed) accepts and rejects every change through its UNO bridge.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import signal
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from docx_checks import (
    W,
    integrity_problems,
    lint,
    pandoc_changes,
    pandoc_text,
    project,
    squash,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from editplan import api
from editplan.core.applier import apply_set
from editplan.core.attribution import PENDING_LINE, Attribution, attributions
from editplan.core.layout import CLOSING, tracked_layout
from editplan.core.model import Plan
from editplan.core.patch import OPERATIONS, AmendmentSet
from editplan.errors import InputError
from editplan.store import files
from editplan.word.documents.writer import (
    STYLES,
    render_clean,
    render_result,
    render_tracked,
)

LG14_AUTHOR = "Liaison Group on the Cartagena Protocol (LG-14)"
LG14_DATE = "2020-04-23T00:00:00Z"
UNO_SCRIPT = Path(__file__).with_name("uno_redlines.py")
DEBIAN_PYTHON = "/usr/bin/python3"


def save(folder: Path, name: str, data: bytes) -> Path:
    """Write a rendered document where the checks (pandoc, LibreOffice) can read it."""
    path = folder / name
    path.write_bytes(data)
    return path


def xml_of(data: bytes, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


def body_texts(path: Path) -> list[str]:
    """The paragraphs of a clean document (no revisions to resolve)."""
    return project(path, "accept")


# --- the LG-14 case ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def lg14(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The LG-14 set applied to the plan, rendered clean (base and revised) and tracked."""
    root = Path(__file__).resolve().parent.parent
    plan = api.load_plan(root / "plans/cb-action-plan.yaml")
    aset = api.load_set(root / "amendments/lg14.yaml")
    result = apply_set(aset, plan)
    atts = attributions(result.changes)
    folder = tmp_path_factory.mktemp("lg14")
    tracked = render_result(plan, result)
    return {
        "plan": plan,
        "result": result,
        "attributions": atts,
        "tracked_bytes": tracked,
        "tracked": save(folder, "lg14-tracked.docx", tracked),
        "clean": save(folder, "lg14-clean.docx", render_clean(result.plan)),
        "base": save(folder, "lg14-base.docx", render_clean(plan)),
    }


def test_a_layout_handed_in_draws_the_same_document(lg14: dict[str, Any]) -> None:
    blocks = tracked_layout(lg14["plan"], lg14["result"].plan)
    assert render_result(lg14["plan"], lg14["result"], blocks=blocks) == lg14["tracked_bytes"]

def test_lg14_attributions_follow_the_change_set(lg14):
    atts = lg14["attributions"]
    assert [a.key for a in atts] == [
        "53(a)", "53(c)", "53(d)", "53(e)", "53(f)", "53(g)", "53(h)", "53(i)", "53(j)",
        "53(k)", "53(l)", "53(n)", "53(o)", "53(b)", "53(m)",
    ]  # fmt: skip
    by_key = {a.key: a for a in atts}
    assert by_key["53(e)"].element_ids == ("a5.ka1", "lg14.53e.2")
    assert by_key["53(h)"].element_ids == ("lg14.53h",)
    assert by_key["53(b)"].pending and by_key["53(b)"].element_ids == ("a2.ka2",)
    assert {a.author for a in atts} == {LG14_AUTHOR}
    assert {a.date for a in atts} == {"2020-04-23"}
    lines = by_key["53(c)"].comment.split("\n")
    assert lines[0] == "53(c) — CBD/CP/LG/2020/1/4, paragraph 53"
    assert lines[1].startswith("“*Goal A.2, activity (ii)*, the reference to")
    assert lines[2].startswith("Note: The reference is the whole prepositional phrase")
    assert by_key["53(m)"].comment.split("\n")[-1] == PENDING_LINE
    assert PENDING_LINE not in by_key["53(a)"].comment


def test_lg14_accept_and_reject_give_the_two_versions(lg14):
    tracked, clean, base = lg14["tracked"], lg14["clean"], lg14["base"]
    # Exact, paragraph by paragraph, on the XML.
    assert project(tracked, "accept") == body_texts(clean)
    assert project(tracked, "reject") == body_texts(base)
    # pandoc, the external oracle; it joins removed marks with a space, so squash too.
    assert pandoc_text(tracked, "accept") == pandoc_text(clean, "accept")
    assert pandoc_text(tracked, "reject") == pandoc_text(base, "accept")
    # pandoc reads the Title paragraph as metadata, not text: skip it.
    assert squash(pandoc_text(tracked, "reject")) == squash(body_texts(base))[1:]
    assert squash(pandoc_text(tracked, "accept")) == squash(body_texts(clean))[1:]


def test_lg14_split_keeps_the_original_text_on_reject(lg14):
    rejected = project(lg14["tracked"], "reject")
    accepted = project(lg14["tracked"], "accept")
    a5 = rejected.index("Goal A.5: Parties conduct scientifically sound risk assessments and "
                        "manage identified risks")  # fmt: skip
    assert rejected[a5 + 1 : a5 + 5] == [
        "Key areas for capacity-building",
        "(1)\tConducting risk assessments and managing identified risks",
        "(2)\tDeveloping and using guidance on risk assessment and risk management",
        "(3)\tStrengthening scientific and technical infrastructure for risk assessment",
    ]
    assert accepted[a5 + 1 : a5 + 6] == [
        "Key areas for capacity-building",
        "(1)\tConducting and reviewing scientifically sound risk assessments",
        "(2)\tMonitoring, regulating, managing and controlling identified risks",
        "(3)\tDeveloping and using guidance on risk assessment and risk management",
        "(4)\tStrengthening scientific and technical infrastructure for risk assessment",
    ]


def test_lg14_changes_counted_by_pandoc(lg14):
    changes = pandoc_changes(lg14["tracked"])
    # pandoc merges adjacent same-author spans: these are its counts, checked by hand against
    # the PDF (one insertion/deletion per changed run of words, per number swap, version line).
    expected = {
        "insertions": 16,
        "deletions": 18,
        "paragraph_insertions": 2,
        "paragraph_deletions": 0,
        "comments": 15,
    }
    assert {k: v["count"] for k, v in changes.items()} == expected
    for key, entry in changes.items():
        if entry["count"]:
            assert entry["authors"] == [LG14_AUTHOR], key
            assert entry["dates"] == [LG14_DATE], key
    assert "(2)" in changes["deletions"]["texts"] and "(3)" in changes["insertions"]["texts"]
    assert "for specific target groups" in changes["deletions"]["texts"]
    assert "adequate" in changes["insertions"]["texts"]
    comments = changes["comments"]["texts"]
    assert sum("Awaits drafting" in c for c in comments) == 2
    assert comments[0].startswith("53(a) — CBD/CP/LG/2020/1/4, paragraph 53")


def test_lg14_is_structurally_valid(lg14):
    assert lint(lg14["tracked"]) == []
    assert integrity_problems(lg14["tracked"]) == []
    assert lint(lg14["clean"]) == []
    assert integrity_problems(lg14["clean"]) == []


def test_lg14_comments_have_fixed_ids_dates_and_ranges(lg14):
    data = lg14["tracked_bytes"]
    document = xml_of(data)
    comments = xml_of(data, "word/comments.xml")
    revision_ids = [el.get(f"{{{W}}}id") for el in document.iter(f"{{{W}}}ins", f"{{{W}}}del")]
    comment_ids = [c.get(f"{{{W}}}id") for c in comments.iter(f"{{{W}}}comment")]
    assert len(comment_ids) == 15
    # One counter: comments continue after the revisions, no id is shared.
    assert not set(revision_ids) & set(comment_ids)
    assert [int(i) for i in comment_ids] == list(
        range(int(comment_ids[0]), int(comment_ids[0]) + 15)
    )
    assert max(int(i) for i in revision_ids) < int(comment_ids[0])
    for comment in comments.iter(f"{{{W}}}comment"):
        assert comment.get(f"{{{W}}}date") == LG14_DATE
        assert comment.get(f"{{{W}}}author") == LG14_AUTHOR
        assert comment.get(f"{{{W}}}initials") == "LG-14"
    # The report's italics (*Goal A.1, key area (2)*) are italic runs, not asterisks.
    assert "*" not in "".join(comments.itertext())
    assert len(list(comments.iter(f"{{{W}}}i"))) >= 13


def test_lg14_pending_instruction_is_a_comment_without_revision(lg14):
    document = xml_of(lg14["tracked_bytes"])
    for p in document.iter(f"{{{W}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        if "Making relevant information available" in text:  # Goal A.2, key area (2): 53(b)
            assert p.find(f"{{{W}}}commentRangeStart") is not None
            assert p.find(f"{{{W}}}ins") is None and p.find(f"{{{W}}}del") is None
            break
    else:
        pytest.fail("Goal A.2, key area (2) not found")


def test_lg14_render_is_deterministic(lg14):
    plan, result = lg14["plan"], lg14["result"]
    again = render_tracked(
        plan, result.plan, attributions(result.changes), author=LG14_AUTHOR, date="2020-04-23"
    )
    assert again == lg14["tracked_bytes"]
    assert render_clean(plan) == render_clean(plan)
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2020-04-23T00:00:00Z' in core
    assert "<cp:revision>1</cp:revision>" in core
    assert f"<cp:lastModifiedBy>{LG14_AUTHOR}</cp:lastModifiedBy>" in core


def test_lg14_tracked_document_turns_on_track_changes(lg14):
    settings_xml = xml_of(lg14["tracked_bytes"], "word/settings.xml")
    assert settings_xml.find(f"{{{W}}}trackRevisions") is not None
    clean = xml_of(lg14["clean"].read_bytes(), "word/settings.xml")
    assert clean.find(f"{{{W}}}trackRevisions") is None


def test_layout_of_a_clean_document(lg14):
    texts = body_texts(lg14["clean"])
    plan = lg14["result"].plan
    assert texts[0] == plan.title
    assert texts[1] == f"Version: {plan.version}"
    assert texts[2] == f"Source: {plan.source}"
    assert texts[3] == plan.note
    assert texts[4] == "A. Implementation of the Cartagena Protocol"
    assert texts[5] == "Goal A.1: Parties have established functional national biosafety frameworks"
    assert texts[6] == "Key areas for capacity-building"
    assert texts[7].startswith("(1)\tDeveloping and updating national biosafety legislation")
    assert "Capacity-building activities" in texts
    block = texts.index("Goals A.6, A.7 and A.8")
    assert texts[block + 1].startswith("Goal A.6: ")
    assert texts[block + 3].startswith("Goal A.8: ")
    assert texts[-1] == CLOSING
    styles = [
        p.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val")
        for p in xml_of(lg14["clean"].read_bytes()).iter(f"{{{W}}}p")
    ]
    assert styles[:4] == ["Title", "Normal", "Normal", "Normal"]
    assert styles[4:8] == ["Heading1", "Heading2", "Heading3", "ListParagraph"]
    assert styles[block] == "Heading2"


# --- bad input and edge cases -----------------------------------------------------------


def tiny_plan(**units: Any) -> Plan:
    goals = [{"id": "A.1", "title": "First goal", **units}]
    return Plan.model_validate(
        {"id": "t", "title": "Tiny", "version": "v1", "areas": [{"id": "A", "title": "Area",
                                                                  "goals": goals}]}
    )  # fmt: skip


def test_plan_with_no_items(tmp_path):
    plan = tiny_plan()
    path = save(tmp_path, "empty.docx", render_clean(plan))
    assert body_texts(path) == ["Tiny", "Version: v1", "A. Area", "Goal A.1: First goal", CLOSING]
    assert lint(path) == [] and integrity_problems(path) == []
    revised = tiny_plan(activities=[{"id": "x1", "text": "A first activity"}])
    revised.version = "v2"
    att = Attribution("1", "Body", "2021-01-02", "added", ("x1",))
    tracked = save(
        tmp_path, "t.docx", render_tracked(plan, revised, [att], author="Ed", date="2021-01-02")
    )
    assert project(tracked, "reject") == body_texts(path)
    assert project(tracked, "accept") == body_texts(save(tmp_path, "r.docx", render_clean(revised)))
    assert lint(tracked) == [] and integrity_problems(tracked) == []
    changes = pandoc_changes(tracked)
    # The sub-heading appears with its first activity, and is credited to the same body
    # (pandoc shows no paragraph-insertion mark on headings, only on the item).
    assert "Capacity-building activities" in changes["insertions"]["texts"]
    assert changes["paragraph_insertions"]["count"] == 1
    assert changes["paragraph_insertions"]["authors"] == ["Body"]
    # The version line is not any amendment's change: it carries the default author.
    assert changes["insertions"]["authors"] == ["Body", "Ed"]


def test_unknown_element_in_an_attribution_is_refused():
    plan = tiny_plan(key_areas=[{"id": "k1", "text": "One"}])
    att = Attribution("9", "Body", "2021-01-02", "text", ("nope",))
    with pytest.raises(InputError, match=r"attribution 9: element 'nope' is neither in the base"):
        render_tracked(plan, plan, [att], author="Ed", date="2021-01-02")
    unit = Attribution("9", "Body", "2021-01-02", "text", (), unit_ids=("Z.1",))
    with pytest.raises(InputError, match=r"goal or block 'Z\.1'"):
        render_tracked(plan, plan, [unit], author="Ed", date="2021-01-02")
    empty = Attribution("9", "Body", "2021-01-02", "text", ())
    with pytest.raises(InputError, match="names no element"):
        render_tracked(plan, plan, [empty], author="Ed", date="2021-01-02")
    bad_date = Attribution("9", "Body", "23 April", "text", ("k1",))
    with pytest.raises(InputError, match="not an ISO date"):
        render_tracked(plan, plan, [bad_date], author="Ed", date="2021-01-02")
    with pytest.raises(InputError, match="needs an author"):
        render_tracked(plan, plan, [], author="", date="2021-01-02")


def test_dates_accept_date_datetime_and_strings(tmp_path):
    plan = tiny_plan(key_areas=[{"id": "k1", "text": "One two"}])
    revised = tiny_plan(key_areas=[{"id": "k1", "text": "One three"}])
    dates = [
        dt.date(2021, 1, 2),
        "2021-01-02",
        dt.datetime(2021, 1, 2, 0, 0, tzinfo=dt.UTC),
        "2021-01-02T00:00:00Z",
    ]
    outputs = {
        render_tracked(plan, revised, [Attribution("1", "B", d, "c", ("k1",))], author="B", date=d)
        for d in dates
    }
    assert len(outputs) == 1
    assert pandoc_changes(save(tmp_path, "d.docx", outputs.pop()))["insertions"]["dates"] == [
        "2021-01-02T00:00:00Z"
    ]


def test_instruction_on_a_whole_goal_anchors_on_its_heading(tmp_path):
    plan = tiny_plan(key_areas=[{"id": "k1", "text": "One"}])
    att = Attribution("7", "Body", "2021-01-02", "Think again", (), ("A.1",), pending=True)
    path = save(
        tmp_path, "g.docx", render_tracked(plan, plan, [att], author="B", date="2021-01-02")
    )
    heading = next(
        p
        for p in xml_of(path.read_bytes()).iter(f"{{{W}}}p")
        if "First goal" in "".join(p.itertext())
    )
    assert heading.find(f"{{{W}}}commentRangeStart") is not None
    assert heading.find(f"{{{W}}}r/{{{W}}}commentReference") is not None
    changes = pandoc_changes(path)
    assert changes["comments"]["count"] == 1
    assert changes["insertions"]["count"] == changes["deletions"]["count"] == 0
    assert lint(path) == []


# --- random plans and sets: every operation ---------------------------------------------

WORDS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa", "lambda")
NEW_WORDS = ("omega", "sigma", "tau", "upsilon", "phi", "chi", "psi")


@st.composite
def texts(draw: st.DrawFn, words: tuple[str, ...] = WORDS) -> str:
    chosen = draw(st.lists(st.sampled_from(words), min_size=1, max_size=6))
    if draw(st.booleans()):
        chosen[0] = chosen[0].capitalize()
    return " ".join(chosen)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Small plans: one or two areas, goals and sometimes a block, 0-4 items of each kind."""
    counter = iter(range(10_000))
    areas = []
    for letter in "AB"[: draw(st.integers(1, 2))]:
        goals: list[dict[str, Any]] = []
        number = 0
        for _ in range(draw(st.integers(1, 3))):
            items = {
                field: [
                    {"id": f"e{next(counter)}", "text": draw(texts())}
                    for _ in range(draw(st.integers(0, 4)))
                ]
                for field in ("key_areas", "activities")
            }
            if draw(st.integers(0, 3)) == 0:
                heads = []
                for _ in range(draw(st.integers(2, 3))):
                    number += 1
                    heads.append({"id": f"{letter}.{number}", "title": draw(texts())})
                goals.append({"id": f"blk{letter}{number}", "goals": heads, **items})
            else:
                number += 1
                goals.append({"id": f"{letter}.{number}", "title": draw(texts()), **items})
        areas.append({"id": letter, "title": draw(texts()), "goals": goals})
    return Plan.model_validate(
        {"id": "rnd", "title": "Random plan", "version": "v1", "source": "generated",
         "areas": areas}
    )  # fmt: skip


def _word_spot(draw: st.DrawFn, text: str) -> tuple[str, int | None]:
    """A word of ``text`` and, when it repeats, which occurrence."""
    words = text.split()
    i = draw(st.integers(0, len(words) - 1))
    word = words[i]
    count = words.count(word)
    return word, (words[:i].count(word) + 1 if count > 1 else None)


@st.composite
def plans_and_sets(draw: st.DrawFn) -> tuple[Plan, AmendmentSet]:
    """A plan and a valid set over it: each element touched by at most one amendment."""
    plan = draw(plans())
    places = plan.locate()
    units = [u for _, u in plan.units()]
    used: set[str] = set()
    amendments: list[dict[str, Any]] = []
    # a prefix of a random permutation, so that every operation turns up often, then repeats
    ops = draw(st.permutations(OPERATIONS))[: draw(st.integers(1, 6))]
    ops += draw(st.lists(st.sampled_from(OPERATIONS), max_size=3))

    def free(kind: str | None = None, unit: Any = None) -> list[str]:
        return [
            i
            for i, p in places.items()
            if i not in used
            and (kind is None or p.kind == kind)
            and (unit is None or p.unit is unit)
        ]

    for k, op in enumerate(ops):
        a: dict[str, Any] = {"id": f"{k + 1}", "op": op, "quote": f"*Item {k + 1}* says so"}
        if op == "add":
            unit = draw(st.sampled_from(units))
            kind = draw(st.sampled_from(["key_area", "activity"]))
            a.update(target=unit.label, kind=kind, text=draw(texts(NEW_WORDS)))
            siblings = free(kind, unit)
            position = draw(st.sampled_from(["start", "end", "before", "after"]))
            if position in ("before", "after") and not siblings:
                position = "end"
            a["position"] = position
            if position in ("before", "after"):
                sibling = draw(st.sampled_from(siblings))
                used.add(sibling)
                a["sibling"] = f"#{sibling}"
            amendments.append(a)
            continue
        if op == "join":
            groups = [
                ids for u in units for kind in ("key_area", "activity")
                if len(ids := free(kind, u)) >= 2
            ]  # fmt: skip
            if not groups:
                continue
            group = draw(st.sampled_from(groups))
            size = draw(st.integers(2, min(3, len(group))))
            chosen = draw(st.lists(st.sampled_from(group), min_size=size, max_size=size,
                                   unique=True))  # fmt: skip
            used.update(chosen)
            a.update(targets=[f"#{i}" for i in chosen], text=draw(texts(NEW_WORDS)))
            amendments.append(a)
            continue
        if op == "instruction" and draw(st.integers(0, 4)) == 0:
            a["target"] = draw(st.sampled_from(units)).label
            amendments.append(a)
            continue
        candidates = free()
        if op == "delete":
            candidates = [i for i in candidates if len(places[i].item.text.split()) >= 2]
        if not candidates:
            continue
        element = draw(st.sampled_from(candidates))
        used.add(element)
        text = places[element].item.text
        a["target"] = f"#{element}"
        if op == "rephrase":
            a["text"] = draw(texts(NEW_WORDS))
        elif op in ("replace", "delete"):
            word, occurrence = _word_spot(draw, text)
            a["phrase"] = word
            if occurrence:
                a["occurrence"] = occurrence
            if op == "replace":
                a["by"] = draw(texts(NEW_WORDS))
        elif op == "insert":
            position = draw(st.sampled_from(["start", "end", "before", "after"]))
            a.update(text=draw(texts(NEW_WORDS)), position=position)
            if position in ("before", "after"):
                word, occurrence = _word_spot(draw, text)
                a["anchor"] = word
                if occurrence:
                    a["occurrence"] = occurrence
        elif op == "split":
            a["into"] = draw(st.lists(texts(NEW_WORDS), min_size=2, max_size=3))
        elif op == "move":
            place = places[element]
            position = draw(st.sampled_from(["start", "end", "before", "after", "to"]))
            siblings = [i for i in free(place.kind) if i != element]
            if position in ("before", "after") and siblings:
                sibling = draw(st.sampled_from(siblings))
                used.add(sibling)
                a.update(position=position, sibling=f"#{sibling}")
            elif position == "to":
                a.update(position=draw(st.sampled_from(["start", "end"])),
                         to=draw(st.sampled_from(units)).label)  # fmt: skip
            else:
                a["position"] = "end" if position in ("before", "after") else position
        elif op == "instruction" and draw(st.booleans()):
            a["text"] = draw(texts(NEW_WORDS))
            if draw(st.booleans()):
                a["drafted_by"] = "Secretariat"
        amendments.append(a)
    if not amendments:
        amendments.append({"id": "0", "op": "instruction", "target": units[0].label})
    aset = AmendmentSet.model_validate(
        {
            "id": "rnd",
            "title": "Random set",
            "source": {"document": "RND/1", "paragraph": 7},
            "author": "Random Body",
            "date": dt.date(2021, 5, 6),
            "plan": "plan.yaml",
            "base": "v1",
            "default_position": "end",
            "amendments": amendments,
        }
    )
    return plan, aset


def render_all(plan: Plan, aset: AmendmentSet, folder: Path, name: str = "x") -> dict[str, Path]:
    result = apply_set(aset, plan)
    tracked = render_tracked(
        plan, result.plan, attributions(result.changes), author="Editor", date=aset.date
    )
    return {
        "tracked": save(folder, f"{name}-tracked.docx", tracked),
        "revised": save(folder, f"{name}-revised.docx", render_clean(result.plan)),
        "base": save(folder, f"{name}-base.docx", render_clean(plan)),
    }


def fuzz(examples: int) -> settings:
    """Hypothesis settings for rendering tests: no deadline (pandoc is slow), fixtures allowed."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


@fuzz(80)
@given(case=plans_and_sets())
def test_random_sets_accept_and_reject_exactly(case, tmp_path):
    plan, aset = case
    paths = render_all(plan, aset, tmp_path)
    assert project(paths["tracked"], "accept") == body_texts(paths["revised"])
    assert project(paths["tracked"], "reject") == body_texts(paths["base"])
    assert lint(paths["tracked"]) == []


@fuzz(10)
@given(case=plans_and_sets())
def test_random_sets_through_pandoc(case, tmp_path):
    plan, aset = case
    paths = render_all(plan, aset, tmp_path)
    assert pandoc_text(paths["tracked"], "accept") == pandoc_text(paths["revised"], "accept")
    assert pandoc_text(paths["tracked"], "reject") == pandoc_text(paths["base"], "accept")
    assert integrity_problems(paths["tracked"]) == []


def test_the_generator_covers_every_operation():
    # each example starts with a prefix of a random permutation of the operations, so 60
    # examples miss one with odds near 1e-11 (and CI runs Hypothesis derandomised)
    seen: Counter[str] = Counter()

    # a loaded machine must not fail the health check on how slowly examples are drawn
    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(case=plans_and_sets())
    def collect(case: tuple[Plan, AmendmentSet]) -> None:
        seen.update(a.op for a in case[1].amendments)

    collect()
    assert set(seen) == set(OPERATIONS), seen


# --- one hand-made set with every operation, for pandoc and LibreOffice -----------------

# The set is the golden every-op case (tests/data/golden/apply/every-op): one fixture for both.
EVERY_OP = Path(__file__).parent / "data" / "golden" / "apply" / "every-op"


@pytest.fixture(scope="module")
def every_op(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    plan = files.read_plan(EVERY_OP / "plan.yaml").plan
    aset = files.read_set(EVERY_OP / "set.yaml").aset
    assert {a.op for a in aset.amendments} == set(OPERATIONS)
    folder = tmp_path_factory.mktemp("every")
    paths = render_all(plan, aset, folder, "every")
    return {"plan": plan, "set": aset, **paths}


def test_every_operation_by_pandoc_and_lint(every_op):
    tracked = every_op["tracked"]
    assert project(tracked, "accept") == body_texts(every_op["revised"])
    assert project(tracked, "reject") == body_texts(every_op["base"])
    assert pandoc_text(tracked, "accept") == pandoc_text(every_op["revised"], "accept")
    assert pandoc_text(tracked, "reject") == pandoc_text(every_op["base"], "accept")
    assert lint(tracked) == [] and integrity_problems(tracked) == []
    changes = pandoc_changes(tracked)
    assert changes["comments"]["count"] == 11
    # the drafted instruction's words are the drafter's; its comment names its proposer
    assert changes["insertions"]["authors"] == ["Body One", "Editor", "Secretariat"]
    drafted = [c for c in changes["comments"]["texts"] if c.startswith("(k) — ")]
    assert drafted and "Wording by Secretariat, for the proposal of Body One" in drafted[0]
    # The moved activity is deleted at its old place and inserted at its new one.
    assert changes["paragraph_deletions"]["count"] >= 3  # removed, joined, moved away
    deleted = " ".join(changes["deletions"]["texts"])
    assert "Support research in ecological areas" in deleted
    inserted = " ".join(changes["insertions"]["texts"])
    assert "Support research in ecological areas" in inserted


# --- LibreOffice ------------------------------------------------------------------------


def _libreoffice_missing() -> str | None:
    if shutil.which("soffice") is None:
        return "soffice is not installed"
    if not Path(DEBIAN_PYTHON).exists():
        return f"{DEBIAN_PYTHON} (for python3-uno) is missing"
    try:
        probe = subprocess.run(
            [DEBIAN_PYTHON, "-c", "import uno"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "python3-uno could not be probed"
    return None if probe.returncode == 0 else "python3-uno is not installed"


UNO_TIMEOUT = 300


def run_uno(files: list[Path], pdf_dir: Path | None) -> dict[str, Any]:
    """Run uno_redlines.py once over ``files``; kill its whole process group on a hang."""
    pdf = ["--pdf-dir", str(pdf_dir)] if pdf_dir is not None else []
    proc = subprocess.Popen(
        [DEBIAN_PYTHON, str(UNO_SCRIPT), *pdf, "--timeout", str(UNO_TIMEOUT - 30),
         *map(str, files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=UNO_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"uno_redlines.py did not finish within {UNO_TIMEOUT} s")
    assert proc.returncode == 0, err
    return json.loads(out)


# The last item of a list removed, joined away and moved away: the deleted paragraph mark must
# not be the item's own, or LibreOffice's accept-all merges the heading below into the list.
LAST_ITEMS_SET = {
    "id": "last", "title": "Last items", "author": "Body Two", "date": "2021-05-06",
    "source": {"document": "DOC/2"}, "plan": "p.yaml", "base": "CBD/CP/LG/2020/1/3",
    "amendments": [
        {"id": "1", "op": "remove", "target": "Goal B.1, activity (iv)"},
        {"id": "2", "op": "join",
         "targets": ["Goal A.3, activity (iii)", "Goal A.3, activity (iv)"],
         "text": "Develop guidance and systems for national reporting"},
        {"id": "3", "op": "move", "target": "Goal B.3, activity (iv)", "position": "start"},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def last_items(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    plan = api.load_plan(root / "plans/cb-action-plan.yaml")
    aset = AmendmentSet.model_validate(LAST_ITEMS_SET)
    return render_all(plan, aset, tmp_path_factory.mktemp("last"), "last")


@pytest.fixture(scope="module")
def libreoffice(lg14, every_op, last_items, tmp_path_factory) -> dict[str, Any]:
    """LibreOffice's reading of the tracked documents and of the clean ones they must accept
    and reject to: soffice starts once for the module."""
    reason = _libreoffice_missing()
    if reason:
        pytest.skip(reason)
    pdf_dir = tmp_path_factory.mktemp("pdf")
    cases = {
        "lg14": (lg14["tracked"], lg14["clean"], lg14["base"]),
        "every": (every_op["tracked"], every_op["revised"], every_op["base"]),
        "last": (last_items["tracked"], last_items["revised"], last_items["base"]),
    }
    report = run_uno([path for paths in cases.values() for path in paths], pdf_dir)
    return {
        name: {
            **report[str(tracked)],
            "revised_layout": report[str(revised)]["accepted_layout"],
            "base_layout": report[str(base)]["accepted_layout"],
        }
        for name, (tracked, revised, base) in cases.items()
    }


@pytest.mark.libreoffice
@pytest.mark.parametrize("case", ["lg14", "every", "last"])
def test_libreoffice_accept_and_reject_keep_each_paragraphs_style_and_indent(libreoffice, case):
    """What a reviewer sees after "Accept all" and "Reject all" is the clean revised and base
    documents, paragraph styles and indents included, not only the words."""
    found = libreoffice[case]
    assert found["accepted_layout"] == found["revised_layout"]
    assert found["rejected_layout"] == found["base_layout"]


def collect_cases(count: int) -> list[tuple[Plan, AmendmentSet]]:
    """``count`` random plans and sets, the same each run, drawn once for one soffice run."""
    found: list[tuple[Plan, AmendmentSet]] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(case=plans_and_sets())
    def collect(case: tuple[Plan, AmendmentSet]) -> None:
        found.append(case)

    collect()
    return found[:count]


def libreoffice_cannot_keep_styles(plan: Plan, aset: AmendmentSet) -> set[str]:
    """The sides ("accept", "reject") on which LibreOffice cannot keep every style.

    A run of whole paragraphs added between two kept paragraphs of other styles than the
    run's last one goes on reject: Word gives a joined paragraph the style of the mark that
    stays, LibreOffice gives the paragraph after the run the run's last style, and the writer
    keeps Word's reading. (A removed run, a goal's whole key-area list after its title line
    say, is written so that both agree, see ``writer._restyle_plan``, unless an added run
    follows it at once.)
    """
    blocks = tracked_layout(plan, apply_set(aset, plan).plan)
    props = [(STYLES[b.role], b.item) for b in blocks]
    sides: set[str] = set()
    i = 1
    while i < len(blocks):
        status = blocks[i].status
        if status == "keep" or blocks[i - 1].status != "keep":
            i += 1
            continue
        last = i
        while last + 1 < len(blocks) and blocks[last + 1].status == status:
            last += 1
        after = props[last + 1] if last + 1 < len(blocks) else None
        unlike = props[i - 1] != props[last] and after is not None and after != props[last]
        if unlike and (status == "ins" or blocks[last + 1].status != "keep"):  # added, or mixed
            sides.add("accept" if status == "del" else "reject")
        i = last + 1
    return sides


@pytest.mark.libreoffice
def test_libreoffice_keeps_styles_on_random_sets(tmp_path):
    """Accept-all and reject-all in LibreOffice give the clean documents' words, paragraph
    styles and indents on random sets of every operation (before, removing a list's last item
    turned the heading below into a list paragraph in about 3 sets in 10)."""
    reason = _libreoffice_missing()
    if reason:
        pytest.skip(reason)
    drawn = collect_cases(25)
    cases = [render_all(plan, aset, tmp_path, f"r{n}") for n, (plan, aset) in enumerate(drawn)]
    report = run_uno([path for case in cases for path in case.values()], None)
    limited = 0
    for n, (case, (plan, aset)) in enumerate(zip(cases, drawn, strict=True)):
        tracked = report[str(case["tracked"])]
        revised = report[str(case["revised"])]
        base = report[str(case["base"])]
        assert tracked["accepted"] == revised["accepted"], n
        assert tracked["rejected"] == base["accepted"], n
        sides = libreoffice_cannot_keep_styles(plan, aset)
        limited += bool(sides)
        if "accept" not in sides:
            assert tracked["accepted_layout"] == revised["accepted_layout"], n
        if "reject" not in sides:
            assert tracked["rejected_layout"] == base["accepted_layout"], n
    assert limited <= len(cases) // 4, "the LibreOffice limit should be the exception"


@pytest.mark.libreoffice
def test_removing_a_goals_last_activity_keeps_the_next_heading_a_heading(libreoffice):
    found = libreoffice["last"]
    layout = zip(found["accepted"], found["accepted_layout"], strict=True)
    styles = {text: style for text, (style, _) in layout}
    b2 = next(text for text in found["accepted"] if text.startswith("Goal B.2"))
    a4 = next(text for text in found["accepted"] if text.startswith("Goal A.4"))
    assert styles[b2] == styles[a4] != "List Paragraph"
    assert not any("Develop tools to track the results" in text for text in found["accepted"])


@pytest.mark.libreoffice
def test_libreoffice_accepts_and_rejects_lg14(libreoffice, lg14):
    found = libreoffice["lg14"]
    assert squash(found["accepted"]) == squash(body_texts(lg14["clean"]))
    assert squash(found["rejected"]) == squash(body_texts(lg14["base"]))
    # LibreOffice fuses a split's new first-part words, the new mark and the second part into
    # one insertion (the XML has 18 w:ins, marks included, and 18 w:del).
    assert found["redline_count"] == 33
    assert {(r["author"], r["date"]) for r in found["redlines"]} == {
        (LG14_AUTHOR, "2020-04-23T00:00:00")
    }
    assert Counter(r["type"] for r in found["redlines"]) == {"Insert": 15, "Delete": 18}
    assert len(found["comments"]) == 15
    assert found["comments_after_accept"] == found["comments_after_reject"] == 15
    assert not found["redlines_after_accept"]
    pdf = Path(found["pdf"])
    assert pdf.exists() and pdf.stat().st_size > 10_000


@pytest.mark.libreoffice
def test_libreoffice_accepts_and_rejects_every_operation(libreoffice, every_op):
    found = libreoffice["every"]
    assert squash(found["accepted"]) == squash(body_texts(every_op["revised"]))
    assert squash(found["rejected"]) == squash(body_texts(every_op["base"]))
    assert {r["author"] for r in found["redlines"]} == {"Body One", "Editor", "Secretariat"}
    assert len(found["comments"]) == 11
    assert found["comments_after_accept"] == found["comments_after_reject"] == 11
    assert Path(found["pdf"]).stat().st_size > 5_000
