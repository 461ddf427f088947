"""Stepping round a fixed order of choices: the next speaker, status, style, position, step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def following(cycle: Sequence[T], current: object, offset: int = 1) -> T:
    """The choice ``offset`` places after ``current`` in ``cycle``, wrapping round at either end.

    A ``current`` that is not in the cycle (a value since removed, or None for "not chosen yet")
    starts it again at its first choice. An empty cycle has nothing to offer: ValueError.
    """
    if not cycle:
        raise ValueError("nothing to cycle through")
    try:
        index = list(cycle).index(current)  # type: ignore[arg-type]
    except ValueError:
        return cycle[0]
    return cycle[(index + offset) % len(cycle)]
