"""The ``editplan`` command: a thin click layer over :mod:`editplan.api`.

Each module here holds a few commands and registers them on the one group in
:mod:`editplan.cli.base`, which also holds the one error handler.
"""

from __future__ import annotations

from editplan.cli import (  # noqa: F401  (they register commands)
    apply,
    collect,
    history,
    plan,
    publish,
    reading,
    round,
    team,
)
from editplan.cli.base import main

__all__ = ["main"]
