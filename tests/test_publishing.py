"""The publishing use cases through the CLI: editplan export --format akn, and import of .xml."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from editplan import api
from editplan.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_export_and_import_round_trip_in_a_workspace(workspace: Path):
    code, out, _ = run("export", "plans/cb-action-plan.yaml", "-o", "out/plan.xml")
    assert code == 0, out
    assert "Akoma Ntoso, plan" in out
    code, out, err = run("import", "out/plan.xml", "-o", "plans/back.yaml")
    assert code == 0, err
    assert "84 elements; layout: akoma ntoso" in out
    assert api.load_plan("plans/back.yaml") == api.load_plan("plans/cb-action-plan.yaml")
    # the dates come from the plan file's commit: the same on both exports
    code, printed, _ = run("export", "plans/cb-action-plan.yaml")
    assert printed.encode() == Path("out/plan.xml").read_bytes()


def test_a_set_exports_before_and_after_it_is_applied(workspace: Path):
    code, out, err = run("export", "amendments/lg14.yaml", "-o", "out/lg14.xml")
    assert code == 0, err
    before = Path("out/lg14.xml").read_bytes()
    assert b'<amendment name="amendmentSet">' in before
    code, out, err = run("apply", "amendments/lg14.yaml")
    assert code == 0, err
    # the plan file is now at the set's result; the base comes from the history
    code, out, err = run("export", "amendments/lg14.yaml", "-o", "out/lg14-after.xml")
    assert code == 0, err
    assert Path("out/lg14-after.xml").read_bytes() == before
    code, out, err = run("import", "out/lg14.xml", "-o", "amendments/back.yaml")
    assert code == 0, err
    assert "set lg14" in out
    assert api.load_set("amendments/back.yaml") == api.load_set("amendments/lg14.yaml")


def test_import_refuses_to_overwrite(workspace: Path):
    run("export", "plans/cb-action-plan.yaml", "-o", "out/plan.xml")
    code, _, err = run("import", "out/plan.xml", "-o", "plans/cb-action-plan.yaml")
    assert code == 2
    assert "exists" in err


# --- bad input: each a test ------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["cb plan", "cb/plan", "plan-é"])
def test_a_plan_id_that_would_make_an_invalid_eid_or_iri(workspace: Path, bad: str):
    text = Path("plans/cb-action-plan.yaml").read_text(encoding="utf-8")
    Path("plans/bad.yaml").write_text(
        text.replace("id: cb-action-plan", f"id: '{bad}'"), encoding="utf-8"
    )
    code, _out, err = run("export", "plans/bad.yaml", "--date", "2020-04-01", "-o", "out/x.xml")
    assert code == 2
    line = next(
        i for i, t in enumerate(Path("plans/bad.yaml").read_text().splitlines(), 1)
        if t.startswith("id:")
    )  # fmt: skip
    assert f"plans/bad.yaml:{line}:" in err
    assert "is not a valid id" in err
    assert not Path("out/x.xml").exists()


def test_an_element_id_that_would_make_an_invalid_eid(workspace: Path):
    text = Path("plans/cb-action-plan.yaml").read_text(encoding="utf-8")
    Path("plans/bad.yaml").write_text(text.replace("id: a1.ka2", "id: a1 ka/2"), encoding="utf-8")
    code, _, err = run("export", "plans/bad.yaml", "--date", "2020-04-01")
    assert code == 2
    assert "'a1 ka/2' is not a valid id" in err


def test_exporting_a_set_whose_plan_is_missing(workspace: Path):
    Path("plans/cb-action-plan.yaml").unlink()
    code, _out, err = run("export", "amendments/lg14.yaml", "-o", "out/lg14.xml")
    assert code == 2
    assert "amendments/lg14.yaml:" in err
    assert "plan file '../plans/cb-action-plan.yaml' not found" in err
    assert not Path("out/lg14.xml").exists()


def test_an_output_path_in_a_missing_folder(workspace: Path):
    code, _, err = run("export", "plans/cb-action-plan.yaml", "-o", "nowhere/plan.xml")
    assert code == 2
    assert "folder nowhere does not exist" in err
    assert not Path("nowhere").exists()


def test_a_plan_outside_git_needs_a_date(tmp_path: Path, repo_root: Path):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes((repo_root / "plans/cb-action-plan.yaml").read_bytes())
    code, _, err = run("export", str(plan))
    assert code == 2
    assert "give the date of this version" in err
    code, out, _ = run("export", str(plan), "--date", "2020-04-01")
    assert code == 0
    assert '<FRBRdate date="2020-04-01" name="work"/>' in out


def test_markup_characters_survive_the_command_line(workspace: Path):
    text = Path("plans/cb-action-plan.yaml").read_text(encoding="utf-8")
    wording = "Strengthening <national> capacities & \"quoted\" 'words'"
    Path("plans/cb-action-plan.yaml").write_text(
        text.replace(
            "text: Developing and updating national biosafety legislation, regulations and "
            "policies",
            f"text: '{wording.replace(chr(39), chr(39) * 2)}'",
        ),
        encoding="utf-8",
    )
    assert api.load_plan("plans/cb-action-plan.yaml").areas[0].goals[0].key_areas[0].text == wording
    code, out, _ = run("export", "plans/cb-action-plan.yaml", "--date", "2020-04-01")
    assert code == 0
    assert "Strengthening &lt;national&gt; capacities &amp; \"quoted\" 'words'" in out
    Path("out/p.xml").write_text(out, encoding="utf-8")
    assert run("import", "out/p.xml", "-o", "plans/back.yaml")[0] == 0
    assert api.load_plan("plans/back.yaml") == api.load_plan("plans/cb-action-plan.yaml")


def test_export_help_runs_as_a_subprocess():
    import os
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "editplan", "export", "--help"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    assert done.returncode == 0
    assert "Akoma Ntoso" in done.stdout


# --- HTML through the commands ----------------------------------------------------------------


def test_apply_writes_the_tracked_page_unless_told_not_to(workspace: Path):
    code, _out, err = run("apply", "amendments/lg14.yaml", "--no-commit", "--no-html")
    assert code == 0, err
    assert sorted(p.name for p in Path("out/lg14").iterdir()) == [
        "cb-action-plan.clean.docx",
        "cb-action-plan.tracked.docx",
    ]


def test_render_html_and_its_bad_input(workspace: Path):
    code, _out, _ = run("render", "plans/cb-action-plan.yaml", "-o", "out/plan.html")
    assert code == 0
    page = Path("out/plan.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<p id="a5.ka1" class="item">' in page
    assert "<ins" not in page and "<del" not in page
    code, _, err = run("render", "plans/cb-action-plan.yaml", "-o", "missing/plan.html")
    assert code == 2
    assert "folder missing does not exist" in err


def test_diff_html(workspace: Path):
    assert run("apply", "amendments/lg14.yaml")[0] == 0
    code, _out, err = run("diff", "HEAD~1", "HEAD", "-o", "out/diff.html")
    assert code == 0, err
    page = Path("out/diff.html").read_text(encoding="utf-8")
    assert 'data-amendment="lg14 53(e)"' in page
    code, _, err = run("diff", "HEAD~1", "HEAD", "-o", "nowhere/diff.html")
    assert code == 2
    assert "folder nowhere does not exist" in err


def test_a_wording_that_quotes_a_doctype_survives_the_hardened_import(workspace: Path):
    # the parser refuses "<!DOCTYPE" anywhere in the raw bytes; a wording is always escaped
    text = Path("plans/cb-action-plan.yaml").read_text(encoding="utf-8")
    wording = 'Pages start with <!DOCTYPE html> and never <!ENTITY e "x">'
    old = "text: Developing and updating national biosafety legislation, regulations and policies"
    Path("plans/cb-action-plan.yaml").write_text(
        text.replace(old, f"text: '{wording}'"), encoding="utf-8"
    )
    code, out, _ = run("export", "plans/cb-action-plan.yaml", "--date", "2020-04-01")
    assert code == 0 and "&lt;!DOCTYPE html&gt;" in out
    Path("out/p.xml").write_text(out, encoding="utf-8")
    assert run("import", "out/p.xml", "-o", "plans/back.yaml")[0] == 0
    assert api.load_plan("plans/back.yaml") == api.load_plan("plans/cb-action-plan.yaml")


def test_import_refuses_hostile_xml_with_exit_code_2(workspace: Path):
    Path("out/evil.xml").write_bytes(b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>')
    code, _, err = run("import", "out/evil.xml", "-o", "plans/back.yaml")
    assert code == 2
    assert "out/evil.xml: declares a DOCTYPE; refusing (entities are never read)" in err
    Path("out/broken.xml").write_bytes(b"<akomaNtoso>\n<doc>")
    code, _, err = run("import", "out/broken.xml", "-o", "plans/back.yaml")
    assert code == 2
    assert "out/broken.xml:2:6: not well-formed XML" in err
    assert not Path("plans/back.yaml").exists()


def test_import_reads_no_further_than_the_size_limit(workspace: Path, monkeypatch):
    from editplan.publish import akn_reader

    run("export", "plans/cb-action-plan.yaml", "-o", "out/plan.xml")
    size = Path("out/plan.xml").stat().st_size
    monkeypatch.setattr(akn_reader, "MAX_BYTES", size - 1)
    code, _, err = run("import", "out/plan.xml", "-o", "plans/back.yaml")
    assert code == 2
    assert "out/plan.xml: is larger than" in err and "the limit; refusing" in err
    monkeypatch.setattr(akn_reader, "MAX_BYTES", size)
    assert run("import", "out/plan.xml", "-o", "plans/back.yaml")[0] == 0
