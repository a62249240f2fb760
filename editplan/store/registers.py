"""Round registers on disk (``rounds/NAME.yaml``): read with positions, written back keeping
what the secretariat wrote (comments, voting orders) wherever nothing changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editplan.core.register import Register
from editplan.errors import Location
from editplan.store import files, yamlio
from editplan.store.paths import display

HEADER = (
    "The register of a review round, kept by editplan compile: each proposal's running\n"
    "number (a number is never given to another proposal). Add 'voting:' entries to set the\n"
    "order in which the meeting takes an element's proposals, for example\n"
    "  voting:\n"
    "    - {element: 'Goal A.1, key area (2)', order: [5, 2]}"
)


@dataclass
class RegisterFile:
    """A round's register, and the YAML document it was read from (None: not yet written)."""

    path: Path
    register: Register
    doc: yamlio.Document | None = None

    @property
    def name(self) -> str:
        """The round's name: its file's stem ("sbi-4" for rounds/sbi-4.yaml)."""
        return self.path.stem

    def locate(self, *loc: str | int) -> Location:
        """Where a value of the register is, for messages."""
        if self.doc is None:
            return Location(display(self.path))
        return yamlio.locate(self.doc, display(self.path), loc)

    def render(self, register: Register) -> str:
        """The file's text for ``register``: only what changed differs from the file."""
        data = register.model_dump(mode="json", exclude_defaults=True)
        data.setdefault("sets", {})
        data.setdefault("proposals", [])
        if self.doc is None:
            return yamlio.emit(data, {(): HEADER})
        return yamlio.rewrite(self.doc, data)


def read_register(path: Path) -> RegisterFile:
    """Read and validate a round's register."""
    name = display(path)
    doc = yamlio.parse(files.read_text(path), name)
    return RegisterFile(path, yamlio.validate(Register, doc, name), doc)
