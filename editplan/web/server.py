"""The desk's server: the application under waitress, bound to one address.

waitress is a production WSGI server in pure Python (no compiler, every platform), with a
fixed pool of threads: the desk's pages call the same blocking use cases as the command line
(git, LibreOffice-free Word writing), which suit threads better than an event loop. It listens
on this machine only (127.0.0.1) unless told otherwise, and then only with accounts.
"""

from __future__ import annotations

import errno
import ipaddress
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editplan import api
from editplan.bugs import keep_traceback
from editplan.errors import EditplanError, InputError
from editplan.web.accounts import Accounts
from editplan.web.desk import Desk

THREADS = 8
LOCAL_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]


@dataclass
class Served:
    """A bound server: its address, the desk behind it, and how to run and stop it."""

    server: Any  # waitress's server
    desk: Desk
    url: str
    closing: bool = False

    def run(self) -> None:
        """Answer requests until stopped (:meth:`close`, or Ctrl-C)."""
        try:
            self.server.run()
        except OSError as exc:
            # close() from another thread shuts the sockets the loop is waiting on
            if not (self.closing and exc.errno == errno.EBADF):
                raise
        finally:
            self.close()

    def close(self) -> None:
        """Let the requests being answered finish, then close every connection and the
        listening socket (the loop of :meth:`run` ends when none is left). Once."""
        if self.closing:
            return
        self.closing = True
        from waitress import wasyncore

        self.server.task_dispatcher.shutdown(cancel_pending=False, timeout=30)
        wasyncore.close_all(self.server._map)
        self.desk.close()


def make_server(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    users: Path | None = None,
    threads: int = THREADS,
    upload_limit: int | None = None,
) -> Served:
    """Bind the desk of the workspace at ``root`` to ``host``:``port`` (0: a free port).

    Refused before binding: an address other than this machine's without a users file, a
    users file that cannot be trusted (see :mod:`editplan.web.accounts`); and a port in use.
    """
    from waitress.server import create_server

    from editplan.web.app import UPLOAD_LIMIT, create_app

    accounts = Accounts.read(users) if users is not None else None
    local = is_loopback(host)
    if not local and accounts is None:
        raise InputError(
            f"listening on {host} opens the desk to other machines, and it has no accounts: "
            "give a users file (make one with 'editplan users add'), or listen on this "
            "machine only (127.0.0.1)"
        )
    desk = Desk(root)
    app = create_app(
        desk,
        accounts,
        trusted_hosts=LOCAL_NAMES if local else None,
        upload_limit=upload_limit or UPLOAD_LIMIT,
    )
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="editplan")
    except OSError as exc:
        desk.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} on {host} is in use (another editplan serve, or another "
                "program): choose another port"
            ) from None
        raise InputError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.effective_port}/"
    threading.Thread(target=_warm, args=(desk,), daemon=True).start()
    return Served(server, desk, url)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _warm(desk: Desk) -> None:
    """Read the plan once in the background, then its history index (made if no command made
    it before), so that the first pages of a large plan, and of an element with who wrote
    every word, do not wait for them (the server answers meanwhile)."""
    try:
        with desk.reading() as ws:
            if ws.find_plan() is None:
                return
            api.plan_at(ws, None)
            if ws.repo is not None:
                api.prepare_history(ws)
    except EditplanError:
        return  # the pages say what is wrong with it
    except Exception as exc:  # a bug: said once, and the pages work without what it made
        where = keep_traceback(exc, "editplan serve: reading the plan and its history index")
        print(f"editplan: bug: {type(exc).__name__}: {exc}; {where}.", file=sys.stderr)
