"""--format json: each command's output validates against the schema editplan publishes."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from editplan.cli import main


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def published(kind: str) -> dict:
    result = cli("schema", kind)
    assert result.exit_code == 0
    return json.loads(result.stdout)


def check(kind: str, result) -> dict:
    data = json.loads(result.stdout)
    jsonschema.validate(data, published(kind))
    return data


def test_apply_json_validates_against_its_schema(workspace):
    result = cli("apply", "amendments/lg14.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = check("apply-report", result)
    assert data["format"] == "editplan.apply/1"
    assert [a["id"] for a in data["applied"]][:2] == ["53(a)", "53(c)"]
    assert {a["id"] for a in data["pending"]} == {"53(b)", "53(m)"}
    assert len(data["commit"]) == 40
    assert "plans/cb-action-plan.yaml" in data["written"]
    split = next(a for a in data["applied"] if a["id"] == "53(e)")
    assert [e["id"] for e in split["elements"]] == ["a5.ka1", "lg14.53e.2"]


def test_a_dry_run_in_json_writes_nothing(workspace, snapshot):
    before = snapshot(workspace)
    data = check("apply-report", cli("apply", "amendments/lg14.yaml", "--dry-run", "--format",
                                     "json"))  # fmt: skip
    assert data["dry_run"] is True and data["commit"] is None and data["written"] == []
    assert snapshot(workspace) == before


def test_validate_json_reports_every_file_ok_or_not(workspace):
    (workspace / "plans" / "bad.yaml").write_text("id: p\ntitle: [x]\n")
    result = cli("validate", "plans/cb-action-plan.yaml", "plans/bad.yaml", "--format", "json")
    assert result.exit_code == 2
    data = check("validate-report", result)
    assert data["ok"] is False
    assert [f["ok"] for f in data["files"]] == [True, False]
    bad = data["files"][1]
    assert bad["error"].startswith(f"plans/bad.yaml:{bad['line']}:{bad['column']}: ")
    assert bad["exit_code"] == 2


def test_log_and_diff_json_validate_against_their_schemas(workspace):
    assert cli("apply", "amendments/lg14.yaml").exit_code == 0
    versions = check("log-report", cli("log", "--format", "json"))
    assert versions["versions"][0]["set"] == "lg14"
    events = check("log-report", cli("log", "Goal A.5, key area (1)", "--format", "json"))
    assert events["events"][0]["split_into"] == ["lg14.53e.2"]
    assert events["events"][0]["split_into_labels"] == ["Goal A.5, key area (2)"]
    split = check("log-report", cli("log", "Goal A.5, key area (2)", "--format", "json"))
    assert split["events"][0]["split_from_label"] == "Goal A.5, key area (1)"
    diff = check("diff-report", cli("diff", "HEAD~1", "HEAD", "--format", "json"))
    assert diff["new_version"] == "CBD/CP/LG/2020/1/3 + LG-14"
    assert any(e["element"] == "a5.ka1" for e in diff["elements"])
    by = {e["element"]: [(m["set"], m["amendment"]) for m in e["made_by"]]
          for e in diff["elements"]}  # fmt: skip
    assert by["a5.ka1"] == by["lg14.53e.2"] == [("lg14", "53(e)")]
    assert by["a5.ka2"] == []  # renumbered: no amendment changed it


@pytest.mark.parametrize("kind", ["apply-report", "validate-report", "log-report", "diff-report"])
def test_each_output_schema_is_a_valid_json_schema(kind):
    jsonschema.Draft202012Validator.check_schema(published(kind))
