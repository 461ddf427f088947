"""A stored document's fields are fixed per schema version.

Adding or renaming a field without raising SCHEMA_VERSION would let a newer Facilitator
write files that an older one refuses as 'damaged' (unknown field) instead of saying
'written by a newer version'. This happened once during a soak run, when new fields
appeared mid-run. If this test fails, raise SCHEMA_VERSION, add an upgrade step in
facilitator/document_schema.py, and update the pinned fields below.
"""

from __future__ import annotations

from dataclasses import fields

from facilitator import model

PINNED = {
    7: {
        "Meeting": "partnership date template start end venue purpose status current_step attendees health "
        "next_review visited_steps arising previous_minutes approved_in corrections steps other_notes dismissed "
        "marking withheld circulated id revision summary next_review_text speaker",
        "Attendee": "name organisation role chair attendance email",
        "AgendaItem": "title time_box notes status spent id",
        "Note": "text kind raised_by agenda_item step tag confidential id",
        "Conflict": "issue parties style state way_forward confidential id",
        "Action": "text owner due status raised_in carried reason edits confidential id agenda_item due_text",
        "ActionEdit": "field on meeting_id meeting_date",
        "HealthCheck": "level time trust turf comment by_partner benefits",
        "PartnerHealth": "partner level time trust turf",
        "BenefitCheck": "benefit achieved",
        "StepSpec": "key kind title prompt time_box tags",
        "Decision": "text why positions agenda_item confidential id",
        "Stance": "partner position",
        "ArisingAction": "action_id raised_in text raised_on owner due carried outcome new_owner new_due reason "
        "later_edits due_text new_due_text",
        "PreviousMinutes": "meeting_id date approval corrections later_edits",
        "Circulation": "on to copy format",
    },
    6: {
        # What each step captured is stored beside these, under "captures" (its kind's data: see facilitator.kinds).
        "Meeting": "partnership date template start end venue purpose status current_step attendees health "
        "next_review visited_steps arising previous_minutes approved_in corrections steps other_notes dismissed id "
        "revision",
        "Attendee": "name organisation role chair attendance",
        "AgendaItem": "title time_box notes status spent id",
        "Note": "text kind raised_by agenda_item step tag id",
        "Conflict": "issue parties style state way_forward id",
        "Action": "text owner due status raised_in carried reason edits id",
        "ActionEdit": "field on meeting_id meeting_date",
        "HealthCheck": "level time trust turf comment by_partner benefits",
        "PartnerHealth": "partner level time trust turf",
        "BenefitCheck": "benefit achieved",
        "StepSpec": "key kind title prompt time_box tags",
        "Decision": "text why positions agenda_item id",
        "Stance": "partner position",
        "ArisingAction": "action_id raised_in text raised_on owner due carried outcome new_owner new_due reason "
        "later_edits",
        "PreviousMinutes": "meeting_id date approval corrections later_edits",
    },
    5: {
        "Meeting": "partnership date template start end venue purpose status current_step attendees agenda notes "
        "conflicts actions health next_review visited_steps arising previous_minutes approved_in corrections steps "
        "decisions dismissed id revision",
        "Attendee": "name organisation role chair attendance",
        "AgendaItem": "title time_box notes status spent id",
        "Note": "text kind raised_by agenda_item step tag id",
        "Conflict": "issue parties style state way_forward id",
        "Action": "text owner due status raised_in carried reason edits id",
        "ActionEdit": "field on meeting_id meeting_date",
        "HealthCheck": "level time trust turf comment by_partner benefits",
        "PartnerHealth": "partner level time trust turf",
        "BenefitCheck": "benefit achieved",
        "StepSpec": "key kind title prompt time_box tags",
        "Decision": "text why positions agenda_item id",
        "Stance": "partner position",
        "ArisingAction": "action_id raised_in text raised_on owner due carried outcome new_owner new_due reason "
        "later_edits",
        "PreviousMinutes": "meeting_id date approval corrections later_edits",
    },
    4: {
        "Meeting": "partnership date template start end venue purpose status current_step attendees agenda notes "
        "conflicts actions health next_review visited_steps arising previous_minutes approved_in corrections steps "
        "decisions dismissed id revision",
        "Attendee": "name organisation role chair attendance",
        "AgendaItem": "title time_box notes status spent id",
        "Note": "text kind raised_by agenda_item step tag id",
        "Conflict": "issue parties style state way_forward id",
        "Action": "text owner due status raised_in carried reason id",
        "HealthCheck": "level time trust turf comment by_partner benefits",
        "PartnerHealth": "partner level time trust turf",
        "BenefitCheck": "benefit achieved",
        "StepSpec": "key kind title prompt time_box tags",
        "Decision": "text why positions agenda_item id",
        "Stance": "partner position",
        "ArisingAction": "action_id raised_in text raised_on owner due carried outcome new_owner new_due reason",
        "PreviousMinutes": "meeting_id date approval corrections",
    },
    3: {
        "Meeting": "partnership date template start end venue purpose status current_step attendees agenda notes "
        "conflicts actions health next_review visited_steps arising previous_minutes approved_in corrections id "
        "revision",
        "Attendee": "name organisation role chair attendance",
        "AgendaItem": "title time_box notes status spent id",
        "Note": "text kind raised_by agenda_item id",
        "Conflict": "issue parties style state way_forward id",
        "Action": "text owner due status raised_in carried reason id",
        "HealthCheck": "level time trust turf comment",
        "ArisingAction": "action_id raised_in text raised_on owner due carried outcome new_owner new_due reason",
        "PreviousMinutes": "meeting_id date approval corrections",
    },
}


def test_the_stored_fields_match_the_schema_version() -> None:
    pinned = PINNED.get(model.SCHEMA_VERSION)
    assert pinned is not None, f"pin the fields of schema {model.SCHEMA_VERSION} here"
    for class_name, names in pinned.items():
        actual = [f.name for f in fields(getattr(model, class_name))]
        assert actual == names.split(), f"{class_name} changed without a new SCHEMA_VERSION"
