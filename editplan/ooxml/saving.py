"""Zipping a package's parts so that the same content always gives the same bytes: a fixed
entry time, a stable order, the markup written as text spliced into its part.

A command often writes two documents (the tracked and the clean copy) from the same template,
whose styles are most of each package: a member that two packages share is compressed once.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping

from editplan.ooxml import fragments
from editplan.ooxml.properties import set_custom_properties

# A fixed zip timestamp (the earliest a zip can hold) makes the bytes reproducible.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_TIME, _DOS_DATE = 0, (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]
_LEVEL = 6  # zlib's compression level for every member
_VERSION = 20  # the zip version a deflated member needs
_FILE_MODE = 0o600 << 16  # the external attributes zipfile gives a member that has none
_KEPT_SIZE, _KEPT_COUNT = 1 << 20, 64  # the compressed members kept: each at most 1 MB

_deflated: dict[bytes, tuple[int, bytes]] = {}  # a member's bytes -> its CRC and deflated bytes


def package(
    members: dict[str, bytes],
    *,
    fills: Mapping[str, str] | None = None,
    custom: dict[str, str] | None = None,
) -> bytes:
    """The package bytes of ``members`` (name to serialised part), zipped reproducibly.

    ``fills`` maps a member ("word/document.xml") to markup text that takes the place of the
    one :data:`~editplan.ooxml.fragments.PLACEHOLDER` in it; ``custom`` is the custom
    properties part's name-value pairs, if the package is to have one.
    """
    for name, text in (fills or {}).items():
        members[name] = fragments.splice(members[name], text)
    if custom:
        set_custom_properties(members, custom)
    return zip_members(members)


def zip_members(members: dict[str, bytes]) -> bytes:
    """A package of ``members`` (name to bytes) with fixed entry times and a stable order.

    The bytes are those :mod:`zipfile` writes for these members (deflated at level 6, MS-DOS
    made, no extra fields); the zip is assembled here so that a member another package of the
    same process holds too (the template's styles) is compressed only once.
    """
    names = list(members)
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in members]
    order = first + sorted(n for n in names if n not in first)
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name in order:
        data = members[name]
        crc, packed = _deflate(data)
        encoded, flags = (name.encode("ascii"), 0) if name.isascii() else (name.encode(), 0x800)
        fields = (flags, zlib.DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(packed), len(data))
        header = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", _VERSION, 0, *fields, len(encoded), 0)
        entry = (_VERSION, 0, _VERSION, 0, *fields, len(encoded), 0, 0, 0, 0, _FILE_MODE, offset)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", *entry) + encoded)
        local += [header, encoded, packed]
        offset += len(header) + len(encoded) + len(packed)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(order), len(order), len(directory),
                      offset, 0)  # fmt: skip
    return b"".join(local) + directory + end


def _deflate(data: bytes) -> tuple[int, bytes]:
    """The CRC-32 and the raw deflate stream of a member (as zipfile makes them); those of the
    size of a template's part are kept for the process, to serve the next package."""
    known = _deflated.get(data)
    if known is not None:
        return known
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    made = zlib.crc32(data), compressor.compress(data) + compressor.flush()
    if len(data) <= _KEPT_SIZE:
        if len(_deflated) >= _KEPT_COUNT:
            del _deflated[next(iter(_deflated))]  # the oldest
        _deflated[data] = made
    return made
