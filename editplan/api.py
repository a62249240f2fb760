"""The Python API: what each command does, callable without the CLI.

A front over the use-case modules in :mod:`editplan.usecases`. Each function reads its inputs,
calls the pure core, and writes its outputs all or nothing. It never prints: it returns what
happened, and raises :class:`~editplan.errors.EditplanError`. The plain views that the
command line prints (:mod:`editplan.views`) are named here too, so that a front end needs
nothing but this module and the errors.
"""

from __future__ import annotations

from editplan.core.changeset import ApplyResult, ChangeSet, ElementDiff, compare
from editplan.core.conflicts import conflict_text
from editplan.jsonviews import apply_json, diff_json, log_json, validate_json
from editplan.store.files import display
from editplan.usecases.agreed import AgreedOutcome, apply_agreed
from editplan.usecases.applying import DEFAULT_STATUSES, ApplyOutcome, Selection, apply, statuses
from editplan.usecases.collecting import Collection, collect
from editplan.usecases.completing import AmendmentChoice, amendment_choices, yaml_paths
from editplan.usecases.publishing import AknImport, Exported, export, import_akn
from editplan.usecases.reading import extract, import_docx
from editplan.usecases.recovery import Recovered, abort_apply, continue_apply
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
from editplan.usecases.team import (
    MergeOutcome,
    Resolved,
    SetupOutcome,
    merge_file,
    resolve,
    setup,
)
from editplan.usecases.versions import VersionDiff, diff, log, plan_at, write_diff_document
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
from editplan.views import (
    change_text,
    collisions_data,
    collisions_text,
    data_text,
    diff_text,
    events_text,
    plan_text,
    plan_view,
    status_text,
    target_text,
    target_view,
    versions_text,
)

__all__ = [
    "DEFAULT_STATUSES",
    "AgreedOutcome",
    "AknImport",
    "AmendmentChoice",
    "ApplyOutcome",
    "ApplyResult",
    "ChangeSet",
    "Checked",
    "Collection",
    "CompileOutcome",
    "DecideOutcome",
    "ElementDiff",
    "Exported",
    "MergeOutcome",
    "Recovered",
    "Resolved",
    "Selection",
    "SetStatus",
    "SetupOutcome",
    "VersionDiff",
    "abort_apply",
    "amendment_choices",
    "apply",
    "apply_agreed",
    "apply_json",
    "change_text",
    "collect",
    "collisions_data",
    "collisions_text",
    "compare",
    "compile_round",
    "conflict_text",
    "conflicts",
    "continue_apply",
    "data_text",
    "decide",
    "diff",
    "diff_json",
    "diff_text",
    "display",
    "events_text",
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
    "log_json",
    "merge_file",
    "plan_at",
    "plan_text",
    "plan_view",
    "render",
    "resolve",
    "schema",
    "schema_text",
    "setup",
    "show",
    "status",
    "status_text",
    "statuses",
    "target_text",
    "target_view",
    "validate",
    "validate_json",
    "versions_text",
    "write_diff_document",
    "yaml_paths",
]
