"""Open questions and risks: each with an optional owner, until answered or settled."""

from __future__ import annotations

from facilitator import kinds
from facilitator.editing.base import KEEP, Keep, Part, checked, find, index_of, kept
from facilitator.kinds.risks import Risk, RiskKind
from facilitator.model import Meeting
from facilitator.people import attendee_named

KIND = "risks"


class Risks(Part):
    def _home(self, meeting: Meeting, risk_id: str) -> list[Risk]:
        """The live list of the risks step holding this one; KeyError if none does."""
        for step in meeting.steps:
            if step.kind == KIND:
                held: list[Risk] = kinds.kind_of(KIND).items_of(meeting.captured(step.key))
                if any(risk.id == risk_id for risk in held):
                    return held
        raise KeyError(f"nothing with id {risk_id!r}")

    def on(self, step: str) -> list[Risk]:
        """What the step of this key captured, in the order it was raised."""
        return list(self.session.meeting.captured(step).risks)

    def add(self, step: str, text: str, *, kind: RiskKind | str = RiskKind.QUESTION, owner: str = "") -> Risk:
        """A question or a risk; the owner may be typed as the first letters of an attendee's name."""
        with self.session.edit("add question or risk") as change:
            meeting = change.meeting
            risk = Risk(text, kind=kind, owner=attendee_named(meeting, owner))  # type: ignore[arg-type]
            change.list(meeting.captured(step).risks).append(risk)
        return risk

    def edit(
        self,
        risk_id: str,
        *,
        text: str | Keep = KEEP,
        kind: RiskKind | Keep = KEEP,
        owner: str | Keep = KEEP,
        settled: bool | Keep = KEEP,
    ) -> Risk:
        with self.session.edit("edit question or risk") as change:
            meeting = change.meeting
            risk = change.item(find(self._home(meeting, risk_id), risk_id))
            risk.text = kept(text, risk.text)
            risk.kind = kept(kind, risk.kind)
            risk.owner = attendee_named(meeting, kept(owner, risk.owner))
            risk.settled = kept(settled, risk.settled)
            checked(risk)
        return risk

    def toggle_kind(self, risk_id: str) -> Risk:
        """A question becomes a risk, a risk a question."""
        risk = find(self._home(self.session.meeting, risk_id), risk_id)
        return self.edit(risk_id, kind=RiskKind.RISK if risk.kind is RiskKind.QUESTION else RiskKind.QUESTION)

    def toggle_settled(self, risk_id: str) -> Risk:
        """Open → answered (or settled) → open."""
        risk = find(self._home(self.session.meeting, risk_id), risk_id)
        return self.edit(risk_id, settled=not risk.settled)

    def remove(self, risk_id: str) -> None:
        with self.session.edit("remove question or risk") as change:
            held = change.list(self._home(change.meeting, risk_id))
            held.pop(index_of(held, risk_id))
