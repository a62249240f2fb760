"""The Python API front: every name is the use case's own object, and each is imported only
when it is first used, so that a command loads what it needs and no more."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from editplan import api

HEAVY = ("pydantic", "docx", "git", "lxml", "yaml", "ruamel")

PROBE = """\
import sys
import editplan.api as api
{access}
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r}
                      or m.startswith("editplan."))))
"""


def modules_after(access: str = "") -> set[str]:
    """The heavy and editplan modules a fresh interpreter holds after ``access`` on the API."""
    code = PROBE.format(access=access, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return set(filter(None, done.stdout.strip().split(",")))


def test_every_name_is_its_modules_own_object() -> None:
    assert sorted(api.__all__) == sorted(api._HOME_OF)
    for name in api.__all__:
        home = importlib.import_module(api._HOME_OF[name])
        assert getattr(api, name) is getattr(home, name), name


def test_the_type_checking_imports_say_where_each_name_lives() -> None:
    """Type checkers and editors read the imports under TYPE_CHECKING; the lazy loader reads
    _HOMES: both must name the same module for every name."""
    tree = ast.parse(Path(api.__file__).read_text(encoding="utf-8"))
    guarded = next(
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    )
    seen = {
        alias.name: node.module
        for node in guarded.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert seen == api._HOME_OF


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_such'"):
        api.nothing_such  # noqa: B018
    assert not hasattr(api, "_private")
    assert {"apply", "diff", "Selection"} <= set(dir(api))


def test_importing_the_api_imports_no_use_case_and_nothing_heavy() -> None:
    assert modules_after() == {"editplan.api"}


def test_apply_loads_what_applying_needs_and_no_other_command() -> None:
    loaded = modules_after("api.apply, api.Selection, api.statuses, api.change_text, api.display")
    assert "editplan.usecases.applying" in loaded and "pydantic" in loaded
    # the Word writer, the web page and git come only when apply writes and commits
    for absent in ("docx", "lxml", "git", "editplan.word.documents.writer", "editplan.publish.html",
                   "editplan.history.git", "editplan.jsonviews", "editplan.usecases.round",
                   "editplan.usecases.agreed", "editplan.usecases.team", "editplan.core.merge",
                   "editplan.usecases.plans", "editplan.reports.extract"):  # fmt: skip
        assert not {m for m in loaded if m == absent or m.startswith(absent + ".")}, absent


def test_completion_at_the_shell_loads_neither_models_nor_yaml() -> None:
    """TAB on an amendment id runs a whole process each time: it stays light."""
    loaded = modules_after("api.amendment_choices, api.yaml_paths")
    assert not {m.split(".")[0] for m in loaded} & set(HEAVY), sorted(loaded)
    assert "editplan.usecases.completing" in loaded


def test_the_probe_sees_what_a_name_brings() -> None:
    """The checks above are real: a name whose module imports more shows it."""
    loaded = modules_after("api.compile_round, api.apply_json")
    assert {"editplan.usecases.round", "editplan.jsonviews", "pydantic"} <= loaded
