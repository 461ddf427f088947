"""Meeting templates as data: TOML files that say which steps a meeting has, in what order.

Four templates ship in ``data/templates``; a user adds their own (or tailors a shipped one,
by giving their file the same name) in the ``templates`` folder of their config folder.

A template file comes from a person with a text editor, so reading one is a gate like
``facilitator import``: every refusal is a ``TemplateError`` naming the file and the field
(``my-review.toml: steps[2].kind: ...``), unknown keys are refused so that a typo cannot
pass silently, and no other exception may escape. One broken file never stops the others
loading (``load_catalogue`` collects it in ``problems``); only a broken built-in default
does, as the app cannot open a meeting without it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator import kinds
from facilitator.files import NotAFile, read_regular
from facilitator.model import MAX_TEXT, StepSpec, ValidationError, check_steps
from facilitator.resources import data_dir

DEFAULT_TEMPLATE = "partnership-review"
# The shipped ones, in the order people meet them; any other shipped file follows, by id.
BUILTIN_ORDER = ("partnership-review", "planning", "partnership-agreement", "after-action-review")
TEMPLATES_FOLDER = "templates"
# Far more than a nine-step template needs; keeps a stray huge file from slowing start-up.
MAX_FILE_BYTES = 256 * 1024

_TOP_KEYS = ("name", "description", "benefits", "steps")
_STEP_KEYS = ("key", "kind", "title", "prompt", "time_box", "tags")
# A step key is stored in meetings and notes; a template id is a file name and a CLI word.
_KEY = re.compile(r"[a-z][a-z0-9-]*")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class TemplateError(ValueError):
    """A template file that cannot be used; ``str()`` is '<file>: <field>: <problem>', for the user."""

    def __init__(self, file_name: str, field_path: str, problem: str) -> None:
        self.file_name = file_name
        self.field_path = field_path
        self.problem = problem
        where = f"{file_name}: {field_path}" if field_path else file_name
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Template:
    id: str  # the file name without .toml
    name: str  # shown to people
    description: str
    steps: tuple[StepSpec, ...]
    benefits: tuple[str, ...]  # the benefits checklist offered at close; may be empty
    source: Path
    builtin: bool

    def new_steps(self) -> list[StepSpec]:
        """Fresh copies for a new meeting, so that editing its steps never changes the template."""
        return [dataclasses.replace(step, tags=list(step.tags)) for step in self.steps]


@dataclass
class Catalogue:
    templates: dict[str, Template]  # built-ins first, in BUILTIN_ORDER; then the user's, by id
    problems: list[TemplateError]  # files skipped, to tell the user about

    def get(self, template_id: str) -> Template | None:
        return self.templates.get(template_id)

    @property
    def default(self) -> Template:
        return self.templates[DEFAULT_TEMPLATE]


def user_templates_dir(config_dir: Path) -> Path:
    return config_dir / TEMPLATES_FOLDER


def builtin_templates_dir() -> Path:
    return data_dir() / TEMPLATES_FOLDER


# --- one file ----------------------------------------------------------------------------


def load_template(path: Path, *, builtin: bool = False) -> Template:
    """Read and check one template file; any refusal is a TemplateError naming file and field."""
    name = path.name
    if not _ID.fullmatch(path.stem):
        raise TemplateError(
            name, "id", f"{path.stem!r} is not a template id: name the file with lower-case letters, digits and '-'"
        )
    data = _read_toml(path)
    try:
        return _template(data, path, builtin)
    except ValidationError as error:
        raise TemplateError(name, error.field_path, error.problem) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = read_regular(path, MAX_FILE_BYTES)  # a FIFO, device or folder is refused, never read
    except NotAFile as error:
        raise TemplateError(path.name, "", f"could not be read: it is {error.kind}, not a template file") from None
    except OSError as error:
        raise TemplateError(path.name, "", f"could not be read: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise TemplateError(path.name, "", f"is larger than {MAX_FILE_BYTES // 1024} KB; is it a template?")
    try:
        # utf-8-sig: Windows editors may start the file with a byte order mark, which TOML does not allow.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TemplateError(path.name, "", f"not valid TOML: not UTF-8 text (byte {error.start + 1})") from None
    try:
        return tomllib.loads(text)
    except ValueError as error:
        # TOMLDecodeError, or a ValueError of Python's own (an integer of 5,000 digits).
        raise TemplateError(path.name, "", f"not valid TOML: {error}") from None
    except RecursionError:
        raise TemplateError(path.name, "", "not valid TOML: nested too deeply") from None


def _template(data: dict[str, Any], path: Path, builtin: bool) -> Template:
    """Raises ValidationError, whose field path is relative to the top of the file."""
    _no_unknown_keys(data, _TOP_KEYS, "")
    if "name" not in data:
        raise ValidationError("name", "is missing; give the template a name people will see")
    # Checked in the order the fields appear in a file, so the first problem is reported first.
    name = _text(data["name"], "name", required=True)
    description = _text(data.get("description", ""), "description")
    benefits = _text_list(data.get("benefits", []), "benefits")
    steps = _steps(data.get("steps"))
    return Template(path.stem, name, description, tuple(steps), tuple(benefits), path, builtin)


def _steps(value: Any) -> list[StepSpec]:
    if value is None:
        raise ValidationError("steps", "is missing; a template lists its steps as [[steps]] tables")
    if not isinstance(value, list):
        raise ValidationError("steps", f"must be a list of tables, each starting [[steps]], not {_type_name(value)}")
    if not value:
        raise ValidationError("steps", "must list at least one step")
    for index, table in enumerate(value):
        if not isinstance(table, dict):
            raise ValidationError(f"steps[{index}]", f"must be a table of key, kind, title…, not {_type_name(table)}")
    steps = [_step(table, f"steps[{index}]") for index, table in enumerate(value)]
    check_steps(steps, "steps")  # at most nine, unique keys, one step per single kind, tags, one close step
    return steps


def _step(table: dict[str, Any], where: str) -> StepSpec:
    _no_unknown_keys(table, _STEP_KEYS, where)
    for required in ("key", "kind", "title"):
        if required not in table:
            raise ValidationError(f"{where}.{required}", "is missing")
    key, kind = table["key"], table["kind"]
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ValidationError(
            f"{where}.key", f"{_shown(key)} must be lower-case letters, digits and '-', starting with a letter"
        )
    if not kinds.is_kind(kind):
        raise ValidationError(f"{where}.kind", f"{_shown(kind)} is not one of: {', '.join(kinds.names())}")
    time_box = table.get("time_box", 0)
    if isinstance(time_box, bool) or not isinstance(time_box, int):
        raise ValidationError(f"{where}.time_box", f"must be a whole number of minutes, not {_shown(time_box)}")
    # Types are checked here, in TOML's words; StepSpec would also read a string of tags as its letters.
    title = _text(table["title"], f"{where}.title", required=True)
    prompt = _text(table.get("prompt", ""), f"{where}.prompt")
    tags = _text_list(table.get("tags", []), f"{where}.tags")
    try:
        return StepSpec(key=key, kind=kind, title=title, prompt=prompt, time_box=time_box, tags=tags)
    except ValidationError as error:
        raise error.within(where) from None


def _no_unknown_keys(table: dict[str, Any], allowed: Iterable[str], where: str) -> None:
    allowed = tuple(allowed)
    for key in table:
        if key not in allowed:
            shown = key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else repr(key)
            path = f"{where}.{shown}" if where else shown
            raise ValidationError(path, f"is not a template field; the fields are: {', '.join(allowed)}")


def _text(value: Any, where: str, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise ValidationError(where, f"must be text in quotes, not {_type_name(value)}")
    text = value.strip()
    if required and not text:
        raise ValidationError(where, "must not be empty")
    if len(text) > MAX_TEXT:
        raise ValidationError(where, f"is {len(text):,} characters long; the limit is {MAX_TEXT:,}")
    return text


def _text_list(value: Any, where: str) -> list[str]:
    """A list of non-empty, distinct texts (benefits, tags): a repeat would show twice for nothing."""
    if not isinstance(value, list):
        raise ValidationError(where, f'must be a list of texts, like ["one", "two"], not {_type_name(value)}')
    texts: list[str] = []
    for index, item in enumerate(value):
        text = _text(item, f"{where}[{index}]", required=True)
        if text.casefold() in (seen.casefold() for seen in texts):
            raise ValidationError(f"{where}[{index}]", f"{text!r} is listed twice")
        texts.append(text)
    return texts


def _shown(value: Any) -> str:
    """A value as a message quotes it: text in quotes and cut short, anything else by its type."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = repr(value)
        return text if len(text) <= 40 else text[:39] + "…"
    return _type_name(value)


def _type_name(value: Any) -> str:
    # TOML's words for what Python's tomllib hands back.
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}
    return names.get(type(value), f"a {type(value).__name__}")


# --- the catalogue -------------------------------------------------------------------------


def load_catalogue(config_dir: Path | None) -> Catalogue:
    """The shipped templates, then the user's; a user file replaces a shipped one of the same id.

    Never raises for a broken file (it goes into ``problems``), except when the shipped default
    itself is missing or broken: that is a broken install, and no meeting could start.
    """
    problems: list[TemplateError] = []
    templates = _load_folder(_builtin_files(), builtin=True, problems=problems)
    if DEFAULT_TEMPLATE not in templates:
        broken = next((p for p in problems if p.file_name == f"{DEFAULT_TEMPLATE}.toml"), None)
        if broken is not None:
            raise broken
        raise TemplateError(f"{DEFAULT_TEMPLATE}.toml", "", "the built-in template is missing; reinstall Facilitator")
    ordered = {key: templates.pop(key) for key in BUILTIN_ORDER if key in templates}
    ordered.update(sorted(templates.items()))
    if config_dir is not None:
        user = _load_folder(_user_files(user_templates_dir(config_dir), problems), builtin=False, problems=problems)
        # Replacing a value keeps its place, so a tailored review stays first in the list.
        ordered.update(user.items())
    return Catalogue(ordered, problems)


def builtin_default() -> Template:
    """The shipped partnership review: the steps of a meeting made without choosing a template."""
    return load_template(builtin_templates_dir() / f"{DEFAULT_TEMPLATE}.toml", builtin=True)


@functools.cache
def _review() -> Template:
    return builtin_default()


def review_steps() -> list[StepSpec]:
    """The partnership review's steps, as its shipped template file defines them (the one definition):
    a meeting made without steps (in code, or by an older caller) is given these."""
    return _review().new_steps()


def _load_folder(files: list[Path], *, builtin: bool, problems: list[TemplateError]) -> dict[str, Template]:
    loaded: dict[str, Template] = {}
    for path in files:
        try:
            template = load_template(path, builtin=builtin)
        except TemplateError as error:
            problems.append(error)
        else:
            loaded[template.id] = template
    return dict(sorted(loaded.items()))


def _builtin_files() -> list[Path]:
    try:
        folder = builtin_templates_dir()
    except FileNotFoundError:
        return []
    return sorted(folder.glob("*.toml"))


def _user_files(folder: Path, problems: list[TemplateError]) -> list[Path]:
    """The user's *.toml files; editors' hidden lock and backup files ('.#x.toml') are passed over."""
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        return []  # no folder: no templates of their own yet
    except OSError as error:
        problems.append(TemplateError(str(folder), "", f"could not be read: {error.strerror or error}"))
        return []
    return [path for path in entries if path.suffix == ".toml" and not path.name.startswith(".")]
