"""Exports: the minutes, the meeting's data and its actions, in formats for people and for other programs.

``formats`` is the exporter table (every format, its file endings, encoding and renderers);
``writer`` writes an export to a file; one module per format renders it (``spreadsheet``,
``ics``, ``action_list``; the minutes are ``facilitator.minutes``, the meeting's JSON
``facilitator.meeting_files``). This package imports nothing until a module of it is used.
"""
