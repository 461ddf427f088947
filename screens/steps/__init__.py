"""One pane per step of the live meeting: agenda, what worked, conflicts, next actions, close."""
