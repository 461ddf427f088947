"""Reading and writing the minutes one stored document at a time gives exactly what one
``json.loads`` / ``json.dumps`` of the whole file gives: the same data, the same errors."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.tinydb_file import dump_tables, parse_tables

SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)
TABLES = st.dictionaries(
    st.text(max_size=8),
    st.dictionaries(
        st.integers(1, 999).map(str), st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=4), max_size=4
    )
    | JSON_VALUES,
    max_size=3,
)


def loads_or_error(text: str) -> tuple[str, Any]:
    try:
        return "ok", json.loads(text)
    except json.JSONDecodeError as error:
        return "error", str(error)


def parse_or_error(text: str) -> tuple[str, Any]:
    try:
        return "ok", parse_tables(text)
    except json.JSONDecodeError as error:
        return "error", str(error)


@settings(max_examples=300, deadline=None)
@given(TABLES, st.sampled_from([None, 0, 2]), st.sampled_from([(",", ":"), (", ", ": ")]))
def test_any_layout_of_any_tables_reads_as_json_loads_reads_it(
    data: dict[str, Any], indent: int | None, seps: tuple[str, str]
) -> None:
    text = json.dumps(data, indent=indent, separators=seps)
    assert parse_tables(text) == json.loads(text)


@settings(max_examples=300, deadline=None)
@given(TABLES, st.data())
def test_a_damaged_file_gives_the_error_json_loads_gives(data: dict[str, Any], draw: st.DataObject) -> None:
    text = json.dumps(data)
    cut = draw.draw(st.integers(0, len(text)))
    junk = draw.draw(st.sampled_from(["", "}", ",", "x", '"', "{", ":", " 1"]))
    damaged = text[:cut] + junk
    assert parse_or_error(damaged) == loads_or_error(damaged)


def test_keys_that_are_not_text_are_not_taken_for_a_table() -> None:
    for text in ('{"a":{1:{}}}', "{1:{}}", '{"a":{"1":{},}}', '{"a":{"1":{}}} extra', "[]", '"text"', "{}"):
        assert parse_or_error(text) == loads_or_error(text)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=8),
        st.dictionaries(
            st.integers(1, 999).map(str), st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=4), max_size=4
        ),
        max_size=3,
    )
)
def test_what_is_written_reads_back_the_same_and_is_ascii(data: dict[str, dict[str, Any]]) -> None:
    text = dump_tables(data)
    assert text.isascii()
    assert json.loads(text) == data
    assert parse_tables(text) == data
