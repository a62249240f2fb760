"""editplan validate (issue 27, item 4): every problem of every file, each at its
file:line:col, in text and in JSON alike; a set already applied is information, not an error."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from editplan.cli import main

SET = "amendments/lg14.yaml"
PLAN = "plans/cb-action-plan.yaml"


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def at(text: str, needle: str) -> str:
    """'line:col' (1-based) where ``needle`` first starts in ``text``."""
    start = text.index(needle)
    line = text.count("\n", 0, start) + 1
    return f"{line}:{start - (text.rfind(chr(10), 0, start) + 1) + 1}"


HEADER = """\
id: {id}
title: Three problems
source: {{document: D/1, paragraph: 1}}
author: Someone
date: {date}
plan: ../plans/cb-action-plan.yaml
base: CBD/CP/LG/2020/1/3
amendments:
"""

# A patch file whose fields are wrong in three places (pydantic finds each).
SCHEMA_ERRORS = HEADER + """\
  - id: x1
    target: Goal A.1
    op: rephrase
    text: [not, one, line]
  - id: x2
    target: Goal A.2
    op: frobnicate
    text: y
  - id: x3
    target: Goal A.3, key area (1)
    op: rephrase
    text: fine
"""

# A patch file whose fields are right and whose three amendments name nothing in the plan.
TARGET_ERRORS = HEADER + """\
  - id: y1
    target: Goal A.1, key area (9)
    op: rephrase
    text: a
  - id: y2
    target: Goal Z.1
    op: rephrase
    text: b
  - id: y3
    target: Goal A.2, activity (i)
    op: replace
    phrase: nowhere to be found
    by: x
  - id: y4
    target: Goal A.3, key area (1)
    op: rephrase
    text: fine
"""


def _files(workspace: Path) -> dict[str, list[tuple[str, str]]]:
    """Ten files with three problems each: name -> [(where, what the message says)]."""
    wanted: dict[str, list[tuple[str, str]]] = {}
    for n in range(4):
        name = f"amendments/schema-{n}.yaml"
        text = SCHEMA_ERRORS.format(id=f"s{n}", date="2020-13-01")
        (workspace / name).write_text(text)
        wanted[name] = [
            (at(text, "2020-13-01"), "date: '2020-13-01' is not a date"),
            (at(text, "[not, one, line]"), "text: expected text, found a list"),
            (at(text, "frobnicate"), "op: unknown operation 'frobnicate'"),
        ]
    plan = (workspace / PLAN).read_text()
    for n in range(3):
        name = f"plans/dup-{n}.yaml"
        text = plan
        for goal in ("a1", "a2", "a4"):  # the second key area takes the first one's id
            text = text.replace(f"id: {goal}.ka2", f"id: {goal}.ka1", 1)
        (workspace / name).write_text(text)
        wanted[name] = [
            (
                _second(text, f"id: {goal}.ka1"),
                f"duplicate id '{goal}.ka1': ids must be unique in a plan (first used at line "
                f"{at(text, f'id: {goal}.ka1').split(':')[0]})",
            )
            for goal in ("a1", "a2", "a4")
        ]
    for n in range(3):
        name = f"amendments/targets-{n}.yaml"
        text = TARGET_ERRORS.format(id=f"t{n}", date="2020-12-01")
        (workspace / name).write_text(text)
        wanted[name] = [
            (at(text, "Goal A.1, key area (9)"), "amendment y1: target 'Goal A.1, key area (9)'"),
            (at(text, "Goal Z.1"), "amendment y2: target 'Goal Z.1': Goal Z.1 does not exist"),
            (at(text, "nowhere to be found"), "amendment y3: 'nowhere to be found' does not occur"),
        ]
    return wanted


def _second(text: str, needle: str) -> str:
    """'line:col' of the value in the second occurrence of ``needle``."""
    start = text.index(needle, text.index(needle) + 1) + len("id: ")
    line = text.count("\n", 0, start) + 1
    return f"{line}:{start - (text.rfind(chr(10), 0, start) + 1) + 1}"


def test_ten_files_with_three_problems_each_show_all_thirty(workspace):
    wanted = _files(workspace)
    assert len(wanted) == 10
    result = cli("validate", *wanted)
    assert result.exit_code == 2
    errors = [line.removeprefix("editplan: error: ") for line in result.stderr.splitlines()]
    assert len(errors) == 30, result.stderr
    for name, problems in wanted.items():
        mine = [e for e in errors if e.startswith(f"{name}:")]
        assert len(mine) == 3, (name, mine)
        for (where, words), line in zip(problems, sorted(mine, key=_position), strict=True):
            assert line.startswith(f"{name}:{where}: "), (line, where)
            assert words in line, (line, words)
            assert "more problem" not in line
    # the files stay in the order given, each problem in file order
    assert [e.split(":")[0] for e in errors] == [n for n in wanted for _ in range(3)]
    assert result.stdout == ""


def _position(line: str) -> tuple[int, int]:
    _, row, col, _ = line.split(":", 3)
    return int(row), int(col)


def test_json_lists_every_problem_of_every_file(workspace):
    wanted = _files(workspace)
    result = cli("validate", PLAN, *wanted, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    schema = json.loads(cli("schema", "validate-report").stdout)
    jsonschema.validate(data, schema)
    assert data["files"][0]["ok"] is True and data["files"][0]["errors"] == []
    text = cli("validate", *wanted).stderr.splitlines()
    said = [p["error"] for f in data["files"][1:] for p in f["errors"]]
    assert said == [line.removeprefix("editplan: error: ") for line in text]
    for f in data["files"][1:]:
        assert len(f["errors"]) == 3
        assert f["error"] == f"{f['errors'][0]['error']} (and 2 more problems)"
        for problem in f["errors"]:
            where = f"{f['path']}:{problem['line']}:{problem['column']}: "
            assert problem["error"].startswith(where)


def test_a_set_already_applied_says_where_and_is_no_error(workspace):
    assert cli("apply", SET, "--no-docs").exit_code == 0
    commit = cli("log", "--format", "json")
    short = json.loads(commit.stdout)["versions"][0]["commit"][:7]
    result = cli("validate", SET, PLAN)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"{SET}: ok (set lg14: applied in version 'CBD/CP/LG/2020/1/3 + LG-14' (commit {short}, "
        f"{_today(workspace)}); nothing is left to apply)"
    )
    data = json.loads(cli("validate", SET, "--format", "json").stdout)
    assert data["ok"] is True and data["files"][0]["summary"].startswith(
        "set lg14: applied in version 'CBD/CP/LG/2020/1/3 + LG-14'"
    )


def test_a_set_applied_in_part_says_which_and_checks_the_rest(workspace):
    assert cli("apply", SET, "--only", "53(a),53(c)", "--no-docs").exit_code == 0
    result = cli("validate", SET)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{SET}: ok (set lg14: 11 amendments apply to {PLAN}, 2 pending)"
    assert lines[1].startswith(f"{SET}: note: 53(a), 53(c) applied in version ")
    data = json.loads(cli("validate", SET, "--format", "json").stdout)
    assert data["files"][0]["notes"] == [lines[1].removeprefix(f"{SET}: note: ")]


def _today(workspace: Path) -> str:
    import subprocess

    return subprocess.run(
        ["git", "log", "-1", "--format=%cs"], cwd=workspace, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip
