"""Running editplan where the system refuses writes: a read-only folder, a full disk.

As root, ``chmod a-w`` does not stop a write, and a test must not fill the machine's disk. So
the refusals are made real, and private: a Python script runs in a mount namespace of its own
(``unshare --mount``; as another user, ``unshare --map-root-user --mount``), where it may make
a folder read-only with a read-only bind mount (every write in it fails with EROFS, as on a
read-only file system) and put a workspace on a small tmpfs that a hook fills (writes fail
with ENOSPC, as on a full disk). The refusals are the kernel's own, met by editplan and by the
git it runs alike; nothing is mocked, and nothing outside the namespace sees the mounts.

:func:`confined` skips the test where namespaces are not allowed.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

_UNSHARE = ["unshare", "--mount", "--propagation", "private"]
if hasattr(os, "geteuid") and os.geteuid() != 0:
    _UNSHARE = ["unshare", "--map-root-user", "--mount", "--propagation", "private"]

# What every confined script starts with: its values, a shell, editplan, and its results.
_PRELUDE = """
import json, os, subprocess, sys
values = json.loads(sys.stdin.read())
results = {}

def sh(*args, cwd=None):
    subprocess.run(list(args), check=True, cwd=cwd)

def editplan(ws, *args):
    done = subprocess.run([sys.executable, "-m", "editplan", *args], cwd=ws,
                          capture_output=True, text=True)
    return {"code": done.returncode, "out": done.stdout, "err": done.stderr}

def readonly(folder):
    sh("mount", "--bind", folder, folder)
    sh("mount", "-o", "remount,bind,ro", folder)

def writable(folder):
    sh("mount", "-o", "remount,bind,rw", folder)
"""


@functools.cache
def available() -> str | None:
    """Why confined scripts cannot run here; None when they can."""
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return "needs Linux and unshare(1)"
    probe = subprocess.run(
        [
            *_UNSHARE,
            "sh",
            "-c",
            'd=$(mktemp -d); mount -t tmpfs -o size=1m none "$d"; r=$?; '
            'umount "$d" 2>/dev/null; rmdir "$d"; exit $r',
        ],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return f"mount namespaces are not allowed here: {probe.stderr.strip()}"
    return None


def confined(code: str, env: dict[str, str], **values: Any) -> dict[str, Any]:
    """Run ``code`` (Python, after the prelude) in a private mount namespace, with ``values``
    as ``values``; the ``results`` it fills. The test is skipped where this cannot run."""
    why = available()
    if why is not None:
        pytest.skip(why)
    script = _PRELUDE + textwrap.dedent(code) + "\nprint(json.dumps(results))\n"
    done = subprocess.run(
        [*_UNSHARE, sys.executable, "-c", script],
        input=json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in values.items()}),
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result
