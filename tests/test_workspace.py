"""The workspace: found from any folder in it, its plan found (never assumed by name), its
settings, and the library working from any folder of the process."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from editplan import api
from editplan.cli import main
from editplan.errors import HistoryError, InputError

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "tests" / "data" / "lg14-report.txt"
REVIEWED = ROOT / "tests" / "data" / "collect" / "lg14-review1.docx"
PLAN = "plans/biosafety.yaml"
SET = "amendments/lg14.yaml"


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def renamed(tmp_path: Path) -> Path:
    """The example workspace whose plan file is plans/biosafety.yaml, committed."""
    root = tmp_path / "ws"
    api.init(root, example=True).close()
    git(root, "mv", "plans/cb-action-plan.yaml", PLAN)
    lg14 = root / SET
    lg14.write_text(lg14.read_text().replace("cb-action-plan.yaml", "biosafety.yaml"))
    git(root, "commit", "-q", "-am", "Name the plan by its subject")
    return root


# --- finding the workspace -------------------------------------------------------------------


@pytest.mark.parametrize("sub", ["", "plans", "amendments", "out", "out/deep/er"])
def test_the_workspace_is_found_from_any_folder_in_it(renamed: Path, sub: str) -> None:
    folder = renamed / sub
    folder.mkdir(parents=True, exist_ok=True)
    with api.Workspace.open(folder) as ws:
        assert ws.root == renamed
        assert ws.here == folder
        assert ws.plan_path() == renamed / PLAN
        assert ws.sets() == [renamed / SET]
        assert ws.repo is not None


def test_a_relative_folder_needs_the_folder_it_is_relative_to() -> None:
    with pytest.raises(InputError, match="absolute path"):
        api.Workspace.open("ws")


def test_outside_any_workspace_there_is_no_plan_to_take(tmp_path: Path) -> None:
    ws = api.Workspace.open(tmp_path)
    assert ws.root is None and ws.repo is None
    with pytest.raises(InputError, match="is not in a workspace") as refused:
        ws.plan_path()
    assert refused.value.remedy == "plan_path"
    assert ws.plan_path("x/plan.yaml") == tmp_path / "x" / "plan.yaml"


def test_two_plans_and_nothing_to_choose_is_an_error_listing_them(renamed: Path) -> None:
    shutil.copy(renamed / PLAN, renamed / "plans" / "other.yaml")
    ws = api.Workspace.open(renamed)
    with pytest.raises(InputError) as refused:
        ws.plan_path()
    message = str(refused.value)
    assert "has 2 plans and none is chosen" in message
    assert "biosafety.yaml" in message and "other.yaml" in message
    assert "editplan.toml" in message


def test_the_settings_choose_between_plans(renamed: Path) -> None:
    shutil.copy(renamed / PLAN, renamed / "plans" / "other.yaml")
    (renamed / "editplan.toml").write_text('[workspace]\nplan = "plans/other.yaml"\n')
    assert api.Workspace.open(renamed / "amendments").plan_path() == renamed / "plans/other.yaml"


def test_a_setting_naming_a_missing_plan_is_an_error(renamed: Path) -> None:
    (renamed / "editplan.toml").write_text('[workspace]\nplan = "plans/gone.yaml"\n')
    with pytest.raises(InputError, match=r"'plans/gone.yaml', which is not a file; the plans are"):
        api.Workspace.open(renamed).plan_path()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[workspace\nplan = 1\n", "editplan.toml:1:"),
        ('[workspace]\nplans = "x"\n', "editplan.toml:2: unknown setting workspace.plans"),
        ("[workspace]\nplan = 3\n", "editplan.toml:2: [workspace] plan names a plan file"),
        ('[colours]\nplan = "x"\n', "editplan.toml:1: unknown setting colours"),
    ],
)
def test_bad_settings_are_refused_at_their_line(
    tmp_path: Path, text: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "editplan.toml").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = cli("show")
    assert result.exit_code == 2
    assert f"editplan: error: {expected}" in result.stderr
    assert "Traceback" not in result.output


def test_no_plans_folder_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    result = cli("show")
    assert result.exit_code == 2
    assert "has no plan: there is no plans/ folder" in result.stderr


def test_a_set_whose_plan_is_missing_is_refused_at_its_plan_field(
    renamed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lg14 = renamed / SET
    lg14.write_text(lg14.read_text().replace("biosafety.yaml", "gone.yaml"))
    monkeypatch.chdir(renamed / "amendments")
    result = cli("apply", "lg14.yaml", "--dry-run")
    assert result.exit_code == 2
    assert "lg14.yaml:16:7: plan file '../plans/gone.yaml' not found" in result.stderr
    assert "(looked for ../plans/gone.yaml)" in result.stderr


# --- every command from plans/ and amendments/ -------------------------------------------------


@pytest.mark.parametrize("sub", ["plans", "amendments"])
def test_every_command_works_from_a_folder_of_the_workspace(
    renamed: Path, sub: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    here = renamed / sub
    monkeypatch.chdir(here)

    def rel(path: str) -> str:
        return os.path.relpath(renamed / path, here)

    def ok(*args: str, says: str = "") -> str:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        assert says in result.output, (args, result.output)
        return result.output

    ok("show", says="Goal A.5")
    ok("show", "Goal A.5, key area (1)", says="[a5.ka1]")
    ok("validate", rel(PLAN), rel(SET), says=f"{rel(PLAN)}: ok")
    ok("conflicts", rel(SET))
    ok("compile", rel(SET), "-o", rel("out/round.md"), says=f"Wrote {rel('out/round.md')}")
    ok("status", says="lg14")
    ok("apply", rel(SET), "--dry-run", says="53(a)")
    ok("decide", rel(SET), "53(a)", "--status", "agreed", says="53(a) agreed")
    ok("apply", rel(SET), says=f"Wrote {rel('out/lg14/cb-action-plan.tracked.docx')}")
    ok("log", says="Apply lg14")
    ok("log", "Goal A.5, key area (2)", says="split off Goal A.5, key area (1) [a5.ka1]")
    ok("diff", "HEAD~2", "HEAD", says="Monitoring")
    ok("diff", "HEAD~2", "HEAD", "-o", rel("out/d.docx"), says=f"Wrote {rel('out/d.docx')}")
    ok("render", "-o", rel("out/r.html"), says=f"Wrote {rel('out/r.html')}")
    ok("export", rel(PLAN), "-o", rel("out/p.xml"), says="Akoma Ntoso, plan")
    ok("import", rel("out/p.xml"), "-o", rel("out/back.yaml"), says=f"Wrote {rel('out/back.yaml')}")
    ok("schema", "plan", says="$schema")
    ok("setup", says="merge driver")
    shown = ok("extract", str(REPORT), "--paragraph", "53")
    assert f"plan: {os.path.relpath(renamed / PLAN, renamed / 'amendments')}" in shown
    ok("init", rel("../second"), says="Made workspace")
    assert (tmp_path / "second" / "plans").is_dir()
    refused = cli("resolve", "Goal A.1", "--ours")
    assert refused.exit_code == 2
    assert f"{rel(PLAN)}: has no unresolved merge conflicts" in refused.stderr
    refused = cli("apply", "--continue")
    assert refused.exit_code == 2 and "no application to continue" in refused.stderr
    sides = [tmp_path / f"{side}.yaml" for side in ("base", "ours", "theirs")]
    for side in sides:
        shutil.copy(renamed / PLAN, side)
    ok("merge-file", *map(str, sides), PLAN)


def test_collect_takes_the_workspace_plan_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ws"
    api.init(root, example=True).close()
    monkeypatch.chdir(root / "amendments")
    assert cli("apply", "lg14.yaml", "--no-docs").exit_code == 0  # the version reviewed
    result = cli("collect", str(REVIEWED), "-o", "review1.yaml")
    assert result.exit_code == 0, result.output
    assert "Wrote review1.yaml" in result.output
    assert "plan: ../plans/cb-action-plan.yaml" in (root / "amendments/review1.yaml").read_text()


# --- outside a workspace, and git's own states ---------------------------------------------------


def test_outside_a_workspace_files_given_still_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "loose.yaml"
    shutil.copy(ROOT / "plans" / "cb-action-plan.yaml", plan)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert cli("show", "--plan", "../loose.yaml").exit_code == 0
    assert cli("render", "../loose.yaml", "-o", "r.docx").exit_code == 0
    refused = cli("show")
    assert refused.exit_code == 2 and "is not in a workspace" in refused.stderr
    refused = cli("log", "--plan", "../loose.yaml")
    assert refused.exit_code == 2
    assert "loose.yaml is not in a git repository, so it has no history" in refused.stderr


def test_log_of_a_repository_with_no_commits_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "plans").mkdir()
    shutil.copy(ROOT / "plans" / "cb-action-plan.yaml", tmp_path / "plans" / "mine.yaml")
    monkeypatch.chdir(tmp_path / "plans")
    result = cli("log")
    assert result.exit_code == 2
    assert "has no commits yet, so plans/mine.yaml has no versions" in result.stderr


def test_log_of_a_plan_not_committed_says_so_truthfully(
    renamed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(renamed, "mv", PLAN, "plans/newer.yaml")
    monkeypatch.chdir(renamed)
    result = cli("log")
    assert result.exit_code == 2
    assert "plans/newer.yaml is not committed yet (it is staged but not committed)" in (
        result.stderr
    )
    shutil.copy(renamed / "plans/newer.yaml", renamed / "plans/fresh.yaml")
    result = cli("log", "--plan", "plans/fresh.yaml")
    assert "plans/fresh.yaml is not committed yet (git does not track it)" in result.stderr


# --- the library, from any folder of the process -------------------------------------------------


def test_the_api_works_from_any_folder_of_the_process(
    renamed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with api.Workspace.open(renamed) as ws:
        outcome = api.apply(ws, SET, dry_run=True)
        assert outcome.plan_path == renamed / PLAN
        assert next(v.subject for v in api.log(ws)) == "Name the plan by its subject"
        with pytest.raises(InputError) as refused:
            api.apply(ws, "amendments/none.yaml")
    # messages carry whole paths: the process's folder means nothing to the library
    assert str(refused.value) == f"{renamed / 'amendments/none.yaml'}: no such file"
    with api.paths_shown_from(renamed), pytest.raises(InputError) as shown:
        api.apply(api.Workspace.open(renamed), "amendments/none.yaml")
    assert str(shown.value) == "amendments/none.yaml: no such file"


def test_a_workspace_opens_its_repository_once(renamed: Path) -> None:
    with api.Workspace.open(renamed) as ws:
        first = ws.repo
        api.log(ws)
        api.apply(ws, SET, dry_run=True)
        assert ws.repo is first
        assert ws.at(renamed / SET) is ws


def test_history_errors_without_git_name_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "p.yaml"
    plan.parent.mkdir()
    shutil.copy(ROOT / "plans" / "cb-action-plan.yaml", plan)
    with pytest.raises(HistoryError, match="not in a git repository"):
        api.log(api.Workspace.open(tmp_path))


# --- the one error handler ------------------------------------------------------------------------


def test_an_unexpected_exception_is_one_line_naming_the_traceback_file(
    renamed: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tempfile

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug on purpose")

    monkeypatch.setattr(api, "plan_at", broken, raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.chdir(renamed)
    result = CliRunner().invoke(main, ["show", "--format", "json"])
    assert result.exit_code == 70
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("editplan: bug: ZeroDivisionError: a bug on purpose.")
    assert "Traceback" not in result.output
    written = lines[0].split("its traceback is in ", 1)[1].split(". Please")[0]
    assert "ZeroDivisionError" in Path(written).read_text()
