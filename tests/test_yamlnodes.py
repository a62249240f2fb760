"""Reading YAML: hostile and odd input refused at its place, quickly, with a message."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editplan.errors import InputError
from editplan.store import files, peek, yamlio

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


# Nesting of every shape, refused in time that does not grow with the depth (issue 23, item 9).
# A hang test, not a benchmark: the bound is generous. Block nesting by indentation needs
# n * (n + 1) / 2 spaces for n levels, so it is tried only as deep as a file under the size
# limit can hold; every other shape is tried at 100,000 levels.
SHAPES = {
    "flow sequences": lambda n: "[" * n,
    "flow sequences, closed": lambda n: "[" * n + "]" * n,
    "flow mappings": lambda n: "{" * n,
    "flow mappings with keys": lambda n: "{a: " * n,
    "mixed flow": lambda n: "[{a: " * (n // 2),
    "one bracket a line": lambda n: "[\n" * n,
    "block sequences on one line": lambda n: "- " * n + "x\n",
    "complex keys": lambda n: "? " * n + "x\n",
    "block then flow": lambda n: "- " + "{a: [" * (n // 2),
    "in a plan's value": lambda n: PLAN.replace("title: T", "title: " + "[" * n),
    "after a long key": lambda n: '"' + "k" * 1000 + '": ' + "[" * n,
    "a long line at depth 60": lambda n: "[" * 60 + "x, " * n + "}",
    "block mappings": lambda n: "".join(" " * i + "k:\n" for i in range(n)),
    "block sequences": lambda n: "".join(" " * i + "-\n" for i in range(n)),
}
INDENTED = {"block mappings", "block sequences"}


@pytest.mark.parametrize("depth", [1_000, 8_000, 20_000, 100_000])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_nesting_of_any_shape_and_depth_is_refused_in_time(tmp_path, shape, depth):
    if shape in INDENTED and depth > 8_000:
        pytest.skip("as deep as a file under the size limit holds")
    path = tmp_path / "deep.yaml"
    path.write_text(SHAPES[shape](depth), encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as refused:
        files.read_any(path)
    took = time.perf_counter() - start
    assert took < 5, f"{shape}, {depth:,} levels: {took:.1f} s"
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: \S", str(refused.value)), refused.value
    start = time.perf_counter()
    try:  # the quick look of completion: it may read what is within libyaml's own limit
        peek.peek_set(path)
    except InputError as exc:
        assert re.match(rf"{re.escape(str(path))}(:\d+:\d+: \S|: over 20 MB)", str(exc)), exc
    assert time.perf_counter() - start < 5
