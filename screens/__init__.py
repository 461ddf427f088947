"""The Textual interface: screens and their widgets. Imports the core, never the reverse."""
