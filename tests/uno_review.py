"""Make reviewed copies of a document with LibreOffice, for the tests: run with /usr/bin/python3.

One headless soffice (own profile) makes every copy a job file asks for: it opens the input
with change recording on, makes each edit through the text API as the author the edit names,
and saves the copy as .docx ("MS Word 2007 XML"). Paragraphs are addressed by their index in
the document as LibreOffice enumerates it, and characters by offset in the paragraph; jobs
list their edits bottom-up so that an edit never moves the paragraphs of the ones after it.

    /usr/bin/python3 tests/uno_review.py JOBS.json

JOBS.json: [{"in": PATH, "out": PATH, "edits": [EDIT, ...]}, ...]; EDIT is
  {"op": "replace", "para": N, "at": OFFSET, "length": L, "text": T, "author": NAME}
  {"op": "insert", "para": N, "at": OFFSET, "text": T, "author": NAME}
  {"op": "new_paragraph", "para": N, "text": T, "author": NAME}       after paragraph N
  {"op": "delete_paragraph", "para": N, "author": NAME}
  {"op": "split", "para": N, "at": OFFSET, "text": T, "author": NAME}  T typed at the new start
  {"op": "comment", "para": N, "at": OFFSET, "length": L, "text": T, "author": NAME}
      (with "dated": false, a comment made without a date)
(a delete is a replace with empty text).
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import uno  # type: ignore[import-not-found]
from com.sun.star.text.ControlCharacter import (  # type: ignore[import-not-found]
    PARAGRAPH_BREAK,
)
from com.sun.star.util import DateTime  # type: ignore[import-not-found]
from uno_redlines import connect, prop, start_office, stop


def set_author(ctx: Any, name: str) -> None:
    """The author LibreOffice records on changes: the user's name in the configuration."""
    given, _, surname = name.partition(" ")
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx
    )
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),),
    )
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", surname)
    access.commitChanges()


def paragraph(doc: Any, index: int) -> Any:
    enum = doc.getText().createEnumeration()
    n = 0
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.Paragraph"):
            if n == index:
                return part
            n += 1
    raise IndexError(index)


def cursor_at(doc: Any, index: int, at: int, length: int = 0) -> tuple[Any, Any]:
    text = doc.getText()
    cur = text.createTextCursorByRange(paragraph(doc, index).getStart())
    cur.goRight(at, False)
    if length:
        cur.goRight(length, True)
    return text, cur


def edit(ctx: Any, doc: Any, e: dict[str, Any], current: list[str]) -> None:
    if e["author"] != current[0]:
        set_author(ctx, e["author"])
        current[0] = e["author"]
    op = e["op"]
    if op == "replace":
        _, cur = cursor_at(doc, e["para"], e["at"], e["length"])
        cur.setString(e["text"])
    elif op == "insert":
        text, cur = cursor_at(doc, e["para"], e["at"])
        text.insertString(cur, e["text"], False)
    elif op == "new_paragraph":
        text, cur = cursor_at(doc, e["para"], 0)
        cur.gotoEndOfParagraph(False)
        text.insertControlCharacter(cur, PARAGRAPH_BREAK, False)
        text.insertString(cur, e["text"], False)
    elif op == "delete_paragraph":
        _, cur = cursor_at(doc, e["para"], 0)
        cur.gotoNextParagraph(True)
        cur.setString("")
    elif op == "split":
        text, cur = cursor_at(doc, e["para"], e["at"])
        text.insertControlCharacter(cur, PARAGRAPH_BREAK, False)
        text.insertString(cur, e["text"], False)
    elif op == "comment":
        text, cur = cursor_at(doc, e["para"], e["at"], e["length"])
        note = doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.setPropertyValue("Author", e["author"])
        note.setPropertyValue("Content", e["text"])
        if e.get("dated", True):  # undated, LibreOffice writes w:date="0-00-00T00:00:00Z"
            stamp = DateTime()
            stamp.Year, stamp.Month, stamp.Day, stamp.Hours = 2026, 11, 30, 12
            note.setPropertyValue("DateTimeValue", stamp)
        text.insertTextContent(cur, note, True)
    else:
        raise ValueError(op)


def main() -> int:
    jobs = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    profile = Path("/tmp") / f"editplan-lo-{uuid.uuid4().hex}"
    pipe = f"editplan-{uuid.uuid4().hex}"
    office = start_office(profile, pipe)
    desktop = None
    try:
        desktop, _ = connect(pipe, office, wait=120)
        office_ctx = _office_context(pipe)
        for job in jobs:
            current = [""]
            doc = desktop.loadComponentFromURL(
                Path(job["in"]).resolve().as_uri(), "_blank", 0, (prop("Hidden", True),)
            )
            try:
                doc.setPropertyValue("RecordChanges", True)
                for e in job["edits"]:
                    edit(office_ctx, doc, e, current)
                doc.storeToURL(
                    Path(job["out"]).resolve().as_uri(), (prop("FilterName", "MS Word 2007 XML"),)
                )
            finally:
                doc.close(True)
    finally:
        stop(office, desktop)
        time.sleep(0.2)
    return 0


def _office_context(pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")


if __name__ == "__main__":
    sys.exit(main())
