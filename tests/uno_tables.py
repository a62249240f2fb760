"""Read the tables of .docx files through LibreOffice, for the tests: run with /usr/bin/python3.

Like uno_redlines.py (whose office handling it uses), for each file it prints, as one JSON
object keyed by path: the redlines (type, author), and every table cell's text by its name
("C12") as the file opens, after accept-all and after reject-all.

    /usr/bin/python3 tests/uno_tables.py --timeout 240 FILE.docx ...
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from uno_redlines import dispatch, load, redlines, with_office


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
    return with_office(
        args.timeout,
        "uno_tables.py",
        lambda desktop, helper: {str(f): examine(desktop, helper, f) for f in args.files},
    )


if __name__ == "__main__":
    sys.exit(main())
