"""``facilitator templates``: the templates a meeting can start from, and the broken files skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import templates
from facilitator.cli import main
from facilitator.templates import BUILTIN_ORDER

ROOT = Path(__file__).resolve().parent.parent

MINE = """\
name = "Youth forum"

[[steps]]
key = "close"
kind = "close"
title = "Close"
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder of the test's own: the real one is never read."""
    folder = tmp_path / "config"
    monkeypatch.setenv("FACILITATOR_CONFIG", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add_template(config: Path, name: str, text: str) -> Path:
    path = config / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_lists_the_four_built_ins_and_where_to_add_your_own(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "templates")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 5, "only the table goes to stdout: the advice is on stderr"
    assert lines[0].split() == ["ID", "Name", "Steps", "Source"]
    assert [line.split()[0] for line in lines[1:5]] == list(BUILTIN_ORDER)
    assert lines[1].split() == ["partnership-review", "Partnership", "review", "6", "built", "in"]
    assert "Partnership agreement" in lines[3] and " 9 " in lines[3]
    assert f"Add your own in {config / 'templates'}" in err


def test_a_user_template_shows_with_its_file(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = add_template(config, "youth-forum.toml", MINE)
    code, out, _ = run(capsys, "templates")
    row = next(line for line in out.splitlines() if line.startswith("youth-forum"))
    assert code == 0 and "Youth forum" in row and row.endswith(str(path))


def test_a_broken_file_is_named_on_stderr_and_exits_1(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_template(config, "youth-forum.toml", MINE)
    add_template(config, "broken.toml", MINE.replace('kind = "close"', 'kind = "closing"'))
    code, out, err = run(capsys, "templates")
    assert code == 1
    assert [line for line in err.splitlines() if line.startswith("facilitator:")] == [
        "facilitator: template skipped: broken.toml: steps[0].kind: 'closing' is not one of: "
        "agenda, worked, notes, conflicts, decisions, actions, close, contributions, risks"
    ]
    listed = [line.split()[0] for line in out.splitlines()[1:] if line.strip()]
    assert listed[:5] == [*BUILTIN_ORDER, "youth-forum"] and "broken" not in listed


def test_json_lists_every_template_with_its_steps(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = add_template(config, "youth-forum.toml", MINE)
    code, out, err = run(capsys, "templates", "--json")
    assert code == 0 and err == ""
    listed = json.loads(out)
    assert [t["id"] for t in listed] == [*BUILTIN_ORDER, "youth-forum"]
    review = listed[0]
    assert set(review) == {"id", "name", "description", "builtin", "source", "steps", "benefits"}
    assert review["builtin"] is True and len(review["benefits"]) == 6
    assert review["steps"][0] == {
        "key": "agenda",
        "kind": "agenda",
        "title": "Agenda",
        "prompt": "What will we cover, and for how long? Mark the item you are on.",
        "time_box": 5,
        "tags": [],
    }
    planning = listed[1]
    assert planning["steps"][2]["kind"] == "contributions" and planning["steps"][3]["tags"] == [
        "numbers",
        "dates",
        "venue",
    ]
    assert listed[-1]["builtin"] is False and listed[-1]["source"] == str(path) and listed[-1]["benefits"] == []


def test_json_with_a_broken_file_still_parses_and_exits_1(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_template(config, "broken.toml", "name = ")
    code, out, err = run(capsys, "templates", "--json")
    assert code == 1 and len(json.loads(out)) == 4
    assert err.startswith("facilitator: template skipped: broken.toml: not valid TOML: ")


def test_a_broken_install_is_one_line_and_exit_1(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(templates, "builtin_templates_dir", lambda: tmp_path / "nothing-shipped")
    code, out, err = run(capsys, "templates")
    assert (code, out) == (1, "")
    assert err == "facilitator: partnership-review.toml: the built-in template is missing; reinstall Facilitator\n"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["templates", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "built in and your own" in out and "--json" in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "templates" in capsys.readouterr().out


def test_templates_does_not_import_textual(config: Path) -> None:
    probe = (
        "import sys; from facilitator.cli import main; main(['templates']); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    env = {**os.environ, "FACILITATOR_CONFIG": str(config)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
