"""Version labels in a plan's history: which texts each label names (a label should name
one), read from editplan's trailers where a commit has them, else from the plan's blob."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from editplan.core.model import Plan, content_hash
from editplan.history.git import PlanReader, versions
from editplan.history.repo import Repository
from editplan.history.trailers import Version


def label_texts(
    repo: Repository,
    plan_rel: str,
    known: dict[str, Plan] | None = None,
    exact: Callable[[str], bool] | None = None,
) -> dict[str, dict[str, Version]]:
    """Each version label in the plan's history -> the texts it names, each with the newest
    version that holds it. A label should name one text.

    A text is its content hash. A version editplan made says its label and hash in its
    trailers; any other (a merge, a hand edit) has its label read from a quick look at its
    blob, and its text named by the blob ("blob:<sha>") unless the label names several, or
    ``exact`` asks for that label's hashes: only then is the plan parsed whole. ``known``
    gives plans already read, by blob.
    """
    reader = PlanReader(repo)
    reader.plans.update(known or {})
    found: dict[str, dict[str, Version]] = {}  # label -> hash, or "blob:<sha>" -> version
    for version in versions(repo, plan_rel):
        if version.blob is None:
            continue
        label, digest = version.trailer("Version"), version.trailer("Result")
        if label is None or digest is None:
            label, digest = _label_of(reader, version.blob), f"blob:{version.blob}"
        found.setdefault(label, {}).setdefault(digest, version)
    out: dict[str, dict[str, Version]] = {}
    for label, texts in found.items():
        blobs = any(d.startswith("blob:") for d in texts)
        if not blobs or (len(texts) == 1 and not (exact and exact(label))):
            out[label] = texts
            continue
        for digest, version in texts.items():
            if digest.startswith("blob:"):
                digest = content_hash(reader.read(digest[5:]))
            out.setdefault(label, {}).setdefault(digest, version)
    return out


def _label_of(reader: PlanReader, blob: str) -> str:
    """A plan blob's version label, from a quick look at its YAML (parsing a large plan only
    for its label would dominate), else from the whole plan."""
    if blob not in reader.plans:
        from editplan.errors import EditplanError
        from editplan.store import peek

        with suppress(EditplanError, UnicodeDecodeError):
            label = peek.peek_plan_text(reader.repo.read_blob(blob).decode("utf-8")).version
            if label:
                return label
    return reader.read(blob).version
