"""Facilitator: run a live partnership review meeting in the terminal and keep its minutes.

This package is the core (model, session, storage, rendering, command line) and never imports
Textual; the interface, the app included (``screens.app``), lives in the ``screens`` package.
"""

__version__ = "0.1.0"
