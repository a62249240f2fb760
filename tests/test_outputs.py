"""Output files (issue 27, items 1 and 2): every -o names its format by its suffix, and no
command replaces a file editplan cannot make again unless told to (--force).

The policy is one module, editplan.usecases.outputs; these tests drive it through every
command that writes a named file, as a user types them, and check that a refusal writes
nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from editplan import api
from editplan.cli import main
from editplan.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "tests" / "data" / "lg14-report.txt"
REVIEWED = ROOT / "tests" / "data" / "collect" / "lg14-review1.docx"
PLAN = "plans/cb-action-plan.yaml"
SET = "amendments/lg14.yaml"


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("editplan: error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0].removeprefix("editplan: error: ")


# Each command that writes a named file, with the arguments before its -o; the suffixes it
# writes, as its refusal lists them.
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "render": (["render"], [".docx", ".html", ".htm", ".pdf"]),
    "diff": (["diff", "HEAD", "HEAD"], [".docx", ".html", ".htm", ".pdf"]),
    "compile": (["compile", SET], [".docx", ".md", ".html", ".htm", ".pdf"]),
    "export": (["export", PLAN], [".xml"]),
    "extract": (["extract", str(REPORT), "--paragraph", "53"], [".yaml", ".yml"]),
    "collect": (["collect", str(REVIEWED)], [".yaml", ".yml"]),
    "import": (["import", str(REVIEWED)], [".yaml", ".yml"]),
}


def test_every_command_with_an_output_file_has_force_and_a_policy():
    """The policy covers every command that takes -o: none is left to write as it likes."""
    from editplan.usecases.outputs import WRITES

    with_output = {
        name
        for name, command in main.commands.items()
        if any(isinstance(p, click.Option) and "-o" in p.opts for p in command.params)
    }
    assert with_output == set(WRITES) == set(COMMANDS)
    for name in with_output:
        assert any(p.name == "force" for p in main.commands[name].params), name


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("given", ["out/result", "out/result.txt", "out/result.DOC"])
def test_an_output_without_a_suffix_or_with_an_unknown_one_is_refused(
    workspace, snapshot, name, given
):
    before = snapshot(workspace)
    args, suffixes = COMMANDS[name]
    result = cli(*args, "-o", given)
    assert result.exit_code == 2, result.output
    message = error_line(result)
    said = "has no suffix" if "." not in given else f"ends in '{Path(given).suffix}'"
    assert message.startswith(f"{given}: {said}, so the format to write is unknown; {name} writes ")
    assert [s for s in suffixes if s in message] == suffixes  # every format it can write
    assert snapshot(workspace) == before


def test_the_suffix_is_read_whatever_its_case(workspace):
    assert cli("render", "-o", "out/plan.HTML").exit_code == 0
    assert (workspace / "out" / "plan.HTML").read_text().lstrip().startswith("<!DOCTYPE html>")


@pytest.fixture
def no_soffice(tmp_path, monkeypatch):
    """A PATH with git and the shell's tools but no LibreOffice."""
    bin_dir = tmp_path / "bin-without-soffice"
    bin_dir.mkdir()
    for tool in ("git", "sh"):
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert shutil.which("soffice") is None and shutil.which("libreoffice") is None


@pytest.mark.parametrize("name", ["render", "diff", "compile"])
def test_a_pdf_without_libreoffice_is_refused_before_any_work(
    workspace, snapshot, no_soffice, name
):
    before = snapshot(workspace)
    args, _ = COMMANDS[name]
    result = cli(*args, "-o", "out/result.pdf")
    assert result.exit_code == 2, result.output
    message = error_line(result)
    assert message.startswith("out/result.pdf: a PDF is written by LibreOffice, and its program ")
    assert "'soffice' is not installed here" in message and "libreoffice-writer" in message
    assert snapshot(workspace) == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdfs_are_the_word_documents_through_libreoffice(workspace):
    assert cli("apply", SET, "--no-docs").exit_code == 0
    for args, words in (
        (["render", "-o", "out/plan.pdf"], "Monitoring, regulating, managing and controlling"),
        (["diff", "HEAD~1", "HEAD", "-o", "out/diff.pdf"], "scientifically sound"),
        (["compile", SET, "-o", "out/round.pdf"], "Compilation of submissions"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        pdf = workspace / args[args.index("-o") + 1]
        assert pdf.read_bytes().startswith(b"%PDF-")
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert words in " ".join(text.split()), (args, text[:500])
    assert not list(workspace.rglob("*.docx"))  # the .docx went to a temporary folder only


# --- nothing editplan cannot make again is replaced without --force -------------------------


def test_extract_onto_the_committed_set_is_refused_and_named(workspace, snapshot):
    before = snapshot(workspace)
    args, _ = COMMANDS["extract"]
    result = cli(*args, "-o", SET)
    assert result.exit_code == 2
    assert error_line(result) == (
        f"{SET}: exists, and writing it would replace the patch file of set lg14 (15 "
        "amendments), as committed in "
        + _last_commit(workspace, SET)
        + " ('Start plan workspace with the LG-14 example'); git keeps that version, and "
        f"'git checkout -- {SET}' brings it back; choose another file, or replace it with --force"
    )
    assert snapshot(workspace) == before
    assert cli(*args, "-o", SET, "--force").exit_code == 0
    assert (workspace / SET).read_bytes() != before[SET]


def test_a_committed_file_changed_since_says_its_changes_would_be_lost(workspace, snapshot):
    with (workspace / SET).open("a") as handle:
        handle.write("# a note of mine\n")
    before = snapshot(workspace)
    result = cli("collect", str(REVIEWED), "-o", SET)
    assert result.exit_code == 2
    message = error_line(result)
    assert message.startswith(f"{SET}: exists, and writing it would replace the patch file of ")
    assert "changed since: the uncommitted changes would be lost for good" in message
    assert snapshot(workspace) == before


@pytest.mark.parametrize(
    ("name", "existing"),
    [("render", "plan.docx"), ("diff", "diff.html"), ("compile", "round.md"),
     ("export", "plan.xml"), ("extract", "mine.yaml"), ("collect", "review.yml"),
     ("import", "plans/draft.yaml")],
)  # fmt: skip
def test_an_untracked_file_is_kept_unless_forced(workspace, snapshot, write, name, existing):
    assert cli("apply", SET, "--no-docs").exit_code == 0  # the version the reviewer read
    write(workspace, existing, "my own words\n")
    before = snapshot(workspace)
    args, _ = COMMANDS[name]
    result = cli(*args, "-o", existing)
    assert result.exit_code == 2, result.output
    assert error_line(result) == (
        f"{existing}: exists, and writing it would replace a file of 13 bytes, which git "
        "does not hold (never committed): it would be lost for good; choose another file, or "
        "replace it with --force"
    )
    assert snapshot(workspace) == before
    forced = cli(*args, "-o", existing, "--force", *(["--accept-revisions"] * (name == "import")))
    assert forced.exit_code == 0, forced.output
    assert (workspace / existing).read_bytes() != before[existing]


def test_outside_git_the_file_would_be_lost_for_good(tmp_path, monkeypatch, repo_root):
    monkeypatch.chdir(tmp_path)
    shutil.copy(repo_root / PLAN, tmp_path / "plan.yaml")
    (tmp_path / "plan.docx").write_text("mine")
    result = cli("render", "plan.yaml", "-o", "plan.docx")
    assert result.exit_code == 2
    assert "a file of 4 bytes, which is in no git repository: it would be lost" in (
        error_line(result)
    )
    assert (tmp_path / "plan.docx").read_text() == "mine"


@pytest.mark.parametrize("name", COMMANDS)
def test_an_output_that_is_a_folder_is_refused(workspace, snapshot, name):
    before = snapshot(workspace)
    args, suffixes = COMMANDS[name]
    for folder in ("plans", "out/", str(workspace / "amendments")):
        result = cli(*args, "-o", folder)
        assert result.exit_code == 2, result.output
        shown = folder.rstrip("/") if not os.path.isabs(folder) else "amendments"
        assert error_line(result) == (
            f"{shown}: is a folder, not a file; name the file to write in it, such as "
            f"{shown}/NAME{suffixes[0]}"
        )
    assert snapshot(workspace) == before


def test_documents_in_out_are_made_again_freely_and_nothing_else(workspace):
    """out/ holds what editplan makes from the plans (git ignores it): its documents are
    replaced; a patch file written there is data like any other."""
    for args in (
        ["render", "-o", "out/plan.docx"],
        ["render", "-o", "out/sub/plan.html"],
        ["diff", "HEAD", "HEAD", "-o", "out/d.docx"],
        ["compile", SET, "-o", "out/c.md"],
        ["export", PLAN, "-o", "out/p.xml"],
    ):
        (workspace / args[-1]).parent.mkdir(parents=True, exist_ok=True)
        assert cli(*args).exit_code == 0
        again = cli(*args)
        assert again.exit_code == 0, again.output
    args, _ = COMMANDS["extract"]
    assert cli(*args, "-o", "out/x.yaml").exit_code == 0
    refused = cli(*args, "-o", "out/x.yaml")
    assert refused.exit_code == 2
    assert "the patch file of set lg14 (15 amendments), which git ignores" in error_line(refused)


def test_the_split_by_author_files_are_checked_each(workspace, write):
    assert cli("apply", SET, "--no-docs").exit_code == 0
    first = cli("collect", str(REVIEWED), "-o", "amendments/r.yaml", "--split-by-author")
    assert first.exit_code == 0, first.output
    written = sorted(p.name for p in (workspace / "amendments").glob("r.*.yaml"))
    assert written
    before = {name: (workspace / "amendments" / name).read_bytes() for name in written}
    again = cli("collect", str(REVIEWED), "-o", "amendments/r.yaml", "--split-by-author")
    assert again.exit_code == 2
    assert f"amendments/{written[0]}: exists" in error_line(again)
    assert {name: (workspace / "amendments" / name).read_bytes() for name in written} == before


def _head(folder: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.parametrize("several", [False, True], ids=["one set", "agreed sets"])
def test_apply_refuses_to_replace_a_file_it_did_not_make_in_a_chosen_folder(
    workspace, tmp_path, snapshot, several
):
    """apply names its documents itself; in a folder the user chose outside out/, a file of
    the same name that is there already is the user's, and stays, unless --force."""
    docs = tmp_path / "minutes"
    docs.mkdir()
    mine = docs / "cb-action-plan.clean.docx"
    mine.write_bytes(b"the secretariat's own edited copy")
    args = [SET]
    if several:  # two bodies' sets on the revised text, applied together
        assert cli("apply", SET, "--no-docs").exit_code == 0
        for name in ("party-c.yaml", "ngo-d.yaml"):
            shutil.copy(ROOT / "tests" / "data" / "meeting" / name, workspace / "amendments")
        args = ["amendments/party-c.yaml", "amendments/ngo-d.yaml", "--status", "proposed"]
    before, head = snapshot(workspace), _head(workspace)
    refused = cli("apply", *args, "--docs-dir", str(docs))
    assert refused.exit_code == 2, refused.output
    message = error_line(refused)
    assert message.startswith(f"{mine}: exists, and writing it would replace ")
    assert "which is in no git repository: it would be lost for good" in message
    assert "--force" in message
    assert mine.read_bytes() == b"the secretariat's own edited copy"
    assert sorted(p.name for p in docs.iterdir()) == [mine.name]
    assert snapshot(workspace) == before and _head(workspace) == head
    forced = cli("apply", *args, "--docs-dir", str(docs), "--force")
    assert forced.exit_code == 0, forced.output
    assert mine.read_bytes().startswith(b"PK")
    assert _head(workspace) != head


def test_apply_refuses_to_replace_a_plan_file_in_the_output_folder(workspace, tmp_path):
    elsewhere = tmp_path / "revised"
    elsewhere.mkdir()
    theirs = elsewhere / "cb-action-plan.yaml"
    theirs.write_text("id: someone-elses\n")
    refused = cli("apply", SET, "--out", str(elsewhere), "--no-docs")
    assert refused.exit_code == 2, refused.output
    assert error_line(refused).startswith(f"{theirs}: exists, and writing it would replace ")
    assert theirs.read_text() == "id: someone-elses\n"
    assert cli("apply", SET, "--out", str(elsewhere), "--no-docs", "--force").exit_code == 0
    assert "someone" not in theirs.read_text()


def test_apply_replaces_what_it_made_in_out_freely(workspace):
    """The documents in out/<set>/ and a revised plan written into out/ are made again by
    applying again: no --force is needed there."""
    (workspace / "out" / "try").mkdir(parents=True)
    assert cli("apply", SET, "--out", "out/try").exit_code == 0
    again = cli("apply", SET, "--out", "out/try")
    assert again.exit_code == 0, again.output
    assert (workspace / "out" / "try" / "cb-action-plan.tracked.docx").exists()


def test_the_api_refuses_alike(workspace):
    """A program calling the API meets the same policy, with 'force' as the remedy."""
    with api.Workspace.open(workspace) as ws:
        with pytest.raises(InputError) as refused:
            api.render(ws, None, SET)
        assert "ends in '.yaml'" in str(refused.value)
        (workspace / "mine.docx").write_text("x")
        with pytest.raises(InputError) as kept:
            api.render(ws, None, "mine.docx")
        assert kept.value.remedy == "force"
        assert api.render(ws, None, "mine.docx", force=True) == workspace / "mine.docx"


def _last_commit(folder: Path, rel: str) -> str:
    return subprocess.run(
        ["git", "log", "-1", "--format=%h", "--", rel],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

