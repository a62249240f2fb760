"""Reading YAML: hostile and odd input refused at its place, quickly, with a message."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editplan.errors import InputError
from editplan.store import files, yamlio

PLAN = """\
id: p
title: T
version: v1
areas:
  - id: A
    title: Area A
    goals:
      - id: A.1
        title: Goal one
        key_areas:
          - id: k1
            text: First
"""

SET = """\
id: s
title: T
source: {document: D, paragraph: 53}
author: B
date: 2020-04-23
plan: plan.yaml
base: v1
amendments:
  - id: a
    target: Goal A.1, key area (1)
    op: rephrase
    text: New
"""


def refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: str | bytes) -> str:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    with pytest.raises(InputError) as err:
        files.read_any(Path(name))
    assert err.value.exit_code == 2
    return str(err.value)


def test_an_invalid_unquoted_date_is_a_located_message(tmp_path, monkeypatch):
    message = refused(tmp_path, monkeypatch, "s.yaml", SET.replace("2020-04-23", "2020-13-45"))
    assert message.startswith(
        "s.yaml:5:7: date: '2020-13-45' is not a date; write it as YYYY-MM-DD"
    )


def test_a_date_is_read_and_a_paragraph_number_stays_a_number(tmp_path):
    (tmp_path / "s.yaml").write_text(SET)
    aset = files.read_set(tmp_path / "s.yaml").aset
    assert str(aset.date) == "2020-04-23"
    assert aset.source.paragraph == 53


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, monkeypatch):
    """libyaml (PyYAML 6.0.4 on) or editplan's own limit, whichever refuses it first: the user
    gets a located message and exit code 2, never a RecursionError or a traceback."""
    deep = "a: " + "[" * 20_000 + "]" * 20_000 + "\n"
    message = refused(tmp_path, monkeypatch, "deep.yaml", deep)
    assert re.match(r"deep\.yaml:1:\d+: \S", message), message
    done = subprocess.run(
        [sys.executable, "-m", "editplan", "validate", "deep.yaml"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert re.search(r"\bdeep\.yaml:1:\d+: \S", done.stderr), done.stderr


def test_block_nesting_is_refused_too(tmp_path, monkeypatch):
    deep = "".join(" " * i + f"k{i}:\n" for i in range(100)) + " " * 100 + "v: x\n"
    assert "nested more than" in refused(tmp_path, monkeypatch, "deep.yaml", deep)


def test_an_alias_bomb_is_refused_at_once_at_its_anchor(tmp_path, monkeypatch):
    lines = ['a0: &a0 ["lol"]']
    for n in range(1, 10):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    bomb = PLAN + "\n".join(lines) + "\n"
    start = time.perf_counter()
    message = refused(tmp_path, monkeypatch, "bomb.yaml", bomb)
    assert time.perf_counter() - start < 0.5
    assert message == (
        "bomb.yaml:13:5: malformed YAML: anchor &a0: plan and patch files use no anchors or "
        "aliases; write the value out"
    )


def test_an_alias_is_refused_at_its_place(tmp_path, monkeypatch):
    text = SET.replace("    text: New\n", "    text: New\n    note: *x\n")
    message = refused(tmp_path, monkeypatch, "s.yaml", text)
    assert message.startswith("s.yaml:13:11: malformed YAML: alias *x:")


def test_a_file_over_the_size_limit_is_refused_saying_how_to_raise_it(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("EDITPLAN_MAX_YAML_MB", "0.0001")
    message = refused(tmp_path, monkeypatch, "p.yaml", PLAN)
    assert message.startswith("p.yaml: the file is 0.0 MB, more than the 0.0001 MB")
    assert "EDITPLAN_MAX_YAML_MB" in message
    monkeypatch.setenv("EDITPLAN_MAX_YAML_MB", "1")
    assert files.read_plan(Path("p.yaml")).plan.id == "p"
    monkeypatch.setenv("EDITPLAN_MAX_YAML_MB", "lots")
    assert "is not a number of megabytes" in refused(tmp_path, monkeypatch, "p.yaml", PLAN)


def test_a_byte_order_mark_is_kept_when_the_plan_is_written_back(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + PLAN.encode())
    plan_file = files.read_plan(path)
    plan = plan_file.plan.model_copy(deep=True)
    plan.areas[0].goals[0].key_areas[0].text = "Changed"
    written = plan_file.render(plan).encode()
    assert written == b"\xef\xbb\xbf" + PLAN.replace("First", "Changed").encode()


def test_scalars_stay_text_unless_the_schema_says_otherwise(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(PLAN.replace("title: T", "title: 2020").replace("First", "yes"))
    plan = files.read_plan(path).plan
    assert plan.title == "2020"
    assert plan.areas[0].goals[0].key_areas[0].text == "yes"


def test_a_second_document_is_refused(tmp_path, monkeypatch):
    message = refused(tmp_path, monkeypatch, "p.yaml", PLAN + "---\nid: q\n")
    assert message.startswith("p.yaml:13:1: malformed YAML: a second document")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: T", "title: [T]", "p.yaml:2:8: title: expected text, found a list"),
        ("title: T", "title: {a: b}", "p.yaml:2:8: title: expected text, found a mapping"),
        ("    goals:", "    goals: x\n    other:", "p.yaml:7:12: goals: expected a list, found 'x' (and 1 more problem)"),  # noqa: E501
        (
            "          - id: k1\n            text: First",
            "          - First",
            "p.yaml:11:13: key_areas: expected a mapping of fields, found 'First'",
        ),
    ],
)
def test_validation_messages_are_in_the_plans_terms(tmp_path, monkeypatch, old, new, expected):
    message = refused(tmp_path, monkeypatch, "p.yaml", PLAN.replace(old, new))
    assert message == expected


def test_a_yaml_error_late_in_a_large_file_is_placed_quickly(tmp_path, monkeypatch):
    items = "".join(f"          - id: k{i}\n            text: Item {i}\n" for i in range(2, 20_000))
    text = PLAN + items + "          - id: bad\n            text: [oops\n"
    start = time.perf_counter()
    message = refused(tmp_path, monkeypatch, "big.yaml", text)
    assert time.perf_counter() - start < 3
    assert message.startswith("big.yaml:4001")
    assert "malformed YAML" in message


def test_plain_data_of_history_blobs_reads_with_the_same_rules():
    assert yamlio.load_plain(b"a: no\nb: 1\nc:\n") == {"a": "no", "b": "1", "c": None}
