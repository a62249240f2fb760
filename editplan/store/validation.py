"""Pydantic's validation errors said once, in the plan's terms: which field, what is wrong,
what is expected instead. pydantic's own wording ("Input should be a valid string") never
reaches a user.

:func:`explain` turns a :class:`pydantic.ValidationError` into a message and the path of the
value it is about; the YAML layer adds file:line:col, and the readers that build models from
documents (import, extract) name their source.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]


Problem = tuple[str, Loc, bool]
"""A problem as (message, path of the value, whether to point at its key)."""


def explain(exc: ValidationError, model: type[BaseModel], data: Any) -> Problem:
    """The first problem; the others are counted in its message (see :func:`explain_all`)."""
    first, *others = explain_all(exc, model, data)
    if not others:
        return first
    more = len(others)
    return (f"{first[0]} (and {more} more problem{'s' if more > 1 else ''})", *first[1:])


def explain_all(exc: ValidationError, model: type[BaseModel], data: Any) -> list[Problem]:
    """Every problem pydantic found, in its order, one per place: the branches of a union
    that all fail at the same place count as one problem."""
    out: list[Problem] = []
    seen: set[Loc] = set()
    for error in exc.errors(include_url=False):
        raw = tuple(error["loc"])
        loc = clean_loc(data, raw, error["type"])
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, str(error["ctx"]["discriminator"]).strip("'"))
        if loc in seen:
            continue
        seen.add(loc)
        message = _message(error, loc, raw, model, node_at(data, loc))
        out.append((message, loc, error["type"] == "extra_forbidden"))
    return out


def dotted(loc: Loc) -> str:
    """A path as a reader would write it: ``amendments[2].target``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def clean_loc(data: Any, loc: Loc, kind: str = "") -> Loc:
    """Drop the union tags ("goal", "block", "rephrase", "constrained-int"...) that pydantic
    puts into a location, keeping the name of a missing field."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict):
            if part in node:
                node = node[part]
            elif not (last and kind == "missing"):
                continue
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break  # a scalar: what follows names the union member pydantic tried
        out.append(part)
    return tuple(out)


def node_at(data: Any, loc: Loc) -> Any:
    """The plain value at ``loc``, or None."""
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def kind_of(value: Any) -> str:
    """What a value is, in a reader's words."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()!r}"
    if isinstance(value, int) or (isinstance(value, str) and value.lstrip("-").isdigit()):
        return str(value)
    return repr(value)


# pydantic error types, said in the plan's terms; "{value}" is what the file holds
_WORDS = {
    "string_type": "expected text, found {value}",
    "int_type": "expected a whole number, found {value}",
    "int_parsing": "expected a whole number, found {value}",
    "int_from_float": "expected a whole number, found {value}",
    "bool_type": "expected true or false, found {value}",
    "bool_parsing": "expected true or false, found {value}",
    "list_type": "expected a list, found {value}",
    "dict_type": "expected a mapping of fields, found {value}",
    "model_type": "expected a mapping of fields, found {value}",
    "model_attributes_type": "expected a mapping of fields, found {value}",
    "date_type": "expected a date written YYYY-MM-DD, found {value}",
    "date_parsing": "{value} is not a date; write it as YYYY-MM-DD, for example 2020-04-23",
    "date_from_datetime_parsing": (
        "{value} is not a date; write it as YYYY-MM-DD, for example 2020-04-23"
    ),
    "date_from_datetime_inexact": "{value} is not a date; write it without a time of day",
    "date_future": "{value} is in the future",
    "date_past": "{value} is in the past",
    "literal_error": "{value} is not allowed here; expected one of: {expected}",
    "enum": "{value} is not allowed here; expected one of: {expected}",
    "too_short": "needs at least {min_length}; it has {actual_length}",
    "too_long": "holds too many; at most {max_length}",
    "greater_than_equal": "{value} is too small; the least allowed is {ge}",
    "greater_than": "{value} is too small; it must be more than {gt}",
    "less_than_equal": "{value} is too large; the most allowed is {le}",
    "string_too_short": "is too short",
    "string_too_long": "is too long",
    "string_pattern_mismatch": "{value} is not of the expected form",
    "string_unicode": "expected text, found {value}",
    "union_tag_invalid": "{value} is not allowed here; expected one of: {expected_tags}",
}


def _message(error: Any, loc: Loc, raw: Loc, model: type[BaseModel], node: Any) -> str:
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    if kind == "extra_forbidden":
        known = ", ".join(fields_at(model, raw[:-1]))
        return f"unknown field {field!r}" + (f"; expected one of: {known}" if known else "")
    if kind in ("missing", "union_tag_not_found"):
        return f"missing field {field!r}"
    if kind == "union_tag_invalid":
        noun = "operation" if field == "op" else field
        return (
            f"{field}: unknown {noun} {ctx['tag']!r}; expected one of: {ctx['expected_tags']}"
        )
    if kind == "string_type" and error.get("input") is None:
        return f"{field}: is empty; write the value"
    if kind in ("value_error", "assertion_error"):
        msg = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        if isinstance(node, dict):
            return msg  # a check of a whole mapping, such as "give 'target' or 'targets'"
        return f"{field}: {msg}"
    if kind == "too_short" and "min_length" in ctx:
        count = ctx["min_length"]
        ctx["min_length"] = f"{count} item" + ("s" if count != 1 else "")
    template = _WORDS.get(kind, "{value} is not a valid value here")
    words = template.format_map(_Known(value=kind_of(error.get("input")), **ctx))
    return f"{field}: {words}"


class _Known(dict[str, Any]):
    """Template values; a value pydantic did not give reads as "?" rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names a mapping at ``loc`` may have, for "unknown field" messages.

    ``loc`` is pydantic's, with the union tags ("goal", "rephrase") that say which model of a
    union was tried.
    """
    candidates: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        if not any(part in cand.model_fields for cand in candidates):
            tagged = [c for c in candidates if c.__name__.lower().endswith(part.lower())]
            candidates = tagged or candidates
            continue
        found: list[type[BaseModel]] = []
        for cand in candidates:
            info = cand.model_fields.get(part)
            if info is not None:
                found.extend(_models_in(info.annotation))
        candidates = found
    names: list[str] = []
    for cand in candidates:
        names.extend(n for n in cand.model_fields if n not in names)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        out.extend(_models_in(arg))
    return out
