"""Make (or check) the parts of a plan document that editplan ships as bytes.

``editplan/ooxml/parts/`` holds python-docx's default template as python-docx saves it for a
plan document (:func:`editplan.ooxml.pydocx.plan_members`): ``base`` for an undated document
without comments or Track Changes, and the parts that differ from it in ``comments``,
``tracked``, ``dated`` and ``landscape``. Run it after upgrading python-docx or changing what
the writers ask of the template; ``--check`` exits 1 if the shipped parts are not what it would
write (tests/test_template.py runs the same check).

    python tools/word_template.py [--check]
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import sys

from editplan.ooxml import pydocx, template

# The core properties the shipped parts carry; the writer sets its own over them.
TITLE, AUTHOR, WHEN = "TITLE", "AUTHOR", dt.datetime(2000, 1, 1)


def reference(comments: bool, tracked: bool, dated: bool, landscape: bool) -> dict[str, bytes]:
    """One variant's parts as python-docx makes them."""
    when = WHEN if dated else None
    return pydocx.plan_members(
        comments=comments,
        tracked=tracked,
        title=TITLE,
        author=AUTHOR,
        when=when,
        landscape=landscape,
    )


def folders() -> dict[str, dict[str, bytes]]:
    """The base parts and each overlay's parts that differ from them; raises RuntimeError if
    the overlays laid over the base do not give every variant's parts exactly."""
    base = reference(False, False, False, False)
    made = {"base": base}
    for index, overlay in enumerate(template.OVERLAYS):
        flags = [i == index for i in range(len(template.OVERLAYS))]
        variant = reference(*flags)
        if set(base) - set(variant):
            raise RuntimeError(f"the {overlay} variant lacks parts of the base")
        made[overlay] = {k: v for k, v in variant.items() if base.get(k) != v}
    for flags in itertools.product((False, True), repeat=len(template.OVERLAYS)):
        laid = dict(base)
        for overlay, wanted in zip(template.OVERLAYS, flags, strict=True):
            if wanted:
                laid.update(made[overlay])
        if laid != reference(*flags):
            raise RuntimeError(f"the overlays do not make the variant {flags}")
    return made


def shipped() -> dict[str, dict[str, bytes]]:
    """The parts in editplan/ooxml/parts/, by folder, as they are on disk."""
    if not os.path.isdir(template.PARTS):
        return {}
    names = sorted(
        n for n in os.listdir(template.PARTS) if os.path.isdir(os.path.join(template.PARTS, n))
    )
    return {name: template.parts.__wrapped__(name) for name in names}


MADE_WITH = os.path.join(template.PARTS, "MADE_WITH")  # the python-docx they were made with


def python_docx() -> str:
    """The version of python-docx installed here."""
    from importlib.metadata import version

    return version("python-docx")


def made_with() -> str | None:
    """The version of python-docx the shipped parts were made with."""
    try:
        with open(MADE_WITH, encoding="ascii") as f:
            return f.read().strip()
    except OSError:
        return None


def write(made: dict[str, dict[str, bytes]]) -> None:
    shutil.rmtree(template.PARTS, ignore_errors=True)
    for folder, members in made.items():
        for member, data in members.items():
            path = os.path.join(template.PARTS, folder, *member.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
    with open(MADE_WITH, "w", encoding="ascii") as f:
        f.write(python_docx() + "\n")


def main(argv: list[str]) -> int:
    made = folders()
    if "--check" in argv:
        if made_with() != python_docx():
            print(
                f"{template.PARTS} was made with python-docx {made_with()}, and "
                f"{python_docx()} is installed: compare them after installing that one"
            )
            return 2
        if shipped() != made:
            print(f"{template.PARTS} differs from what python-docx makes: run {argv[0]}")
            return 1
        print(f"{template.PARTS}: as python-docx makes them")
        return 0
    write(made)
    print(f"wrote {sum(map(len, made.values()))} parts to {template.PARTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
