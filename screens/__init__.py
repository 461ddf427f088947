"""The Textual interface: screens and their widgets. Imports the core, never the reverse."""

from pathlib import Path

# Stylesheets (.tcss) live beside the screens and ship in the wheel with them.
SCREENS_DIR = Path(__file__).resolve().parent
