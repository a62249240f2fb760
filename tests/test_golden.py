"""Golden files: a patch file beside what applying it must give, compared in full.

Each case is a folder of ``tests/data/golden/`` holding the expected outputs; its input set
is ``set.yaml`` in that folder, or for ``lg14`` the bundled ``amendments/lg14.yaml``. For each
case the test compares:

- ``revised.yaml``: the plan file as ``apply`` writes it (comments and untouched lines kept);
- ``report.txt``: the report ``apply`` prints;
- ``tracked.txt``: the tracked .docx as a reviewer sees it (``docx_checks.marked_text``).

After an intended change of output, run ``pytest tests/test_golden.py --regenerate-golden``
and review the diff of the expected files before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_checks import marked_text

from editplan import views as report
from editplan.core.applier import apply_set
from editplan.store import files
from editplan.word import writer as document

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "data" / "golden"
SETS = {"lg14": ROOT / "amendments" / "lg14.yaml"} | {
    d.name: d / "set.yaml" for d in sorted(GOLDEN.iterdir()) if (d / "set.yaml").is_file()
}


def outputs(set_path: Path, scratch: Path) -> dict[str, str]:
    """Everything a case compares, as text."""
    set_file = files.read_set(set_path)
    plan_file = files.read_set_plan(set_file)
    result = apply_set(set_file.aset, plan_file.plan)
    changes = result.changes
    tracked = scratch / "tracked.docx"
    tracked.write_bytes(document.render_result(plan_file.plan, result))
    return {
        "revised.yaml": plan_file.render(result.plan),
        "report.txt": report.change_text(changes),
        "tracked.txt": "\n".join(marked_text(tracked)) + "\n",
    }


@pytest.mark.parametrize("case", sorted(SETS))
def test_golden(case: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    folder = GOLDEN / case
    produced = outputs(SETS[case], tmp_path)
    if request.config.getoption("--regenerate-golden"):
        folder.mkdir(exist_ok=True)
        for name, text in produced.items():
            (folder / name).write_text(text, encoding="utf-8")
    for name, text in produced.items():
        expected = folder / name
        assert expected.is_file(), f"{expected} is missing: run with --regenerate-golden"
        assert text == expected.read_text(encoding="utf-8"), f"{case}/{name} differs"
