"""The Python API: what each command does, callable without the CLI.

Everything starts from a :class:`Workspace`, opened once from a folder (found upward, as git
finds its repository) and passed to every use case::

    from editplan import api

    with api.Workspace.open("/path/to/plans-repo") as ws:
        outcome = api.apply(ws, "amendments/lg14.yaml")

Relative paths are taken from the folder the workspace was opened from (or its ``here``), never
from the process's current folder; messages show paths whole, unless a front end says where
its user stands (:func:`paths_shown_from`).

A front over the use-case modules in :mod:`editplan.usecases`. Each function reads its inputs,
calls the pure core, and writes its outputs all or nothing. It never prints: it returns what
happened, and raises :class:`~editplan.errors.EditplanError`. The plain views that the
command line prints (:mod:`editplan.views`) are named here too, so that a front end needs
nothing but this module and the errors.

Each name is imported from its module when it is first used (``api.apply`` loads the applying
use case, not the review round's or the Word reader's), so that a command starts in the time
it needs; the names are the modules' own objects, with their signatures and docstrings, and
the imports under ``TYPE_CHECKING`` give type checkers and editors the same view.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editplan.core.changeset import ApplyResult, ChangeSet, ElementDiff, compare
    from editplan.core.conflicts import conflict_text
    from editplan.jsonviews import apply_json, blame_json, diff_json, log_json, validate_json
    from editplan.store.memo import Memo, remembering
    from editplan.store.paths import display, paths_shown_from
    from editplan.usecases.agreed import AgreedOutcome, apply_agreed
    from editplan.usecases.applying import (
        DEFAULT_STATUSES,
        ApplyOutcome,
        Selection,
        apply,
        statuses,
    )
    from editplan.usecases.blame import Blame, blame, prepare_history
    from editplan.usecases.candidates import AcceptOutcome, accept_candidate
    from editplan.usecases.collecting import Collection, collect
    from editplan.usecases.completing import (
        AmendmentChoice,
        TargetChoice,
        amendment_choices,
        target_choices,
        yaml_paths,
    )
    from editplan.usecases.deciding import DecideOutcome, decide
    from editplan.usecases.drafting import DraftOutcome, draft
    from editplan.usecases.outputs import Output, output
    from editplan.usecases.plans import (
        Checked,
        load_plan,
        load_set,
        plan_warnings,
        render,
        schema,
        schema_text,
        show,
        validate,
    )
    from editplan.usecases.proposing import OpenProposal, open_proposals
    from editplan.usecases.publishing import AknImport, Exported, export, import_akn
    from editplan.usecases.reading import extract, import_docx
    from editplan.usecases.recording import Recorded
    from editplan.usecases.recovery import Recovered, abort_apply, continue_apply
    from editplan.usecases.round import CompileOutcome, compile_round, conflicts, gather
    from editplan.usecases.settling import interruptions
    from editplan.usecases.snapshots import Snapshot, snapshot
    from editplan.usecases.standing import (
        SetStatus,
        StatusReport,
        status,
        status_report,
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
    from editplan.usecases.workspace import Workspace, example_files, init
    from editplan.views import (
        blame_text,
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
        unit_view,
        versions_text,
    )

# Where each name lives; the imports above say the same. A new name goes in three places:
# the imports above, here, and __all__ (tests/test_api.py holds them together).
_HOMES: dict[str, str] = {
    "editplan.core.changeset": "ApplyResult ChangeSet ElementDiff compare",
    "editplan.core.conflicts": "conflict_text",
    "editplan.jsonviews": "apply_json blame_json diff_json log_json validate_json",
    "editplan.store.memo": "Memo remembering",
    "editplan.store.paths": "display paths_shown_from",
    "editplan.usecases.agreed": "AgreedOutcome apply_agreed",
    "editplan.usecases.applying": "DEFAULT_STATUSES ApplyOutcome Selection apply statuses",
    "editplan.usecases.blame": "Blame blame prepare_history",
    "editplan.usecases.candidates": "AcceptOutcome accept_candidate",
    "editplan.usecases.collecting": "Collection collect",
    "editplan.usecases.completing": (
        "AmendmentChoice TargetChoice amendment_choices target_choices yaml_paths"
    ),
    "editplan.usecases.outputs": "Output output",
    "editplan.usecases.proposing": "OpenProposal open_proposals",
    "editplan.usecases.publishing": "AknImport Exported export import_akn",
    "editplan.usecases.reading": "extract import_docx",
    "editplan.usecases.recording": "Recorded",
    "editplan.usecases.settling": "interruptions",
    "editplan.usecases.recovery": "Recovered abort_apply continue_apply",
    "editplan.usecases.round": "CompileOutcome compile_round conflicts gather",
    "editplan.usecases.deciding": "DecideOutcome decide",
    "editplan.usecases.drafting": "DraftOutcome draft",
    "editplan.usecases.snapshots": "Snapshot snapshot",
    "editplan.usecases.standing": "SetStatus StatusReport status status_report",
    "editplan.usecases.team": "MergeOutcome Resolved SetupOutcome merge_file resolve setup",
    "editplan.usecases.versions": "VersionDiff diff log plan_at write_diff_document",
    "editplan.usecases.plans": (
        "Checked load_plan load_set plan_warnings render schema schema_text show validate"
    ),
    "editplan.usecases.workspace": "Workspace example_files init",
    "editplan.views": (
        "blame_text change_text collisions_data collisions_text data_text diff_text events_text"
        " plan_text plan_view status_text target_text target_view unit_view versions_text"
    ),
}

_HOME_OF: dict[str, str] = {
    name: module for module, names in _HOMES.items() for name in names.split()
}


def __getattr__(name: str) -> Any:
    """Import a name's module on first use and keep the name here (PEP 562)."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "DEFAULT_STATUSES",
    "AcceptOutcome",
    "AgreedOutcome",
    "AknImport",
    "AmendmentChoice",
    "ApplyOutcome",
    "ApplyResult",
    "Blame",
    "ChangeSet",
    "Checked",
    "Collection",
    "CompileOutcome",
    "DecideOutcome",
    "DraftOutcome",
    "ElementDiff",
    "Exported",
    "Memo",
    "MergeOutcome",
    "OpenProposal",
    "Output",
    "Recorded",
    "Recovered",
    "Resolved",
    "Selection",
    "SetStatus",
    "SetupOutcome",
    "Snapshot",
    "StatusReport",
    "TargetChoice",
    "VersionDiff",
    "Workspace",
    "abort_apply",
    "accept_candidate",
    "amendment_choices",
    "apply",
    "apply_agreed",
    "apply_json",
    "blame",
    "blame_json",
    "blame_text",
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
    "draft",
    "events_text",
    "example_files",
    "export",
    "extract",
    "gather",
    "import_akn",
    "import_docx",
    "init",
    "interruptions",
    "load_plan",
    "load_set",
    "log",
    "log_json",
    "merge_file",
    "open_proposals",
    "output",
    "paths_shown_from",
    "plan_at",
    "plan_text",
    "plan_view",
    "plan_warnings",
    "prepare_history",
    "remembering",
    "render",
    "resolve",
    "schema",
    "schema_text",
    "setup",
    "show",
    "snapshot",
    "status",
    "status_report",
    "status_text",
    "statuses",
    "target_choices",
    "target_text",
    "target_view",
    "unit_view",
    "validate",
    "validate_json",
    "versions_text",
    "write_diff_document",
    "yaml_paths",
]
