"""The README's two set-up commands stay true, and CI runs exactly the second one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from editplan import api

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    """The README's first two shell blocks."""
    text = (ROOT / "README.md").read_text()
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)][:2]


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    first, second = commands()
    assert text.index(first) < text.index(second) < text.index("## ")
    assert first.startswith("pip install . && ")
    assert "editplan init --example" in first and "editplan apply amendments/lg14.yaml" in first
    assert "pytest" in second


def venv_command() -> str:
    """The README's command that makes the fresh virtual environment both commands run in."""
    text = (ROOT / "README.md").read_text()
    (command,) = re.findall(r"`(python3 -m venv [^`]+)`", text[: text.index("```sh")])
    return command


def test_ci_runs_exactly_the_readme_test_command_in_a_fresh_virtual_environment() -> None:
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci[-1] == commands()[1]
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
    # made as the README makes it, after removing any earlier one, and left for nothing else
    venv = venv_command()
    folder = re.match(r"python3 -m venv (\S+) ", venv)
    assert folder is not None and "activate" in venv
    made = ci.index(venv)
    assert f"rm -rf {folder.group(1)}" in ci[:made]
    assert [line for line in ci[made + 1 :] if line and not line.startswith("#")] == [ci[-1]]


@pytest.mark.skipif(shutil.which("editplan") is None, reason="editplan is not installed")
def test_first_command_runs_the_main_job(tmp_path: Path) -> None:
    first = commands()[0].removeprefix("pip install . && ")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        ["bash", "-c", first], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "Applied lg14" in done.stdout
    assert "Committed" in done.stdout
    workspace = next(tmp_path.glob("*/lg14"))
    assert (workspace / "out" / "lg14" / "cb-action-plan.tracked.docx").is_file()
    assert (workspace / "out" / "lg14" / "cb-action-plan.clean.docx").is_file()
    # the editplan checkout itself is never touched
    assert "CBD/CP/LG/2020/1/3 + LG-14" not in (ROOT / "plans" / "cb-action-plan.yaml").read_text()


@pytest.mark.parametrize("kind", ["plan", "amendments"])
def test_committed_schemas_match_the_models(kind: str) -> None:
    assert (ROOT / "schemas" / f"{kind}.schema.json").read_text() == api.schema_text(kind)


def section(title: str) -> str:
    """The README's text under a heading (## or ###), up to the next heading of its level."""
    text = (ROOT / "README.md").read_text()
    level = title.split(" ", 1)[0]
    start = text.index(f"\n{title}\n")
    end = text.find(f"\n{level} ", start + len(title) + 2)
    return text[start : end if end != -1 else len(text)]


def sh_lines(text: str) -> list[str]:
    """The commands of the ```sh blocks in ``text``, one per line, as printed."""
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def run_as_printed(lines: list[str], cwd: Path, tmp_path: Path) -> list[tuple[str, int, str]]:
    """Each line run in one bash, one after another, as a user types them: (the line, its exit
    status, what it printed on stdout and stderr)."""
    script = []
    for n, line in enumerate(lines):
        script += [line, f'printf "\\n@@step {n} %d@@\\n" "$?"']
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)], cwd=cwd, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    parts = re.split(r"\n@@step (\d+) (\d+)@@\n", done.stdout)
    said, steps = parts[0::3], list(zip(parts[1::3], parts[2::3], strict=True))
    assert [int(n) for n, _ in steps] == list(range(len(lines))), done.stdout[-3000:]
    outs = said[: len(lines)]  # what each step printed, before its marker
    return [(line, int(code), out) for line, (_, code), out in zip(lines, steps, outs, strict=True)]


@pytest.mark.skipif(shutil.which("editplan") is None, reason="editplan is not installed")
def test_the_walk_through_the_cycle_runs_as_printed(tmp_path: Path) -> None:
    lines = sh_lines(section("## A walk through the cycle"))
    assert len(lines) >= 15
    assert lines[1].startswith("editplan init --example")  # from a fresh workspace
    # run "from this checkout" as printed, but from a stand-in of it (its tests/data only), so
    # that a failing step can never write into the real checkout
    checkout = tmp_path / "checkout"
    (checkout / "tests").mkdir(parents=True)
    (checkout / "tests" / "data").symlink_to(ROOT / "tests" / "data")
    steps = run_as_printed(lines, checkout, tmp_path)
    for line, code, out in steps:
        assert code == 0, (line, out)
    stdout = "".join(out for _, _, out in steps)
    workspace = next(tmp_path.glob("*/lg14"))
    for said in (
        "Wrote lg14-read.yaml (15 items)",
        "lg14-read.yaml: ok (set lg14: 13 amendments apply to plans/cb-action-plan.yaml",
        "Wrote out/round.docx: 15 proposals from 1 sets",
        "lg14: 53(a), 53(n) agreed",
        "Applied lg14: Input of the Liaison Group",
        "split off Goal A.5, key area (1) [a5.ka1] by 53(e) (lg14)",
        "Goal A.5, key area (1) [a5.ka1] changed by 53(e) (lg14)",
        "53(e) (lg14)  Monitoring, regulating, managing\n",
        "53(e) (lg14): words of Liaison Group on the Cartagena Protocol (LG-14); applied as",
        "lg14-read.yaml: ok (set lg14: applied in version 'CBD/CP/LG/2020/1/3 + LG-14'",
        "Wrote amendments/review1.yaml (6 amendments, by Ana Reviewer)",
        "Applied lg14-review1",
        "Wrote out/both.docx",
        "Wrote out/plan.html",
    ):
        assert said in stdout, said
    for made in ("out/round.docx", "out/both.docx", "out/plan.html", "out/lg14/cb-action-plan"
                 ".tracked.docx", "amendments/review1.yaml"):  # fmt: skip
        assert (workspace / made).is_file(), made
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=workspace, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert [line.split(":")[0] for line in log] == [
        "Apply lg14-review1",
        "Apply lg14",
        "Decide on lg14",
        "Number the proposals of round cb-action-plan",
        "Start plan workspace with the LG-14 example",
    ]
    assert (ROOT / "plans" / "cb-action-plan.yaml").read_text().count("+ LG-14") == 0


@pytest.mark.skipif(shutil.which("editplan") is None, reason="editplan is not installed")
def test_reading_a_report_names_the_report_and_the_command_that_reproduces_lg14() -> None:
    text = section("### Reading a report")
    assert "`tests/data/lg14-report.txt`" in text
    assert (ROOT / "tests" / "data" / "lg14-report.txt").is_file()
    (command,) = sh_lines(text)
    done = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=300,
        check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    from editplan.core.applier import apply_set
    from editplan.core.patch import AmendmentSet
    from editplan.store import yamlio

    read = AmendmentSet.model_validate(yamlio.load_plain(done.stdout))
    bundled = api.load_set(ROOT / "amendments" / "lg14.yaml")
    header = ("id", "author", "date", "source", "plan", "base", "version")
    assert [getattr(read, f) for f in header] == [getattr(bundled, f) for f in header]
    assert [(a.id, a.op, a.target_refs) for a in read.amendments] == [
        (a.id, a.op, a.target_refs) for a in bundled.amendments
    ]
    plan = api.load_plan(ROOT / "plans" / "cb-action-plan.yaml")
    assert apply_set(read, plan).plan == apply_set(bundled, plan).plan
    assert "15 items: 13 operations, 2 instructions" in done.stderr
