"""Shell completion: patch files for SET, plan files for PLAN, amendment ids where a command
takes them, through click's own completion machinery on the real ``editplan`` group.

Most tests ask click's ShellComplete what TAB offers at the end of a command line in a
workspace made by ``editplan init --example``; a few run ``python -m editplan`` as the shell
does (``_EDITPLAN_COMPLETE=bash_complete`` with COMP_WORDS and COMP_CWORD), and one types
into an interactive bash and zsh on a pseudo-terminal, to see what lands on the command line.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from editplan import api
from editplan.cli import main

ROOT = Path(__file__).resolve().parent.parent
LG14 = [f"53({letter})" for letter in "abcdefghijklmno"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def offered(line: str) -> list[str]:
    """What TAB offers with the cursor at the end of ``line`` (words split on spaces, as the
    shell hands them over; a trailing space starts a new, empty word)."""
    words = line.split(" ")
    comp = ShellComplete(main, {}, "editplan", "_EDITPLAN_COMPLETE")
    return [item.value for item in comp.get_completions(words[1:-1], words[-1])]


def typing(line: str, incomplete: str) -> list[str]:
    """What TAB offers after ``line`` while ``incomplete`` is typed (a word that may hold
    spaces, as a quoted or escaped word reaches the completion)."""
    comp = ShellComplete(main, {}, "editplan", "_EDITPLAN_COMPLETE")
    return [item.value for item in comp.get_completions(line.split()[1:], incomplete)]


def helps(line: str) -> dict[str, str]:
    words = line.split(" ")
    comp = ShellComplete(main, {}, "editplan", "_EDITPLAN_COMPLETE")
    return {i.value: i.help or "" for i in comp.get_completions(words[1:-1], words[-1])}


def shell(
    folder: Path, line: str, shell_name: str = "bash", raw: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m editplan`` asked for completions as bash's (or zsh's) script asks."""
    words = line.split(" ")
    if raw is not None:  # the word being completed as typed, quotes and all
        words[-1] = raw
    env = {
        **ENV,
        "_EDITPLAN_COMPLETE": f"{shell_name}_complete",
        "COMP_WORDS": ("\n" if shell_name == "bash" else " ").join(words),
        "COMP_CWORD": str(len(words) - 1),
    }
    return subprocess.run(
        [sys.executable, "-m", "editplan"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_decide_offers_exactly_the_ids_of_the_set_named_before(workspace):
    assert offered("editplan decide amendments/lg14.yaml ") == LG14
    # the same ids as the validated reading of the file
    assert [a.id for a in api.load_set(workspace / "amendments/lg14.yaml").amendments] == LG14


def test_ids_are_filtered_by_what_is_typed(workspace):
    assert offered("editplan decide amendments/lg14.yaml 53(k") == ["53(k)"]
    assert offered("editplan decide amendments/lg14.yaml 53(") == LG14
    assert offered("editplan decide amendments/lg14.yaml 54") == []


def test_ids_already_on_the_line_are_not_offered_again(workspace):
    line = "editplan decide amendments/lg14.yaml 53(a) 53(c) 53("
    assert offered(line) == [i for i in LG14 if i not in ("53(a)", "53(c)")]


def test_only_and_exclude_complete_the_last_id_of_the_list(workspace):
    assert offered("editplan apply amendments/lg14.yaml --only ") == LG14
    assert offered("editplan apply amendments/lg14.yaml --only 53(a),53(o") == ["53(a),53(o)"]
    listed = offered("editplan apply amendments/lg14.yaml --exclude 53(a),")
    assert listed == [f"53(a),{i}" for i in LG14[1:]]


def test_ids_come_from_the_set_on_the_line_else_from_the_workspace(workspace, write):
    write(workspace, "amendments/party-b.yaml", OTHER_SET)
    assert offered("editplan decide amendments/party-b.yaml ") == ["b1", "b2"]
    assert offered("editplan apply amendments/party-b.yaml --only ") == ["b1", "b2"]
    # an option before its SET: the SET is not read yet, so every set of amendments/
    assert offered("editplan apply --only ") == [*LG14, "b1", "b2"]
    assert offered("editplan apply --only b") == ["b1", "b2"]


def test_ids_carry_what_they_change(workspace):
    described = helps("editplan decide amendments/lg14.yaml 53(e")
    assert described == {"53(e)": "lg14: Goal A.5, key area (1), split"}


def test_set_arguments_offer_the_workspaces_patch_files_first(workspace, write):
    write(workspace, "amendments/notes.txt", "not a patch file")
    write(workspace, "amendments/.hidden.yaml", "id: x\n")
    write(workspace, "amendments/party-b.yml", OTHER_SET)
    first = ["amendments/lg14.yaml", "amendments/party-b.yml"]
    assert offered("editplan apply ")[:2] == first
    assert offered("editplan apply ") == [*first, "amendments/", "out/", "plans/", "schemas/"]
    assert offered("editplan apply amendments/") == first
    assert offered("editplan apply amendments/p") == ["amendments/party-b.yml"]
    assert offered("editplan apply amendments/.") == ["amendments/.hidden.yaml"]
    assert offered("editplan decide ")[:2] == first
    assert offered("editplan status amendments/l") == ["amendments/lg14.yaml"]
    assert offered("editplan conflicts amendments/lg14.yaml amendments/") == [
        "amendments/party-b.yml"
    ]


def test_set_files_are_offered_from_anywhere_in_the_workspace(workspace, monkeypatch):
    monkeypatch.chdir(workspace / "plans")
    assert offered("editplan apply ")[0] == "../amendments/lg14.yaml"
    assert offered("editplan apply ../amendments/") == ["../amendments/lg14.yaml"]
    assert offered("editplan render ") == ["cb-action-plan.yaml"]


def test_any_yaml_path_being_typed_is_offered(workspace, write, tmp_path):
    write(tmp_path, "elsewhere/sets/one.yaml", OTHER_SET)
    write(tmp_path, "elsewhere/sets/two.YML", OTHER_SET)
    write(tmp_path, "elsewhere/sets/readme.md", "no")
    folder = f"{tmp_path}/elsewhere/sets/"
    assert offered(f"editplan apply {folder}") == [f"{folder}one.yaml", f"{folder}two.YML"]
    assert offered(f"editplan apply {tmp_path}/else") == [f"{tmp_path}/elsewhere/"]


def test_plan_arguments_and_options_offer_plan_files(workspace):
    plan = "plans/cb-action-plan.yaml"
    for line in ("editplan render ", "editplan show --plan ", "editplan log --plan ",
                 "editplan diff --plan ", "editplan resolve --plan ",
                 "editplan collect --plan ", "editplan extract --plan "):  # fmt: skip
        assert offered(line)[0] == plan, line
    assert offered("editplan render plans/") == [plan]
    assert offered("editplan validate ")[:2] == [plan, "amendments/lg14.yaml"]
    assert offered("editplan export p") == [plan, "plans/"]


def test_a_list_split_by_a_space_is_refused_clearly(workspace, snapshot):
    """TAB puts no space after an id of a list; a space typed there ends the list, and what
    follows would be read as a patch file: the command says so, and does nothing."""
    before = snapshot(workspace)
    for args, said in (
        (["--only", "53(a),", "53(c)"], "--only '53(a),' ends with a comma, and '53(c)' follows"),
        (["--only", "53(a)", ",53(c)"], "',53(c)' is not a patch file: a space split a comma"),
        (["--exclude", "53(a),", "53(c)"], "--exclude '53(a),' ends with a comma"),
    ):
        result = CliRunner().invoke(main, ["apply", "amendments/lg14.yaml", *args])
        assert result.exit_code == 2, result.output
        assert said in result.output, result.output
        assert "without spaces, such as '53(a),53(c)', or quote it" in result.output
    assert snapshot(workspace) == before
    quoted = CliRunner().invoke(main, ["apply", "amendments/lg14.yaml", "--only", "53(a), 53(c)",
                                       "--dry-run"])  # fmt: skip
    assert quoted.exit_code == 0, quoted.output


def test_status_lists_complete_their_next_status(workspace):
    assert offered("editplan apply --status ag") == ["agreed"]
    assert offered("editplan compile --status agreed,") == [
        "agreed,proposed",
        "agreed,rejected",
        "agreed,withdrawn",
        "agreed,fallen",
    ]


def test_a_broken_or_unreadable_yaml_file_offers_nothing(workspace, write):
    write(workspace, "amendments/broken.yaml", "id: x\namendments:\n  - id: [1\n")
    write(workspace, "amendments/latin1.yaml", "id: caf\xe9\n".encode("latin-1"))
    write(workspace, "amendments/list.yaml", "- just\n- a list\n")
    (workspace / "amendments/folder.yaml").mkdir()
    for name in ("broken", "latin1", "list", "folder", "missing"):
        assert offered(f"editplan decide amendments/{name}.yaml ") == []
    assert offered("editplan apply --only ") == LG14  # the broken files add nothing
    assert "amendments/broken.yaml" in offered("editplan apply amendments/")


def test_a_broken_file_gives_no_traceback_in_the_shell(workspace, write):
    write(workspace, "amendments/broken.yaml", "amendments: [\n  {id: '1'\n")
    for line in ("editplan decide amendments/broken.yaml ", "editplan apply --only 5"):
        done = shell(workspace, line)
        assert done.returncode == 0 and done.stderr == "", done.stderr
    assert shell(workspace, "editplan decide amendments/broken.yaml ").stdout.strip() == ""


def test_bash_gets_ids_quoted_for_the_command_line(workspace):
    done = shell(workspace, "editplan decide amendments/lg14.yaml 53(")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines() == [f"plain,{re.escape(i)}" for i in LG14]
    assert done.stdout.splitlines()[0] == r"plain,53\(a\)"
    # a word the user opened with a quote: bash keeps the quoting, the value is as it is
    quoted = shell(workspace, "editplan decide amendments/lg14.yaml 53(k", raw="'53(k")
    assert quoted.stdout.splitlines() == ["plain,53(k)"]
    files = shell(workspace, "editplan apply amendments/")
    assert files.stdout.splitlines() == ["plain,amendments/lg14.yaml"]


def test_zsh_gets_ids_with_what_they_change(workspace):
    done = shell(workspace, "editplan decide amendments/lg14.yaml 53(a", "zsh")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines() == ["plain", "53(a)", "lg14: Goal A.1, key area (2), rephrase"]


GOALS = [f"Goal A.{n}" for n in range(1, 6)] + ["Goals A.6, A.7 and A.8", "Goal A.9",
         "Goal A.10"] + [f"Goal B.{n}" for n in range(1, 5)]  # fmt: skip
A5 = ["Goal A.5", *(f"Goal A.5, key area ({n})" for n in (1, 2, 3)),
      *(f"Goal A.5, activity ({n})" for n in ("i", "ii", "iii", "iv", "v"))]  # fmt: skip


def test_targets_are_offered_in_the_plans_own_words(workspace):
    for command in ("show", "log", "blame"):
        assert offered(f"editplan {command} ") == GOALS
        assert offered(f"editplan {command} Go") == GOALS
    assert typing("editplan show", "Goal A.5") == A5
    assert typing("editplan show", "goal a.5, k") == A5[1:4]  # any case
    assert typing("editplan show", "Goal A.5, activity (i") == A5[4:8]
    assert typing("editplan show", "Goals") == ["Goals A.6, A.7 and A.8"]
    assert typing("editplan show", "Goals A.6, A.7 and A.8, key area (3") == [
        "Goals A.6, A.7 and A.8, key area (3)"
    ]
    # one goal of a block names the block's element, as reports write it
    assert typing("editplan show", "Goal A.7, activity (v") == [
        "Goal A.7, activity (v)",
        "Goal A.7, activity (vi)",
    ]
    assert typing("editplan show", "Goal Z") == []
    # whatever is offered, show reads it
    for target in [*GOALS, *A5, "Goal A.7, activity (vi)"]:
        assert CliRunner().invoke(main, ["show", target]).exit_code == 0, target


def test_targets_in_the_compact_form_and_by_id(workspace):
    assert typing("editplan show", "A")[:3] == ["A.1", "A.2", "A.3"]
    assert "A.6-8" in typing("editplan show", "A") and "B.1" not in typing("editplan show", "A")
    assert typing("editplan show", "A.5/") == [
        "A.5/ka/1", "A.5/ka/2", "A.5/ka/3",
        "A.5/act/i", "A.5/act/ii", "A.5/act/iii", "A.5/act/iv", "A.5/act/v",
    ]  # fmt: skip
    assert typing("editplan show", "A.6-8/act/v") == ["A.6-8/act/v", "A.6-8/act/vi"]
    assert typing("editplan show", "#a5.ka") == ["#a5.ka1", "#a5.ka2", "#a5.ka3"]
    assert typing("editplan log", "#A.1") == ["#A.1", "#A.10"]
    assert typing("editplan blame", "A.5/ka/") == ["A.5/ka/1", "A.5/ka/2", "A.5/ka/3"]
    assert typing("editplan blame", "#b2.act") == [f"#b2.act{n}" for n in range(1, 5)]
    for target in ("A.5/act/iv", "A.6-8/act/vi", "#a5.ka3", "#A.10"):
        assert CliRunner().invoke(main, ["show", target]).exit_code == 0, target


def test_targets_carry_their_wording(workspace):
    comp = ShellComplete(main, {}, "editplan", "_EDITPLAN_COMPLETE")
    items = comp.get_completions(["show"], "Goal A.5, key area (1")
    described = {i.value: i.help for i in items}
    assert described == {
        "Goal A.5, key area (1)": "Conducting risk assessments and managing identified risks"
    }
    goal = {i.value: i.help for i in comp.get_completions(["show"], "Goal A.7")}["Goal A.7"]
    assert goal.startswith("Parties take appropriate measures in case of unintentional")
    assert len(goal) <= 60 and goal.endswith("\u2026")


def test_targets_come_from_the_plan_named_on_the_line(workspace, write):
    write(workspace, "plans/small.yaml", SMALL_PLAN)
    # two plans and none chosen: no plan to take, so nothing; --plan names one
    assert offered("editplan show ") == []
    assert offered("editplan show --plan plans/small.yaml ") == ["Goal C.1"]
    assert typing("editplan log --plan plans/small.yaml", "Goal C.1, ") == [
        "Goal C.1, key area (1)"
    ]


def test_a_broken_plan_offers_no_target_and_no_traceback(workspace, write):
    plan = workspace / "plans" / "cb-action-plan.yaml"
    plan.write_text(plan.read_text()[:3000] + "\n  - [unclosed\n")
    assert offered("editplan show ") == []
    done = shell(workspace, "editplan show Goal")
    assert done.returncode == 0 and done.stdout.strip() == "" and done.stderr == ""
    plan.write_text("just: [a, list\n")
    assert typing("editplan show", "Goal") == []


def test_a_large_plan_offers_at_most_a_thousand_targets(workspace, write):
    from editplan.store import yamlio

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import make_plan

    plan = make_plan(20_000)
    text = yamlio.emit(plan.model_dump(mode="json", exclude_none=True))
    write(workspace, "plans/cb-action-plan.yaml", text)
    ids = typing("editplan show", "#")
    assert len(ids) == 1000 and ids[0] == f"#{plan.areas[0].goals[0].id}"
    unit = plan.areas[0].goals[0]
    label = offered("editplan show ")[0]
    assert label == unit.label and len(offered("editplan show ")) < 1000
    elements = [t for t in typing("editplan show", label) if t.startswith(f"{label}, ")]
    assert len(elements) == len(unit.key_areas) + len(unit.activities)


SMALL_PLAN = """\
id: small
title: A small plan
version: v1
areas:
  - id: C
    title: Area C
    goals:
      - id: C.1
        title: One goal
        key_areas:
          - id: c1.ka1
            text: Only key area
"""


def test_the_bash_script_is_ours(workspace):
    done = subprocess.run(
        [sys.executable, "-m", "editplan"],
        cwd=workspace,
        env={**ENV, "_EDITPLAN_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert 'COMPREPLY+=("$value")' in done.stdout and "compopt -o nospace" in done.stdout
    assert "complete -o nosort -F _editplan_completion editplan" in done.stdout


# What is typed (TAB is \t), and what the command line then holds.
TYPED = {
    # an id with shell syntax in it, quoted as the shell inserts it
    "editplan decide amendments/lg14.yaml 53\\(e\t": "amendments/lg14.yaml 53(e)",
    # a folder gets no space after it, so the second TAB goes on into it
    "editplan apply p\t\t": "editplan apply plans/cb-action-plan.yaml",
    # inside the user's own quote, the shell closes it
    "editplan apply --only '53(a),53(d\t": "--only 53(a),53(d)",
}

# Targets and lists as typed (TAB is \t), and the words the completed line then holds, each
# in brackets: a target with spaces is one word, and nothing that can go on gets a space.
WORDS = {
    # words first; a goal typed whole goes on to its elements, escaped as bash inserts them
    "editplan show Goal\\ A.5,\\ k\t2\\)\t": "[show][Goal A.5, key area (2)]",
    "editplan log \"Goal A.5, activity (i\tv\t": "[log][Goal A.5, activity (iv)]",
    # no space after a goal: ", key area (1)" goes on in the same word
    "editplan show Goal\\ A.9\t,\\ key\\ area\\ \\(1\\)": "[show][Goal A.9, key area (1)]",
    # the compact form and ids, as typed
    "editplan show A.5/k\t2\t": "[show][A.5/ka/2]",
    "editplan show A.6\t/act/v\t": "[show][A.6-8/act/v]",
    "editplan show \\#a5.ka\t3\t": "[show][#a5.ka3]",
    # no space after an id of a list: a comma goes on with the next one
    "editplan apply amendments/lg14.yaml --only 53\\(a\t,53\\(c\t": "[--only][53(a),53(c)]",
    "editplan apply --status agr\t,prop\t amendments/lg14.yaml": "[--status][agreed,proposed]",
}


@pytest.mark.parametrize("shell_name", ["bash", "zsh"])
def test_tab_in_a_shell_puts_a_valid_command_line(workspace, tmp_path, shell_name):
    """Typed into an interactive shell: TAB, then Ctrl-A and 'echo ' before the line, so the
    shell prints the words the completed line holds."""
    if shutil.which(shell_name) is None:
        pytest.skip(f"no {shell_name}")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "editplan"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m editplan "$@"\n')
    wrapper.chmod(0o755)
    for keys, expected in TYPED.items():
        printed = _typed_line(shell_name, workspace, tmp_path, keys)
        assert expected in printed, (keys, printed)


@pytest.mark.parametrize("shell_name", ["bash", "zsh"])
def test_tab_completes_targets_and_lists_into_whole_words(workspace, tmp_path, shell_name):
    if shutil.which(shell_name) is None:
        pytest.skip(f"no {shell_name}")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "editplan"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m editplan "$@"\n')
    wrapper.chmod(0o755)
    for keys, expected in WORDS.items():
        printed = _typed_line(shell_name, workspace, tmp_path, keys, show="printf '[%s]' ")
        assert expected in printed, (keys, printed)


def _typed_line(
    shell_name: str, folder: Path, home: Path, keys: str, show: str = "echo "
) -> str:
    """Type ``keys`` into an interactive shell with editplan's completion on, then put
    ``show`` ('echo ') before the line and run it: the words of the completed line, as it
    prints them (``printf '[%s]' `` shows where each word starts and ends)."""
    env = {**ENV, "PATH": f"{home / 'bin'}:{os.environ['PATH']}", "PS1": "$ ", "TERM": "dumb",
           "INPUTRC": "/dev/null", "HISTFILE": "/dev/null", "ZDOTDIR": str(home)}  # fmt: skip
    turn_on = f'eval "$(_EDITPLAN_COMPLETE={shell_name}_source editplan)"'
    if shell_name == "zsh":  # zsh's completion system first, as a .zshrc has it
        (home / ".zshrc").write_text(f"autoload -Uz compinit && compinit -u\n{turn_on}\n")
        argv = ["zsh", "-i"]
    else:
        (home / ".bashrc").write_text(f"{turn_on}\n")
        argv = ["bash", "--rcfile", str(home / ".bashrc"), "--noprofile", "-i"]
    pid, fd = pty.fork()
    if pid == 0:  # the child: the shell, with no start-up file but the one written here
        os.chdir(folder)
        os.execvpe(argv[0], argv, env)
    try:
        # the markers are computed, so the echo of what is typed does not hold them
        os.write(fd, b"PS1='$ '; echo $((40+2))READY\n")
        _read_until(fd, "42READY")
        os.write(fd, (keys + f"\x01{show}\x05 $((40+2))END\n").encode())
        out = _read_until(fd, "42END")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    # the echo of what was typed holds "$((40+2))END"; only the printed line holds "42END"
    return next(line for line in out.replace("\r", "").split("\n") if "42END" in line)


def _read_until(fd: int, marker: str, timeout: float = 60) -> str:
    out = b""
    end = time.monotonic() + timeout
    while marker.encode() not in out:
        if time.monotonic() > end:
            raise AssertionError(f"the shell said: {out!r}")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    time.sleep(0.05)  # the rest of the line
    while select.select([fd], [], [], 0.05)[0]:
        try:
            out += os.read(fd, 65536)
        except OSError:
            break
    return out.decode(errors="replace")


OTHER_SET = """\
id: party-b
title: Party B's proposals
author: Party B
date: 2020-05-01
plan: ../plans/cb-action-plan.yaml
base: CBD/CP/LG/2020/1/3
amendments:
  - id: b1
    target: Goal A.1
    op: rephrase
    text: Something
  - id: b2
    target: Goal A.2
    op: instruction
    note: Something else
"""
