"""Read the tables of .docx files through LibreOffice, for the tests: run with /usr/bin/python3.

Like uno_redlines.py (whose office handling it uses), for each file it prints, as one JSON
object keyed by path: the redlines (type, author), and every table cell's text by its name
("C12") as the file opens, after accept-all and after reject-all.

    /usr/bin/python3 tests/uno_tables.py --timeout 240 FILE.docx ...
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from uno_redlines import Timeout, connect, dispatch, load, redlines, start_office, stop


def cells(doc: Any) -> list[dict[str, str]]:
    """Each table's cells, name to text."""
    out = []
    tables = doc.getTextTables()
    for i in range(tables.getCount()):
        table = tables.getByIndex(i)
        out.append({name: table.getCellByName(name).getString() for name in table.getCellNames()})
    return out


def examine(desktop: Any, helper: Any, path: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    doc = load(desktop, path)
    try:
        result["redlines"] = redlines(doc)
        result["opened"] = cells(doc)
        dispatch(helper, doc, ".uno:AcceptAllTrackedChanges")
        result["accepted"] = cells(doc)
    finally:
        doc.close(True)
    doc = load(desktop, path)
    try:
        dispatch(helper, doc, ".uno:RejectAllTrackedChanges")
        result["rejected"] = cells(doc)
    finally:
        doc.close(True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=240, help="seconds for the whole run")
    args = parser.parse_args()

    def on_alarm(signum: int, frame: Any) -> None:
        raise Timeout(f"uno_tables.py ran past {args.timeout} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(args.timeout)
    profile = Path(tempfile.mkdtemp(prefix="editplan-lo-"))
    pipe = f"editplan-{uuid.uuid4().hex}"
    office = start_office(profile, pipe)
    desktop = None
    try:
        desktop, helper = connect(pipe, office, wait=min(120, args.timeout))
        report = {str(f): examine(desktop, helper, f) for f in args.files}
    finally:
        signal.alarm(0)
        stop(office, desktop)
        shutil.rmtree(profile, ignore_errors=True)
    json.dump(report, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
