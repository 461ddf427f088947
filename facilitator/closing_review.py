"""What Finish looks back on before the meeting closes: the loose ends, each with the step to tie it.

Finish never refuses: the review lists what a coordinator would want settled while everyone
is still in the room (an action nobody owns or with no date, a conflict left open, no next
review, no summary, a health check not rated) and the facilitator finishes anyway or goes back.
A meeting with nothing to report closes at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.guidance import quote
from facilitator.model import Action, ConflictState, Meeting, StepKind, step_of_kind, steps_of

NAMED = 3  # how many of the actions or conflicts a finding names before "and N more"


@dataclass(frozen=True)
class Finding:
    key: str  # what kind of loose end ("actions-no-owner", …): stable, for tests and the screen
    message: str  # one line, counted, with the first few named
    step: str | None = None  # the key of the step where it is put right, when the meeting has one


def _named(texts: list[str]) -> str:
    shown = ", ".join(quote(text) for text in texts[:NAMED])
    more = len(texts) - NAMED
    return shown + (f" and {more} more" if more > 0 else "")


def _counted(count: int, noun: str) -> str:
    return f"1 {noun}" if count == 1 else f"{count} {noun}s"


def _open_actions(meeting: Meeting) -> list[Action]:
    """Actions agreed in this meeting and still to do: done or dropped ones need no owner or date."""
    return [action for action in meeting.actions if action.is_open]


def findings(meeting: Meeting) -> list[Finding]:
    """The loose ends of ``meeting``, in the order of its steps; [] when there is nothing to report."""
    actions_step = _step(meeting, StepKind.ACTIONS)
    conflicts_step = _step(meeting, StepKind.CONFLICTS)
    close_step = _step(meeting, StepKind.CLOSE)
    found: list[Finding] = []
    unowned = [action.text for action in _open_actions(meeting) if not action.owner]
    if unowned:
        found.append(
            Finding(
                "actions-no-owner", f"{_counted(len(unowned), 'action')} with no owner: {_named(unowned)}", actions_step
            )
        )
    undated = [action.text for action in _open_actions(meeting) if action.due is None and not action.due_text]
    if undated:
        found.append(
            Finding(
                "actions-no-date", f"{_counted(len(undated), 'action')} with no date: {_named(undated)}", actions_step
            )
        )
    open_conflicts = [conflict.issue for conflict in meeting.conflicts if conflict.state is ConflictState.OPEN]
    if open_conflicts:
        found.append(
            Finding(
                "open-conflicts",
                f"{_counted(len(open_conflicts), 'conflict')} still open: {_named(open_conflicts)}",
                conflicts_step,
            )
        )
    if meeting.next_review is None and not meeting.next_review_text:
        found.append(Finding("no-next-review", "No date set for the next review", close_step))
    if not meeting.summary.strip():
        found.append(Finding("no-summary", "No summary for the top of the minutes", close_step))
    unrated = _unrated(meeting)
    if unrated:
        found.append(Finding("health-not-rated", unrated, close_step))
    return found


def _step(meeting: Meeting, kind: StepKind) -> str | None:
    step = step_of_kind(steps_of(meeting), kind)
    return step.key if step is not None else None


def _unrated(meeting: Meeting) -> str:
    """What the health check lacks, said in a line; '' when it is rated (together, or by each partner)."""
    health = meeting.health
    ratings = {"level": health.level, "time": health.time, "trust": health.trust, "turf": health.turf}
    if all(value is not None for value in ratings.values()) or health.by_partner:
        return ""
    missing = [name for name, value in ratings.items() if value is None]
    if len(missing) == len(ratings):
        return "The health check is not rated"
    return f"The health check has no rating for {', '.join(missing)}"
