"""The zip of a saved package: the bytes zipfile writes, each shared member deflated once."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editplan.ooxml import saving

NAMES = st.sampled_from(
    [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "docProps/ünïcode.xml",
        "media/an image.png",
    ]
)
DATA = st.one_of(st.binary(max_size=3000), st.text(max_size=2000).map(str.encode))


def written_by_zipfile(members: dict[str, bytes]) -> bytes:
    """The package as zipfile writes it: the reference the zip is checked against."""
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in members]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in first + sorted(n for n in members if n not in first):
            info = zipfile.ZipInfo(name, date_time=saving.ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            target.writestr(info, members[name], compresslevel=6)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(NAMES, DATA, max_size=7))
def test_the_zip_is_what_zipfile_writes(members: dict[str, bytes]) -> None:
    package = saving.zip_members(members)
    assert package == written_by_zipfile(members)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        assert {n: archive.read(n) for n in archive.namelist()} == members
    assert saving.zip_members(members) == package  # the second time from what was kept


def test_a_member_two_packages_share_is_deflated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Any] = []
    real = zlib.compressobj

    def counted(*args: Any) -> Any:
        made.append(args)
        return real(*args)

    monkeypatch.setattr(saving.zlib, "compressobj", counted)
    styles = b"<w:styles>" + b"<w:style/>" * 5000 + b"</w:styles>"
    one = saving.zip_members({"word/styles.xml": styles, "word/document.xml": b"<one/>"})
    two = saving.zip_members({"word/styles.xml": styles, "word/document.xml": b"<two/>"})
    assert len(made) == 3  # the styles once, each document once
    for package, body in ((one, b"<one/>"), (two, b"<two/>")):
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            assert archive.read("word/styles.xml") == styles
            assert archive.read("word/document.xml") == body
