"""A PDF of a Word document, made by LibreOffice.

editplan draws no PDF of its own: a .pdf is the very .docx a command would write, converted
by ``soffice --headless --convert-to pdf`` in a temporary folder with a profile of its own (so
that a LibreOffice the user has open is neither used nor disturbed), and stopped, with all it
started, when it takes longer than :data:`TIMEOUT` seconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from editplan.errors import Location, OutputError

PROGRAMS = ("soffice", "libreoffice")
TIMEOUT = 180.0  # seconds; a first start of LibreOffice with a new profile takes a few


def converter() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found is not None:
            return found
    return None


def check_converter(name: str) -> None:
    """Refuse, before any work, to write the PDF ``name`` where LibreOffice is not installed."""
    if converter() is None:
        raise OutputError(
            "a PDF is written by LibreOffice, and its program 'soffice' is not installed here "
            "(not found on PATH); install LibreOffice Writer (Debian: libreoffice-writer), or "
            "write the .docx and convert it yourself",
            Location(name),
        )


def from_docx(data: bytes, stem: str = "document", *, timeout: float = TIMEOUT) -> bytes:
    """The PDF of the Word document ``data``, converted by LibreOffice."""
    program = converter()
    if program is None:
        check_converter(f"{stem}.pdf")
    assert program is not None
    with tempfile.TemporaryDirectory(prefix="editplan-pdf-") as folder:
        work = Path(folder)
        source = work / f"{stem or 'document'}.docx"
        source.write_bytes(data)
        args = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "pdf"),
            str(source),
        ]
        said = _run(args, work, timeout)
        made = work / "pdf" / f"{source.stem}.pdf"
        if not made.is_file():
            raise OutputError(
                f"LibreOffice made no PDF of the document ({said or 'it said nothing'})",
                Location(f"{stem}.pdf"),
            )
        return made.read_bytes()


def _run(args: list[str], cwd: Path, timeout: float) -> str:
    """Run LibreOffice in a process group of its own, so that a timeout stops all of it."""
    env = {**os.environ, "HOME": str(cwd)}  # nothing of the user's LibreOffice is touched
    try:
        process = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as exc:
        raise OutputError(f"LibreOffice could not be started: {exc.strerror or exc}") from None
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise OutputError(
            f"LibreOffice took more than {timeout:g} seconds to convert the document to PDF "
            "and was stopped; write the .docx instead"
        ) from None
    finally:
        if process.poll() is None:  # interrupted: leave no LibreOffice running
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    text = out.decode("utf-8", "replace").strip()
    if process.returncode != 0:
        raise OutputError(f"LibreOffice could not convert the document to PDF: {text}")
    return text
