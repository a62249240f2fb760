"""Teams on one plan through git: the merge driver, resolve, setup, history across branches.

Everything runs on real repositories: a bare repository as the remote (a file:// URL), clones
that apply sets and push, pulls with merge and with rebase. git runs the driver as a
subprocess (``python -m editplan merge-file``), so the driver under test is this checkout's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from team_strategies import set_pairs

from editplan import api
from editplan.cli import main
from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.store import yamlio

PLAN = "plans/cb-action-plan.yaml"


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=os.environ.copy()
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def run(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> Result:
    """An editplan command through click, run inside ``cwd``."""
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def clone(remote: Path, folder: Path, who: str) -> Path:
    git(folder.parent, "clone", "--quiet", remote.as_uri(), folder.name)
    git(folder, "config", "user.name", who)
    git(folder, "config", "user.email", f"{who}@example.org")
    git(folder, "config", "core.editor", "true")
    return folder


def write_set(folder: Path, set_id: str, *amendments: dict[str, Any], **header: Any) -> str:
    """A patch file against the example plan's first version; its path in the workspace."""
    data = {
        "id": set_id,
        "title": f"Set {set_id}",
        "source": {"document": f"DOC/{set_id}", "paragraph": 1},
        "author": f"Body {set_id}",
        "date": "2021-03-04",
        "plan": f"../{PLAN}",
        "base": "CBD/CP/LG/2020/1/3",
        "amendments": [{"quote": "says so", **a} for a in amendments],
        **header,
    }
    rel = f"amendments/{set_id}.yaml"
    (folder / rel).write_text(yamlio.emit(data))
    return rel


def rephrase(target: str, text: str, id: str = "1") -> dict[str, Any]:
    return {"id": id, "op": "rephrase", "target": target, "text": text}


def add(goal: str, text: str, id: str = "2") -> dict[str, Any]:
    return {"id": id, "op": "add", "target": goal, "kind": "activity", "position": "end",
            "text": text}  # fmt: skip


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A remote made from an example workspace, and two clones (a and b), set up."""
    api.init(tmp_path / "origin", example=True)
    git(tmp_path, "clone", "--quiet", "--bare", "origin", "remote.git")
    remote = tmp_path / "remote.git"
    out = {"remote": remote}
    for who in ("a", "b"):
        out[who] = clone(remote, tmp_path / who, who)
        assert run(out[who], "setup", monkeypatch=monkeypatch).exit_code == 0
    return out


def apply_and_push(folder: Path, rel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(folder, "apply", rel, "--no-docs", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    git(folder, "push", "--quiet")


def texts(folder: Path, target: str) -> list[str]:
    return [e["text"] for e in api.show(api.Workspace.open(folder), target, plan=folder / PLAN)]  # type: ignore[index,union-attr]


# --- set-up that survives a clone -------------------------------------------------------


def test_init_writes_the_attributes_and_registers_the_driver(workspace: Path):
    assert "plans/*.yaml merge=editplan" in (workspace / ".gitattributes").read_text()
    assert git(workspace, "ls-files", ".gitattributes").stdout.strip() == ".gitattributes"
    assert "merge-file %O %A %B %P" in git(workspace, "config", "merge.editplan.driver").stdout
    attr = git(workspace, "check-attr", "merge", "--", PLAN).stdout
    assert attr.strip().endswith("merge: editplan")


def test_setup_registers_the_driver_in_a_clone_once(tmp_path, monkeypatch):
    api.init(tmp_path / "origin", example=True)
    fresh = clone(tmp_path / "origin", tmp_path / "fresh", "c")
    assert git(fresh, "config", "merge.editplan.driver", check=False).returncode == 1
    first = run(fresh, "setup", monkeypatch=monkeypatch)
    assert first.exit_code == 0 and "Registered the editplan merge driver" in first.output
    again = run(fresh, "setup", monkeypatch=monkeypatch)
    assert again.exit_code == 0 and "already registered" in again.output
    assert git(fresh, "status", "--porcelain").stdout == ""  # nothing to commit


def test_setup_adds_the_attribute_to_an_older_workspace(tmp_path, monkeypatch):
    old = tmp_path / "old"
    old.mkdir()
    git(old, "init", "--quiet")
    (old / ".gitattributes").write_text("*.docx binary")
    result = run(old, "setup", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert "Wrote .gitattributes: commit it" in result.output
    assert (old / ".gitattributes").read_text() == (
        "*.docx binary\n# plan files merge element by element (editplan setup)\n"
        "plans/*.yaml merge=editplan\n"
    )


def test_setup_outside_a_repository_is_refused(tmp_path, monkeypatch):
    result = run(tmp_path, "setup", monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_apply_warns_once_in_a_clone_without_the_driver(tmp_path, monkeypatch):
    api.init(tmp_path / "origin", example=True)
    fresh = clone(tmp_path / "origin", tmp_path / "fresh", "c")
    rel = write_set(fresh, "s1", rephrase("Goal A.1, key area (1)", "New wording"))
    result = run(fresh, "apply", rel, "--no-docs", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stderr.count("editplan: warning:") == 1
    assert "does not have the 'editplan' merge driver" in result.stderr
    assert "editplan setup" in result.stderr
    run(fresh, "setup", monkeypatch=monkeypatch)
    rel = write_set(fresh, "s2", rephrase("Goal A.1, key area (2)", "Other wording"))
    result = run(fresh, "apply", rel, "--no-docs", monkeypatch=monkeypatch)
    assert result.exit_code == 0 and "warning" not in result.stderr


def test_every_committing_command_warns_in_a_clone_without_the_driver(tmp_path, monkeypatch):
    api.init(tmp_path / "origin", example=True)
    fresh = clone(tmp_path / "origin", tmp_path / "fresh", "c")
    decided = run(fresh, "decide", "amendments/lg14.yaml", "53(a)", "--status", "agreed",
                  monkeypatch=monkeypatch)  # fmt: skip
    assert decided.exit_code == 0, decided.output
    assert decided.stderr.count("editplan: warning:") == 1
    other = write_set(fresh, "s2", {**rephrase("Goal A.1, key area (1)", "x"),
                                    "status": "agreed"})  # fmt: skip
    git(fresh, "add", other)
    git(fresh, "commit", "--quiet", "-m", "s2")
    several = run(fresh, "apply", "--status", "agreed", "amendments/lg14.yaml", other,
                  "--no-docs", monkeypatch=monkeypatch)  # fmt: skip
    assert several.exit_code == 0, several.output
    assert several.stderr.count("editplan: warning:") == 1


# --- the workflow: two clones, one remote -----------------------------------------------


@pytest.mark.parametrize("how", ["--no-rebase", "--rebase"])
def test_two_clones_apply_different_sets_and_pull(team, monkeypatch, how):
    a, b = team["a"], team["b"]
    # neighbouring lines of one goal: git's line merge would collide here
    rel_a = write_set(a, "sa", rephrase("Goal A.1, key area (1)", "Wording of A"),
                      add("Goal A.1", "Activity of A"))  # fmt: skip
    apply_and_push(a, rel_a, monkeypatch)
    rel_b = write_set(b, "sb", rephrase("Goal A.1, key area (2)", "Wording of B"),
                      add("Goal A.1", "Activity of B"))  # fmt: skip
    result = run(b, "apply", rel_b, "--no-docs", monkeypatch=monkeypatch)
    assert result.exit_code == 0 and "warning" not in result.stderr
    assert git(b, "push", "--quiet", check=False).returncode != 0  # a pushed first
    pulled = git(b, "pull", how, check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert "CONFLICT" not in pulled.stdout + pulled.stderr
    assert texts(b, "Goal A.1, key area (1)") == ["Wording of A"]
    assert texts(b, "Goal A.1, key area (2)") == ["Wording of B"]
    activities = [
        e["text"]
        for e in api.show(api.Workspace.open(b), "Goal A.1", plan=b / PLAN)[0]["activities"]
    ]  # type: ignore[index]
    # ours first: in a merge ours is b; in a rebase b's commit is replayed onto a's
    mine, other = ("Activity of B", "Activity of A")
    expected = [mine, other] if how == "--no-rebase" else [other, mine]
    assert activities[-2:] == expected
    assert run(b, "validate", PLAN, monkeypatch=monkeypatch).exit_code == 0
    git(b, "push", "--quiet")
    git(a, "pull", "--quiet", "--ff-only")
    assert (a / PLAN).read_bytes() == (b / PLAN).read_bytes()
    # the history names both sets; the trailers of each application stay readable
    log = run(b, "log", monkeypatch=monkeypatch).output
    assert "Apply sa: Set sa" in log and "Apply sb: Set sb" in log
    trailers = git(b, "log", "--format=%(trailers:key=Editplan-Set,valueonly)").stdout.split()
    assert sorted(trailers) == ["sa", "sb"]
    events = run(b, "log", "Goal A.1, key area (1)", monkeypatch=monkeypatch).output
    assert "changed by 1 (sa)" in events and "Wording of A" in events
    if how == "--no-rebase":
        assert "(merged in " in log


def test_a_collision_is_a_clear_conflict_resolved_with_the_command(team, monkeypatch):
    a, b = team["a"], team["b"]
    apply_and_push(a, write_set(a, "sa", rephrase("Goal A.5, key area (2)", "A's words")),
                   monkeypatch)  # fmt: skip
    run(b, "apply", write_set(b, "sb", rephrase("Goal A.5, key area (2)", "B's words"),
                              add("Goal A.2", "Unrelated activity of B")),
        "--no-docs", monkeypatch=monkeypatch)  # fmt: skip
    ours_sha = git(b, "rev-parse", "--short", "HEAD").stdout.strip()
    pulled = git(b, "pull", "--no-rebase", check=False)
    assert pulled.returncode != 0
    assert "2 conflict" not in pulled.stderr and "1 conflict" in pulled.stderr
    theirs_sha = git(b, "rev-parse", "--short", "MERGE_HEAD").stdout.strip()
    assert git(b, "diff", "--name-only", "--diff-filter=U").stdout.split() == [PLAN]
    text = (b / PLAN).read_text()
    assert "<<<<<<<" not in text and "conflicts:" in text
    checked = run(b, "validate", PLAN, monkeypatch=monkeypatch)
    assert checked.exit_code == 3
    for part in ("Goal A.5, key area (2)", "a5.ka2", "A's words", "B's words", ours_sha,
                 theirs_sha, "1 unresolved merge conflict"):  # fmt: skip
        assert part in checked.stderr, part
    refused = run(b, "apply", write_set(b, "sc", rephrase("Goal A.1", "x")), "--dry-run",
                  monkeypatch=monkeypatch)  # fmt: skip
    assert refused.exit_code == 3 and "unresolved merge conflict" in refused.stderr
    agreed = write_set(b, "sd", {**rephrase("Goal A.1", "x"), "status": "agreed"})
    refused = run(b, "apply", "--status", "agreed", "amendments/sc.yaml", agreed, "--dry-run",
                  monkeypatch=monkeypatch)  # fmt: skip
    assert refused.exit_code == 3 and "unresolved merge conflict" in refused.stderr
    (b / agreed).unlink()
    (b / "amendments/sc.yaml").unlink()
    done = run(b, "resolve", "Goal A.5, key area (2)", "--theirs", monkeypatch=monkeypatch)
    assert done.exit_code == 0, done.output
    assert "No conflicts left" in done.output
    assert "conflicts" not in (b / PLAN).read_text()
    assert texts(b, "Goal A.5, key area (2)") == ["A's words"]
    assert run(b, "validate", PLAN, monkeypatch=monkeypatch).exit_code == 0
    git(b, "add", PLAN)
    git(b, "commit", "--quiet", "--no-edit")
    git(b, "push", "--quiet")


def test_a_collision_during_a_rebase_resolved_with_new_wording(team, monkeypatch):
    a, b = team["a"], team["b"]
    apply_and_push(a, write_set(a, "sa", rephrase("Goal A.1, key area (3)", "A's words")),
                   monkeypatch)  # fmt: skip
    run(b, "apply", write_set(b, "sb", rephrase("Goal A.1, key area (3)", "B's words")),
        "--no-docs", monkeypatch=monkeypatch)  # fmt: skip
    replayed = git(b, "rev-parse", "--short", "HEAD").stdout.strip()
    pulled = git(b, "pull", "--rebase", check=False)
    assert pulled.returncode != 0
    checked = run(b, "validate", PLAN, monkeypatch=monkeypatch)
    assert checked.exit_code == 3 and replayed in checked.stderr
    wrong = run(b, "resolve", "Goal A.1, key area (1)", "--ours", monkeypatch=monkeypatch)
    assert wrong.exit_code == 2 and "no unresolved conflict on" in wrong.stderr
    both = run(b, "resolve", "#a1.ka3", "--ours", "--text", "x", monkeypatch=monkeypatch)
    assert both.exit_code == 2 and "exactly one of --ours, --theirs and --text" in both.stderr
    done = run(b, "resolve", "#a1.ka3", "--text", "Agreed words", monkeypatch=monkeypatch)
    assert done.exit_code == 0
    git(b, "add", PLAN)
    git(b, "-c", "core.editor=true", "rebase", "--continue")
    assert texts(b, "Goal A.1, key area (3)") == ["Agreed words"]
    assert (
        git(b, "log", "-1", "--format=%(trailers:key=Editplan-Set,valueonly)").stdout.strip()
        == "sb"
    )
    again = run(b, "resolve", "#a1.ka3", "--ours", monkeypatch=monkeypatch)
    assert again.exit_code == 2 and "has no unresolved merge conflicts" in again.stderr


def test_both_sides_adding_the_same_id_is_a_conflict(team, monkeypatch):
    a, b = team["a"], team["b"]
    new = {"id": "1", "op": "add", "target": "Goal A.1", "kind": "key_area", "position": "end",
           "new_ids": ["a1.ka-new"]}  # fmt: skip
    apply_and_push(a, write_set(a, "sa", {**new, "text": "Added by A"}), monkeypatch)
    run(b, "apply", write_set(b, "sb", {**new, "text": "Added by B"}), "--no-docs",
        monkeypatch=monkeypatch)  # fmt: skip
    assert git(b, "pull", "--no-rebase", check=False).returncode != 0
    checked = run(b, "validate", PLAN, monkeypatch=monkeypatch)
    assert checked.exit_code == 3
    assert "a1.ka-new" in checked.stderr and "Added by A" in checked.stderr
    assert run(b, "resolve", "#a1.ka-new", "--ours", monkeypatch=monkeypatch).exit_code == 0
    assert texts(b, "#a1.ka-new") == ["Added by B"]


def test_a_set_applied_on_a_branch_and_merged_is_not_applied_again(team, monkeypatch):
    a = team["a"]
    git(a, "switch", "--quiet", "-c", "meeting")
    rel = write_set(a, "sm", rephrase("Goal A.2, key area (1)", "Meeting words"))
    assert run(a, "apply", rel, "--no-docs", monkeypatch=monkeypatch).exit_code == 0
    git(a, "switch", "--quiet", "main")
    other = write_set(a, "so", rephrase("Goal A.3, key area (1)", "Other words"))
    assert run(a, "apply", other, "--no-docs", monkeypatch=monkeypatch).exit_code == 0
    git(a, "merge", "--quiet", "--no-edit", "meeting")
    git(a, "checkout", "meeting", "--", rel)  # the patch file, as on the branch
    again = run(a, "apply", rel, "--no-docs", monkeypatch=monkeypatch)
    assert again.exit_code == 3
    assert "set sm was applied in" in again.stderr
    events = run(a, "log", "Goal A.2, key area (1)", monkeypatch=monkeypatch).output
    assert "Apply sm: Set sm  (merged in " in events


# --- the driver on bad input ------------------------------------------------------------


def three_versions(tmp_path: Path, repo_root: Path) -> tuple[Path, Path, Path]:
    plan = repo_root / PLAN
    paths = []
    for name in ("base", "ours", "theirs"):
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(plan.read_bytes())
        paths.append(path)
    return paths[0], paths[1], paths[2]


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_driver_keeps_ours_formatting_and_comments(tmp_path, repo_root, monkeypatch):
    _, ours, theirs = three_versions(tmp_path, repo_root)
    edit_text(ours, "text: Mainstreaming biosafety", "text: Ours, mainstreaming biosafety")
    edit_text(theirs, "text: Developing and updating", "text: Theirs, developing and updating")
    before = ours.read_text().splitlines()
    result = run(tmp_path, "merge-file", "base.yaml", "ours.yaml", "theirs.yaml", PLAN,
                 monkeypatch=monkeypatch)  # fmt: skip
    assert result.exit_code == 0, result.output
    after = ours.read_text().splitlines()
    changed = [(x, y) for x, y in zip(before, after, strict=True) if x != y]
    assert len(changed) == 1 and "Theirs, developing" in changed[0][1]
    assert after[0].startswith("# yaml-language-server")


@pytest.mark.parametrize("bad", ["base", "ours", "theirs"])
def test_the_driver_refuses_a_version_that_does_not_parse(tmp_path, repo_root, monkeypatch, bad):
    paths = dict(zip(("base", "ours", "theirs"), three_versions(tmp_path, repo_root), strict=True))
    edit_text(paths["theirs"], "text: Mainstreaming", "text: Theirs mainstreaming")
    paths[bad].write_text("id: x\nareas: [unclosed\n")
    before = paths["ours"].read_bytes()
    result = run(tmp_path, "merge-file", *(str(paths[k]) for k in ("base", "ours", "theirs")),
                 PLAN, monkeypatch=monkeypatch)  # fmt: skip
    assert result.exit_code == 2
    assert f"{PLAN} ({bad} version):" in result.stderr and "malformed YAML" in result.stderr
    assert paths["ours"].read_bytes() == before


def test_the_driver_refuses_a_file_that_is_not_a_plan(tmp_path, repo_root, monkeypatch):
    sets = [tmp_path / f"{n}.yaml" for n in ("base", "ours", "theirs")]
    for n, path in enumerate(sets):
        text = (repo_root / "amendments/lg14.yaml").read_text()
        path.write_text(text.replace("id: lg14", f"id: lg14v{n}", 1))
    before = sets[1].read_bytes()
    result = run(tmp_path, "merge-file", *map(str, sets), "plans/notes.yaml",
                 monkeypatch=monkeypatch)  # fmt: skip
    assert result.exit_code == 2
    assert "plans/notes.yaml (base version):1:1: this is a patch file" in result.stderr
    assert sets[1].read_bytes() == before


def test_git_marks_a_non_plan_conflicted_and_keeps_ours_whole(team, monkeypatch):
    a, b = team["a"], team["b"]
    (a / "plans/notes.yaml").write_text("notes: first\n")
    git(a, "add", "plans/notes.yaml")
    git(a, "commit", "--quiet", "-m", "notes")
    git(a, "push", "--quiet")
    git(b, "pull", "--quiet", "--ff-only")
    for folder, words in ((a, "from a"), (b, "from b")):
        (folder / "plans/notes.yaml").write_text(f"notes: {words}\n")
        git(folder, "commit", "--quiet", "-am", f"notes {words}")
    git(a, "push", "--quiet")
    pulled = git(b, "pull", "--no-rebase", check=False)
    assert pulled.returncode != 0
    assert "plans/notes.yaml (base version):1:1: neither a plan" in pulled.stderr
    assert "is not merged: it keeps our version" in pulled.stderr
    assert "plans/notes.yaml" in git(b, "diff", "--name-only", "--diff-filter=U").stdout
    assert (b / "plans/notes.yaml").read_text() == "notes: from b\n"


# --- the property of the issue, through git ---------------------------------------------


def plan_text(plan: Plan) -> str:
    return yamlio.emit(plan.model_dump(mode="json", exclude_none=True))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=set_pairs())
def test_two_branches_merged_by_the_driver_equal_both_sets_in_one_go(case, tmp_path_factory):
    base, first, second, both = case
    repo = tmp_path_factory.mktemp("prop")
    api.init(repo)
    for key, value in (("user.name", "t"), ("user.email", "t@example.org")):
        git(repo, "config", key, value)
    plan = repo / "plans/rnd.yaml"
    plan.write_text(plan_text(base))
    git(repo, "add", "plans/rnd.yaml")
    git(repo, "commit", "--quiet", "-m", "base")
    git(repo, "branch", "second")
    for branch, aset in (("main", first), ("second", second)):
        git(repo, "switch", "--quiet", branch)
        if aset.amendments:
            plan.write_text(plan_text(apply_set(aset, base).plan))
            git(repo, "commit", "--quiet", "-am", f"apply on {branch}")
    git(repo, "switch", "--quiet", "main")
    merged = git(repo, "merge", "--no-edit", "second", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    result = api.load_plan(plan)
    expected = apply_set(both, base).plan if both.amendments else base
    if first.amendments and second.amendments:
        assert result == expected
    else:
        assert result.model_dump(exclude={"version"}) == expected.model_dump(exclude={"version"})


def test_the_driver_command_names_this_interpreter(workspace: Path):
    command = git(workspace, "config", "merge.editplan.driver").stdout.strip()
    assert command.startswith(sys.executable) or command.startswith(f"'{sys.executable}'")


# --- a resolution on the record (issue 22, item 10) -------------------------------------------


def trailers(folder: Path, key: str, rev: str = "HEAD") -> list[str]:
    out = git(folder, "log", "-1", f"--format=%(trailers:key={key},valueonly,unfold)", rev)
    return [line for line in out.stdout.splitlines() if line]


def test_a_resolution_during_a_merge_is_in_the_merge_commit(team, monkeypatch):
    a, b = team["a"], team["b"]
    apply_and_push(a, write_set(a, "sa", rephrase("Goal A.5, key area (2)", "A's words")),
                   monkeypatch)  # fmt: skip
    run(b, "apply", write_set(b, "sb", rephrase("Goal A.5, key area (2)", "B's words")),
        "--no-docs", monkeypatch=monkeypatch)  # fmt: skip
    assert git(b, "pull", "--no-rebase", check=False).returncode != 0
    done = run(b, "resolve", "Goal A.5, key area (2)", "--theirs", monkeypatch=monkeypatch)
    assert done.exit_code == 0, done.output
    assert "No conflicts left in plans/cb-action-plan.yaml: staged" in done.output
    assert (
        "Recorded (settled by b <b@example.org>) in the message of the commit that ends a merge;"
        " when no other file is left unmerged, end it: git merge --continue"
    ) in done.output
    assert git(b, "ls-files", "--unmerged").stdout == ""  # staged: git takes it as resolved
    message = (b / ".git/MERGE_MSG").read_text()
    assert message.endswith(
        "Editplan-Resolved: a5.ka2 text theirs: \"A's words\"\n"
        "Editplan-Resolved-By: b <b@example.org>\n"
        f"Editplan-Plan-File: {PLAN}\n"
    )
    git(b, "commit", "--quiet", "--no-edit")
    assert len(git(b, "rev-list", "--parents", "-1", "HEAD").stdout.split()) == 3  # a merge
    assert trailers(b, "Editplan-Resolved") == ["a5.ka2 text theirs: \"A's words\""]
    assert trailers(b, "Editplan-Resolved-By") == ["b <b@example.org>"]


def test_two_resolutions_in_one_rebase_are_both_in_the_replayed_commit(team, monkeypatch):
    a, b = team["a"], team["b"]
    apply_and_push(a, write_set(a, "sa", rephrase("Goal A.1, key area (3)", "A's words"),
                                rephrase("Goal A.2, key area (1)", "A's second", id="2")),
                   monkeypatch)  # fmt: skip
    run(b, "apply", write_set(b, "sb", rephrase("Goal A.1, key area (3)", "B's words"),
                              rephrase("Goal A.2, key area (1)", "B's second", id="2")),
        "--no-docs", monkeypatch=monkeypatch)  # fmt: skip
    assert git(b, "pull", "--rebase", check=False).returncode != 0
    first = run(b, "resolve", "#a1.ka3", "--text", "Agreed words", monkeypatch=monkeypatch)
    assert first.exit_code == 0, first.output
    assert "1 conflict left" in first.output and "staged" not in first.output
    assert git(b, "ls-files", "--unmerged").stdout != ""  # not staged while one is left
    second = run(b, "resolve", "#a2.ka1", "--ours", monkeypatch=monkeypatch)
    assert second.exit_code == 0, second.output
    assert "git rebase --continue" in second.output
    git(b, "-c", "core.editor=true", "rebase", "--continue")
    assert trailers(b, "Editplan-Set") == ["sb"]
    assert trailers(b, "Editplan-Resolved") == [
        'a1.ka3 text text: "Agreed words"',
        # the rebase replays B's commit onto A's: "ours" is A's side
        "a2.ka1 text ours: \"A's second\"",
    ]
    assert trailers(b, "Editplan-Resolved-By") == ["b <b@example.org>"] * 2


def test_a_resolution_outside_a_merge_is_its_own_commit(team, monkeypatch):
    a, b = team["a"], team["b"]
    apply_and_push(a, write_set(a, "sa", rephrase("Goal A.5, key area (2)", "A's words")),
                   monkeypatch)  # fmt: skip
    run(b, "apply", write_set(b, "sb", rephrase("Goal A.5, key area (2)", "B's words")),
        "--no-docs", monkeypatch=monkeypatch)  # fmt: skip
    assert git(b, "pull", "--no-rebase", check=False).returncode != 0
    git(b, "add", PLAN)  # the merge committed with its conflicts listed in the plan
    git(b, "commit", "--quiet", "--no-edit")
    head = git(b, "rev-parse", "HEAD").stdout.strip()
    done = run(b, "resolve", "#a5.ka2", "--text", "Both sides' words", monkeypatch=monkeypatch)
    assert done.exit_code == 0, done.output
    assert "Committed " in done.output and "(settled by b <b@example.org>)" in done.output
    assert git(b, "rev-parse", "HEAD~1").stdout.strip() == head
    assert git(b, "log", "-1", "--format=%s").stdout.strip() == (
        "Resolve the merge conflict on Goal A.5, key area (2): text"
    )
    assert trailers(b, "Editplan-Resolved") == ['a5.ka2 text text: "Both sides\' words"']
    assert trailers(b, "Editplan-Resolved-By") == ["b <b@example.org>"]
    assert git(b, "status", "--porcelain", "--untracked-files=no").stdout == ""
    assert texts(b, "Goal A.5, key area (2)") == ["Both sides' words"]
