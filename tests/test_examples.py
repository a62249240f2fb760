"""The bundled examples, and a light ``editplan --help``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from editplan import api

EXAMPLES = ["plans/cb-action-plan.yaml", "amendments/lg14.yaml"]


@pytest.mark.parametrize("rel", EXAMPLES)
def test_bundled_examples_are_byte_identical_to_the_repository(repo_root, rel):
    assert (repo_root / "editplan/examples" / rel).read_bytes() == (repo_root / rel).read_bytes()


def test_example_files_are_what_init_writes(repo_root):
    assert api.example_files() == {rel: (repo_root / rel).read_bytes() for rel in EXAMPLES}


# What a command loads only when it runs: documents, git, the models and the YAML readers.
HEAVY = ("docx", "git", "lxml", "diff_match_patch", "pydantic", "yaml", "ruamel")

HARNESS = """\
import sys
{preamble}
sys.argv = ["editplan", *{args!r}]
try:
    # main, not the program's run(), which leaves the interpreter before the last line
    from editplan.cli import main
    main()
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
heavy = {heavy!r}
print("heavy:" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""


def modules_after_help(
    preamble: str = "", args: tuple[str, ...] = ("--help",)
) -> tuple[set[str], str]:
    """Run ``editplan --help`` in a fresh interpreter; the heavy modules it had imported."""
    code = HARNESS.format(preamble=preamble, heavy=HEAVY, args=list(args))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    text, _, last = done.stdout.rpartition("heavy:")
    return {m.split(".")[0] for m in last.strip().split(",") if m}, text


def test_help_imports_nothing_heavy():
    heavy, text = modules_after_help()
    assert "editplan [OPTIONS] COMMAND" in text
    assert "apply" in text
    assert not heavy, f"editplan --help imported {sorted(heavy)}"


@pytest.mark.parametrize("command", ["apply", "diff", "compile", "import", "show"])
def test_a_commands_help_imports_nothing_heavy(command):
    heavy, text = modules_after_help(args=(command, "--help"))
    assert f"editplan {command} [OPTIONS]" in text
    assert not heavy, f"editplan {command} --help imported {sorted(heavy)}"


def test_the_import_check_sees_a_top_level_import():
    """The check above is real: had the CLI imported docx or YAML, it would have seen them."""
    heavy, _ = modules_after_help("import docx, lxml, pydantic, yaml")
    assert {"docx", "lxml", "pydantic", "yaml"} <= heavy


def test_python_dash_m_editplan_help():
    done = subprocess.run(
        [sys.executable, "-m", "editplan", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert "editplan [OPTIONS] COMMAND" in done.stdout.splitlines()[0]


def quoted(text: str) -> list[str]:
    """The words a report quotes between curly quotes."""
    return [part.split("\u201d")[0] for part in text.split("\u201c")[1:]]


def test_the_example_set_takes_its_wording_from_the_report_quotes(lg14_set):
    """Every wording in amendments/lg14.yaml is what its quote of the report gives."""
    for amendment in lg14_set.amendments:
        words = quoted(amendment.quote or "")
        if amendment.op in ("rephrase", "add"):
            assert words == [amendment.text], amendment.id
        elif amendment.op == "split":
            assert words[-2:] == amendment.into, amendment.id
        elif amendment.op == "replace":
            assert words == [amendment.phrase, amendment.by], amendment.id
        elif amendment.op == "delete":
            (reference,) = words
            assert amendment.phrase.endswith(reference), amendment.id
        else:
            assert amendment.op == "instruction"
            assert words == [], amendment.id
            assert amendment.text is None
