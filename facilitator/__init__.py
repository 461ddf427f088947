"""Facilitator: run a live partnership review meeting in the terminal and keep its minutes.

This package is the core (model, session, storage, rendering, command line). Only
``facilitator.app`` imports Textual; the interface itself lives in the ``screens`` package.
"""

__version__ = "0.1.0"
