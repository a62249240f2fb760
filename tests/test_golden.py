"""Golden files: inputs beside what editplan must make of them, compared in full.

Each case is a folder under ``tests/data/golden/<kind>/`` (and ``tests/data/refused/``):

- ``apply/<case>``: a patch file (``set.yaml``, or for ``lg14`` the bundled
  ``amendments/lg14.yaml``) and what applying it gives: ``revised.yaml`` (the plan file as
  ``apply`` writes it, comments and untouched lines kept), ``report.txt`` (what ``apply``
  prints) and ``tracked.txt`` (the tracked .docx as a reviewer sees it,
  ``docx_checks.marked_text``);
- ``extract/<case>``: ``case.yaml`` names a report under ``tests/data/`` and the command's
  arguments; ``set.yaml`` is the patch file ``editplan extract`` writes and ``stderr.txt`` what
  it asks a person to review;
- ``import/<case>``: ``draft.docx`` and ``case.yaml`` (the arguments); ``plan.yaml`` is the plan
  file ``editplan import`` writes and ``stderr.txt`` its notes and unplaced paragraphs;
- ``refused/<case>`` (in ``tests/data/refused/``): ``case.yaml`` says what the case shows, the
  workspace to start from (``example``: ``editplan init --example``; ``empty``) and the commands
  to run; ``files/`` holds the bad input laid over the workspace; ``expected.txt`` is the
  transcript (command, exit code, output). A refused command must also leave every file as it
  was, which the test checks apart from the transcript.

After an intended change of output, run ``pytest tests/test_golden.py --regenerate-golden``
and review the diff of the expected files before committing it.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx_checks import marked_text

from editplan import api
from editplan import views as report
from editplan.cli import main
from editplan.core.applier import apply_set
from editplan.store import files
from editplan.word.documents import writer

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden"
REFUSED = DATA / "refused"


def cases(folder: Path) -> list[str]:
    return sorted(d.name for d in folder.iterdir() if d.is_dir()) if folder.is_dir() else []


def check(
    folder: Path, produced: dict[str, str], request: pytest.FixtureRequest
) -> None:
    """Compare each produced text with its expected file, or rewrite them when asked."""
    if request.config.getoption("--regenerate-golden"):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in produced.items():
            (folder / name).write_text(text, encoding="utf-8")
    for name, text in produced.items():
        expected = folder / name
        assert expected.is_file(), f"{expected} is missing: run with --regenerate-golden"
        assert text == expected.read_text(encoding="utf-8"), f"{folder.name}/{name} differs"


def run(args: list[str]) -> str:
    """One command's transcript: what was typed, the exit code, and what it printed."""
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    out = f"$ editplan {shlex.join(args)}\nexit {result.exit_code}\n"
    out += "".join(f"stdout: {line}\n" for line in result.stdout.splitlines())
    out += "".join(f"stderr: {line}\n" for line in result.stderr.splitlines())
    return out


def spec(folder: Path) -> dict:
    return yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))


# --- apply ---------------------------------------------------------------------------------

APPLY = GOLDEN / "apply"
SETS = {"lg14": ROOT / "amendments" / "lg14.yaml"} | {
    name: APPLY / name / "set.yaml"
    for name in cases(APPLY)
    if (APPLY / name / "set.yaml").is_file()
}


def apply_outputs(set_path: Path, scratch: Path) -> dict[str, str]:
    set_file = files.read_set(set_path)
    plan_file = files.read_set_plan(set_file)
    result = apply_set(set_file.aset, plan_file.plan)
    tracked = scratch / "tracked.docx"
    tracked.write_bytes(writer.render_result(plan_file.plan, result))
    return {
        "revised.yaml": plan_file.render(result.plan),
        "report.txt": report.change_text(result.changes),
        "tracked.txt": "\n".join(marked_text(tracked)) + "\n",
    }


@pytest.mark.parametrize("case", sorted(SETS))
def test_apply(case: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    check(APPLY / case, apply_outputs(SETS[case], tmp_path), request)


# --- extract and import --------------------------------------------------------------------


@pytest.mark.parametrize("case", cases(GOLDEN / "extract"))
def test_extract(
    case: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = GOLDEN / "extract" / case
    about = spec(folder)
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        main, ["extract", str(DATA / about["report"]), *about["args"]], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    check(folder, {"set.yaml": result.stdout, "stderr.txt": result.stderr}, request)


@pytest.mark.parametrize("case", cases(GOLDEN / "import"))
def test_import(
    case: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = GOLDEN / "import" / case
    shutil.copy(folder / "draft.docx", tmp_path / "draft.docx")
    monkeypatch.chdir(tmp_path)
    args = ["import", "draft.docx", "-o", "plan.yaml", *spec(folder)["args"]]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    api.load_plan(tmp_path / "plan.yaml")  # what import writes is a valid plan file
    plan = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    check(folder, {"plan.yaml": plan, "stderr.txt": result.stderr}, request)


# --- refused input -------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases(REFUSED))
def test_refused(
    case: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    snapshot: Callable[[Path], dict[str, bytes]],
) -> None:
    folder = REFUSED / case
    about = spec(folder)
    root = tmp_path / "ws"
    if about["workspace"] == "example":
        api.init(root, example=True)
    else:
        root.mkdir()
    shutil.copytree(folder / "files", root, dirs_exist_ok=True)
    monkeypatch.chdir(root)
    before = snapshot(root)
    transcript = "".join(run(shlex.split(command)) for command in about["run"])
    assert snapshot(root) == before, "a refused command changed a file"
    assert "\nexit 0\n" not in transcript, "a bad input was accepted"
    check(folder, {"expected.txt": transcript}, request)


def test_every_kind_has_cases() -> None:
    """A folder renamed by mistake must not silently leave a kind untested."""
    assert {"lg14", "every-op"} <= set(SETS)
    assert len(cases(GOLDEN / "extract")) >= 2
    assert len(cases(GOLDEN / "import")) >= 2
    assert len(cases(REFUSED)) >= 20
