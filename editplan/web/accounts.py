"""The desk's accounts: who may sign in, with which role, from a users file.

The file is TOML, one table per user, the password kept only as an Argon2id hash (argon2-cffi,
the reference implementation's bindings, with its default parameters)::

    [users.ana]
    name = "Ana Officer"          # the git author of what Ana writes
    email = "ana@example.org"     # optional
    role = "secretariat"          # secretariat, reviewer or reader
    password = "$argon2id$v=19$m=65536,t=3,p=4$..."

A file that cannot be read, that is not TOML, that names an unknown role, or that holds a
password that is not an Argon2 hash (a plain-text password, say) is refused with its line, so
that the server never starts with accounts it cannot trust. ``editplan users add`` writes the
file (owner-only permissions), hashing the password it is given.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from editplan.errors import InputError, Location

ROLES = ("reader", "reviewer", "secretariat")  # each may do what the ones before it may
LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
_FIELDS = ("name", "email", "role", "password")
_HASH = re.compile(r"^\$argon2(id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$")


@dataclass(frozen=True)
class User:
    """Someone who may sign in: login, full name, email, role and password hash."""

    login: str
    name: str
    role: str
    password: str = ""
    email: str = ""

    def may(self, role: str) -> bool:
        """Whether this user may do what ``role`` may (a secretariat may do everything)."""
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def author(self) -> str:
        """The user as git records an author: "Name <email>" (the email may be empty)."""
        return f"{self.name} <{self.email}>"


class Accounts:
    """The users of a users file, checked when read."""

    def __init__(self, users: dict[str, User], path: Path | None = None) -> None:
        self.users = users
        self.path = path

    @classmethod
    def read(cls, path: Path) -> Accounts:
        """Read and check a users file (see the module's docstring)."""
        where = Location(str(path))
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(
                "no such users file; make one with 'editplan users add'", where
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"the users file cannot be read: {exc}", where) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"the users file is not valid TOML: {exc}", where) from None
        unknown = [key for key in data if key != "users"]
        if unknown or not isinstance(data.get("users", {}), dict):
            raise InputError(
                f"a users file holds only [users.LOGIN] tables, not {', '.join(unknown)}", where
            )
        users = {
            login: _user(login, entry, path, text)
            for login, entry in data.get("users", {}).items()
        }
        if not users:
            raise InputError("the users file names no user; add one with 'editplan users add'",
                             where)  # fmt: skip
        return cls(users, path)

    def check(self, login: str, password: str) -> User | None:
        """The user, if ``password`` is theirs; None for an unknown login or a wrong password
        (the same time is spent either way, so that logins cannot be guessed by timing)."""
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        user = self.users.get(login)
        stored = user.password if user is not None else _DUMMY
        try:
            PasswordHasher().verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return user


# Verified against when the login is unknown, so that a wrong login costs what a wrong
# password does (the hash of a random password nobody knows).
_DUMMY = (
    "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0c2FsdA$"
    "m4HUDS0pl3e0dKhFjw8rMrvPlvmW5NDiHwwr3nqLL4w"
)


def _user(login: str, entry: object, path: Path, text: str) -> User:
    """One user's table, checked: known fields, a role, a name, a password hash."""
    where = Location(str(path), _line_of(text, login))
    if not isinstance(entry, dict):
        raise InputError(f"user {login!r} is not a table ([users.{login}])", where)
    if not LOGIN.match(login):
        raise InputError(
            f"{login!r} is not a login: lower-case letters, digits, '.', '-' and '_'", where
        )
    unknown = [key for key in entry if key not in _FIELDS]
    if unknown:
        raise InputError(
            f"user {login!r} has unknown field {', '.join(unknown)}; the fields are "
            + ", ".join(_FIELDS),
            where,
        )
    values = {key: entry.get(key, "") for key in _FIELDS}
    if not all(isinstance(v, str) for v in values.values()):
        raise InputError(f"user {login!r}: every field is a string", where)
    if values["role"] not in ROLES:
        raise InputError(
            f"user {login!r} has role {values['role']!r}; the roles are {', '.join(ROLES)}",
            where,
        )
    if not _HASH.match(values["password"]):
        raise InputError(
            f"user {login!r} has a password that is not an Argon2 hash (a plain-text "
            "password?); a users file keeps only hashes: set it again with 'editplan users "
            "add'",
            where,
        )
    if not values["name"].strip() or any(c in values["name"] for c in "<>\n\r"):
        raise InputError(f"user {login!r} needs a name (no '<', '>' or line break)", where)
    if any(c in values["email"] for c in "<> \n\r"):
        raise InputError(f"user {login!r} has an email with '<', '>' or a space", where)
    return User(login, values["name"].strip(), values["role"], values["password"],
                values["email"])  # fmt: skip


def _line_of(text: str, login: str) -> int | None:
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[\s*users\.\"?{re.escape(login)}\"?\s*\]", line):
            return n
    return None


def add_user(
    path: Path, login: str, *, name: str, role: str, password: str, email: str = ""
) -> bool:
    """Add a user to the users file (made if missing), or replace one with the same login;
    whether the login was new. The password is hashed here and never written as given."""
    from argon2 import PasswordHasher

    if not LOGIN.match(login):
        raise InputError(f"{login!r} is not a login: lower-case letters, digits, '.', '-', '_'")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; the roles are {', '.join(ROLES)}")
    if len(password) < 8:
        raise InputError("a password has at least 8 characters")
    users = Accounts.read(path).users if path.exists() else {}
    new = login not in users
    hashed = PasswordHasher().hash(password)
    user = User(login, name, role, hashed, email)
    _user(login, {"name": name, "email": email, "role": role, "password": hashed}, path, "")
    users[login] = user
    _write(path, users)
    return new


def _write(path: Path, users: dict[str, User]) -> None:
    """Write the users file atomically, readable by its owner only."""
    lines = ["# editplan's users (editplan users add); passwords are Argon2id hashes", ""]
    for login in sorted(users):
        u = users[login]
        lines.append(f"[users.{login}]")
        for key in _FIELDS:
            value = getattr(u, key)
            if value or key != "email":
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
