"""Whether the meeting in progress is on disk, as its screen's bar says it.

The app holds one ``SaveState`` (a reactive, set from the autosaver's reports); the meeting
screen is bound to it and draws it. Kept apart from the screens so the app can declare the
reactive without importing the meeting screen before its first paint.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

SaveKind = Literal["saved", "unsaved", "failed"]


@dataclass(frozen=True)
class SaveState:
    kind: SaveKind = "saved"
    at: dt.datetime | None = None  # when the last save landed (None: on disk already when opened)
    error: str = ""  # why the last save failed

    @property
    def line(self) -> str:
        """The words in the bar."""
        if self.kind == "failed":
            return "NOT SAVED: retrying"
        if self.kind == "unsaved":
            return "Not saved yet"
        return f"Saved {self.at:%H:%M:%S}" if self.at is not None else "Saved"


NOT_SAVED_YET = SaveState("unsaved")  # a new meeting, before its first save
ON_DISK = SaveState("saved")  # a resumed meeting: on disk as it stands
