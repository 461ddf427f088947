"""Meetings as JSON-ready data and back, without loss.

``from_dict`` is also the gate for files from outside (``facilitator import``): it refuses
unknown fields and wrong types, with the path to the problem, rather than dropping them.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from enum import StrEnum
from typing import Any

from facilitator.checks import TooLongNumber, ValidationError, choice
from facilitator.dates import parse_iso_date, parse_time


def to_dict(obj: Any) -> dict[str, Any]:
    """A dataclass as JSON-ready data: dates and times as ISO text, choices as their value."""
    return {f.name: _dump(getattr(obj, f.name)) for f in fields(obj)}


def _dump(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    return value


def from_dict(cls: type, data: Any, where: str = "") -> Any:
    """Build ``cls`` from JSON data, refusing what it cannot hold with the path to the problem."""
    if not isinstance(data, dict):
        raise ValidationError(where or cls.__name__.lower(), f"expected an object, found {type(data).__name__}")
    required, loaders = _shape(cls)
    unknown = [key for key in data if key not in loaders]
    if unknown:
        # Quoted short and printable: a key from a damaged file may be huge or carry escapes.
        shown = ", ".join(_key_shown(key) for key in sorted(map(str, unknown))[:5])
        more = f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
        raise ValidationError(where or cls.__name__.lower(), f"unknown field(s): {shown}{more}")
    values: dict[str, Any] = {}
    for name, load in loaders.items():
        if name in data:
            values[name] = load(data[name], f"{where}.{name}" if where else name)
        elif name in required:
            raise ValidationError(f"{where}.{name}" if where else name, "is missing")
    try:
        return cls(**values)
    except ValidationError as error:
        raise (error.within(where) if where else error) from None


def _key_shown(key: str) -> str:
    visible = "".join(ch if ch.isprintable() else "?" for ch in key[:40])
    return visible + ("…" if len(key) > 40 else "")


Loader = typing.Callable[[Any, str], Any]


@functools.cache
def _shape(cls: type) -> tuple[frozenset[str], dict[str, Loader]]:
    """The required fields of a class and a loader per field, worked out once per class.

    Reading 10,000 stored meetings calls these hundreds of thousands of times, so the type
    inspection (get_type_hints evaluates strings; get_origin, is_dataclass) happens here, once.
    """
    hints = typing.get_type_hints(cls)
    required = frozenset(f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING)
    return required, {f.name: _loader(hints[f.name]) for f in fields(cls)}


def _loader(hint: Any) -> Loader:
    origin = typing.get_origin(hint)
    if origin is types.UnionType or origin is typing.Union:
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        load_inner = _loader(inner)
        return lambda value, path: None if value is None else load_inner(value, path)
    if origin is list:
        (inner,) = typing.get_args(hint)
        load_item = _loader(inner)

        def load_list(value: Any, path: str) -> list[Any]:
            if not isinstance(value, list):
                raise ValidationError(path, f"expected a list, found {type(value).__name__}")
            return [load_item(item, f"{path}[{index}]") for index, item in enumerate(value)]

        return load_list
    if is_dataclass(hint):
        return lambda value, path: from_dict(hint, value, path)  # type: ignore[arg-type]
    if hint is dt.date or hint is dt.time:
        parse = parse_iso_date if hint is dt.date else parse_time

        def load_when(value: Any, path: str) -> Any:
            if not isinstance(value, str):
                raise ValidationError(path, f"expected text, found {type(value).__name__}")
            try:
                return parse(value)
            except ValueError as error:
                raise ValidationError(path, str(error)) from None

        return load_when
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return lambda value, path: choice(value, hint, path)
    if hint is bool or hint is int or hint is str:

        def load_plain(value: Any, path: str) -> Any:
            if isinstance(value, TooLongNumber):
                raise ValidationError(path, f"{value!r} is far beyond what it can hold")
            if type(value) is not hint:
                raise ValidationError(path, f"expected {hint.__name__}, found {type(value).__name__}")
            return value

        return load_plain
    raise TypeError(f"no JSON rule for {hint!r}")  # pragma: no cover - a programming error
