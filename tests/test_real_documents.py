# ruff: noqa: E501  (file names and markup read best whole)
"""Real Word files from public test corpora (tests/data/corpus/, with their sources), read by
editplan as pandoc and LibreOffice read them.

- The revision stream collect reads follows each file paragraph by paragraph: its reading
  after accepting (rejecting) every change is the walker's reading of the body as
  accept-all (reject-all) leaves it, and pandoc's words with ``--track-changes``.
- import's words equal pandoc's words, up to what import lists as not read (text boxes, and
  the picture-font characters the manifest names), and every such thing is listed.
- Word's markup of moves, of text inserted by one author and deleted by another, of comment
  threads, is read as what it is.

``EDITPLAN_CORPUS=/folder`` adds every .docx under that folder to the stream test (by hand).
"""

from __future__ import annotations

import contextlib
import copy
import csv
import os
from collections import Counter
from pathlib import Path

import pytest
from corpus_words import our_words, pandoc_words

from editplan.errors import InputError
from editplan.ooxml import review
from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
from editplan.ooxml.package import read_roots
from editplan.ooxml.revisions import count_revisions, resolve_revisions
from editplan.ooxml.styles import Styles
from editplan.ooxml.walker import Para, Walker

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def _manifest() -> dict[str, dict[str, str]]:
    with (CORPUS / "files.tsv").open(encoding="utf-8") as handle:
        lines = [line.removeprefix("# ") for line in handle]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return {row["file"]: row for row in rows}


MANIFEST = _manifest()
EXTRA = sorted(Path(os.environ["EDITPLAN_CORPUS"]).rglob("*.docx")) if os.environ.get(
    "EDITPLAN_CORPUS"
) else []


def test_the_manifest_names_every_file_with_its_source() -> None:
    assert sorted(MANIFEST) == sorted(p.name for p in CORPUS.glob("*.docx"))
    for row in MANIFEST.values():
        assert row["repository"] and row["path"].endswith(".docx")
        assert len(row["commit"]) == 40 and row["licence"] in ("MIT", "Apache-2.0")


def walker_texts(body, roots) -> list[str]:  # type: ignore[no-untyped-def]
    styles = Styles(roots.get("styles"))
    blocks = Walker(styles, Numbering(roots.get("numbering"), styles)).walk(body)
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(block.text)
        else:
            out.extend(p.text for row in block.rows for cell in row for p in cell.paras)
    return out


def follows(path: Path) -> list[str]:
    """Where the revision stream's readings differ from accept-all and reject-all (empty: it
    follows the file paragraph by paragraph)."""
    roots = read_roots(path, path.name)
    body = roots["document"].find(w("body"))
    stream = review.read(body, roots.get("comments"), roots.get("commentsExtended"))
    out = []
    for accept in (True, False):
        resolved = copy.deepcopy(body)
        resolve_revisions(resolved, accept=accept)
        want = walker_texts(resolved, roots)
        got = [v.text for v in review.view(stream, accept=accept)]
        if got != want:
            out.append(f"accept={accept}: {got} != {want}")
    return out


TRACKED = [
    name
    for name in MANIFEST
    if "-Accepted" not in name and "-Rejected" not in name and name.startswith(("powertools-RP", "poi-", "sdk-Comment"))
]


@pytest.mark.parametrize("name", TRACKED)
def test_the_revision_stream_follows_each_file_paragraph_by_paragraph(name: str) -> None:
    assert follows(CORPUS / name) == []


@pytest.mark.skipif(not EXTRA, reason="by hand: EDITPLAN_CORPUS=/folder of .docx files")
@pytest.mark.parametrize("path", EXTRA or [None], ids=[p.name for p in EXTRA] or ["none"])
def test_by_hand_the_revision_stream_follows_every_file_of_a_corpus(path: Path) -> None:
    # a file refused with a message (encrypted, damaged) has no reading to follow
    with contextlib.suppress(InputError):
        assert follows(path) == []


@pytest.mark.parametrize("name", TRACKED)
def test_accept_and_reject_give_pandocs_words_in_order(name: str) -> None:
    """pandoc reads the same characters of words, in the same order, with every change
    accepted (rejected); where a word breaks may differ (pandoc splits "al so" where a
    revision ends inside a word)."""
    assert not MANIFEST[name]["pandoc reads more (words editplan lists as not read)"]
    for accept in (True, False):
        ours, boxes, _ = our_words(CORPUS / name, accept=accept)
        theirs = pandoc_words(CORPUS / name, accept=accept)
        assert not boxes
        assert "".join(ours) == "".join(theirs), accept


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_imports_words_are_pandocs_up_to_what_it_lists_as_not_read(name: str) -> None:
    ours, boxes, losses = our_words(CORPUS / name)
    theirs = Counter(pandoc_words(CORPUS / name))
    missing = theirs - Counter(ours) - Counter(boxes)
    extra = Counter(ours) + Counter(boxes) - theirs
    assert extra == Counter(), "editplan reads words pandoc does not"
    assert missing == Counter(MANIFEST[name]["pandoc reads more (words editplan lists as not read)"].split())
    if boxes:
        assert any(loss.startswith("a text box") for loss in losses)
    if missing:
        assert any("which draw pictures, not text" in loss for loss in losses)


@pytest.mark.parametrize(
    ("name", "loss"),
    [
        ("powertools-CA009-altChunk.docx", "content embedded whole from another file"),
        ("powertools-SmartArt.docx", "a SmartArt diagram: its text is not read"),
        ("sdk-AllShadows-O12-Word-OartTextEffects.docx", "WordArt 'Your Text Here': its text is not read"),
        ("docx4j-Word2007-fonts.docx", "characters of the font Wingdings (codes F057)"),
        ("powertools-RP013-Deleted-Math-Control-Char.docx", "an equation, read as its characters 'A=πr2'"),
    ],
)
def test_what_import_cannot_read_is_listed(name: str, loss: str) -> None:
    assert any(found.startswith(loss) for found in our_words(CORPUS / name)[2])


def stream(name: str) -> review.Reviewed:
    roots = read_roots(CORPUS / name, name)
    body = roots["document"].find(w("body"))
    assert count_revisions(body) or roots.get("comments") is not None
    return review.read(body, roots.get("comments"), roots.get("commentsExtended"))


def test_a_paragraph_move_pairs_its_two_marks_by_the_ranges_name() -> None:
    """RP015: Word names a move on its range (w:moveFromRangeStart w:name), which closes after
    the paragraph's mark, between paragraphs; both marks carry the name."""
    read = stream("powertools-RP015-MoveFrom-MoveTo.docx")
    marks = {p.mark_revision.kind: p.mark_revision.move for p in read.paragraphs if p.mark_revision}
    assert marks == {"moveFrom": "move478160808", "moveTo": "move478160808"}


def test_text_inserted_and_deleted_by_two_authors_goes_either_way_under_both_names() -> None:
    """RP047: ``<w:ins A><w:del B>`` text and a mark carrying both w:ins and w:del."""
    read = stream("powertools-RP047-Inserted-and-Deleted-Paragraph-Mark.docx")
    ghosts = [(x.text, x.inserted.author, x.revision.author) for p in read.paragraphs
              for x in p.pieces if x.inserted is not None]  # fmt: skip
    assert ghosts == [("ed.", "Test User", "Eric White"), ("This is also added", "Test User", "Eric White")]
    mark = next(p for p in read.paragraphs if p.mark_inserted is not None)
    assert (mark.mark_inserted.author, mark.mark_revision.author) == ("Test User", "Eric White")


def test_text_inserted_then_moved_away_goes_either_way() -> None:
    """Tika-792 (Apache POI): ``<w:moveFrom><w:ins>b</w:ins></w:moveFrom>``."""
    read = stream("poi-Tika-792.docx")
    [piece] = [x for p in read.paragraphs for x in p.pieces if x.text == "b"]
    assert (piece.state, piece.revision.kind, piece.inserted.kind) == ("del", "moveFrom", "ins")


def test_word_comment_threads_keep_replies_and_resolved_marks() -> None:
    """Comment003 (Open-XML-SDK): replies name their parent through commentsExtended, and a
    resolved thread is marked done."""
    read = stream("sdk-Comment003.docx")
    by_id = {c.id: c for c in read.comments}
    replies = [c for c in read.comments if c.parent is not None]
    assert replies and all(c.parent in by_id for c in replies)
    assert any(c.done for c in read.comments)
