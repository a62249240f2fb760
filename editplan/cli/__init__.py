"""The ``editplan`` command: a thin click layer over :mod:`editplan.api`.

Each module here holds a few commands and registers them on the one group in
:mod:`editplan.cli.base`, which also holds the one error handler.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

from editplan.cli import (  # noqa: F401  (they register commands)
    apply,
    candidates,
    collect,
    history,
    plan,
    publish,
    reading,
    round,
    serve,
    team,
)
from editplan.cli.base import main

__all__ = ["main", "run"]


def run() -> NoReturn:
    """The ``editplan`` program: run :func:`main`, then leave without tearing down the objects
    a large plan leaves behind (freeing millions of them one by one took a fifth of a second
    after the work was done and every file written and closed), as mypy does.

    Always under the name ``editplan``, also as ``python -m editplan``: usage lines say
    ``editplan``, and shell completion answers to ``_EDITPLAN_COMPLETE`` either way.

    The cycle collector stays off: one command builds large trees that live until the end
    and hold few cycles (a plan's YAML nodes and models, the documents' markup), and its
    passes over them found nothing to free while costing a large apply about 0.2 s. Code that
    calls :func:`main` in-process keeps its own collector."""
    gc.disable()
    try:
        main(prog_name="editplan")
        code: object = 0
    except SystemExit as done:  # click's standalone mode always ends with one
        code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what the interpreter does for a non-integer code
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
