"""``python -m facilitator`` is the ``facilitator`` command."""

from facilitator.cli import main

raise SystemExit(main())
