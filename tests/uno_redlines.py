"""Read .docx files' tracked changes through LibreOffice, for the tests: run with /usr/bin/python3.

Debian's UNO bridge (python3-uno) imports only under Debian's own interpreter, so this is a
script, not a test module. It starts one headless soffice with its own profile, and for each
file prints (as one JSON object keyed by path) the redlines (type, author, date), the body
text and each paragraph's style and indent after accept-all and after reject-all, and the path
of a PDF export. soffice is ended
when the script ends, however it ends.

    /usr/bin/python3 tests/uno_redlines.py [--pdf-dir DIR] --timeout 240 FILE.docx ...
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


class Timeout(Exception):
    """The watchdog fired: the script ran past its time limit."""


def prop(name: str, value: Any) -> PropertyValue:
    """A UNO PropertyValue."""
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def start_office(profile: Path, pipe: str) -> subprocess.Popen:
    """Start headless soffice in its own process group, accepting UNO on a named pipe."""
    command = [
        shutil.which("soffice") or "soffice",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
    ]
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def connect(pipe: str, office: subprocess.Popen, wait: float) -> Any:
    """Connect to soffice, retrying until it listens; return its Desktop."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + wait
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if office.poll() is not None:
                raise RuntimeError(
                    f"soffice exited with {office.returncode} before listening"
                ) from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"soffice did not listen within {wait:.0f} s") from None
            time.sleep(0.25)
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    return desktop, helper


def load(desktop: Any, path: Path) -> Any:
    """Open a document hidden (it still gets a frame, which the dispatcher needs)."""
    doc = desktop.loadComponentFromURL(
        path.resolve().as_uri(), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", False))
    )
    if doc is None:
        raise RuntimeError(f"LibreOffice could not open {path}")
    return doc


def paragraphs(doc: Any) -> list[str]:
    """The body's paragraph texts, in order (tables are not used by editplan)."""
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.Paragraph"):
            out.append(part.getString())
    return out


def layout(doc: Any) -> list[list[Any]]:
    """Each body paragraph's style and left indent (1/100 mm): what a reviewer sees besides
    the words, for comparing accept-all and reject-all with the clean documents."""
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.Paragraph"):
            out.append(
                [part.getPropertyValue("ParaStyleName"), part.getPropertyValue("ParaLeftMargin")]
            )
    return out


def redlines(doc: Any) -> list[dict[str, str]]:
    """Each redline's type, author and date, through XRedlinesSupplier."""
    out = []
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        redline = enum.nextElement()
        stamp = redline.getPropertyValue("RedlineDateTime")
        out.append(
            {
                "type": redline.getPropertyValue("RedlineType"),
                "author": redline.getPropertyValue("RedlineAuthor"),
                "date": f"{stamp.Year:04d}-{stamp.Month:02d}-{stamp.Day:02d}T"
                f"{stamp.Hours:02d}:{stamp.Minutes:02d}:{stamp.Seconds:02d}",
            }
        )
    return out


def annotations(doc: Any) -> list[dict[str, str]]:
    """Each comment's author and first line, through XTextFieldsSupplier."""
    out = []
    enum = doc.getTextFields().createEnumeration()
    while enum.hasMoreElements():
        field = enum.nextElement()
        if field.supportsService("com.sun.star.text.TextField.Annotation"):
            content = field.getPropertyValue("Content")
            out.append(
                {"author": field.getPropertyValue("Author"), "first": content.split("\n")[0]}
            )
    return out


def dispatch(helper: Any, doc: Any, command: str) -> None:
    """Run a menu command on the document's frame."""
    frame = doc.getCurrentController().getFrame()
    helper.executeDispatch(frame, command, "", 0, ())


def examine(desktop: Any, helper: Any, path: Path, pdf_dir: Path | None) -> dict[str, Any]:
    """Redlines, comments, accept-all and reject-all texts, and a PDF of one file."""
    result: dict[str, Any] = {}
    doc = load(desktop, path)
    try:
        result["redlines"] = redlines(doc)
        result["redline_count"] = len(result["redlines"])
        result["comments"] = annotations(doc)
        if pdf_dir is not None:
            pdf = pdf_dir / (path.stem + ".pdf")
            doc.storeToURL(pdf.resolve().as_uri(), (prop("FilterName", "writer_pdf_Export"),))
            result["pdf"] = str(pdf)
        dispatch(helper, doc, ".uno:AcceptAllTrackedChanges")
        result["accepted"] = paragraphs(doc)
        result["accepted_layout"] = layout(doc)
        result["redlines_after_accept"] = doc.getRedlines().createEnumeration().hasMoreElements()
        result["comments_after_accept"] = len(annotations(doc))
    finally:
        doc.close(True)
    doc = load(desktop, path)
    try:
        dispatch(helper, doc, ".uno:RejectAllTrackedChanges")
        result["rejected"] = paragraphs(doc)
        result["rejected_layout"] = layout(doc)
        result["comments_after_reject"] = len(annotations(doc))
    finally:
        doc.close(True)
    return result


def stop(office: subprocess.Popen, desktop: Any) -> None:
    """End soffice: politely through UNO, then by killing its process group."""
    if desktop is not None:
        # The bridge may die with the office before terminate() returns.
        with contextlib.suppress(Exception):
            desktop.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        office.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(office.pid, signal.SIGKILL)
    office.wait(timeout=10)


def with_office(timeout: int, script: str, work: Callable[[Any, Any], dict[str, Any]]) -> int:
    """Start one soffice, run ``work(desktop, helper)`` within ``timeout`` seconds, print its
    report as JSON, and end soffice however the work ends."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise Timeout(f"{script} ran past {timeout} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(timeout)
    profile = Path(tempfile.mkdtemp(prefix="editplan-lo-"))
    pipe = f"editplan-{uuid.uuid4().hex}"
    office = start_office(profile, pipe)
    desktop = None
    try:
        desktop, helper = connect(pipe, office, wait=min(120, timeout))
        report = work(desktop, helper)
    finally:
        signal.alarm(0)
        stop(office, desktop)
        shutil.rmtree(profile, ignore_errors=True)
    json.dump(report, sys.stdout, ensure_ascii=False)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--pdf-dir", type=Path, help="Export each file as PDF into this folder.")
    parser.add_argument("--timeout", type=int, default=240, help="seconds for the whole run")
    args = parser.parse_args()
    return with_office(
        args.timeout,
        "uno_redlines.py",
        lambda desktop, helper: {
            str(f): examine(desktop, helper, f, args.pdf_dir) for f in args.files
        },
    )


if __name__ == "__main__":
    sys.exit(main())
