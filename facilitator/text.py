"""Make user text safe to show: in the terminal, in Markdown minutes and in plain-text exports.

Minutes about youth work get pasted in from anywhere: e-mails, case-management systems, chat
apps, Word documents. Whatever came with the text (a terminal escape sequence, a carriage
return that overwrites a line, a right-to-left override that shows words out of order, a
Markdown ``#`` or ``|`` that turns a note into a heading or a table cell) must never reach a
terminal or an export raw. Every renderer passes every piece of user text through here.

What happens to each kind of character:

* C0 controls (U+0000-U+001F) and DEL become their visible Unicode control pictures
  (ESC shows as ␛, NUL as ␀, DEL as ␡), so a person can see that something odd was pasted.
  Tab, line feed and carriage return are spacing, not mischief: they become a space
  (``clean_line``) or a line break (``clean_block``). U+2028/U+2029 (line and paragraph
  separator) count as line breaks too.
* C1 controls (U+0080-U+009F, including the one-byte CSI U+009B) become U+FFFD.
* Bidirectional formatting characters (embeddings and overrides U+202A-U+202E, isolates
  U+2066-U+2069, the marks U+200E, U+200F and U+061C) are *removed*. Their only danger is
  to make text display in an order other than the order it was written in; without them
  the words show in their real order, and right-to-left scripts still display correctly
  because their direction comes from the letters themselves. Replacing them with U+FFFD
  would litter names pasted from right-to-left documents, where the marks are common.
* Invisible characters that only hide or smuggle text are *removed*: the zero-width space
  (U+200B), the word joiner and invisible operators (U+2060-U+2064), the byte order mark
  inside text (U+FEFF), the Mongolian vowel separator (U+180E) and the tag characters
  (U+E0000-U+E007F) other than in a flag emoji's tag sequence. The zero-width joiner and
  non-joiner (U+200D, U+200C) are kept between two visible characters, where they shape
  emoji and Persian words, and removed anywhere else (alone, at the ends, beside a space).
* Lone surrogates (which ``json.loads`` can produce from ``"\\ud800"``) become U+FFFD, so
  writing the text out can never fail with an encoding error.

Everything else, accented letters, emoji and other scripts included, is left alone.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_SEPARATORS = (0x2028, 0x2029)
_INVISIBLE = (0x180E, 0x200B, *range(0x2060, 0x2065), 0xFEFF)
# A joiner with a visible character on each side shapes the text; anywhere else it only hides.
_STRAY_JOINER = re.compile(r"(?<!\S)[\u200c\u200d]+|[\u200c\u200d]+(?!\S)")
# Tag characters belong only in a flag's tag sequence: the black flag, tags, then the cancel tag.
_TAG_RUN = re.compile(r"\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F|([\U000E0000-\U000E007F]+)")


def _table(line_break: str) -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
    table[0x7F] = "\u2421"
    table.update({code: "\ufffd" for code in range(0x80, 0xA0)})
    table.update({code: "\ufffd" for code in range(0xD800, 0xE000)})
    table.update({code: "" for code in (*_BIDI, *_INVISIBLE)})
    table[0x09] = " "
    for code in (0x0A, 0x0D, *_SEPARATORS):
        table[code] = line_break
    return table


_LINE = _table(" ")
_BLOCK = _table("\n")


def _neutral(text: str, table: dict[int, str]) -> str:
    translated = _STRAY_JOINER.sub("", text.translate(table))
    return _TAG_RUN.sub(_flag_or_nothing, translated)


def _flag_or_nothing(match: re.Match[str]) -> str:
    return "" if match.group(1) else match.group(0)


_SPACE_RUN = re.compile(r"\s{2,}")  # a single space stays as it is (a no-break space included)
_LINE_SPACE_RUN = re.compile(r"[^\S\n]{2,}")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_line(text: str) -> str:
    """Text for one line (a heading, a table cell, a list item): no controls, no line breaks."""
    return _SPACE_RUN.sub(" ", _neutral(text, _LINE)).strip()


# A line break where only one line can be shown (a box, a Markdown table cell): a visible mark,
# so two lines never silently run into one.
LINE_MARK = "⏎"


def clean_marked(text: str) -> str:
    """As ``clean_block``, its lines on one line with ``LINE_MARK`` between them."""
    return f" {LINE_MARK} ".join(line for line in clean_block(text).split("\n") if line)


def clean_block(text: str) -> str:
    """Text over several lines (a note): as ``clean_line``, but line breaks are kept as ``\\n``.

    CRLF and lone CR become ``\\n``; each line is tidied and stripped; more than one blank line
    in a row becomes one.
    """
    unified = _neutral(text.replace("\r\n", "\n"), _BLOCK)
    lines = [_LINE_SPACE_RUN.sub(" ", line).strip() for line in unified.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def clean_output(text: str) -> str:
    """Text already laid out for a terminal (a table, help, minutes): controls neutralised as in
    ``clean_line``, but its line breaks and runs of spaces kept, so columns stay aligned."""
    return _neutral(text.replace("\r\n", "\n"), _BLOCK)


# Characters that can start or end Markdown structure anywhere in a line. ``~`` is included
# because ``~~~`` opens a code block (and ``~~`` strikes text through on GitHub).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
# '&' only when it could start an entity ('&amp;', '&#169;'); 'Centre & Team' stays readable.
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# At the start of a line: list bullets, setext underlines ('---', '==='), ordered list numbers.
_MD_LEADING_MARK = re.compile(r"^[-+=]")
_MD_LEADING_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# A word a Markdown reader would make a link of by itself (GFM's autolinks, markdown-it's linkify):
# one with "://" or "mailto:", "www.", an e-mail address, or a host name ("example.org", "notes.md").
_MD_WORD = re.compile(r"\S+")
_MD_LINKISH = re.compile(r"://|mailto:|www\.|@|[\w-]\.[A-Za-z]{2,}", re.IGNORECASE)
# In such a word the marks that make it a link are escaped: it reads the same, but links nowhere.
_MD_LINK_MARK = re.compile(r"([.:@])")


def _no_autolink(word: re.Match[str]) -> str:
    text = word.group(0)
    return _MD_LINK_MARK.sub(r"\\\1", text) if _MD_LINKISH.search(text) else text


def md_inline(text: str) -> str:
    """User text for one line of Markdown, escaped so it reads as itself and builds no structure.

    Ordinary punctuation ('.', ',', "'", '!', '(', '-' inside a line) is left alone so the
    Markdown source stays readable; only in a web or e-mail address are '.', ':' and '@'
    escaped, so that no renderer turns it into a link (the minutes link nowhere).
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", clean_line(text))
    escaped = _MD_ENTITY.sub(r"\\&", escaped)
    escaped = _MD_WORD.sub(_no_autolink, escaped)
    escaped = _MD_LEADING_MARK.sub(lambda match: "\\" + match.group(0), escaped)
    return _MD_LEADING_NUMBER.sub(r"\1\\\2", escaped)


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK, most emoji) count two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width
