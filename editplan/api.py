"""The Python API: what each command does, callable without the CLI.

A front over the use-case modules in :mod:`editplan.usecases`. Each function reads its inputs,
calls the pure core, and writes its outputs all or nothing. It never prints: it returns what
happened, and raises :class:`~editplan.errors.EditplanError`.
"""

from __future__ import annotations

from editplan.store.files import display
from editplan.usecases.agreed import AgreedOutcome, apply_agreed
from editplan.usecases.applying import ApplyOutcome, apply
from editplan.usecases.publishing import AknImport, Exported, export, import_akn
from editplan.usecases.reading import extract, import_docx
from editplan.usecases.round import (
    CompileOutcome,
    DecideOutcome,
    SetStatus,
    compile_round,
    conflicts,
    decide,
    gather,
    status,
)
from editplan.usecases.versions import (
    ElementDiff,
    VersionDiff,
    compare,
    diff,
    log,
    plan_at,
    write_diff_document,
)
from editplan.usecases.workspace import (
    Checked,
    example_files,
    init,
    load_plan,
    load_set,
    render,
    schema,
    schema_text,
    show,
    validate,
)

__all__ = [
    "AgreedOutcome",
    "AknImport",
    "ApplyOutcome",
    "Checked",
    "CompileOutcome",
    "DecideOutcome",
    "ElementDiff",
    "Exported",
    "SetStatus",
    "VersionDiff",
    "apply",
    "apply_agreed",
    "compare",
    "compile_round",
    "conflicts",
    "decide",
    "diff",
    "display",
    "example_files",
    "export",
    "extract",
    "gather",
    "import_akn",
    "import_docx",
    "init",
    "load_plan",
    "load_set",
    "log",
    "plan_at",
    "render",
    "schema",
    "schema_text",
    "show",
    "status",
    "validate",
    "write_diff_document",
]
