"""The custom document properties part: text values that XML must escape come back whole, and
the bytes are those the standard library's quoting gave (documents stay byte-identical)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from editplan.ooxml.properties import _FMTID, _NS, _VT, custom_xml

AWKWARD = {
    "editplan:plan": "cb-action-plan",
    'a "quoted" name': "R&D <draft> 'v2'",
    "it's \"both\"": "line\nbreak\tand\rreturn",
    "plain & <angled>": "",
}


def test_awkward_names_and_values_read_back_whole() -> None:
    root = etree.fromstring(custom_xml(AWKWARD))
    read = {p.get("name"): "".join(p.itertext()) for p in root.iter(f"{{{_NS}}}property")}
    assert read == {name: value.replace("\r", "\n") for name, value in AWKWARD.items()}


def test_the_bytes_are_what_the_standard_quoting_gave() -> None:
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(AWKWARD.items(), start=2)
    )
    expected = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_NS}" xmlns:vt="{_VT}">{items}</Properties>'
    ).encode()
    assert custom_xml(AWKWARD) == expected
