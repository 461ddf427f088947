"""Decisions: what was decided, why, and where each partner stands on it."""

from __future__ import annotations

from facilitator.clock import current_item
from facilitator.cycle import following
from facilitator.editing.base import KEEP, Keep, Part, checked, find, index_of, kept
from facilitator.editing.notes import known_item, next_agenda_item
from facilitator.model import Decision, Position, Stance

POSITIONS = (Position.AGREED, Position.RESERVATION, Position.DISAGREED)


class Decisions(Part):
    def add(self, text: str, why: str = "") -> Decision:
        """A decision, with every partner present taken to agree until someone says otherwise.

        Agreement is what a meeting usually records; the facilitator then marks the partner
        who agreed with a reservation, or disagreed (``cycle_position``).
        """
        with self.session.edit("add decision") as change:
            meeting = change.meeting
            current = current_item(meeting.agenda)
            decision = Decision(
                text,
                why=why,
                positions=[Stance(partner) for partner in meeting.partners],
                agenda_item=current.id if current else None,
            )
            change.list(meeting.decisions).append(decision)
        return decision

    def edit(self, decision_id: str, *, text: str | Keep = KEEP, why: str | Keep = KEEP) -> Decision:
        """The words and the reason; positions change one partner at a time (``cycle_position``)."""
        with self.session.edit("edit decision") as change:
            decision = change.item(find(change.meeting.decisions, decision_id))
            decision.text = kept(text, decision.text)
            decision.why = kept(why, decision.why)
            checked(decision)
        return decision

    def move(self, decision_id: str, agenda_item: str | None) -> Decision:
        """Put the decision under another agenda item (None: 'General'), after the fact; undoable."""
        with self.session.edit("move decision") as change:
            decision = change.item(find(change.meeting.decisions, decision_id))
            decision.agenda_item = known_item(change.meeting, agenda_item)
            checked(decision)
        return decision

    def cycle_item(self, decision_id: str, offset: int = 1) -> Decision:
        """Move the decision to the next agenda item, 'General' after the last."""
        decision = find(self.session.meeting.decisions, decision_id)
        return self.move(decision_id, next_agenda_item(self.session.meeting, decision.agenda_item, offset))

    def cycle_position(self, decision_id: str, partner: str) -> Decision:
        """Agreed → agreed with reservation → disagreed → agreed, for one partner."""
        with self.session.edit("partner's position") as change:
            decision = change.item(find(change.meeting.decisions, decision_id))
            stance = next((s for s in decision.positions if s.partner.casefold() == partner.casefold()), None)
            if stance is None:
                decision.positions.append(Stance(partner, POSITIONS[1]))
            else:
                stance.position = following(POSITIONS, stance.position)
            checked(decision)
        return decision

    def remove(self, decision_id: str) -> None:
        with self.session.edit("remove decision") as change:
            decisions = change.list(change.meeting.decisions)
            decisions.pop(index_of(decisions, decision_id))
