"""The history index (editplan/history/index.py): ``log TARGET`` through it gives what a replay
of every version gives, whether the cache is missing, fresh, extended, rebuilt, corrupt,
from another history, or cannot be written."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from blame_support import PLAN, generate

from editplan import api
from editplan.core.changeset import element_diff
from editplan.history import git as history
from editplan.history.index import FORMAT, cache_path
from editplan.history.repo import Repository


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def replayed_log(repo: Repository, plan_rel: str, element_ids: list[str]) -> list[tuple[Any, ...]]:
    """``log TARGET``'s events by reading every version's plan whole, newest first, as editplan
    did before the index (the replay the index is checked against)."""
    reader = history.PlanReader(repo)
    tracked = list(dict.fromkeys(element_ids))
    out: list[tuple[Any, ...]] = []
    for version in history.versions(repo, plan_rel):
        if version.blob is None:
            continue
        now = reader.locate(version.blob)
        parents = [reader.locate(b) if b else {} for b in version.parent_blobs] or [{}]
        by_element = version.attribution()
        parts: dict[str, list[str]] = {}
        for new_id, (_, origin) in by_element.items():
            if origin:
                parts.setdefault(origin, []).append(new_id)
        for element_id in list(tracked):
            new = now.get(element_id)
            if version.is_merge and any(
                (new is None and element_id not in p)
                or (
                    new is not None and element_id in p and p[element_id].item.text == new.item.text
                )
                for p in parents
            ):
                continue  # taken from one side: that side's own commit shows the change
            change = element_diff(element_id, parents[0].get(element_id), new)
            if change is None:
                continue
            amendment, origin = by_element.get(element_id, (None, None))
            if origin and origin not in tracked:
                tracked.append(origin)
            into = tuple(parts.get(element_id, ()))
            was = parents[0].get(origin) if origin else None
            out.append((version.sha, element_id, "split" if origin else change.action,
                        change.before, change.after, change.old_label, change.new_label,
                        amendment, origin, into, was.label if was else None,
                        tuple(now[p].label for p in into)))  # fmt: skip
    return out


def events(repo_path: Path, element_id: str) -> list[tuple[Any, ...]]:
    found = api.log(api.Workspace.open(repo_path), f"#{element_id}")
    return [(e.version.sha, e.element_id, e.action, e.before, e.after, e.old_label,
             e.new_label, e.amendment, e.split_from, e.split_into, e.split_from_label,
             e.split_into_labels) for e in found]  # fmt: skip


def all_ids(repo_path: Path) -> list[str]:
    with Repository.find(repo_path) as repo:  # type: ignore[union-attr]
        reader = history.PlanReader(repo)
        ids: dict[str, None] = {}
        for version in history.versions(repo, PLAN):
            if version.blob:
                ids.update(dict.fromkeys(reader.locate(version.blob)))
    return list(ids)


def check_log(repo_path: Path, ids: list[str]) -> None:
    with Repository.find(repo_path) as repo:  # type: ignore[union-attr]
        for element_id in ids:
            assert events(repo_path, element_id) == replayed_log(repo, PLAN, [element_id])


def index_file(repo_path: Path) -> Path:
    with Repository.find(repo_path) as repo:  # type: ignore[union-attr]
        return cache_path(repo, PLAN)


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    return generate(tmp_path / "repo", 5, 40).repo


def test_log_through_the_index_is_the_replay_from_any_cache(generated: Path) -> None:
    ids = all_ids(generated)
    assert len(ids) > 25
    path = index_file(generated)
    assert not path.exists()
    check_log(generated, ids)  # builds the index
    data = json.loads(path.read_bytes())
    assert data["format"] == FORMAT and data["plan"] == PLAN
    assert data["tip"] == git(generated, "rev-parse", "HEAD").strip()
    check_log(generated, ids)  # from the cache
    # every wording change read once is kept: nothing left to read for these elements
    data = json.loads(path.read_bytes())
    assert all(c is not None for v in data["versions"] for c in v[8].values())


def test_new_versions_extend_the_index_by_reading_only_them(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tip = git(generated, "rev-parse", "HEAD").strip()
    git(generated, "reset", "-q", "--hard", "HEAD~15")
    ids = all_ids(generated)
    check_log(generated, ids[:5])
    old_tip = json.loads(index_file(generated).read_bytes())["tip"]
    git(generated, "reset", "-q", "--hard", tip)
    asked: list[str] = []
    path_log = Repository.path_log

    def spy(self: Repository, rel: str, rev: str = "HEAD") -> Any:
        asked.append(rev)
        return path_log(self, rel, rev)

    monkeypatch.setattr(Repository, "path_log", spy)
    api.log(api.Workspace.open(generated), f"#{ids[0]}")
    assert asked == [f"{old_tip}..{tip}"]
    monkeypatch.undo()
    check_log(generated, all_ids(generated))
    assert json.loads(index_file(generated).read_bytes())["tip"] == tip


def test_an_index_from_another_history_is_rebuilt(generated: Path) -> None:
    ids = all_ids(generated)
    check_log(generated, ids)
    plan = generated / PLAN
    # the tip amended: a hand edit of a wording in place of the tip's change
    data = json.loads(plan.read_text())
    item = data["areas"][0]["goals"][0]["key_areas"][0]
    item["text"] = "Rewritten by an amended tip"
    plan.write_text(json.dumps(data, indent=1) + "\n")
    git(generated, "commit", "-q", "--amend", "-am", "Amended by hand")
    check_log(generated, [item["id"], *ids[:10]])
    [element] = api.blame(api.Workspace.open(generated), f"#{item['id']}").elements
    assert element.sources[-1].subject == "Amended by hand"
    # history rewritten further back, as a rebase does
    git(generated, "reset", "-q", "--hard", "HEAD~5")
    item["text"] = "Rewritten after a rebase"
    plan.write_text(json.dumps(data, indent=1) + "\n")
    git(generated, "commit", "-qam", "Another line of history")
    check_log(generated, all_ids(generated))
    assert json.loads(index_file(generated).read_bytes())["tip"] == git(
        generated, "rev-parse", "HEAD").strip()  # fmt: skip


def test_an_index_copied_from_another_repository_is_not_trusted(tmp_path: Path) -> None:
    one = generate(tmp_path / "one", 1, 20).repo
    two = generate(tmp_path / "two", 2, 20).repo
    ids = all_ids(two)
    check_log(one, all_ids(one)[:3])
    index_file(two).parent.mkdir(parents=True)
    index_file(two).write_bytes(index_file(one).read_bytes())
    check_log(two, ids)


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"\xff\xfe\x00", b'{"format": 3}',
    json.dumps({"format": FORMAT, "plan": PLAN, "tip": "0" * 40,
                "versions": [["x", 1, 2]]}).encode()])  # fmt: skip
def test_a_corrupt_index_is_rebuilt_silently(generated: Path, garbage: bytes) -> None:
    path = index_file(generated)
    path.parent.mkdir(parents=True)
    path.write_bytes(garbage)
    ids = all_ids(generated)
    check_log(generated, ids[:8])
    assert json.loads(path.read_bytes())["format"] == FORMAT
    [element] = api.blame(api.Workspace.open(generated), f"#{ids[0]}").elements
    assert element.runs


@pytest.mark.parametrize("field, value", [(7, {"Change": [3]}), (8, {"x": [1]}), (6, "none")])
def test_an_index_of_this_history_with_wrong_shapes_is_rebuilt(
    generated: Path, field: int, value: object
) -> None:
    """Valid JSON, the right tip, but a version whose fields are not what they must be."""
    ids = all_ids(generated)
    check_log(generated, ids[:3])
    path = index_file(generated)
    data = json.loads(path.read_bytes())
    data["versions"][-1][field] = value
    path.write_text(json.dumps(data))
    check_log(generated, ids)
    assert json.loads(path.read_bytes())["versions"][-1][field] != value


def test_a_read_only_cache_folder_means_no_cache(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = index_file(generated).parent
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anyway: the refusal the folder would give, simulated
        mkstemp = tempfile.mkstemp

        def refuse(*args: Any, dir: Any = None, **kwargs: Any) -> Any:
            if dir is not None and Path(dir) == folder:
                raise PermissionError(13, "Permission denied")
            return mkstemp(*args, dir=dir, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    try:
        ids = all_ids(generated)
        check_log(generated, ids[:8])
        [element] = api.blame(api.Workspace.open(generated), f"#{ids[0]}").elements
        assert element.runs
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_cache_path_that_is_a_file_means_no_cache(generated: Path) -> None:
    index_file(generated).parent.write_text("not a folder")
    check_log(generated, all_ids(generated)[:5])
    assert index_file(generated).parent.read_text() == "not a folder"


def test_log_through_merges_is_the_replay(workspace: Path) -> None:
    """Branches merged by the plan driver, one conflict settled with new words: log TARGET
    of every element is what a replay of every version gives."""
    plan = workspace / "plans" / "cb-action-plan.yaml"
    rel = "plans/cb-action-plan.yaml"

    def edit(old: str, new: str, message: str) -> None:
        assert old in plan.read_text()
        plan.write_text(plan.read_text().replace(old, new))
        git(workspace, "commit", "-qam", message)

    git(workspace, "checkout", "-qb", "side")
    edit("Mobilize predictable", "Mobilize predictable, additional", "Side words")
    edit("Strengthening the institutional", "Strengthening further the institutional", "Side 2")
    git(workspace, "checkout", "-q", "main")
    edit("capacity-building\n", "capacity-building in all regions\n", "Main words")
    edit("          - id: a1.ka3\n", "          - id: a1.ka9\n            text: Added on main\n"
         "          - id: a1.ka3\n", "Main adds")  # fmt: skip
    subprocess.run(["git", "merge", "-q", "side"], cwd=workspace, capture_output=True)
    api.resolve(api.Workspace.open(workspace), "Goal B.2, activity (i)", "text",
                "Mobilize predictable, additional and more")  # fmt: skip
    git(workspace, "add", rel)
    git(workspace, "commit", "-q", "--no-edit")
    with Repository.find(workspace) as repo:  # type: ignore[union-attr]
        ids = list(history.plan_at(repo, "HEAD", rel).locate())
        assert any(v.is_merge for v in history.versions(repo, rel))
        for element_id in ids:
            found = api.log(api.Workspace.open(workspace), f"#{element_id}")
            got = [(e.version.sha, e.element_id, e.action, e.before, e.after, e.old_label,
                    e.new_label, e.amendment, e.split_from, e.split_into, e.split_from_label,
                    e.split_into_labels) for e in found]  # fmt: skip
            assert got == replayed_log(repo, rel, [element_id]), element_id


def test_a_server_keeps_the_index_in_memory_fresh_and_one_thread_at_a_time(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside ``remembering`` (the desk), the index is read from the cache file once and kept:
    later uses need no file, however many plans pass through the memo; new versions extend it,
    a rewritten history rebuilds it, and threads asking at once all get the replay's answer."""
    import threading

    from editplan.history import index as history_index

    tip = git(generated, "rev-parse", "HEAD").strip()
    git(generated, "reset", "-q", "--hard", "HEAD~10")
    loads: list[object] = []
    load = history_index.load
    monkeypatch.setattr(history_index, "load", lambda *a: loads.append(a) or load(*a))
    memo = api.Memo(2)
    with api.remembering(memo):
        check_log(generated, all_ids(generated)[:5])
        assert len(loads) == 1
        index_file(generated).write_bytes(b"{not json")  # no longer read
        for n in range(5):
            memo.keep(("something else", n), object)  # the memo's last two are others now
        check_log(generated, all_ids(generated))
        git(generated, "reset", "-q", "--hard", tip)  # ten new versions: extended
        check_log(generated, all_ids(generated))
        plan = generated / PLAN
        data = json.loads(plan.read_text())
        item = data["areas"][0]["goals"][0]["key_areas"][0]
        item["text"] = "Rewritten on another line of history"
        git(generated, "reset", "-q", "--hard", "HEAD~3")
        plan.write_text(json.dumps(data, indent=1) + "\n")
        git(generated, "commit", "-qam", "Another line")  # not a descendant: rebuilt
        check_log(generated, [item["id"], *all_ids(generated)])
        [element] = api.blame(api.Workspace.open(generated), f"#{item['id']}").elements
        assert element.sources[-1].subject == "Another line"
    assert len(loads) == 1
    assert json.loads(index_file(generated).read_bytes())["tip"] == git(
        generated, "rev-parse", "HEAD").strip()  # fmt: skip

    git(generated, "reset", "-q", "--hard", tip)
    ids = all_ids(generated)
    with Repository.find(generated) as repo:  # type: ignore[union-attr]
        wanted = {e: replayed_log(repo, PLAN, [e]) for e in ids}
    got: dict[str, object] = {}
    failed: list[BaseException] = []

    def ask(mine: list[str]) -> None:
        try:
            with api.remembering(memo):
                for element_id in mine:
                    got[element_id] = events(generated, element_id)
        except BaseException as exc:  # told by the assertion below
            failed.append(exc)

    threads = [threading.Thread(target=ask, args=(ids[n::4],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failed == []
    assert got == wanted
