"""User text is neutralised before it reaches a terminal or an export."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.text import clean_block, clean_line, display_width, md_inline

MD = MarkdownIt("commonmark").enable("table")

ORDINARY = [
    "Café with Zoë – naïve résumé, 50% off (maybe)!",
    "Paul's group met at 5.30 and stayed until 7; it went well.",
    "Great session 🎉 👩‍👩‍👧 👍🏽",
    "日本語のメモ, עברית, العربية",
    "Youth Resource Centre & Youth Offending Team: a/b? yes.",
]

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]


def is_unsafe(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F or char in BIDI or 0xD800 <= code <= 0xDFFF


# --- clean_line -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
        ("\x1b]0;new title\x07after", "␛]0;new title␇after"),
        ("\x9b2J", "\ufffd2J"),
        ("before\x85after", "before\ufffdafter"),
        ("nul\x00byte", "nul␀byte"),
        ("rub\x7fout", "rub␡out"),
        ("back\x08space", "back␈space"),
        ("done\roverwritten", "done overwritten"),
        ("two\r\nlines\nthree", "two lines three"),
        ("tab\there", "tab here"),
        ("  lots   of \t\n space  ", "lots of space"),
        ("evil\u202eexe.txt", "evilexe.txt"),
        ("\u2066isolated\u2069 \u200emarked\u200f", "isolated marked"),
        ("line\u2028separator", "line separator"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ],
)
def test_clean_line_neutralises_controls(raw: str, shown: str) -> None:
    assert clean_line(raw) == shown


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert clean_line(text) == text
    assert clean_block(text) == text


def test_a_single_no_break_space_is_kept() -> None:
    assert clean_line("10\u00a0km") == "10\u00a0km"


def test_cleaned_text_can_always_be_written_as_utf8() -> None:
    clean_line("x\udcff y").encode("utf-8")
    clean_block("x\ud83d\ny").encode("utf-8")


@given(st.text())
def test_clean_line_never_lets_a_control_through(text: str) -> None:
    cleaned = clean_line(text)
    assert not any(is_unsafe(char) for char in cleaned)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned


# --- clean_block ----------------------------------------------------------------------------


def test_clean_block_keeps_line_breaks_and_normalises_them() -> None:
    assert clean_block("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"


def test_clean_block_tidies_each_line() -> None:
    assert clean_block("\n\n  first   line \t\n\n\n\n second\x1b[2J  \n\n") == "first line\n\nsecond␛[2J"


def test_clean_block_neutralises_like_clean_line() -> None:
    assert clean_block("a\x1b[1mb\u202ec\x9bd\te") == "a␛[1mbc\ufffdd e"


@given(st.text())
def test_clean_block_never_lets_a_control_through(text: str) -> None:
    cleaned = clean_block(text)
    assert not any(is_unsafe(char) for char in cleaned if char != "\n")
    assert "\n\n\n" not in cleaned
    assert all(line == line.strip() for line in cleaned.split("\n"))


# --- md_inline ------------------------------------------------------------------------------


def inline_children(markdown: str) -> list:
    """The inline tokens of a document that must be exactly one paragraph."""
    tokens = MD.parse(markdown)
    assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"], markdown
    return tokens[1].children or []


def rendered_text(markdown: str) -> str:
    """What a reader sees, asserting that Markdown made nothing but plain text of it."""
    children = inline_children(markdown)
    assert {child.type for child in children} <= {"text", "text_special"}, markdown
    return "".join(child.content for child in children)


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "## nor this",
        "- not a list",
        "+ nor this",
        "* nor this",
        "1. not numbered",
        "12) nor this",
        "> not a quote",
        "---",
        "***",
        "___",
        "===",
        "```python",
        "~~~",
        "<script>alert(1)</script>",
        "<https://example.com>",
        "[a link](https://example.com)",
        "![an image](x.png)",
        "[ref]: https://example.com",
        "*em* _em_ **strong** __strong__",
        "`code`",
        "~~struck~~",
        "&amp; &copy; &#169; &#x41;",
        "back\\slash\\",
        "a | b | c",
        "| # *x*",
    ],
)
def test_md_inline_builds_no_structure(text: str) -> None:
    assert rendered_text(md_inline(text)) == text


@pytest.mark.parametrize("text", [*ORDINARY, "Session at 5.30 - ran over", "Use 1.5 hours, not 2", "+44 20 7946 0000"])
def test_md_inline_leaves_ordinary_text_readable(text: str) -> None:
    escaped = md_inline(text)
    assert rendered_text(escaped) == text
    # Only a leading '-' or '+' needs a backslash in these; nothing inside the line does.
    assert escaped.lstrip("\\") == text


def test_md_inline_keeps_a_plain_ampersand_as_it_is() -> None:
    assert md_inline("Centre & Team") == "Centre & Team"


def test_md_inline_cannot_make_a_table_cell_or_heading() -> None:
    cell = md_inline("| # *x*")
    tokens = MD.parse(f"| Who | What |\n| --- | --- |\n| Paul | {cell} |\n")
    assert sum(token.type == "th_open" for token in tokens) == 2
    assert sum(token.type == "td_open" for token in tokens) == 2
    cells = [token for token in tokens if token.type == "inline"]
    assert [token.content for token in cells][:3] == ["Who", "What", "Paul"]
    body = cells[3]
    assert body.children is not None
    assert {child.type for child in body.children} <= {"text", "text_special"}
    assert "".join(child.content for child in body.children) == "| # *x*"
    assert not any(token.type.startswith("heading") for token in MD.parse(md_inline("# *x*")))


def test_md_inline_is_one_line() -> None:
    assert md_inline("first\nsecond\r\n# third") == "first second \\# third"
    assert rendered_text(md_inline("first\n---")) == "first ---"


def test_md_inline_neutralises_controls() -> None:
    escaped = md_inline("\x1b[2J*loud*\u202e")
    assert escaped == "␛\\[2J\\*loud\\*"
    assert rendered_text(escaped) == "␛[2J*loud*"


@given(st.text(alphabet=st.sampled_from(list("ab1 .)-+=#>*_`[]()<>!|\\&;:x~/\t\n\x1b\u202e")), max_size=40))
def test_md_inline_renders_back_to_the_cleaned_text(text: str) -> None:
    cleaned = clean_line(text)
    if not cleaned:
        assert md_inline(text) == ""
        return
    assert rendered_text(md_inline(text)) == cleaned


@given(st.text(alphabet=st.sampled_from(list("ab1 .)-+=#>*_`[]<>!|\\&;x~")), min_size=1, max_size=30))
def test_md_inline_stays_inside_a_list_item(text: str) -> None:
    cleaned = clean_line(text)
    tokens = MD.parse(f"- {md_inline(text)}\n- next\n")
    assert sum(token.type == "list_item_open" for token in tokens) == 2
    assert not any(token.type.startswith(("heading", "blockquote", "fence", "code_block", "hr")) for token in tokens)
    inline = [token for token in tokens if token.type == "inline"]
    if cleaned:
        assert "".join(child.content for child in inline[0].children or []) == cleaned


# --- display_width --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("Zoë", 3), ("Zoe\u0308", 3), ("日本", 4), ("🎉", 2), ("", 0)],
)
def test_display_width_counts_terminal_columns(text: str, width: int) -> None:
    assert display_width(text) == width


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Pa\u200bul", "Paul"),  # zero-width space
        ("\ufeffDenise", "Denise"),  # a byte order mark pasted inside text
        ("a\u2060b\u2061c\u2062d\u2063e\u2064f", "abcdef"),  # word joiner, invisible operators
        ("x\u180ey", "xy"),  # Mongolian vowel separator
        ("\u200dPaul\u200c", "Paul"),  # joiners at the ends hide nothing useful
        ("Paul \u200d Howard", "Paul Howard"),  # nor beside a space
        ("secret\U000e0041\U000e0042", "secret"),  # tag characters smuggling ASCII
        ("\U000e0001en", "en"),  # the language tag
    ],
)
def test_invisible_characters_are_removed(raw: str, shown: str) -> None:
    assert clean_line(raw) == shown
    assert clean_block(raw) == shown


@pytest.mark.parametrize(
    "text",
    [
        "👩\u200d👩\u200d👧",  # a family emoji: joiners between visible characters
        "می\u200cخواهم",  # Persian: a zero-width non-joiner inside a word
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # the flag of Scotland
    ],
)
def test_joiners_and_flags_that_shape_text_are_kept(text: str) -> None:
    assert clean_line(text) == text
