"""The parts of a plan document shipped as bytes: what python-docx makes, byte for byte, for
any core properties; and writing a plan document does not load python-docx."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from editplan.ooxml import pydocx, template

ROOT = Path(__file__).resolve().parent.parent


def tool() -> ModuleType:
    path = ROOT / "tools" / "word_template.py"
    spec = importlib.util.spec_from_file_location("word_template", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _made_with_this_python_docx() -> None:
    """The parts are editplan's own bytes: they are compared with what python-docx makes only
    where the python-docx they were made with is installed (a later release may change its
    template; editplan's documents stay as they are until the parts are made again)."""
    made, here = tool().made_with(), tool().python_docx()
    if made != here:
        pytest.skip(f"the parts were made with python-docx {made}; {here} is installed")


def test_the_parts_record_the_python_docx_they_were_made_with() -> None:
    assert tool().made_with() is not None


def test_the_shipped_parts_are_what_python_docx_makes() -> None:
    """Regenerating the parts gives the same bytes: they cannot drift from python-docx's."""
    _made_with_this_python_docx()
    made = tool().folders()
    assert set(made) == {"base", *template.OVERLAYS}
    assert made["base"]["word/styles.xml"].startswith(b"<?xml")
    assert tool().shipped() == made


def test_the_check_fails_on_a_changed_part(monkeypatch: pytest.MonkeyPatch) -> None:
    _made_with_this_python_docx()
    word_template = tool()
    made = word_template.folders()
    changed = {**made, "tracked": {"word/settings.xml": b"<w:settings/>"}}
    monkeypatch.setattr(word_template, "folders", lambda: changed)
    assert word_template.main(["word_template.py", "--check"]) == 1


CORES = [
    ("LG-14 & <the> \"plan\" 'x'", "Liaison Group (LG-14)", dt.datetime(2020, 4, 23)),
    ("", "editplan", None),
    ("tab\there\r\nnew line ]]> ünïcödé 😀", "A & B <c>", dt.datetime(1999, 12, 31, 23, 59, 59)),
    ("x" * 400, "y" * 300, dt.datetime(2026, 1, 2, 3, 4, 5)),
]


@pytest.mark.parametrize(("title", "author", "when"), CORES)
@pytest.mark.parametrize("comments", [False, True])
@pytest.mark.parametrize("tracked", [False, True])
@pytest.mark.parametrize("landscape", [False, True])
def test_the_parts_are_python_docxs_for_any_core_properties(
    title: str,
    author: str,
    when: dt.datetime | None,
    comments: bool,
    tracked: bool,
    landscape: bool,
) -> None:
    kw = {"comments": comments, "tracked": tracked, "title": title, "author": author, "when": when}
    kw["landscape"] = landscape
    _made_with_this_python_docx()
    assert template.members(**kw) == pydocx.plan_members(**kw)


def test_a_title_xml_cannot_hold_is_refused_as_python_docx_refuses_it() -> None:
    kw = {"comments": False, "tracked": False, "author": "a", "title": "bell \x07"}
    with pytest.raises(ValueError) as ours:
        template.members(**kw)
    with pytest.raises(ValueError) as theirs:
        pydocx.plan_members(**kw)
    assert str(ours.value) == str(theirs.value)


def test_the_first_id_is_above_the_templates() -> None:
    assert template.first_id() >= 0
    document = template.parts("base")["word/document.xml"]
    assert f'w:id="{template.first_id()}"'.encode() not in document


PROBE = """\
import sys
from editplan.cli import main
try:
    main(["apply", "amendments/lg14.yaml"])
except SystemExit as exc:
    assert not exc.code, exc.code
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "docx"
                      or m.startswith("editplan.word"))))
"""


def test_applying_lg14_writes_its_documents_without_loading_python_docx(tmp_path: Path) -> None:
    # this checkout's editplan, whatever the folder the process starts in
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
    run = [sys.executable, "-m", "editplan", "init", "--example", str(tmp_path / "ws")]
    subprocess.run(run, check=True, capture_output=True, timeout=120, env=env)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path / "ws",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded = set(done.stdout.strip().splitlines()[-1].split(","))
    assert "editplan.word.documents.writer" in loaded  # the documents were written here
    assert not {m for m in loaded if m.split(".")[0] == "docx"}, sorted(loaded)
    for name in ("tracked", "clean"):
        written = (tmp_path / "ws" / "out" / "lg14" / f"cb-action-plan.{name}.docx").read_bytes()
        with zipfile.ZipFile(io.BytesIO(written)) as package:
            assert b"w:body" in package.read("word/document.xml")
