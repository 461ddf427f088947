"""The registry of step kinds: what each kind of step captures, and how the minutes, search and counts read it.

A kind is one ``Kind`` record, registered by name. The built-in kinds (agenda, worked, notes,
conflicts, decisions, actions, close, contributions, risks) each live in a module of this package and are registered
the first time the registry is asked for a kind; a kind from elsewhere (a plug-in, a test) calls
``register`` with its own record, and templates and meetings may then use its name.

This module imports nothing of the model at import time, so the model can use the registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitator.model import Meeting
    from facilitator.outline import Section
    from facilitator.steps import StepSpec


def _nothing(_item: dict[str, Any]) -> Iterable[Any]:
    return ()


@dataclass(frozen=True)
class Kind:
    """One kind of step.

    ``data`` is the dataclass holding what a step of this kind captured; it is stored with the
    meeting under the step's key (``facilitator.dataclass_json`` turns it into JSON and back, so its
    fields are plain types, dates, choices, lists and dataclasses). ``items`` names its field
    holding the step's list of items (None: the step has no items, like the close step).
    """

    name: str
    data: type
    items: str | None
    # The sections of the minutes for one step of this kind (the history is the partnership's other meetings).
    section: Callable[[Meeting, StepSpec, Sequence[Meeting]], list[Section]]
    # What the step list shows beside the step: '3', '2 (1 open)', '✓'.
    count: Callable[[Meeting, StepSpec], str]
    # Every piece of text a person wrote in one stored item (a dict of the document), for search.
    search_text: Callable[[dict[str, Any]], Iterable[Any]] = _nothing
    # The names of people in one stored item, for search's who: filter.
    people: Callable[[dict[str, Any]], Iterable[Any]] = _nothing
    single: bool = False  # a meeting has at most one step of this kind
    tags: bool = False  # a step of this kind may list tags
    default_title: str = ""  # the title of a step of this kind added on reading a meeting that lacks one

    def new_data(self) -> Any:
        return self.data()

    def items_of(self, data: Any) -> list[Any]:
        """The live list of items in a step's captured data (empty and detached for a kind without items)."""
        return getattr(data, self.items) if self.items else []


_KINDS: dict[str, Kind] = {}
_BUILTIN = ("agenda", "worked", "notes", "conflicts", "decisions", "actions", "close", "contributions", "risks")
_loaded = False


def _load_builtins() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for name in _BUILTIN:
            importlib.import_module(f"facilitator.kinds.{name}")


def register(kind: Kind) -> Kind:
    """Make a kind known; registering the same name again replaces it (a test may register twice)."""
    _load_builtins()
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Forget a kind registered from outside (the built-in ones stay)."""
    if name not in _BUILTIN:
        _KINDS.pop(name, None)


def kind_of(name: str) -> Kind:
    """The registered kind of this name; KeyError if there is none."""
    _load_builtins()
    return _KINDS[name]


def names() -> tuple[str, ...]:
    """Every registered kind's name, the built-in ones first."""
    _load_builtins()
    return (*(name for name in _BUILTIN if name in _KINDS), *(name for name in _KINDS if name not in _BUILTIN))


def is_kind(name: Any) -> bool:
    _load_builtins()
    return isinstance(name, str) and name in _KINDS
