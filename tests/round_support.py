"""Helpers for the review-round tests: a workspace with three bodies' sets on the LG-14 draft.

``amendments/lg14.yaml`` (bundled), ``amendments/party-a.yaml`` (its amendment 1 collides
with lg14 53(a) on Goal A.1, key area (2)) and ``amendments/ngo-b.yaml`` (its B1 makes the
same change as lg14 53(n) in other words), all written against the original draft and
committed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from editplan import api

DATA = Path(__file__).resolve().parent / "data" / "round"
SETS = ("amendments/lg14.yaml", "amendments/party-a.yaml", "amendments/ngo-b.yaml")
PLAN = "plans/cb-action-plan.yaml"
LG14_AUTHOR = "Liaison Group on the Cartagena Protocol (LG-14)"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def round_workspace(root: Path) -> Path:
    """``editplan init --example`` plus the two more sets, committed."""
    api.init(root, example=True)
    for name in ("party-a.yaml", "ngo-b.yaml"):
        shutil.copy(DATA / name, root / "amendments" / name)
    git(root, "add", "amendments")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "Two more sets")
    return root
