"""Where the shipped data files (templates, demo meetings) are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The data folder: inside the installed package, or at the top of a source checkout."""
    for candidate in (_HERE / "data", _HERE.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"Facilitator's data folder is missing (looked in {_HERE / 'data'} and {_HERE.parent / 'data'}); "
        "reinstall the package"
    )


def demo_files() -> list[Path]:
    """The demo meetings, oldest first (file names start with their date)."""
    return sorted((data_dir() / "demo").glob("*.json"))
