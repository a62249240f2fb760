"""Accepting an extracted instruction's candidate as its amendment (editplan accept-candidate):
only the accepted amendments' lines change, the change is one commit with a trailer, and what
cannot be accepted is refused with nothing written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from editplan import api
from editplan.cli import main
from editplan.errors import ApplyError, InputError

REPORT = """XY/1/2

REPORT OF THE EXPERT GROUP ON ITS FIRST MEETING

1. The Group met.

2. It proposed:

(a) Goal A.1, activity (i), the word “tecnical” should be replaced by “legal”;

(b) Goal A.2, activity (ii): Text proposed by the Commission: “Develop training modules on the
use of the Biosafety Clearing-House” Amendment: “Develop training modules and tools on the use
of the Biosafety Clearing-House”;

(c) Goal B.2, activity (i), the word “predictable” should be replaced by “adequate”;

(d) Goal A.9, activity (i) should be rephrased to address gender.

3. The meeting closed.
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def extracted(workspace: Path) -> Path:
    """The workspace with a set extracted from REPORT and committed."""
    (workspace / "report.txt").write_text(REPORT, encoding="utf-8")
    api.extract(api.Workspace.open(workspace), workspace / "report.txt", paragraph=2,
                plan_path=workspace / "plans" / "cb-action-plan.yaml",
                output=workspace / "amendments" / "xy.yaml")  # fmt: skip
    git(workspace, "add", "amendments/xy.yaml")
    git(workspace, "commit", "-q", "-m", "extracted")
    return workspace / "amendments" / "xy.yaml"


def test_accepting_changes_only_those_amendments_and_commits(extracted: Path) -> None:
    before = extracted.read_text(encoding="utf-8").splitlines()
    outcome = api.accept_candidate(
        api.Workspace.open(extracted.parent), extracted, ["2(a)", "2(b)"]
    )
    after = extracted.read_text(encoding="utf-8").splitlines()
    assert outcome.operations == ["replace", "rephrase"]
    aset = api.load_set(extracted)
    ops = {a.id: a.op for a in aset.amendments}
    assert ops == {"2(a)": "replace", "2(b)": "rephrase", "2(c)": "replace",
                   "2(d)": "instruction"}  # fmt: skip
    first = aset.amendments[0]
    assert (first.phrase, first.by) == ("technical", "legal")  # type: ignore[union-attr]
    assert "its candidate was accepted after review" in (first.note or "")
    # the lines of 2(c), 2(d), the header and every comment are untouched
    kept = ("id:", "title:", "base:")
    untouched = [line for line in before if "2(c)" in line or "2(d)" in line
                 or line.lstrip().startswith("#") or line.startswith(kept)]  # fmt: skip
    assert all(line in after for line in untouched)
    changed = set(before) ^ set(after)
    assert all(not line.startswith(("id:", "source", "author", "date")) for line in changed)
    message = git(extracted.parent.parent, "log", "-1", "--format=%B")
    assert "Editplan-Candidate: eg1 2(a) replace" in message
    assert "Editplan-Candidate: eg1 2(b) rephrase" in message
    assert outcome.commit is not None and outcome.commit.startswith(
        git(extracted.parent.parent, "rev-parse", "HEAD").strip()[:7]
    )
    # the set now applies with one instruction left pending
    applied = api.apply(api.Workspace.open(extracted.parent), extracted, docs=False, html=False)
    assert [p.id for p in applied.result.changes.pending] == ["2(d)"]


def test_refusals_write_nothing(extracted: Path) -> None:
    before = extracted.read_bytes()
    with pytest.raises(InputError, match=r"has no amendment 9; amendments with a candidate: "
                                         r"2\(a\), 2\(b\)"):  # fmt: skip
        api.accept_candidate(api.Workspace.open(extracted.parent), extracted, ["9"])
    with pytest.raises(InputError, match=r"2\(c\) of set eg1 is already an operation \(replace\)"):
        api.accept_candidate(api.Workspace.open(extracted.parent), extracted, ["2(c)"])
    with pytest.raises(InputError, match=r"2\(d\) of set eg1 is an instruction with no candidate"):
        api.accept_candidate(api.Workspace.open(extracted.parent), extracted, ["2(a)", "2(d)"])
    with pytest.raises(InputError, match="name the amendments"):
        api.accept_candidate(api.Workspace.open(extracted.parent), extracted, [])
    assert extracted.read_bytes() == before


def test_a_candidate_that_does_not_apply_is_refused(extracted: Path) -> None:
    text = extracted.read_text(encoding="utf-8").replace("phrase: technical", "phrase: legal")
    extracted.write_text(text, encoding="utf-8")
    git(extracted.parent.parent, "commit", "-q", "-am", "edited by hand")
    with pytest.raises(ApplyError, match=r"does not apply .*nothing was written"):
        api.accept_candidate(api.Workspace.open(extracted.parent), extracted, ["2(a)"])
    assert extracted.read_text(encoding="utf-8") == text


def test_a_candidate_that_is_no_operation_is_refused_when_the_set_is_read(extracted: Path) -> None:
    text = extracted.read_text(encoding="utf-8").replace("      by: legal\n", "")
    extracted.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"xy.yaml:\d+:\d+: .*the candidate is not a valid "
                                         r"operation \(by: Field required\)"):  # fmt: skip
        api.accept_candidate(api.Workspace.open(extracted.parent), extracted, ["2(a)"])


def test_uncommitted_changes_are_refused(extracted: Path) -> None:
    extracted.write_text(extracted.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="uncommitted changes"):
        api.accept_candidate(api.Workspace.open(extracted.parent), extracted, ["2(a)"])


def test_crlf_and_no_commit(extracted: Path) -> None:
    text = extracted.read_text(encoding="utf-8").replace("\n", "\r\n")
    extracted.write_bytes(text.encode("utf-8"))
    git(extracted.parent.parent, "commit", "-q", "-am", "crlf")
    outcome = api.accept_candidate(
        api.Workspace.open(extracted.parent), extracted, ["2(a)"], commit=False
    )
    assert outcome.commit is None
    data = extracted.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert "M amendments/xy.yaml" in git(extracted.parent.parent, "status", "--short")


def test_cli(extracted: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["accept-candidate", str(extracted), "2(b)"])
    assert result.exit_code == 0, result.output
    assert "eg1: 2(b) is now a rephrase" in result.output
    assert "Committed " in result.output
    again = runner.invoke(main, ["accept-candidate", str(extracted), "2(b)"])
    assert again.exit_code == 0, again.output
    assert "eg1: 2(b) (a rephrase): already recorded in commit " in again.stdout
    assert "Committed" not in again.stdout
    help_text = runner.invoke(main, ["accept-candidate", "--help"]).output
    assert "after you" in help_text and "looked" in help_text
