"""The quick look into patch files that completion uses: the same ids as the full reading,
written text kept as text, and a clear refusal of what it cannot read."""

from __future__ import annotations

from pathlib import Path

import pytest

from editplan import api
from editplan.errors import InputError
from editplan.store import peek

ROOT = Path(__file__).resolve().parent.parent


def test_the_example_gives_the_ids_the_validated_reading_gives():
    path = ROOT / "amendments/lg14.yaml"
    found = peek.peek_set(path)
    aset = api.load_set(path)
    assert found.set_id == aset.id == "lg14"
    assert [a["id"] for a in found.amendments] == [a.id for a in aset.amendments]
    assert found.amendments[4] == {"id": "53(e)", "target": "Goal A.5, key area (1)", "op": "split"}


def test_values_are_the_text_written_and_nested_values_are_not_taken():
    text = """\
id: no
source: {id: not-this, paragraph: 53}
amendments:
  - id: 1.0
    target: A.1
    into: [{id: nor-this}]
    status: agreed
  - {id: 'off', op: delete}
  - id: ~
  - target: A.2
  - [id, a-list]
  - just text
other: [{id: nor-that}]
"""
    found = peek.peek_text(text)
    assert found.set_id == "no"
    assert found.amendments == [
        {"id": "1.0", "target": "A.1", "status": "agreed"},
        {"id": "off", "op": "delete"},
    ]


@pytest.mark.parametrize(
    "text",
    ["- a\n- b\n", "just text\n", "", "amendments: text\n", "amendments: {id: x}\n"],
)
def test_what_is_not_a_patch_file_gives_no_amendments(text):
    assert peek.peek_text(text).amendments == []


def test_malformed_yaml_is_refused_at_its_place():
    with pytest.raises(InputError) as caught:
        peek.peek_text("id: x\namendments:\n  - id: [1\n", "s.yaml")
    assert str(caught.value).startswith("s.yaml:4:1: malformed YAML")


def test_unreadable_and_oversized_files_are_refused(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="cannot read"):
        peek.peek_set(tmp_path / "missing.yaml")
    (tmp_path / "latin1.yaml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        peek.peek_set(tmp_path / "latin1.yaml")
    monkeypatch.setattr(peek, "MAX_BYTES", 10)
    (tmp_path / "big.yaml").write_text("id: a-longer-id\n")
    with pytest.raises(InputError, match="not looked into"):
        peek.peek_set(tmp_path / "big.yaml")
