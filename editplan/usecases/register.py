"""A round's register in the workspace: found, created, and given new numbers.

The register is ``rounds/NAME.yaml`` in the workspace of the round's plan. A command finds it
as the plan file is found: the one named; else the one that already numbers a set of the
round; else the only register of that plan; none (``compile`` then makes
``rounds/<plan>.yaml``); several are an error that lists them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from editplan.core.register import Register, ranges
from editplan.errors import EditplanError, InputError
from editplan.store.files import display
from editplan.store.registers import RegisterFile, read_register
from editplan.usecases.workspace import Workspace

ROUNDS = "rounds"


@dataclass
class Numbering:
    """What numbering a round did: the register (None outside a workspace), the numbers
    given, and whether it was written and committed."""

    register: RegisterFile | None
    numbers: dict[str, int]
    added: list[int] = field(default_factory=list)
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)
    written: bool = True  # False: the register could not be written (the warnings say why)


def registers(home: Workspace) -> list[Path]:
    """The round registers of a workspace (``rounds/*.yaml``), by name."""
    if home.root is None or not (home.root / ROUNDS).is_dir():
        return []
    return sorted(
        p for p in (home.root / ROUNDS).iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
    )


def find(
    ws: Workspace,
    home: Workspace,
    plan_path: Path,
    set_ids: Sequence[str],
    name: str | None = None,
    *,
    create: bool = False,
) -> RegisterFile | None:
    """The register of a round on ``plan_path`` holding the sets ``set_ids`` (see the module's
    docstring); with ``create``, a new one when there is none (not yet written)."""
    if name is not None:
        path = _named(ws, home, name)
        if path.is_file():
            return _checked(read_register(path), plan_path)
        if not create:
            raise InputError(
                f"there is no round register {display(path)}; " + _listed(registers(home)),
                option="round",
            )
        return _new(path, plan_path)
    mine = [r for r in map(read_register, registers(home)) if _plan_of(r) == plan_path.resolve()]
    holding = [r for r in mine if any(s in r.register.sets for s in set_ids)]
    found = holding or mine
    if len(found) > 1:
        raise InputError(
            f"{len(found)} round registers could hold these sets: "
            + ", ".join(display(r.path) for r in found)
            + "; name the round",
            remedy="round",
        )
    if found:
        return found[0]
    if not create or home.root is None:
        return None
    return _new(home.root / ROUNDS / f"{plan_path.stem}.yaml", plan_path)


def for_numbers(ws: Workspace, name: str | None) -> RegisterFile:
    """The register whose numbers a command takes: the one named, else the workspace's only
    one, else the only one of the workspace's plan."""
    home = ws.at(ws.root) if ws.root is not None else ws
    if name is not None:
        path = _named(ws, home, name)
        if not path.is_file():
            raise InputError(
                f"there is no round register {display(path)}; " + _listed(registers(home)),
                option="round",
            )
        return read_register(path)
    found = [read_register(p) for p in registers(home)]
    if len(found) > 1 and (plan := ws.find_plan()) is not None:
        found = [r for r in found if _plan_of(r) == plan.resolve()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(
            "the round has no numbers yet: compiling its sets numbers the proposals; until "
            "then name each by its set and amendment"
        )
    raise InputError(
        f"{len(found)} rounds number proposals: "
        + ", ".join(display(r.path) for r in found)
        + "; name the round",
        remedy="round",
    )


def _named(ws: Workspace, home: Workspace, name: str) -> Path:
    """A register given by name ("sbi-4": rounds/sbi-4.yaml) or by path."""
    if "/" in name or os.sep in name or name.endswith((".yaml", ".yml")):
        return ws.path(name)
    if home.root is None:
        raise InputError(
            f"round {name!r}: not in a workspace, so there is no rounds/ folder; name the "
            "register's file",
            option="round",
        )
    return home.root / ROUNDS / f"{name}.yaml"


def _listed(found: list[Path]) -> str:
    if not found:
        return "the workspace has no round yet (compiling the sets makes one)"
    return "the rounds are: " + ", ".join(display(p) for p in found)


def _plan_of(register: RegisterFile) -> Path:
    return (register.path.parent / register.register.plan).resolve()


def _checked(register: RegisterFile, plan_path: Path) -> RegisterFile:
    if _plan_of(register) != plan_path.resolve():
        raise InputError(
            f"this round's sets amend {display(plan_path)}, but the register says its round is "
            f"on {register.register.plan!r}: a round is on one plan",
            register.locate("plan"),
        )
    return register


def _new(path: Path, plan_path: Path) -> RegisterFile:
    plan = Path(os.path.relpath(plan_path.resolve(), path.parent.resolve())).as_posix()
    return RegisterFile(path, Register(plan=plan))


def number(
    home: Workspace,
    register: RegisterFile | None,
    keys: Iterable[tuple[str, str]],
    set_files: Sequence[tuple[str, Path]],
    *,
    commit: bool = True,
    author: str | None = None,
) -> Numbering:
    """Give the proposals ``keys`` (set id, amendment id) that have no number the next ones,
    in order, and record the sets' files; write the register and, in a git work tree, commit
    it (by ``author``, "Name <email>"; by default git's identity). Outside a workspace (no
    register) the numbers hold for this run only."""
    keys = list(keys)
    if register is None:
        numbers = {f"{s} {a}": n for n, (s, a) in enumerate(keys, 1)}
        return Numbering(None, numbers, warnings=[
            "the proposals' numbers hold for this compilation only: the sets are not in a "
            "workspace, so the round has no register to keep them"
        ])  # fmt: skip
    before = register.register
    after = before.numbered(keys)
    folder = register.path.parent.resolve()
    sets = dict(after.sets)
    for set_id, path in set_files:
        sets[set_id] = Path(os.path.relpath(path.resolve(), folder)).as_posix()
    after = after.model_copy(update={"sets": sets})
    added = sorted(set(after.numbers().values()) - set(before.numbers().values()))
    outcome = Numbering(register, after.numbers(), added)
    committing = home.repo is not None and commit
    data: bytes | str = register.render(after)
    if after == before and register.doc is not None:
        if not (committing and _untracked(home, register.path)):
            return outcome
        data = register.path.read_bytes()  # as written before, then never committed
        added = sorted(after.numbers().values())
    message = _message(home, register, added) if committing else None
    outcome.commit, warning = _record(home, register, data, message, author)
    outcome.warnings.extend([warning] if warning else [])
    if _holds(register.path, data):
        outcome.register = read_register(register.path)
    else:  # the numbers hold for this run only (the warning says so)
        outcome.register = RegisterFile(register.path, after)
        outcome.written = False
    return outcome


def _untracked(home: Workspace, path: Path) -> bool:
    """Whether git has never been given ``path`` (a register a refused commit left)."""
    repo = home.repo
    return repo is not None and path.exists() and repo.path_status(repo.relative(path)) == "??"


def _message(home: Workspace, register: RegisterFile, added: list[int]) -> str:
    repo = home.repo
    assert repo is not None
    rel = repo.relative(register.path)
    what = f"numbers {ranges(added)}" if added else "its sets"
    return (
        f"Number the proposals of round {register.name}: {what}\n\n"
        f"Editplan-Round: {register.name}\n"
        + (f"Editplan-Numbered: {ranges(added)}\n" if added else "")
        + f"Editplan-Round-File: {rel}\n"
    )


def _record(
    home: Workspace,
    register: RegisterFile,
    data: bytes | str,
    message: str | None,
    author: str | None = None,
) -> tuple[str | None, str | None]:
    """Write the register and commit it, as every writing command records
    (:mod:`editplan.usecases.recording`): the commit, and a warning. When git refuses the
    commit (a merge in progress, a hook), the register is written all the same and the
    refusal told (the next compilation commits it); while an interrupted application or
    command waits (compile reads the files as it left them), or when the register cannot be
    written (a read-only folder), the numbers hold for this compilation only, and that is
    told: never hidden."""
    from editplan.usecases import recording, settling

    left = settling.interruptions(home)
    if left:  # compile reads the files as they were left: it puts nothing right, writes nothing
        return None, (
            "the proposals' numbers hold for this compilation only: "
            f"{display(register.path)} is not written, since {left[0].message}"
        )
    what = f"the numbers of round {register.name}"
    writes = [(register.path, data)]
    try:
        done = recording.record(home, "compile", what, writes, message=message, author=author)
        return done.commit, None
    except EditplanError as exc:
        if message is None:
            return None, _unwritten(register, exc)
        refused = exc.message.split("; nothing was changed")[0]
    try:
        recording.record(home, "compile", what, writes)
    except EditplanError as exc:
        return None, _unwritten(register, exc)
    return None, (
        f"{display(register.path)} holds the round's numbers but is not committed: {refused}"
    )


def _unwritten(register: RegisterFile, exc: EditplanError) -> str:
    return (
        f"the proposals' numbers hold for this compilation only: {display(register.path)} "
        f"could not be written: {exc.message}"
    )


def _holds(path: Path, data: bytes | str) -> bool:
    try:
        return path.read_bytes() == (data.encode("utf-8") if isinstance(data, str) else data)
    except OSError:
        return False
