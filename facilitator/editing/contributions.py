"""Who brings what: each offer, the partner who provides it, its kind and who said it."""

from __future__ import annotations

from facilitator import kinds
from facilitator.cycle import following
from facilitator.editing.base import KEEP, Keep, Part, checked, find, index_of, kept
from facilitator.kinds.contributions import CONTRIBUTION_KINDS, Contribution, ContributionKind
from facilitator.model import Meeting
from facilitator.people import attendee_named, next_speaker

KIND = "contributions"


def partners_known(meeting: Meeting) -> list[str]:
    """Every partner the meeting knows: those present, then those who sent apologies (each once)."""
    seen = {partner.casefold(): partner for partner in meeting.partners}
    for person in meeting.attendees:
        seen.setdefault((person.organisation or person.name).casefold(), person.organisation or person.name)
    return list(seen.values())


def partner_named(meeting: Meeting, typed: str) -> str:
    """The partner meant by what was typed: the same name in any case, its initials ('ys' for Youth
    Service), or the one partner whose name or a word of it starts with it; else what was typed.

    A partner not in the room (the council, a funder) is kept as typed: it may well bring something.
    """
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return ""
    known = partners_known(meeting)
    for test in (_same, _initials, _starts):
        found = [partner for partner in known if test(partner.casefold(), wanted)]
        if len(found) == 1:
            return found[0]
        if found:
            break  # more than one: typed as it was, rather than a guess
    return " ".join(typed.split())


def _same(name: str, wanted: str) -> bool:
    return name == wanted


def _initials(name: str, wanted: str) -> bool:
    words = name.replace("&", " ").split()
    return len(wanted) > 1 and "".join(word[0] for word in words) == wanted.replace(" ", "")


def _starts(name: str, wanted: str) -> bool:
    return name.startswith(wanted) or any(word.startswith(wanted) for word in name.split())


def next_partner(meeting: Meeting, current: str, offset: int = 1) -> str:
    """The next partner present after ``current``, then none (''), round again; ``offset`` -1 goes back."""
    return following([*meeting.partners, ""], current, offset)


class Contributions(Part):
    def _home(self, meeting: Meeting, contribution_id: str) -> list[Contribution]:
        """The live list of the contributions step holding this one; KeyError if none does."""
        for step in meeting.steps:
            if step.kind == KIND:
                held: list[Contribution] = kinds.kind_of(KIND).items_of(meeting.captured(step.key))
                if any(offer.id == contribution_id for offer in held):
                    return held
        raise KeyError(f"nothing with id {contribution_id!r}")

    def on(self, step: str) -> list[Contribution]:
        """What the step of this key captured, in the order it was said."""
        return list(self.session.meeting.captured(step).contributions)

    def add(
        self,
        step: str,
        text: str,
        *,
        partner: str = "",
        kind: ContributionKind | str = ContributionKind.STAFF,
        raised_by: str = "",
    ) -> Contribution:
        """An offer, credited to the partner typed (initials or a name) or picked; with none given,
        to the partner of whoever said it (their organisation, or themselves)."""
        with self.session.edit("add contribution") as change:
            meeting = change.meeting
            speaker = attendee_named(meeting, raised_by) if raised_by else ""
            offer = Contribution(
                text,
                partner=partner_named(meeting, partner) or (meeting.organisation_of(speaker) or speaker),
                kind=kind,  # type: ignore[arg-type]  # checked by Contribution
                raised_by=speaker,
            )
            change.list(meeting.captured(step).contributions).append(offer)
        return offer

    def edit(
        self,
        contribution_id: str,
        *,
        text: str | Keep = KEEP,
        partner: str | Keep = KEEP,
        kind: ContributionKind | Keep = KEEP,
        raised_by: str | Keep = KEEP,
    ) -> Contribution:
        with self.session.edit("edit contribution") as change:
            meeting = change.meeting
            offer = change.item(find(self._home(meeting, contribution_id), contribution_id))
            offer.text = kept(text, offer.text)
            offer.partner = partner_named(meeting, kept(partner, offer.partner))
            offer.kind = kept(kind, offer.kind)
            offer.raised_by = kept(raised_by, offer.raised_by)
            checked(offer)
        return offer

    def cycle_kind(self, contribution_id: str, offset: int = 1) -> Contribution:
        """Staff → premises → equipment → money → contacts → other → staff (or back, with -1)."""
        offer = find(self._home(self.session.meeting, contribution_id), contribution_id)
        return self.edit(contribution_id, kind=following(CONTRIBUTION_KINDS, offer.kind, offset))

    def cycle_partner(self, contribution_id: str, offset: int = 1) -> Contribution:
        """Credit the offer to the next partner present (then to none)."""
        offer = find(self._home(self.session.meeting, contribution_id), contribution_id)
        return self.edit(contribution_id, partner=next_partner(self.session.meeting, offer.partner, offset))

    def credit_next(self, contribution_id: str) -> Contribution:
        """Who said it: the next person present, then nobody in particular."""
        offer = find(self._home(self.session.meeting, contribution_id), contribution_id)
        return self.edit(contribution_id, raised_by=next_speaker(self.session.meeting, offer.raised_by))

    def remove(self, contribution_id: str) -> None:
        with self.session.edit("remove contribution") as change:
            held = change.list(self._home(change.meeting, contribution_id))
            held.pop(index_of(held, contribution_id))
