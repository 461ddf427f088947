"""The minutes as a Word document, read back with python-docx; and without python-docx, a clear way to get it."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings

from facilitator import cli
from facilitator.cli import main
from facilitator.exporters.docx import WORD_EXTRA, render_docx
from facilitator.exporters.writer import write_meeting
from facilitator.model import Action, Meeting
from facilitator.outline import outline
from facilitator.text import clean_line
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting
from tests.strategies import meetings

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def headings(document: docx.document.Document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_the_word_minutes_have_word_headings_and_the_action_table() -> None:
    meeting = review_meeting()
    document = read(render_docx(meeting))
    assert headings(document, 1) == ["Minutes: Youth Resource Centre & Youth Offending Team"]
    assert headings(document, 2) == [clean_line(s.title) for s in outline(meeting).sections if s.title]
    table = next(t for t in document.tables if any("Book the art room" in c.text for c in t.columns[0].cells))
    head = table.rows[0]
    assert head._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page, read out as headers
    assert all(run.bold for cell in head.cells for run in cell.paragraphs[0].runs)
    row = dict(zip([c.text for c in head.cells], [c.text for c in table.rows[1].cells], strict=True))
    assert row["What"] == "Book the art room for a closed session"
    assert row["Who"] == "Denise Godfrey" and row["Due"] == "4 Dec 2026"
    title = "Minutes: Youth Resource Centre & Youth Offending Team, Monday 16 November 2026 (draft)"
    assert document.core_properties.title == title
    assert document.core_properties.author == "" and "python-docx" not in document.core_properties.comments
    assert document.core_properties.created.replace(tzinfo=None) == dt.datetime(
        2026, 11, 16, 15, 30
    )  # the meeting's, not the clock's
    assert render_docx(meeting) == render_docx(meeting)  # the same minutes, the same bytes


def test_draft_and_the_marking_in_every_pages_header_and_footer() -> None:
    draft = review_meeting()
    draft.marking = "OFFICIAL-SENSITIVE"  # type: ignore[attr-defined]  # Meeting.marking comes with circulation
    document = read(render_docx(draft))
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)  # A4, not US Letter
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE · DRAFT"
    assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE · DRAFT"
    assert document.paragraphs[0].text.startswith("DRAFT: ")

    approved = read(render_docx(review_meeting(approved_in="later")))
    assert approved.sections[0].header.paragraphs[0].text == ""
    assert not any("DRAFT" in p.text for p in approved.paragraphs)


def test_user_text_arrives_as_itself_lines_kept_controls_neutralised() -> None:
    hostile = "<script>x</script> & [/b]\x1b[31m\nsecond line"
    meeting = review_meeting(actions=[Action(hostile, "Tom & Jerry", dt.date(2026, 12, 4))])
    document = read(render_docx(meeting))
    cell = next(c for t in document.tables for c in t.columns[0].cells if "script" in c.text)
    assert cell.text == "<script>x</script> & [/b]␛[31m\nsecond line"  # a Word line break between the lines


@pytest.fixture
def stored(db_path: Path) -> Meeting:
    meeting = review_meeting()
    with Store(db_path) as store:
        store.save(meeting)
    return meeting


def test_export_docx_by_ending_and_never_to_a_terminal(
    stored: Meeting, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "minutes.docx"
    assert main(["export", stored.id[:8], "-o", str(target), "--db", str(db_path)]) == 0
    assert headings(read(target.read_bytes()), 1) == ["Minutes: Youth Resource Centre & Youth Offending Team"]
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)
    assert main(["export", stored.id[:8], "--format", "docx", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "writes a binary file: give -o FILE.docx" in err


def test_without_the_word_extra_the_command_and_the_writer_say_how_to_get_it(
    stored: Meeting, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed: importing it fails
    target = tmp_path / "minutes.docx"
    assert main(["export", stored.id[:8], "-o", str(target), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert WORD_EXTRA in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not target.exists()
    with pytest.raises(ValueError, match=r"pip install 'facilitator\[word\]'"):
        write_meeting(stored, target, now=NOW, db_path=db_path)
    assert not target.exists()


def test_start_up_imports_no_word_library() -> None:
    """The app's first screen and the command line never import python-docx (or lxml, which it brings)."""
    probe = (
        "import sys, screens.app, screens.minutes, screens.export_picker, facilitator.cli\n"
        "from facilitator.exporters.formats import app_formats\n"
        "[screens.export_picker.option_text(f) for f in app_formats()]\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml', 'html5lib')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


@settings(max_examples=int(os.environ.get("FACILITATOR_FUZZ_EXAMPLES", "25")), deadline=None)
@given(meetings())
def test_any_meeting_makes_a_word_file_with_its_sections(meeting: Meeting) -> None:
    document = read(render_docx(meeting))
    assert headings(document, 2) == [clean_line(s.title) for s in outline(meeting).sections if s.title]


def test_characters_xml_cannot_hold_never_stop_a_word_file() -> None:
    """XML 1.0 has no place for U+FFFE, U+FFFF or the C0 controls: each arrives as a visible stand-in."""
    odd = "a\ufffeb\uffffc\x00d\x1be\ud800f"
    document = read(render_docx(review_meeting(purpose=odd)))
    purpose = next(p.text for p in document.paragraphs if p.text.startswith("Purpose: "))
    assert purpose == "Purpose: a\ufffdb\ufffdc␀d␛e\ufffdf"
