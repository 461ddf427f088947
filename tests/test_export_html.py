"""The minutes as a web page, read back with an HTML5 parser (html5lib, strict: a parse error fails).

The page must be one self-contained file (no script, nothing fetched, nothing linked), laid out
as the outline is (one h1, the outline's sections as h2), with real tables (header cells), DRAFT
until a later meeting approves the minutes, the protective marking at the top and the bottom,
and user text shown as itself, never as markup.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import html5lib
import pytest
from hypothesis import given, settings

from facilitator import minutes
from facilitator.cli import main
from facilitator.exporters.html import html_block, render_html
from facilitator.model import Action, Meeting, Note
from facilitator.outline import outline
from facilitator.text import clean_line, md_inline
from facilitator.tinydb_store import Store
from tests.conftest import review_meeting
from tests.strategies import meetings

HOSTILE = "<script>alert('x')</script> & [/b] [red]Tom & Jerry[/red] &amp; \"quoted\""
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "data", "background", "cite")


def parse(page: str) -> ET.Element:
    """The page as an element tree, by the HTML5 algorithm; any parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def data_tables(root: ET.Element) -> list[ET.Element]:
    return [table for table in root.iter("table") if table.get("role") != "presentation"]


def running(root: ET.Element) -> list[str]:
    return [text_of(div) for div in root.iter("div") if "running" in (div.get("class") or "").split()]


def assert_self_contained(root: ET.Element) -> None:
    assert not list(root.iter("script")) and not list(root.iter("iframe")) and not list(root.iter("img"))
    assert not list(root.iter("link")) and not list(root.iter("a")) and not list(root.iter("object"))
    for element in root.iter():
        for name in URL_ATTRIBUTES:
            assert element.get(name) is None, f"<{element.tag} {name}=…> fetches or links"
        assert not any(name.startswith("on") for name in element.attrib), f"<{element.tag}> has a handler"
    for style in root.iter("style"):
        assert "url(" not in (style.text or "") and "@import" not in (style.text or "")


def test_the_page_has_the_outlines_headings_and_real_tables() -> None:
    meeting = review_meeting()
    root = parse(render_html(meeting))
    assert root.get("lang") == "en-GB"
    assert [text_of(h) for h in root.iter("h1")] == ["Minutes: Youth Resource Centre & Youth Offending Team"]
    expected = [clean_line(s.title) for s in outline(meeting).sections if s.title]
    assert [text_of(h) for h in root.iter("h2")] == expected
    assert "Actions" in expected and "Next review" in expected
    for table in data_tables(root):  # every table a screen reader can read by its headers
        heads = table.findall("./thead/tr/th")
        assert heads and all(th.get("scope") == "col" for th in heads)
        assert all(len(tr.findall("td")) == len(heads) for tr in table.findall("./tbody/tr"))
    # the action table: each action with its owner and due date in cells under their headers
    actions = next(t for t in data_tables(root) if "Book the art room" in text_of(t))
    heads = [text_of(th) for th in actions.iter("th")]
    row = dict(zip(heads, (text_of(td) for td in actions.find("./tbody/tr").findall("td")), strict=True))
    assert row["What"] == "Book the art room for a closed session"
    assert row["Who"] == "Denise Godfrey" and row["Due"] == "4 Dec 2026"
    assert_self_contained(root)
    # the details and the people as labelled fields and lists
    pairs = [div for div in root.iter("div") if div.find("dt") is not None]
    fields = {text_of(div.find("dt")): text_of(div.find("dd")) for div in pairs}
    assert fields["Date"] == "Monday 16 November 2026" and fields["Chair"] == "Denise Godfrey"
    assert "Next review" in expected and "Monday 17 May 2027" in text_of(root)


def test_draft_until_a_later_meeting_approves_them_and_the_marking_top_and_bottom() -> None:
    draft = review_meeting()
    root = parse(render_html(draft))
    assert running(root) == ["DRAFT", "DRAFT"]
    assert text_of(root.find(".//p[@class='draft']")).startswith("DRAFT:")
    assert text_of(root.find(".//title")).endswith("(draft)")

    approved = review_meeting(approved_in="later-meeting")
    root = parse(render_html(approved))
    assert running(root) == [] and root.find(".//p[@class='draft']") is None
    assert "DRAFT" not in text_of(root) and "(draft)" not in text_of(root.find(".//title"))

    approved.marking = "OFFICIAL-SENSITIVE"  # type: ignore[attr-defined]  # Meeting.marking comes with circulation
    assert running(parse(render_html(approved))) == ["OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"]
    draft.marking = "OFFICIAL"  # type: ignore[attr-defined]
    assert running(parse(render_html(draft))) == ["OFFICIAL · DRAFT", "OFFICIAL · DRAFT"]


def test_the_print_stylesheet_repeats_the_marking_on_every_page() -> None:
    page = render_html(review_meeting())
    style = page[page.index("<style>") : page.index("</style>")]
    printed = style[style.index("@media print") :]
    assert ".running { position: fixed;" in printed  # a browser repeats a fixed element on each printed page
    assert ".running-top { top: 0; }" in printed and ".running-bottom { bottom: 0; }" in printed
    assert ".space { height: 11mm; }" in printed  # the frame's repeated rows keep the room it needs


def test_user_text_is_shown_as_itself_never_as_markup() -> None:
    meeting = review_meeting(
        partnership=HOSTILE,
        venue="Room <b>1</b>\nupstairs",
        actions=[Action(HOSTILE, "Tom <i>& Jerry</i>", dt.date(2026, 12, 4))],
        notes=[Note(HOSTILE, raised_by="Paul Howard")],
    )
    page = render_html(meeting)
    root = parse(page)
    assert_self_contained(root)
    assert not list(root.iter("b")) and not list(root.iter("i"))
    assert text_of(root.find(".//h1")) == " ".join(f"Minutes: {HOSTILE}".split())
    assert text_of(root.find(".//title")).startswith(" ".join(f"Minutes: {HOSTILE}".split()))
    cells = [text_of(td) for td in root.iter("td")]
    assert " ".join(HOSTILE.split()) in cells and "Tom <i>& Jerry</i>" in cells
    venue = next(dd for dd in root.iter("dd") if "upstairs" in text_of(dd))
    assert venue.find("br") is not None and text_of(venue) == "Room <b>1</b>upstairs"  # the line break kept
    assert "&amp;amp;" in page  # '&amp;' typed by a user stays those five characters


def test_characters_an_html_parser_reports_never_reach_the_page() -> None:
    """Unicode's noncharacters (U+FFFE, U+FDD0, U+10FFFF, …) are parse errors in HTML: each becomes U+FFFD."""
    odd = "a\ufffeb\uffffc\ufdd0d\U0010ffffe\x00f"
    root = parse(render_html(review_meeting(purpose=odd, partnership=odd)))  # strict: a parse error fails
    fields = {
        text_of(div.find("dt")): text_of(div.find("dd")) for div in root.iter("div") if div.find("dt") is not None
    }
    assert fields["Purpose"] == "a\ufffdb\ufffdc\ufffdd\ufffde␀f"


def test_a_kind_of_block_the_page_does_not_know_is_drawn_from_its_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The outline gains kinds of block (the merge of other work): one the page does not draw itself
    still reaches it, through the Markdown renderer and markdown-it, with raw HTML off."""

    @dataclass(frozen=True)
    class Quote:
        text: str

    known = minutes._md_block

    def with_quote(block: object) -> str:
        return f"> {md_inline(block.text)}" if isinstance(block, Quote) else known(block)  # type: ignore[arg-type]

    monkeypatch.setattr(minutes, "_md_block", with_quote)
    drawn = html_block(Quote("said <script>x</script> & done"))  # type: ignore[arg-type]
    root = parse(f"<!DOCTYPE html><title>t</title>{drawn}")
    assert text_of(root.find(".//blockquote")) == "said <script>x</script> & done"
    assert not list(root.iter("script"))


@settings(max_examples=int(os.environ.get("FACILITATOR_FUZZ_EXAMPLES", "30")), deadline=None)
@given(meetings())
def test_any_meeting_makes_a_valid_self_contained_page_with_its_sections(meeting: Meeting) -> None:
    root = parse(render_html(meeting))
    assert_self_contained(root)
    assert len(list(root.iter("h1"))) == 1
    assert [text_of(h) for h in root.iter("h2")] == [
        " ".join(clean_line(s.title).split()) for s in outline(meeting).sections if s.title
    ]
    assert running(root) == (["DRAFT", "DRAFT"] if meeting.is_draft else [])


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def stored(db_path: Path) -> Meeting:
    meeting = review_meeting()
    with Store(db_path) as store:
        store.save(meeting)
    return meeting


def test_export_writes_the_page_by_format_or_by_ending_privately_and_never_over_a_file(
    stored: Meeting, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(db_path)]
    by_format = tmp_path / "minutes.page"
    assert main(["export", stored.id[:8], "--format", "html", "-o", str(by_format), *db]) == 0
    assert "Wrote the minutes of 2026-11-16" in capsys.readouterr().err
    by_ending = tmp_path / "minutes.HTML"
    assert main(["export", stored.id[:8], "-o", str(by_ending), *db]) == 0
    assert by_ending.read_bytes() == by_format.read_bytes()
    assert stat.S_IMODE(os.stat(by_ending).st_mode) == 0o600
    parse(by_ending.read_text(encoding="utf-8"))

    by_ending.write_text("my own page")
    assert main(["export", stored.id[:8], "-o", str(by_ending), *db]) == 1
    assert "already exists" in capsys.readouterr().err and by_ending.read_text() == "my own page"
    assert main(["export", stored.id[:8], "-o", str(by_ending), "--force", *db]) == 0
    assert by_ending.read_bytes() == by_format.read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]  # no temporary file left

    before = db_path.read_bytes()
    assert main(["export", stored.id[:8], "--format", "html", "-o", str(db_path), "--force", *db]) == 1
    assert "one of the minutes' own files" in capsys.readouterr().err and db_path.read_bytes() == before
