"""Protective markings: the word a partnership prints at the top and bottom of its papers.

UK public bodies mark papers OFFICIAL or OFFICIAL-SENSITIVE; some organisations use a word of
their own ("RESTRICTED", "BOARD ONLY"). A marking is short and plain: it goes at the top and
bottom of every copy of the minutes, in a calendar's description and a spreadsheet's column,
so it must read the same everywhere and hold nothing a format could take for markup.
"""

from __future__ import annotations

import re
from typing import Any

from facilitator.checks import ValidationError, plain_text

OFFICIAL = "OFFICIAL"
OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
STANDARD = (OFFICIAL, OFFICIAL_SENSITIVE)  # the government classification, as set up offers it
MAX_MARKING = 40  # characters: one line at the top of a page, never a sentence

# Letters (any script), digits, spaces, and the joiners markings use ("OFFICIAL-SENSITIVE", "HR/LEGAL").
_PLAIN = re.compile(r"[^\W_]+(?:[ \-/&.][^\W_]+)*")


def check_marking(value: Any, name: str = "marking") -> str:
    """A marking as stored: '' for none, the standard ones spelled as the government spells them,
    an organisation's own word as typed (spaces tidied). Anything else is a ValidationError."""
    text = " ".join(plain_text(value, name).split())
    if not text or text.casefold() in {"none", "no marking"}:
        return ""
    for standard in STANDARD:
        if _squashed(text) == _squashed(standard):
            return standard  # 'official sensitive', 'Official-Sensitive': the one spelling
    if len(text) > MAX_MARKING:
        raise ValidationError(name, f"is {len(text)} characters long; a marking is at most {MAX_MARKING}")
    if not _PLAIN.fullmatch(text):
        raise ValidationError(name, "may hold only letters, digits, spaces and - / & . between words")
    return text


def _squashed(text: str) -> str:
    return re.sub(r"[\s\-_]+", "-", text.casefold())
