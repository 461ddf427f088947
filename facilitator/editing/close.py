"""The close: the health check (joint and each partner's own), the benefits checklist, the next review,
the summary at the top of the minutes and the time the meeting ended."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from facilitator.cycle import following
from facilitator.date_phrases import refers_to_next_meeting
from facilitator.editing.base import KEEP, Keep, Part, checked, kept
from facilitator.model import Achieved, HealthCheck, PartnerHealth, PartnershipLevel, ValidationError

ACHIEVED_CYCLE = (None, Achieved.YES, Achieved.PARTLY, Achieved.NO)
Aspect = Literal["level", "time", "trust", "turf"]  # what is rated, jointly or by one partner
ASPECTS: tuple[Aspect, ...] = ("level", "time", "trust", "turf")
Level = PartnershipLevel | str | None
Rating = int | None


def _rate(
    ratings: HealthCheck | PartnerHealth,
    level: Level | Keep,
    time: Rating | Keep,
    trust: Rating | Keep,
    turf: Rating | Keep,
) -> None:
    """Change the aspects given, in place (the caller checks them)."""
    ratings.level = kept(level, ratings.level)  # type: ignore[assignment]  # a level's name is checked after
    ratings.time = kept(time, ratings.time)
    ratings.trust = kept(trust, ratings.trust)
    ratings.turf = kept(turf, ratings.turf)


class Close(Part):
    def rate_together(
        self,
        *,
        level: Level | Keep = KEEP,
        time: Rating | Keep = KEEP,
        trust: Rating | Keep = KEEP,
        turf: Rating | Keep = KEEP,
        comment: str | Keep = KEEP,
    ) -> HealthCheck:
        """The joint health check: any of the level, the three Ts (None clears one) and the comment."""
        with self.session.edit("health check") as change:
            health = change.item(change.meeting.health)
            _rate(health, level, time, trust, turf)
            health.comment = kept(comment, health.comment)
            checked(health)
        return health

    def rate_partner(
        self,
        partner: str,
        *,
        level: Level | Keep = KEEP,
        time: Rating | Keep = KEEP,
        trust: Rating | Keep = KEEP,
        turf: Rating | Keep = KEEP,
    ) -> PartnerHealth:
        """One partner's own rating, beside the joint one; a rating left empty everywhere is dropped."""
        with self.session.edit("partner's health rating") as change:
            health = change.item(change.meeting.health)
            rating = health.rating_of(partner)
            if rating is None:
                rating = PartnerHealth(partner)
                health.by_partner.append(rating)
            _rate(rating, level, time, trust, turf)
            checked(rating)
            if rating.is_empty:
                health.by_partner.remove(rating)
        return rating

    def rate(self, aspect: Aspect, value: Any, partner: str | None = None) -> None:
        """One aspect, as a rating box chose it: jointly, or for ``partner``. The model checks the value."""
        if aspect not in ASPECTS:
            raise ValidationError(aspect, "cannot be changed here")
        level, time, trust, turf = (value if aspect == name else KEEP for name in ASPECTS)
        if partner:
            self.rate_partner(partner, level=level, time=time, trust=trust, turf=turf)
        else:
            self.rate_together(level=level, time=time, trust=trust, turf=turf)

    def set_comment(self, comment: str) -> HealthCheck:
        return self.rate_together(comment=comment)

    def cycle_benefit(self, index: int) -> Achieved | None:
        """Not discussed → achieved → partly → not achieved → not discussed, for one benefit."""
        with self.session.edit("benefits checklist") as change:
            check = change.item(change.meeting.health).benefits[index]
            check.achieved = following(ACHIEVED_CYCLE, check.achieved)
        return check.achieved

    def set_next_review(self, day: dt.date | None, text: str = "") -> dt.date | None:
        """``text``: the words when they were a phrase ('in the summer holidays'), ``day`` their latest day.

        An action due 'by the next meeting' takes the new date (facilitator.date_phrases).
        """
        with self.session.edit("next review date") as change:
            change.field("next_review")
            change.field("next_review_text")
            meeting = change.meeting
            meeting.next_review, meeting.next_review_text = day, text
            for action in meeting.actions:
                if refers_to_next_meeting(action.due_text) and action.due != day:
                    change.item(action).due = day
            for item in meeting.arising:
                if refers_to_next_meeting(item.new_due_text) and item.new_due != day:
                    change.item(item).new_due = day
        return day

    def set_summary(self, summary: str) -> str:
        """The three or four lines the minutes open with (empty: no summary)."""
        with self.session.edit("summary") as change:
            change.field("summary")
            change.meeting.summary = summary
        return change.meeting.summary

    def set_end(self, end: dt.time | None) -> dt.time | None:
        """When the meeting ended, put right by hand (Finish sets it to the time it closed);
        refused, with the meeting's own message, if it is before the start."""
        with self.session.edit("end time") as change:
            change.field("end")
            change.meeting.end = end
        self.session.end_kept = end is not None  # a Finish after this keeps the typed time
        return end
