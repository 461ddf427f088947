"""Meeting templates as data: the shipped files, every refusal rule, and the catalogue."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import templates
from facilitator.document_schema import SCHEMA_3_STEPS
from facilitator.model import StepKind
from facilitator.paths import CONFIG_ENV, config_dir
from facilitator.resources import data_dir
from facilitator.templates import (
    BUILTIN_ORDER,
    DEFAULT_TEMPLATE,
    TemplateError,
    load_catalogue,
    load_template,
    user_templates_dir,
)

SHIPPED = sorted((data_dir() / "templates").glob("*.toml"))

# A small valid template; tests change one thing in it.
GOOD = """\
name = "My review"
description = "Ours"
benefits = ["We met"]

[[steps]]
key = "notes"
kind = "notes"
title = "Notes"
tags = ["one", "two"]

[[steps]]
key = "close"
kind = "close"
title = "Close"
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def step(key: str, kind: str, **extra: str) -> str:
    lines = [f'key = "{key}"', f'kind = "{kind}"', f'title = "{key.title()}"']
    lines += [f"{name} = {value}" for name, value in extra.items()]
    return "[[steps]]\n" + "\n".join(lines) + "\n"


def refusal(tmp_path: Path, text: str | bytes, name: str = "my-review.toml") -> str:
    with pytest.raises(TemplateError) as refused:
        load_template(write(tmp_path, name, text))
    return str(refused.value)


# --- the shipped templates -------------------------------------------------------------------


def test_four_templates_ship_and_each_loads_with_one_close_step() -> None:
    assert [path.stem for path in SHIPPED] == sorted(BUILTIN_ORDER)
    for path in SHIPPED:
        template = load_template(path, builtin=True)
        assert [s.kind for s in template.steps].count(StepKind.CLOSE) == 1, path.name
        assert template.builtin and template.name and template.description
        # Prompts are read aloud by a facilitator: one short line each.
        assert all(0 < len(s.prompt) <= 90 for s in template.steps), path.name
        assert path.read_text(encoding="utf-8").startswith("#"), "each file opens with a comment"
        assert "templates/" in path.read_text(encoding="utf-8"), "the comment says how to make your own"


def test_the_review_keeps_its_steps_and_the_prompts_existing_screens_show() -> None:
    review = load_catalogue(None).default
    assert review.id == DEFAULT_TEMPLATE and review.name == "Partnership review"
    assert [(s.key, s.kind.value, s.title) for s in review.steps] == [
        ("agenda", "agenda", "Agenda"),
        ("worked", "worked", "What worked"),
        ("conflicts", "conflicts", "Conflicts"),
        ("decisions", "decisions", "Decisions"),
        ("actions", "actions", "Next actions"),
        ("close", "close", "Close"),
    ]
    prompts = {s.key: s.prompt for s in review.steps}
    for key, _kind, _title, prompt in SCHEMA_3_STEPS:
        assert prompts[key] == prompt
    assert len(review.benefits) == 6


def test_the_other_shipped_templates_have_their_steps() -> None:
    catalogue = load_catalogue(None)
    assert list(catalogue.templates) == list(BUILTIN_ORDER) and not catalogue.problems
    planning = catalogue.templates["planning"]
    assert [s.key for s in planning.steps] == [
        "agenda",
        "purpose",
        "resources",
        "young-people",
        "evaluation",
        "risks",
        "decisions",
        "actions",
        "close",
    ]
    assert [planning.steps[2].kind, planning.steps[5].kind] == ["contributions", "risks"]
    assert planning.steps[3].tags == ["numbers", "dates", "venue"]
    assert planning.benefits == catalogue.default.benefits
    agreement = catalogue.templates["partnership-agreement"]
    assert len(agreement.steps) == 9 and StepKind.AGENDA not in {s.kind for s in agreement.steps}
    assert "risks" in {s.kind for s in agreement.steps}
    assert agreement.steps[0].tags == ["aim", "success measure"]
    after = catalogue.templates["after-action-review"]
    assert [(s.key, s.kind.value) for s in after.steps] == [
        ("intended", "notes"),
        ("happened", "notes"),
        ("why", "notes"),
        ("next", "actions"),
        ("close", "close"),
    ]
    assert after.benefits == ()


# --- refusals: each names the file and the field ------------------------------------------------


def test_a_good_file_loads(tmp_path: Path) -> None:
    template = load_template(write(tmp_path, "my-review.toml", GOOD))
    assert (template.id, template.name, template.description, template.benefits) == (
        "my-review",
        "My review",
        "Ours",
        ("We met",),
    )
    assert not template.builtin and template.source == tmp_path / "my-review.toml"
    assert template.steps[0].tags == ["one", "two"] and template.steps[1].time_box == 0


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    assert load_template(write(tmp_path, "bom.toml", b"\xef\xbb\xbf" + GOOD.encode())).name == "My review"


KINDS = "agenda, worked, notes, conflicts, decisions, actions, close, contributions, risks"
CLOSE = step("close", "close")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'name = "caf\xe9"\n', "my-review.toml: not valid TOML: not UTF-8 text (byte 12)"),
        ("name = \n", "my-review.toml: not valid TOML: Invalid value (at line 1, column 8)"),
        ("a = " + "[" * 5000, "my-review.toml: not valid TOML: nested too deeply"),
        (
            "nmae = 'x'\n" + CLOSE,
            "my-review.toml: nmae: is not a template field; the fields are: name, description, benefits, steps",
        ),
        (CLOSE, "my-review.toml: name: is missing; give the template a name people will see"),
        ("name = ' '\n" + CLOSE, "my-review.toml: name: must not be empty"),
        ("name = 3\n" + CLOSE, "my-review.toml: name: must be text in quotes, not a number"),
        (
            "name = 'x'\ndescription = true\n" + CLOSE,
            "my-review.toml: description: must be text in quotes, not true/false",
        ),
        (
            "name = 'x'\nbenefits = 'a'\n" + CLOSE,
            'my-review.toml: benefits: must be a list of texts, like ["one", "two"], not a str',
        ),
        ("name = 'x'\nbenefits = ['a', '']\n" + CLOSE, "my-review.toml: benefits[1]: must not be empty"),
        ("name = 'x'\nbenefits = ['a', 'A']\n" + CLOSE, "my-review.toml: benefits[1]: 'A' is listed twice"),
        ("name = 'x'\n", "my-review.toml: steps: is missing; a template lists its steps as [[steps]] tables"),
        ("name = 'x'\nsteps = []\n", "my-review.toml: steps: must list at least one step"),
        (
            "name = 'x'\nsteps = 'close'\n",
            "my-review.toml: steps: must be a list of tables, each starting [[steps]], not a str",
        ),
        (
            "name = 'x'\nsteps = [{key = 'close', kind = 'close', title = 'C'}, 4]\n",
            "my-review.toml: steps[1]: must be a table of key, kind, title…, not a number",
        ),
        (
            "name = 'x'\n" + CLOSE + "colour = 'red'\n",
            "my-review.toml: steps[0].colour: is not a template field; "
            "the fields are: key, kind, title, prompt, time_box, tags",
        ),
        (
            "name = 'x'\n" + CLOSE + "'two words' = 1\n",
            "my-review.toml: steps[0].'two words': is not a template "
            "field; the fields are: key, kind, title, prompt, time_box, tags",
        ),
        ("name = 'x'\n[[steps]]\nkind = 'close'\ntitle = 'C'\n", "my-review.toml: steps[0].key: is missing"),
        ("name = 'x'\n[[steps]]\nkey = 'close'\ntitle = 'C'\n", "my-review.toml: steps[0].kind: is missing"),
        ("name = 'x'\n[[steps]]\nkey = 'close'\nkind = 'close'\n", "my-review.toml: steps[0].title: is missing"),
        (
            "name = 'x'\n" + step("Close", "close"),
            "my-review.toml: steps[0].key: 'Close' must be lower-case letters, digits and '-', starting with a letter",
        ),
        (
            "name = 'x'\n" + step("2nd", "close"),
            "my-review.toml: steps[0].key: '2nd' must be lower-case letters, digits and '-', starting with a letter",
        ),
        (
            "name = 'x'\n[[steps]]\nkey = 7\nkind = 'close'\ntitle = 'C'\n",
            "my-review.toml: steps[0].key: 7 must be lower-case letters, digits and '-', starting with a letter",
        ),
        ("name = 'x'\n" + step("a", "note") + CLOSE, f"my-review.toml: steps[0].kind: 'note' is not one of: {KINDS}"),
        (
            "name = 'x'\n[[steps]]\nkey = 'a'\nkind = ['notes']\ntitle = 'A'\n" + CLOSE,
            f"my-review.toml: steps[0].kind: a list is not one of: {KINDS}",
        ),
        (
            "name = 'x'\n[[steps]]\nkey = 'a'\nkind = 'notes'\ntitle = ' '\n" + CLOSE,
            "my-review.toml: steps[0].title: must not be empty",
        ),
        (
            "name = 'x'\n" + step("a", "notes", prompt="3") + CLOSE,
            "my-review.toml: steps[0].prompt: must be text in quotes, not a number",
        ),
        (
            "name = 'x'\n" + step("a", "notes", time_box="'ten'") + CLOSE,
            "my-review.toml: steps[0].time_box: must be a whole number of minutes, not 'ten'",
        ),
        (
            "name = 'x'\n" + step("a", "notes", time_box="true") + CLOSE,
            "my-review.toml: steps[0].time_box: must be a whole number of minutes, not true/false",
        ),
        (
            "name = 'x'\n" + step("a", "notes", time_box="2.5") + CLOSE,
            "my-review.toml: steps[0].time_box: must be a whole number of minutes, not 2.5",
        ),
        (
            "name = 'x'\n" + step("a", "notes", time_box="601") + CLOSE,
            "my-review.toml: steps[0].time_box: 601 minutes is outside 0 to 600",
        ),
        (
            "name = 'x'\n" + step("a", "notes", time_box="-1") + CLOSE,
            "my-review.toml: steps[0].time_box: -1 minutes is outside 0 to 600",
        ),
        (
            "name = 'x'\n" + step("a", "notes", tags="'x'") + CLOSE,
            'my-review.toml: steps[0].tags: must be a list of texts, like ["one", "two"], not a str',
        ),
        (
            "name = 'x'\n" + step("a", "notes", tags="['x', 1]") + CLOSE,
            "my-review.toml: steps[0].tags[1]: must be text in quotes, not a number",
        ),
        (
            "name = 'x'\n" + step("a", "notes", tags="['x', 'x']") + CLOSE,
            "my-review.toml: steps[0].tags[1]: 'x' is listed twice",
        ),
        (
            "name = 'x'\n" + step("a", "agenda", tags="['x']") + CLOSE,
            "my-review.toml: steps[0].tags: only a step of kind 'notes' has tags",
        ),
        (
            "name = 'x'\n" + "".join(step(f"s{i}", "notes") for i in range(9)) + CLOSE,
            "my-review.toml: steps: has 10 steps; at most 9 fit the F2–F10 keys",
        ),
        (
            "name = 'x'\n" + step("a", "notes") + step("a", "worked") + CLOSE,
            "my-review.toml: steps[1].key: 'a' is used by an earlier step",
        ),
        (
            "name = 'x'\n" + step("a", "agenda") + step("b", "agenda") + CLOSE,
            "my-review.toml: steps[1].kind: only one step may be of kind 'agenda'",
        ),
        (
            "name = 'x'\n" + CLOSE + step("again", "close"),
            "my-review.toml: steps[1].kind: only one step may be of kind 'close'",
        ),
        ("name = 'x'\n" + step("a", "notes"), "my-review.toml: steps: a template needs one step of kind 'close'"),
    ],
)
def test_each_refusal_names_the_file_and_the_field(tmp_path: Path, text: str | bytes, message: str) -> None:
    assert refusal(tmp_path, text) == message


def test_a_refusal_carries_its_parts(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as refused:
        load_template(write(tmp_path, "my-review.toml", "name = 'x'\n" + step("a", "note") + CLOSE))
    error = refused.value
    assert (error.file_name, error.field_path) == ("my-review.toml", "steps[0].kind")
    assert error.problem.startswith("'note' is not one of")


@pytest.mark.parametrize("name", ["My Review.toml", "review_2.toml", "-x.toml", "café.toml"])
def test_the_file_name_must_be_a_template_id(tmp_path: Path, name: str) -> None:
    stem = name.removesuffix(".toml")
    assert refusal(tmp_path, GOOD, name) == (
        f"{name}: id: {stem!r} is not a template id: name the file with lower-case letters, digits and '-'"
    )


def test_a_huge_file_and_an_unreadable_one_are_refused(tmp_path: Path) -> None:
    huge = GOOD + "#" * (templates.MAX_FILE_BYTES + 1)
    assert refusal(tmp_path, huge) == "my-review.toml: is larger than 256 KB; is it a template?"
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(TemplateError, match=r"^folder\.toml: could not be read: "):
        load_template(tmp_path / "folder.toml")


def test_new_steps_are_independent_copies() -> None:
    planning = load_catalogue(None).templates["planning"]
    first, second = planning.new_steps(), planning.new_steps()
    assert first == list(planning.steps) and first is not second
    first[3].tags.append("time")
    first[3].title = "Changed"
    first.pop()
    assert planning.steps[3].tags == ["numbers", "dates", "venue"]
    assert planning.steps[3].title == "Young people and dates" and len(planning.steps) == 9
    assert second[3].tags == list(planning.steps[3].tags) and second[3].tags is not planning.steps[3].tags


# --- the catalogue ---------------------------------------------------------------------------------


def test_a_broken_user_file_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    folder = user_templates_dir(tmp_path)
    write(folder, "broken.toml", "name = 'x'\n" + step("a", "note") + CLOSE)
    write(folder, "zzz-ours.toml", GOOD)
    write(folder, "aaa-ours.toml", GOOD)
    write(folder, "notes.txt", "not a template")
    write(folder, ".#lock.toml", "editor lock file")
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.templates) == [*BUILTIN_ORDER, "aaa-ours", "zzz-ours"]
    assert [str(p) for p in catalogue.problems] == [f"broken.toml: steps[0].kind: 'note' is not one of: {KINDS}"]
    assert not catalogue.get("zzz-ours").builtin and catalogue.get("planning").builtin
    assert catalogue.get("nothing") is None


def test_a_user_file_replaces_the_built_in_of_the_same_id_in_its_place(tmp_path: Path) -> None:
    path = write(user_templates_dir(tmp_path), "partnership-review.toml", GOOD)
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.templates) == list(BUILTIN_ORDER) and not catalogue.problems
    assert catalogue.default.name == "My review" and catalogue.default.source == path
    assert not catalogue.default.builtin


def test_a_broken_user_replacement_leaves_the_built_in(tmp_path: Path) -> None:
    write(user_templates_dir(tmp_path), "planning.toml", "name = ")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.templates["planning"].builtin and len(catalogue.problems) == 1


def test_no_user_folder_means_no_user_templates(tmp_path: Path) -> None:
    catalogue = load_catalogue(tmp_path / "never-made")
    assert list(catalogue.templates) == list(BUILTIN_ORDER) and not catalogue.problems


def test_a_templates_path_that_is_not_a_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "templates", "a file, not a folder")
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.templates) == list(BUILTIN_ORDER)
    assert [p.file_name for p in catalogue.problems] == [str(tmp_path / "templates")]
    assert "could not be read" in str(catalogue.problems[0])


def fake_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **files: str) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir(parents=True)
    for name, text in files.items():
        write(shipped, f"{name}.toml", text)
    monkeypatch.setattr(templates, "builtin_templates_dir", lambda: shipped)


def test_a_missing_built_in_default_is_a_broken_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_install(tmp_path, monkeypatch, planning=GOOD)
    write(user_templates_dir(tmp_path), "partnership-review.toml", GOOD)  # cannot stand in for the install
    with pytest.raises(TemplateError, match="the built-in template is missing; reinstall Facilitator"):
        load_catalogue(tmp_path)


def test_a_broken_built_in_default_is_raised_other_broken_built_ins_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_install(tmp_path, monkeypatch, **{"partnership-review": "name = ", "planning": GOOD})
    with pytest.raises(TemplateError, match=r"^partnership-review\.toml: not valid TOML"):
        load_catalogue(None)
    fake_install(tmp_path / "again", monkeypatch, **{"partnership-review": GOOD, "planning": "name = "})
    catalogue = load_catalogue(None)
    assert list(catalogue.templates) == ["partnership-review"] and len(catalogue.problems) == 1


def test_the_config_folder_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "mine"))
    assert config_dir() == tmp_path / "mine"
    monkeypatch.setenv(CONFIG_ENV, "  ")
    assert config_dir() == tmp_path / "home" / "config" / "facilitator"  # XDG_CONFIG_HOME, set by conftest


# --- nothing but TemplateError escapes ------------------------------------------------------------


def toml_value(value: Any) -> str:
    """Enough of a TOML writer for the fuzz test (tomli_w is not a dependency)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}" for k, v in value.items()) + "}"


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
KEYS = (
    st.sampled_from(["name", "description", "benefits", "steps", "key", "kind", "title", "prompt", "time_box", "tags"])
    | TEXT
)
KIND_WORDS = st.sampled_from([kind.value for kind in StepKind]) | TEXT
SCALARS = st.booleans() | st.integers(-(10**6), 10**6) | st.floats() | TEXT | KIND_WORDS
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=10
)
STEP_TABLES = st.dictionaries(KEYS, VALUES, max_size=7)


@st.composite
def toml_documents(draw: st.DrawFn) -> str:
    top = draw(st.dictionaries(KEYS, VALUES, max_size=4))
    lines = [f"{json.dumps(key, ensure_ascii=False)} = {toml_value(value)}" for key, value in top.items()]
    if "steps" not in top:
        for table in draw(st.lists(STEP_TABLES, max_size=10)):
            lines.append("[[steps]]")
            lines += [f"{json.dumps(key, ensure_ascii=False)} = {toml_value(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"


def only_template_errors(content: str | bytes, name: str = "fuzz.toml") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), name, content)
        try:
            template = load_template(path)
        except TemplateError as error:
            assert str(error).startswith(f"{name}: ")
        else:
            assert [s.kind for s in template.steps].count(StepKind.CLOSE) == 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(toml_documents())
def test_any_toml_document_loads_or_is_refused_with_a_template_error(document: str) -> None:
    only_template_errors(document)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_load_or_are_refused_with_a_template_error(content: bytes) -> None:
    only_template_errors(content)


# Lines of a good file and a few more, in any order and number: near-misses of real templates.
LINES = [*GOOD.splitlines(keepends=True), "[[steps]]\n", "tags = 'x'\n", "time_box = 9\n", "key = 'b'\n", "]\n"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30))
def test_shuffled_lines_of_a_good_file_load_or_are_refused_with_a_template_error(lines: list[str]) -> None:
    only_template_errors("".join(lines))


def test_the_example_in_the_docs_is_a_template_that_loads(tmp_path: Path) -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "templates.md").read_text(encoding="utf-8")
    example = docs.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "stand-up.toml"
    path.write_text(example, encoding="utf-8")
    template = load_template(path)
    assert template.name == "Project stand-up"
    assert [step.kind.value for step in template.steps] == ["notes", "actions", "close"]
