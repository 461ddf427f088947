"""Printing the web-page minutes to PDF, as a user does from a browser: headless Chromium prints, pdftotext reads.

Each printed page must carry the protective marking (and DRAFT) as its first and its last line,
with the minutes between, and nothing of the minutes may be lost off a page's edge. Skipped,
saying why, where Chromium or poppler-utils is missing (``.ci/run`` installs both with apt-get).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from facilitator.exporters.html import render_html
from facilitator.meeting_files import demo_meetings
from facilitator.model import Action, Meeting
from tests.conftest import review_meeting

CHROMIUM = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)
PDFTOTEXT, PDFINFO = shutil.which("pdftotext"), shutil.which("pdfinfo")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and PDFTOTEXT and PDFINFO),
    reason="printing to PDF needs headless Chromium (Debian: chromium) and poppler-utils (pdftotext, pdfinfo); "
    ".ci/run installs them with apt-get where it can",
)


def print_to_pdf(meeting: Meeting, folder: Path, history: list[Meeting] | None = None) -> Path:
    page, pdf = folder / "minutes.html", folder / "minutes.pdf"
    page.write_text(render_html(meeting, history or []), encoding="utf-8")
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={folder / 'chromium-profile'}",
        "--no-pdf-header-footer",  # the browser's own date and URL lines: a user unticks them when printing
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=180, check=True)
    return pdf


def page_count(pdf: Path) -> int:
    assert PDFINFO is not None
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def pages_text(pdf: Path) -> list[list[str]]:
    """Each page's non-blank lines, as pdftotext lays them out (pages end with a form feed)."""
    assert PDFTOTEXT is not None
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


def words(text: str) -> str:
    return " ".join(text.split())


def test_every_printed_page_is_marked_top_and_bottom_and_nothing_is_lost(tmp_path: Path) -> None:
    meetings = demo_meetings()
    meeting = max(meetings, key=lambda m: m.date)
    meeting.marking = "OFFICIAL-SENSITIVE"  # type: ignore[attr-defined]  # Meeting.marking comes with circulation
    for number in range(40):  # a long action table, to run over several pages
        meeting.actions.append(Action(f"Follow-up task {number:02d} for the partnership board", "Paul Howard"))
    pdf = print_to_pdf(meeting, tmp_path, meetings)
    pages = pages_text(pdf)
    assert page_count(pdf) == len(pages) >= 3
    for number, lines in enumerate(pages, 1):
        assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE · DRAFT", f"page {number}: {lines[:2]} … {lines[-2:]}"
        assert len(lines) > 2, f"page {number} holds nothing but the marking"
    printed = words(" ".join(line for lines in pages for line in lines[1:-1]))
    added = [action.text for action in meeting.actions if action.text.startswith("Follow-up task")]
    for text in added:  # every row of the table, none lost at a page's edge (each fits one line of its cell)
        assert text in printed, text
    assert "Minutes: Youth Resource Centre & Youth Offending Team" in printed


def test_a_short_meeting_prints_on_one_or_two_pages_and_approved_minutes_unmarked(tmp_path: Path) -> None:
    meeting = review_meeting(approved_in="later-meeting", date=dt.date(2026, 11, 16))
    pdf = print_to_pdf(meeting, tmp_path)
    pages = pages_text(pdf)
    assert page_count(pdf) == len(pages) in (1, 2)
    # The title first, no marking above it; it may wrap where the only fonts are wide ones (DejaVu).
    assert pages[0][0].startswith("Minutes: ")
    assert words(" ".join(pages[0][:2])).startswith("Minutes: Youth Resource Centre & Youth Offending Team")
    assert not any("DRAFT" in line for lines in pages for line in lines)
