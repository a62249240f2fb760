"""What the fronts (the command line, the desk's pages and its start-up thread) do with a bug,
an exception that is no EditplanError: keep its traceback in a file, and tell the user where.

Apart from :mod:`editplan.errors`, which the pure core imports, because it writes a file.
"""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from pathlib import Path


def keep_traceback(exc: BaseException, heading: str) -> str:
    """Keep the traceback of a bug in a file of the temporary folder, under ``heading`` (what
    was being done); return where it went, as a message says it, so that a user can report it
    without seeing it."""
    name = f"editplan-bug-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    path = Path(tempfile.gettempdir()) / name
    text = "".join(traceback.format_exception(exc))
    try:
        path.write_text(f"{heading}\n\n{text}", "utf-8")
    except OSError:
        return "its traceback could not be written"
    return f"its traceback is in {path}"
