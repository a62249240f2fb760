"""The files a user names for a command to write (``-o``): what format each suffix means, and
whether the file may be written. The one place of both policies.

**Formats.** A file's suffix names its format, and each command writes only some
(:data:`WRITES`): a file with no suffix, or one the command cannot write, is refused with the
list of those it can, before any work. ``.pdf`` is the .docx the command would write,
converted by LibreOffice (:mod:`editplan.publish.pdf`).

**Overwriting.** A file that exists is replaced only when editplan made it and can make it
again: a document (Word, web page, PDF, Markdown, Akoma Ntoso) in the workspace's ``out/``
folder, which ``editplan init`` gives git to ignore because everything in it is made from the
plans. Anything else that exists (a patch file or a plan file anywhere, a document elsewhere,
committed or not) is refused unless the caller forces it, and the message says what would be
lost: uncommitted changes, or a file git does not hold at all. A folder is never a file to
write.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editplan.errors import InputError, Location
from editplan.store import files
from editplan.store.paths import display
from editplan.usecases.workspace import Workspace

OUT_FOLDER = "out"  # the workspace's folder of documents made from the plans


@dataclass(frozen=True)
class Format:
    """A kind of file a command writes, named by its suffix."""

    suffix: str
    name: str  # as the use cases tell formats apart: "docx", "html", "pdf", "markdown"...
    noun: str  # as messages say it
    document: bool = True  # made from the plans (so regenerated freely in out/), not data


DOCX = Format(".docx", "docx", "Word document")
HTML = Format(".html", "html", "web page")
HTM = Format(".htm", "html", "web page")
PDF = Format(".pdf", "pdf", "PDF, through LibreOffice")
MARKDOWN = Format(".md", "markdown", "Markdown")
AKN = Format(".xml", "akn", "Akoma Ntoso")
YAML = Format(".yaml", "yaml", "YAML", document=False)
YML = Format(".yml", "yaml", "YAML", document=False)
MADE = Format("", "made", "file a command makes again")  # a document, or apply's revised plan

WRITES: dict[str, tuple[Format, ...]] = {
    "render": (DOCX, HTML, HTM, PDF),
    "diff": (DOCX, HTML, HTM, PDF),
    "compile": (DOCX, MARKDOWN, HTML, HTM, PDF),
    "export": (AKN,),
    "extract": (YAML, YML),
    "collect": (YAML, YML),
    "import": (YAML, YML),
}
"""What each command can write with ``-o``, by suffix."""



@dataclass(frozen=True)
class Output:
    """A file a command will write, checked: where, and in which format."""

    path: Path
    format: Format

    def write(self, data: bytes | str) -> Path:
        """Write the file atomically; for a PDF, ``data`` is the .docx to convert."""
        if self.format is PDF:
            from editplan.publish import pdf

            assert isinstance(data, bytes)
            data = pdf.from_docx(data, self.path.stem)
        files.write_atomic(self.path, data)
        return self.path


def output(ws: Workspace, command: str, given: str | Path, *, force: bool = False) -> Output:
    """The file ``command`` is asked to write, checked before any work: its suffix names a
    format the command writes (for a PDF, LibreOffice is there), it is not a folder, and it
    may be replaced if it exists (see the module's policy; ``force`` replaces any file)."""
    found = named(ws, command, given)
    check_replaceable(ws, found.path, found.format, force=force)
    return found


def named(ws: Workspace, command: str, given: str | Path) -> Output:
    """The file ``command`` is asked to write and its format, whether or not it exists: not a
    folder, a suffix the command writes, and for a PDF, LibreOffice there to make it."""
    path = ws.path(given)
    check_not_folder(path, command)
    fmt = format_of(command, path)
    if fmt is PDF:
        from editplan.publish import pdf

        pdf.check_converter(display(path))
    return Output(path, fmt)


def format_of(command: str, path: Path) -> Format:
    """The format the suffix of ``path`` names, among those ``command`` writes."""
    offered = WRITES[command]
    suffix = path.suffix.lower()
    for fmt in offered:
        if fmt.suffix == suffix:
            return fmt
    said = f"ends in {path.suffix!r}" if path.suffix else "has no suffix"
    raise InputError(
        f"{said}, so the format to write is unknown; {command} writes {suffixes(command)}: "
        "name the file with one of these",
        Location(display(path)),
    )


def suffixes(command: str) -> str:
    """The suffixes ``command`` writes, with what each is: ".docx (Word document), .html or
    .htm (web page)"."""
    nouns: dict[str, list[str]] = {}
    for fmt in WRITES[command]:
        nouns.setdefault(fmt.noun, []).append(fmt.suffix)
    return ", ".join(f"{' or '.join(names)} ({noun})" for noun, names in nouns.items())


def check_not_folder(path: Path, command: str) -> None:
    """Refuse a folder where a file to write is named."""
    if path.is_dir():
        example = display(path / f"NAME{WRITES[command][0].suffix}")
        raise InputError(
            f"is a folder, not a file; name the file to write in it, such as {example}",
            Location(display(path)),
        )


def check_replaceable(ws: Workspace, path: Path, fmt: Format, *, force: bool = False) -> None:
    """Refuse an existing file that editplan cannot make again, unless ``force``; the message
    names the file and what writing it would lose."""
    if not path.exists() or force:
        return
    if fmt.document and _in_out_folder(ws, path):
        return  # made from the plans, and made again whenever asked
    raise InputError(
        f"exists, and writing it would replace {_what_is_lost(ws, path)}; choose another "
        "file, or replace it",
        Location(display(path)),
        remedy="force",
    )


def check_files(ws: Workspace, paths: list[Path], *, force: bool = False) -> None:
    """Refuse, as :func:`check_replaceable` does, any of the files a command names itself in a
    folder the user chose (apply's documents and revised plan). Each is made again by running
    the command again, so in the workspace's ``out/`` it is replaced freely."""
    for path in paths:
        check_replaceable(ws, path, MADE, force=force)


def _in_out_folder(ws: Workspace, path: Path) -> bool:
    home = ws.at(path)
    if home.root is None:
        return False
    folder = (home.root / OUT_FOLDER).resolve()
    return folder in path.resolve().parents


def _what_is_lost(ws: Workspace, path: Path) -> str:
    """What the file holds that writing over it would lose, in git's terms."""
    what = _contents(path)
    repo = ws.repo_of(path)
    if repo is None:
        return f"{what}, which is in no git repository: it would be lost for good"
    from editplan.history import git as history

    state = history.file_state(repo, path)
    if state.status == "untracked":
        return f"{what}, which git does not hold (never committed): it would be lost for good"
    if state.status == "ignored":
        return f"{what}, which git ignores (never committed): it would be lost for good"
    if state.status == "modified":
        return (
            f"{what}, committed in {state.commit} and changed since: the uncommitted changes "
            "would be lost for good"
        )
    return (
        f"{what}, as committed in {state.commit} ({state.subject!r}); git keeps that version, "
        f"and 'git checkout -- {history.relative(repo, path)}' brings it back"
    )


def _contents(path: Path) -> str:
    """A few words on what a file holds: a patch file's set and amendments, a plan's id, else
    its size."""
    if path.suffix.lower() in (YAML.suffix, YML.suffix):
        from editplan.errors import EditplanError
        from editplan.store import peek

        try:
            found = peek.peek_set(path)
        except EditplanError:
            found = None
        if found is not None and "amendments" in found.keys:
            count = len(found.amendments)
            return f"the patch file of set {found.set_id} ({count} amendment{'s' * (count != 1)})"
        if found is not None and "areas" in found.keys:
            return f"the plan file of plan {found.set_id}"
    try:
        size = path.stat().st_size
    except OSError:
        return "a file"
    return f"a file of {size:,} byte{'s' * (size != 1)}"
