"""Element ids as bookmark names, and back."""

from __future__ import annotations

import re

import pytest

from editplan.word.identity import bookmark_name, element_of


@pytest.mark.parametrize("element", ["a1.ka2", "A.6-8", "lg14.53e.2", "x_y", "A"])
def test_bookmark_names_are_word_safe_and_reversible(element: str) -> None:
    name = bookmark_name(element)
    assert name is not None and len(name) <= 40
    assert name[0].isalpha() and name.replace("_", "").isalnum()
    assert element_of(name) == element


def test_an_id_too_long_gets_no_bookmark_and_foreign_names_are_not_ours() -> None:
    assert bookmark_name("a" * 40) is None
    assert element_of("_GoBack") is None
    assert element_of("ep_a_z") is None


def test_every_document_names_its_plan_and_version_and_marks_each_element(
    lg14_plan, lg14_set
) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    from editplan.core.applier import apply_set
    from editplan.core.model import content_hash
    from editplan.ooxml.package import parse_xml
    from editplan.ooxml.review import read_properties
    from editplan.word.documents.writer import render_clean, render_result
    from editplan.word.identity import BASE_PROPERTY, HASH_PROPERTY, PLAN_PROPERTY, VERSION_PROPERTY

    result = apply_set(lg14_set, lg14_plan)
    for data, shown, base in (
        (render_clean(lg14_plan), lg14_plan, None),
        (render_result(lg14_plan, result), result.plan, lg14_plan),
    ):
        package = zipfile.ZipFile(io.BytesIO(data))
        props = read_properties(parse_xml(package.read("docProps/custom.xml"), "custom", "x"))
        assert props[PLAN_PROPERTY] == shown.id
        assert props[VERSION_PROPERTY] == shown.version
        assert props[HASH_PROPERTY] == content_hash(shown)
        assert props.get(BASE_PROPERTY) == (base.version if base else None)
        document = package.read("word/document.xml").decode()
        names = set(re.findall(r'w:bookmarkStart [^>]*w:name="([^"]+)"', document))
        marked = {element_of(n) for n in names}
        assert set(shown.locate()) <= marked
        assert {g for _, u in shown.units() for g in u.goal_ids} <= marked
