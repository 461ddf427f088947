"""The minutes as a Word document (.docx), for partners who edit and file minutes in Word.

Drawn from the same outline as the Markdown and the web page (``facilitator.outline``), with
Word's own headings (so the navigation pane and a screen reader find the sections), real tables
whose header row repeats on every page, and the protective marking (and DRAFT until approved)
in every page's header and footer. python-docx is an optional extra (``facilitator[word]``):
it is imported here, when a Word file is written, and never at start-up.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from facilitator.exporters.html import DRAFT, DRAFT_NOTE, marking_of, running_text, safe_block, safe_line, title_of
from facilitator.model import Meeting
from facilitator.outline import Block, Fields, Item, ItemList, Lead, Paragraph, Subheading, Table, Unsettled, outline

if TYPE_CHECKING:
    from facilitator.exporters.formats import MeetingExport

WORD_EXTRA = "pip install 'facilitator[word]'"


class WordMissing(ValueError):
    """python-docx is not installed: said to the user with how to get it (a ValueError: nothing to write)."""

    def __init__(self) -> None:
        super().__init__(f"Word files need the python-docx library: install it with {WORD_EXTRA}. Nothing was written.")


def _library() -> Any:
    try:
        import docx
    except ImportError:
        raise WordMissing() from None
    return docx


def render_docx(meeting: Meeting, history: Sequence[Meeting] = (), unsettled: Sequence[Unsettled] = ()) -> bytes:
    """The minutes as the bytes of a .docx file: the same minutes always give the same bytes."""
    docx = _library()
    document = docx.Document()
    _properties(document, meeting)
    _a4(document)
    _running(document, running_text(meeting))
    minutes = outline(meeting, history, unsettled)
    if meeting.is_draft:
        banner = document.add_paragraph()
        banner.add_run(DRAFT).bold = True
        banner.add_run(f": {DRAFT_NOTE}")
    document.add_heading(safe_line(minutes.title), level=1)
    for section in minutes.sections:
        if section.title is not None:
            document.add_heading(safe_line(section.title), level=2)
        for block in section.blocks:
            add_block(document, block)
    document.add_paragraph().add_run(safe_line(minutes.footer)).italic = True
    out = io.BytesIO()
    document.save(out)
    return _steady_zip(out.getvalue(), made_at(meeting))


def made_at(meeting: Meeting) -> dt.datetime:
    """When the minutes were made, as the file says it: the meeting's day and end (or start) time.

    Not the clock: the same minutes then give the same file, whenever they are written."""
    return dt.datetime.combine(meeting.date, meeting.end or meeting.start or dt.time())


def _steady_zip(data: bytes, when: dt.datetime) -> bytes:
    """The .docx (a zip) with every entry dated ``when`` rather than the moment it was written."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the earliest date a zip can hold
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            entry.date_time = stamp
            target.writestr(entry, source.read(entry.filename), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _properties(document: Any, meeting: Meeting) -> None:
    """The file's properties: its title, and nothing of python-docx's own defaults."""
    props = document.core_properties
    props.title = title_of(meeting)
    props.subject = safe_line(meeting.partnership)
    props.author = props.last_modified_by = ""
    props.comments = ""
    props.keywords = marking_of(meeting)
    props.created = props.modified = made_at(meeting)
    props.revision = 1


def _a4(document: Any) -> None:
    """A4 with 2 cm margins, as UK papers are printed (python-docx's own template is US Letter)."""
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)


def _running(document: Any, text: str) -> None:
    """The marking (and DRAFT) centred in the header and the footer of every page."""
    if not text:
        return
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for part in (document.sections[0].header, document.sections[0].footer):
        paragraph = part.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True


def add_block(document: Any, block: Block) -> None:
    """One block of the outline in Word; a kind it does not know yet is written as its plain text
    (``facilitator.minutes``), so a new kind of block is never lost from the document."""
    match block:
        case Paragraph(text, strong):
            _lines(document.add_paragraph(), text, bold=strong)
        case Fields(rows):
            for name, value in rows:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{safe_line(name)}: ").bold = True
                _lines(paragraph, value)
        case Lead(text):
            document.add_paragraph().add_run(safe_line(text)).bold = True
        case Subheading(text):
            document.add_heading(safe_line(text), level=3)
        case ItemList(items, numbered):
            for item in items:
                _item(document, item, "List Number" if numbered else "List Bullet")
        case Table(headers, rows):
            _table(document, headers, rows)
        case _:
            from facilitator import minutes

            _lines(document.add_paragraph(), minutes._text_block(block))


def _item(document: Any, item: Item, style: str) -> None:
    paragraph = document.add_paragraph(style=style)
    _lines(paragraph, item.text)
    if safe_block(item.detail):
        paragraph.add_run().add_break()
        _lines(paragraph, item.detail)


def _table(document: Any, headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(safe_line(header)).bold = True
    _repeat_as_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _lines(cell.paragraphs[0], text)
    document.add_paragraph()  # Word runs two tables in a row together


def _repeat_as_header(row: Any) -> None:
    """Mark a row as the table's header: Word repeats it on each page and reads it out as headers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _lines(paragraph: Any, text: str, *, bold: bool = False) -> None:
    """User text into a paragraph, cleaned (no control character reaches the XML), line breaks kept."""
    for number, line in enumerate(safe_block(text).split("\n")):
        run = paragraph.add_run()
        if number:
            run.add_break()
        run.add_text(line)
        if bold:
            run.bold = True


# --- the exporter table's renderer (facilitator.exporters.formats) ----------------------------


def docx_minutes(what: MeetingExport) -> bytes:
    return render_docx(what.meeting, what.history, what.unsettled)
