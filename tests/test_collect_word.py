# ruff: noqa: E501  (the comments parts read best as Word writes them, one comment a line)
"""editplan collect on hand-built documents with Word's own markup, and on bad input.

Word writes what LibreOffice does not: moves as ``w:moveFrom``/``w:moveTo``, format changes
with the old formatting in ``w:rPrChange``, ``w14:paraId`` and ``w:rsid*`` attributes, comment
replies in ``commentsExtended.xml``. The fixtures are the clean LG-14 document edited here with
lxml as Word would have saved it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from collect_helpers import FIXTURES, central_property, collect_doc, lg14_base, summary
from lxml import etree

from editplan.cli import main
from editplan.ooxml.walker import read_paragraph

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
DATE = "2026-11-30T15:00:00Z"
CARLA, DAN = "Carla Word", "Dan Reviewer"


def q(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{ {'w': W, 'w14': W14, 'w15': W15}[prefix] }}}{local}"


def run(text: str, deleted: bool = False, **attrs: str) -> etree._Element:
    """A run; a tab in ``text`` becomes w:tab."""
    r = etree.Element(q("w:r"))
    for k, v in attrs.items():
        r.set(q(f"w:{k}"), v)
    for n, part in enumerate(text.split("\t")):
        if n:
            etree.SubElement(r, q("w:tab"))
        if part:
            t = etree.SubElement(r, q("w:delText" if deleted else "w:t"))
            t.text = part
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def rev(
    tag: str, author: str, number: int, *children: etree._Element, **attrs: str
) -> etree._Element:
    el = etree.Element(q(f"w:{tag}"))
    el.set(q("w:id"), str(number))
    el.set(q("w:author"), author)
    el.set(q("w:date"), DATE)
    for k, v in attrs.items():
        el.set(q(f"w:{k}"), v)
    el.extend(children)
    return el


def find(body: etree._Element, needle: str) -> etree._Element:
    found = [p for p in body.iter(q("w:p")) if needle in read_paragraph(p)[0]]
    assert len(found) == 1, needle
    return found[0]


def rebuild(p: etree._Element, *content: etree._Element) -> None:
    """Replace the paragraph's runs by ``content`` (its properties stay)."""
    for child in list(p):
        if child.tag != q("w:pPr"):
            p.remove(child)
    p.extend(content)


def mark(p: etree._Element, tag: str, author: str, number: int) -> None:
    ppr = p.find(q("w:pPr"))
    rpr = ppr.find(q("w:rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, q("w:rPr"))
    rpr.insert(0, rev(tag, author, number))


def make(
    tmp: Path,
    name: str,
    edit: Callable[[etree._Element], None],
    parts: dict[str, bytes] | None = None,
) -> Path:
    """The clean LG-14 document with ``edit`` made to its body, and extra parts added (a
    comments part is related to the document)."""
    src = zipfile.ZipFile(FIXTURES / "lg14-base.clean.docx")
    root = etree.fromstring(src.read("word/document.xml"))
    edit(root.find(q("w:body")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            if item.filename == "word/_rels/document.xml.rels" and parts:
                rels = etree.fromstring(data)
                for n, part in enumerate(parts):
                    kind = part.rsplit("/", 1)[-1].removesuffix(".xml")
                    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    if kind == "commentsExtended":
                        base = "http://schemas.microsoft.com/office/2011/relationships/"
                    rel = etree.SubElement(
                        rels,
                        "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship",
                    )
                    rel.set("Id", f"rIdX{n}")
                    rel.set("Type", base + kind)
                    rel.set("Target", part.removeprefix("word/"))
                data = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
            z.writestr(item.filename, data)
        for part, data in (parts or {}).items():
            if part not in src.namelist():
                z.writestr(part, data)
    path = tmp / name
    path.write_bytes(out.getvalue())
    return path


def word_markup(body: etree._Element) -> None:
    for n, p in enumerate(body.iter(q("w:p"))):
        p.set(q("w14:paraId"), f"{0x1000 + n:08X}")
        p.set(q("w:rsidR"), "00AB12CD")
        p.set(q("w:rsidRDefault"), "00AB12CD")
        for r in p.iter(q("w:r")):
            r.set(q("w:rsidR"), "00AB12CD")
    # a move, as Word writes it
    source = find(body, "Develop outreach materials on the Protocol for relevant sectors")
    text = read_paragraph(source)[0]
    rebuild(
        source,
        rev("moveFromRangeStart", CARLA, 20, name="move1"),
        rev("moveFrom", CARLA, 21, run(text)),
        etree.Element(q("w:moveFromRangeEnd"), {q("w:id"): "20"}),
    )
    mark(source, "moveFrom", CARLA, 22)
    after = find(body, "Encourage the sharing of educational materials")
    moved = etree.Element(q("w:p"))
    ppr = etree.fromstring(etree.tostring(after.find(q("w:pPr"))))
    for old in ppr.findall(q("w:rPr")):
        ppr.remove(old)
    moved.append(ppr)
    moved.extend(
        [
            rev("moveToRangeStart", CARLA, 23, name="move1"),
            rev("moveTo", CARLA, 24, run("(v)\t" + text.split("\t", 1)[1])),
            etree.Element(q("w:moveToRangeEnd"), {q("w:id"): "23"}),
        ]
    )
    mark(moved, "moveTo", CARLA, 25)
    after.addnext(moved)
    # a word replaced, with rsid attributes on the revisions' runs
    p = find(body, "Improving the implementation of compliance action plans")
    rebuild(
        p,
        run("(2)\t"),
        rev("del", CARLA, 26, run("Improving", deleted=True, rsidDel="00CD34EF")),
        rev("ins", CARLA, 27, run("Supporting", rsidR="00CD34EF")),
        run(" the implementation of compliance action plans"),
    )
    # a format change with the old formatting, as Word keeps it
    p = find(body, "Promoting the ratification of the Supplementary Protocol")
    r = p.find(q("w:r"))
    rpr = r.find(q("w:rPr"))
    if rpr is None:
        rpr = etree.Element(q("w:rPr"))
        r.insert(0, rpr)
    etree.SubElement(rpr, q("w:b"))
    change = rev("rPrChange", CARLA, 28)
    etree.SubElement(change, q("w:rPr"))
    rpr.append(change)
    # a comment and its reply on a key area that no change touches
    p = find(body, "Strengthening cooperation among Parties at the regional and subregional")
    text = read_paragraph(p)[0]
    at = text.index("cooperation")
    rebuild(
        p,
        run(text[:at]),
        etree.Element(q("w:commentRangeStart"), {q("w:id"): "5"}),
        etree.Element(q("w:commentRangeStart"), {q("w:id"): "6"}),
        run("cooperation"),
        etree.Element(q("w:commentRangeEnd"), {q("w:id"): "5"}),
        etree.Element(q("w:commentRangeEnd"), {q("w:id"): "6"}),
        _reference(5),
        _reference(6),
        run(text[at + len("cooperation") :]),
    )


def _reference(number: int) -> etree._Element:
    r = etree.Element(q("w:r"))
    etree.SubElement(r, q("w:commentReference"), {q("w:id"): str(number)})
    return r


COMMENTS = f"""<w:comments xmlns:w="{W}" xmlns:w14="{W14}">
<w:comment w:id="5" w:author="{CARLA}" w:date="{DATE}" w:initials="CW"><w:p w14:paraId="0000AAA1"><w:r><w:t>Say which kind of cooperation.</w:t></w:r></w:p></w:comment>
<w:comment w:id="6" w:author="{DAN}" w:date="{DATE}" w:initials="DR"><w:p w14:paraId="0000AAA2"><w:r><w:t>Technical and scientific.</w:t></w:r></w:p></w:comment>
</w:comments>""".encode()
EXTENDED = f"""<w15:commentsEx xmlns:w15="{W15}">
<w15:commentEx w15:paraId="0000AAA1" w15:done="0"/>
<w15:commentEx w15:paraId="0000AAA2" w15:paraIdParent="0000AAA1" w15:done="0"/>
</w15:commentsEx>""".encode()


@pytest.fixture(scope="module")
def base():  # type: ignore[no-untyped-def]
    return lg14_base()


def test_word_markup_collects_move_replace_comment_reply_and_lists_the_format(
    base, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = make(
        tmp_path,
        "word.docx",
        word_markup,
        {"word/comments.xml": COMMENTS, "word/commentsExtended.xml": EXTENDED},
    )
    cset = collect_doc(path, base)
    assert summary(cset) == [
        (
            "replace",
            "Goal A.4, key area (2)",
            (("phrase", "Improving"), ("by", "Supporting")),
            CARLA,
        ),
        ("instruction", "Goal B.3, key area (1)", (), CARLA),
        (
            "move",
            "Goal B.3, activity (iv)",
            (("position", "after"), ("sibling", "Goal B.4, activity (iv)")),
            CARLA,
        ),
    ]
    note = cset.aset.amendments[1].note
    assert note == "Say which kind of cooperation.\nDan Reviewer (reply): Technical and scientific."
    listed = [line for line in cset.header if "format change by Carla Word" in line]
    assert len(listed) == 1 and "Promoting the ratification" in listed[0]
    assert central_property(path, base, cset) == []


def overlapping(body: etree._Element) -> None:
    p = find(body, "Mobilize adequate and sustainable financial resources")
    text = read_paragraph(p)[0]
    at = text.index("adequate")
    rebuild(
        p,
        run(text[:at]),
        rev("del", "Ana Reviewer", 30, run("adequate", deleted=True)),
        rev(
            "ins",
            "Ana Reviewer",
            31,
            rev("del", "Ben Reviewer", 32, run("predictable", deleted=True)),
        ),
        rev("ins", "Ben Reviewer", 33, run("sufficient")),
        run(text[at + len("adequate") :]),
    )


def test_overlapping_reviewers_are_both_collected_and_apply_refuses_them(
    workspace: Path, tmp_path: Path
) -> None:
    path = make(tmp_path, "overlap.docx", overlapping)
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    result = runner.invoke(main, ["collect", str(path), "-o", "amendments/overlap.yaml"])
    assert result.exit_code == 0, result.output
    assert "conflict" in result.stderr
    text = (workspace / "amendments/overlap.yaml").read_text()
    assert "by: predictable" in text and "by: sufficient" in text
    assert text.count("conflicts with the change by") == 2
    result = runner.invoke(main, ["apply", "amendments/overlap.yaml"])
    assert result.exit_code == 3
    assert "conflict" in result.stderr and "edits the same words" in result.stderr


def inside_deleted(body: etree._Element) -> None:
    p = find(body, "Developing and updating national biosafety legislation")
    text = read_paragraph(p)[0]
    rebuild(
        p,
        rev("del", "Ana Reviewer", 40, run(text, deleted=True)),
        rev("ins", "Ben Reviewer", 41, run(" and policies")),
    )
    mark(p, "del", "Ana Reviewer", 42)


def no_version(body: etree._Element) -> None:
    p = find(body, "Version:")
    p.getparent().remove(p)


def _doctype(tmp: Path) -> Path:
    path = make(tmp, "doctype.docx", lambda body: None)
    data = io.BytesIO(path.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "word/document.xml":
                raw = raw.replace(b"<w:document", b'<!DOCTYPE x [<!ENTITY e "x">]><w:document', 1)
            z.writestr(item.filename, raw)
    path.write_bytes(out.getvalue())
    return path


def _bomb(tmp: Path) -> Path:
    path = tmp / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (60 * 2**20))
    return path


def _ole(tmp: Path, encrypted: bool) -> Path:
    path = tmp / ("encrypted.docx" if encrypted else "old.doc")
    body = "EncryptedPackage".encode("utf-16-le") if encrypted else b"WordDocument"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + body)
    return path


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("inside", "inside a paragraph that Ana Reviewer deleted"),
        ("no-version", "does not name the plan version it shows"),
        ("doctype", "DOCTYPE"),
        ("bomb", "zip bomb"),
        ("encrypted", "password-protected"),
        ("binary", "old binary Office file"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_written(
    workspace: Path, tmp_path: Path, snapshot, case: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    path = {
        "inside": lambda: make(tmp_path, "inside.docx", inside_deleted),
        "no-version": lambda: make(tmp_path, "plain.docx", no_version),
        "doctype": lambda: _doctype(tmp_path),
        "bomb": lambda: _bomb(tmp_path),
        "encrypted": lambda: _ole(tmp_path, True),
        "binary": lambda: _ole(tmp_path, False),
    }[case]()
    before = snapshot(workspace)
    result = runner.invoke(main, ["collect", str(path), "-o", "amendments/x.yaml"])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(workspace) == before


def test_a_base_version_not_in_the_history_is_refused(workspace: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(workspace)
    result = CliRunner().invoke(
        main, ["collect", str(FIXTURES / "lg14-review1.docx"), "-o", "amendments/x.yaml"]
    )
    assert result.exit_code == 2
    assert "base version 'CBD/CP/LG/2020/1/3 + LG-14' is neither" in result.stderr
    assert snapshot(workspace) == before


def test_a_document_made_from_another_plan_is_refused(workspace: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        main,
        [
            "collect",
            str(FIXTURES / "lg14-review1.docx"),
            "--base",
            "CBD/CP/LG/2020/1/3",
        ],
    )
    assert result.exit_code == 0  # the same plan, one version earlier: it reads
    other = workspace / "plans/other.yaml"
    other.write_text(
        "id: other\ntitle: Another plan\nversion: v1\nareas:\n  - id: A\n    title: Area\n"
        "    goals:\n      - id: A.1\n        title: A goal\n        key_areas:\n"
        "          - {id: k1, text: Something else entirely}\n"
        "          - {id: k2, text: Nothing like the document}\n",
        encoding="utf-8",
    )
    before = snapshot(workspace)
    result = CliRunner().invoke(
        main,
        ["collect", str(FIXTURES / "lg14-review1.docx"), "--plan", str(other), "--base", "v1",
         "-o", "amendments/x.yaml"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "does not read as version 'v1' of plan 'other'" in result.stderr
    assert snapshot(workspace) == before


def _fresh(
    tmp: Path, name: str, edit: Callable[[etree._Element], None], plan_id: str | None = None
) -> Path:
    """The LG-14 base written by this editplan (with its identity markers), edited."""
    from editplan.word.documents.writer import render_clean

    base = lg14_base()
    if plan_id is not None:
        base = base.model_copy(update={"id": plan_id})
    source = tmp / f"{name}.clean.docx"
    source.write_bytes(render_clean(base))
    z = zipfile.ZipFile(source)
    root = etree.fromstring(z.read("word/document.xml"))
    edit(root.find(q("w:body")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item.filename, data)
    path = tmp / f"{name}.docx"
    path.write_bytes(out.getvalue())
    return path


def untracked_rephrase(body: etree._Element) -> None:
    p = find(body, "Improving the implementation of compliance action plans")
    for t in p.iter(q("w:t")):
        t.text = (t.text or "").replace(
            "Improving the implementation of compliance action plans",
            "Help Parties carry out what their compliance plans say",
        )


def test_identity_markers_name_the_version_and_match_elements(
    workspace: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    path = _fresh(tmp_path, "untracked", untracked_rephrase)
    result = runner.invoke(main, ["collect", str(path), "-o", "amendments/u.yaml"])
    assert result.exit_code == 0, result.output
    assert "no element ids" not in result.stderr
    assert "tracking off" in result.stderr
    from editplan import api

    aset = api.load_set(workspace / "amendments/u.yaml")
    assert aset.base == "CBD/CP/LG/2020/1/3 + LG-14"  # from the document's properties
    [amendment] = aset.amendments
    assert (amendment.op, amendment.target, amendment.tracked) == (
        "rephrase",
        "Goal A.4, key area (2)",
        False,
    )


def test_a_document_naming_another_plan_is_refused(
    workspace: Path, tmp_path: Path, snapshot
) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    path = _fresh(tmp_path, "other", untracked_rephrase, plan_id="other-plan")
    before = snapshot(workspace)
    result = runner.invoke(main, ["collect", str(path), "-o", "amendments/x.yaml"])
    assert result.exit_code == 2
    assert "was made from plan 'other-plan', not from 'cb-action-plan'" in result.stderr
    assert snapshot(workspace) == before


def area_title(body: etree._Element) -> None:
    p = find(body, "A. Implementation of the Cartagena Protocol")
    text = read_paragraph(p)[0]
    at = text.index("Implementation")
    rebuild(
        p,
        run(text[:at]),
        rev("del", CARLA, 50, run("Implementation", deleted=True)),
        rev("ins", CARLA, 51, run("Application")),
        run(text[at + len("Implementation") :]),
    )


def test_an_area_title_change_is_listed_not_dropped(
    workspace: Path, tmp_path: Path, snapshot
) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "amendments/lg14.yaml"]).exit_code == 0
    path = make(tmp_path, "area.docx", area_title)
    before = snapshot(workspace)
    result = runner.invoke(main, ["collect", str(path), "-o", "amendments/x.yaml"])
    assert result.exit_code == 2
    assert "nothing to collect" in result.stderr
    assert "the title of area A" in result.stderr
    assert "cannot amend an area's title" in result.stderr
    assert snapshot(workspace) == before
