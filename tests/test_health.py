"""Partnership health over time: sparklines, trend rows per partner, gaps, benefits across meetings."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.health import (
    GAP_MIN,
    MAX_POINTS,
    MEASURES,
    TOGETHER,
    Gap,
    TrendRow,
    achieved_mark,
    benefits_summary,
    health_trend,
    level_number,
    sparkline,
)
from facilitator.model import Achieved, BenefitCheck, HealthCheck, Meeting, PartnerHealth, PartnershipLevel

YOT = "Youth Offending Team"
YS = "Youth Service"
START = dt.date(2026, 1, 5)


def meeting(day: int, health: HealthCheck | None = None, meeting_id: str | None = None) -> Meeting:
    """A meeting of the one partnership, ``day`` weeks after the first."""
    return Meeting(
        partnership="Youth Resource Centre & Youth Offending Team",
        date=START + dt.timedelta(weeks=day),
        health=health if health is not None else HealthCheck(),
        **({"id": meeting_id} if meeting_id else {}),
    )


def rated(trust: int | None = None, *partners: PartnerHealth, **joint: object) -> HealthCheck:
    return HealthCheck(trust=trust, by_partner=list(partners), **joint)  # type: ignore[arg-type]


def row(trend, measure: str, who: str) -> TrendRow:
    return next(r for r in trend.rows if r.measure == measure and r.who == who)


# --- sparkline and levels ---------------------------------------------------------------


def test_sparkline_scales_one_to_the_lowest_block_and_top_to_the_highest() -> None:
    assert sparkline([1, 5], top=5) == "▁█"
    assert sparkline([1, 4], top=4) == "▁█"
    assert sparkline([1, 2, 3, 4, 5], top=5) == "▁▃▅▆█"


def test_sparkline_rises_with_the_value() -> None:
    line = sparkline([1, 2, 3, 4, 5], top=5)
    assert list(line) == sorted(line)
    assert len(set(line)) == 5


def test_sparkline_shows_a_missing_rating_as_a_dot() -> None:
    assert sparkline([3, None, 5], top=5) == "▅·█"
    assert sparkline([None], top=4) == "·"


def test_sparkline_of_nothing_is_empty() -> None:
    assert sparkline([], top=5) == ""


def test_sparkline_refuses_a_scale_of_one_value() -> None:
    with pytest.raises(ValueError):
        sparkline([1], top=1)


def test_levels_are_numbered_loosest_first() -> None:
    numbers = [level_number(level) for level in PartnershipLevel]
    assert numbers == [1, 2, 3, 4]
    assert level_number(PartnershipLevel.NETWORKING) < level_number(PartnershipLevel.COLLABORATION)  # type: ignore[operator]
    assert level_number(None) is None


def test_achieved_marks() -> None:
    assert [achieved_mark(a) for a in (Achieved.YES, Achieved.PARTLY, Achieved.NO, None)] == ["✓", "½", "✗", "·"]


# --- health_trend -------------------------------------------------------------------------


def three_meetings() -> list[Meeting]:
    return [
        meeting(0, rated(3, PartnerHealth(YOT, trust=3), level="networking", time=2)),
        meeting(1, rated(4, PartnerHealth(YOT, trust=4), PartnerHealth(YS, trust=5, turf=4))),
        meeting(2, rated(5, PartnerHealth(YS, trust=4), level="cooperation", time=4)),
    ]


def test_rows_come_by_measure_together_first_then_partners_in_order_of_first_appearance() -> None:
    trend = health_trend(three_meetings())
    assert [(r.measure, r.who) for r in trend.rows] == [
        ("Level", TOGETHER),
        ("Time", TOGETHER),
        ("Trust", TOGETHER),
        ("Trust", YOT),
        ("Trust", YS),
        ("Turf", YS),
    ]
    assert trend.dates == (START, START + dt.timedelta(weeks=1), START + dt.timedelta(weeks=2))


def test_a_row_holds_one_value_per_meeting_oldest_first() -> None:
    trend = health_trend(three_meetings())
    trust = row(trend, "Trust", TOGETHER)
    assert trust.values == (3, 4, 5)
    assert trust.spark == sparkline([3, 4, 5], 5)
    assert (trust.first, trust.last, trust.change) == (3, 5, 2)
    assert trust.text() == "3 → 4 → 5"
    level = row(trend, "Level", TOGETHER)
    assert level.values == (1, None, 3)
    assert level.spark == sparkline([1, None, 3], 4)
    assert level.text() == "networking → cooperation"
    assert level.change == 2


def test_a_partner_who_rated_only_later_has_nothing_for_earlier_meetings() -> None:
    trend = health_trend(three_meetings())
    assert row(trend, "Trust", YS).values == (None, 5, 4)
    assert row(trend, "Turf", YS).values == (None, 4, None)
    assert row(trend, "Trust", YOT).values == (3, 4, None)


def test_a_single_rating_has_no_change() -> None:
    turf = row(health_trend(three_meetings()), "Turf", YS)
    assert (turf.first, turf.last, turf.change) == (4, 4, None)


def test_the_order_of_the_meetings_given_does_not_matter() -> None:
    meetings = three_meetings()
    expected = health_trend(meetings)
    shuffler = random.Random(7)
    for _ in range(10):
        shuffled = meetings[:]
        shuffler.shuffle(shuffled)
        assert health_trend(shuffled) == expected


def test_meetings_on_the_same_day_are_ordered_by_id() -> None:
    later = meeting(0, rated(5), meeting_id="b")
    earlier = meeting(0, rated(2), meeting_id="a")
    assert row(health_trend([later, earlier]), "Trust", TOGETHER).values == (2, 5)


def test_a_meeting_with_an_empty_health_check_is_left_out() -> None:
    meetings = [*three_meetings(), meeting(3), meeting(4, HealthCheck(by_partner=[PartnerHealth(YOT)]))]
    trend = health_trend(meetings)
    assert len(trend.dates) == 3
    assert row(trend, "Trust", TOGETHER).values == (3, 4, 5)


def test_a_meeting_that_answered_only_the_benefits_is_kept() -> None:
    benefits_only = meeting(3, HealthCheck(benefits=[BenefitCheck("Shared training", Achieved.YES)]))
    trend = health_trend([*three_meetings(), benefits_only])
    assert len(trend.dates) == 4
    assert row(trend, "Trust", TOGETHER).values == (3, 4, 5, None)


def test_nothing_rated_gives_an_empty_trend() -> None:
    trend = health_trend([meeting(0), meeting(1)])
    assert trend.is_empty
    assert (trend.dates, trend.rows, trend.gaps) == ((), (), ())
    assert health_trend([]).is_empty


def test_partner_names_merge_ignoring_case_and_show_the_latest_spelling() -> None:
    trend = health_trend(
        [
            meeting(0, rated(None, PartnerHealth("youth service", trust=2))),
            meeting(1, rated(None, PartnerHealth("YOUTH SERVICE", trust=3))),
            meeting(2, rated(None, PartnerHealth(YS, trust=4))),
        ]
    )
    assert [(r.who, r.values) for r in trend.rows] == [(YS, (2, 3, 4))]


def test_only_the_latest_meetings_are_kept() -> None:
    meetings = [meeting(week, rated(1 + week % 5)) for week in range(MAX_POINTS + 3)]
    trend = health_trend(meetings)
    assert len(trend.dates) == MAX_POINTS
    assert trend.dates[0] == meetings[3].date
    assert trend.dates[-1] == meetings[-1].date
    assert row(trend, "Trust", TOGETHER).values == tuple(1 + week % 5 for week in range(3, MAX_POINTS + 3))


def test_a_partner_seen_only_in_dropped_meetings_has_no_row() -> None:
    old = meeting(0, rated(3, PartnerHealth("Police", trust=2)))
    recent = [meeting(week, rated(4)) for week in range(1, MAX_POINTS + 1)]
    assert [r.who for r in health_trend([old, *recent]).rows] == [TOGETHER]


def test_rows_follow_the_order_of_the_measures() -> None:
    trend = health_trend(three_meetings())
    names = [name for _, name in MEASURES]
    assert [names.index(r.measure) for r in trend.rows] == sorted(names.index(r.measure) for r in trend.rows)


# --- gaps -----------------------------------------------------------------------------------


def latest_with(*partners: PartnerHealth) -> list[Meeting]:
    return [*three_meetings(), meeting(9, rated(4, *partners))]


def test_a_gap_of_two_points_is_shown() -> None:
    trend = health_trend(latest_with(PartnerHealth(YOT, trust=3), PartnerHealth(YS, trust=3 + GAP_MIN)))
    assert trend.gaps == (Gap("Trust", low=(YOT, 3), high=(YS, 5)),)
    assert trend.gaps[0].size == 2
    assert trend.gaps[0].text() == "Trust: Youth Offending Team 3, Youth Service 5"


def test_one_point_apart_is_no_gap() -> None:
    assert health_trend(latest_with(PartnerHealth(YOT, trust=4), PartnerHealth(YS, trust=5))).gaps == ()


def test_a_gap_names_the_lowest_and_the_highest_of_several_partners() -> None:
    trend = health_trend(
        latest_with(
            PartnerHealth(YOT, time=3),
            PartnerHealth(YS, time=5),
            PartnerHealth("Police", time=1),
        )
    )
    assert trend.gaps == (Gap("Time", low=("Police", 1), high=(YS, 5)),)


def test_a_gap_in_an_earlier_meeting_is_not_shown() -> None:
    earlier_gap = meeting(5, rated(4, PartnerHealth(YOT, turf=1), PartnerHealth(YS, turf=5)))
    latest = meeting(6, rated(4, PartnerHealth(YOT, turf=4), PartnerHealth(YS, turf=4)))
    assert health_trend([earlier_gap, latest]).gaps == ()
    assert health_trend([earlier_gap]).gaps == (Gap("Turf", (YOT, 1), (YS, 5)),)


def test_the_joint_rating_makes_no_gap() -> None:
    assert health_trend([meeting(0, rated(1, PartnerHealth(YS, trust=5)))]).gaps == ()


def test_one_level_apart_is_a_gap() -> None:
    trend = health_trend(
        latest_with(
            PartnerHealth(YOT, level=PartnershipLevel.COOPERATION),
            PartnerHealth(YS, level=PartnershipLevel.COORDINATION),
        )
    )
    assert trend.gaps == (Gap("Level", low=(YS, 2), high=(YOT, 3)),)
    assert trend.gaps[0].text() == "Level: Youth Service coordination, Youth Offending Team cooperation"


def test_the_same_level_is_no_gap() -> None:
    same = PartnershipLevel.COLLABORATION
    assert health_trend(latest_with(PartnerHealth(YOT, level=same), PartnerHealth(YS, level=same))).gaps == ()


def test_gaps_follow_the_order_of_the_measures() -> None:
    trend = health_trend(
        latest_with(
            PartnerHealth(YOT, level="networking", trust=5, turf=1),
            PartnerHealth(YS, level="collaboration", trust=2, turf=3),
        )
    )
    assert [gap.measure for gap in trend.gaps] == ["Level", "Trust", "Turf"]


# --- benefits -------------------------------------------------------------------------------


def test_benefits_are_summarised_across_meetings_in_the_latest_wording() -> None:
    meetings = [
        meeting(0, rated(3, benefits=[BenefitCheck("shared training", Achieved.NO)])),
        meeting(
            1,
            rated(
                4,
                benefits=[
                    BenefitCheck("Shared training", Achieved.PARTLY),
                    BenefitCheck("Joint funding bid", Achieved.NO),
                ],
            ),
        ),
        meeting(2, rated(5)),  # no checklist this time
        meeting(
            3,
            rated(
                4,
                benefits=[
                    BenefitCheck("Joint funding bid", Achieved.YES),
                    BenefitCheck("Shared Training", Achieved.YES),
                    BenefitCheck("Fewer referrals lost"),
                ],
            ),
        ),
    ]
    assert benefits_summary(reversed(meetings)) == [
        ("Joint funding bid", (None, Achieved.NO, None, Achieved.YES)),
        ("Shared Training", (Achieved.NO, Achieved.PARTLY, None, Achieved.YES)),
        ("Fewer referrals lost", (None, None, None, None)),
    ]


def test_a_benefit_dropped_from_the_checklist_keeps_its_history_after_the_rest() -> None:
    meetings = [
        meeting(0, rated(3, benefits=[BenefitCheck("Shared premises", Achieved.YES)])),
        meeting(1, rated(3, benefits=[BenefitCheck("Joint funding bid", Achieved.PARTLY)])),
    ]
    assert benefits_summary(meetings) == [
        ("Joint funding bid", (None, Achieved.PARTLY)),
        ("Shared premises", (Achieved.YES, None)),
    ]


def test_benefits_cover_the_same_meetings_as_the_trend() -> None:
    meetings = [
        meeting(week, rated(3, benefits=[BenefitCheck("Shared training", Achieved.YES)]))
        for week in range(MAX_POINTS + 2)
    ]
    meetings.append(meeting(99, HealthCheck(benefits=[BenefitCheck("Shared training")])))  # empty: left out
    ((_, answers),) = benefits_summary(meetings)
    assert len(answers) == len(health_trend(meetings).dates) == MAX_POINTS


def test_no_checklist_no_benefits() -> None:
    assert benefits_summary(three_meetings()) == []
    assert benefits_summary([]) == []


# --- a property over any history -------------------------------------------------------------

_ratings = st.none() | st.integers(1, 5)
_levels = st.none() | st.sampled_from(PartnershipLevel)
_partner_names = st.sampled_from(["Youth Service", "youth service", YOT, "Police", "Housing"])


@st.composite
def _health(draw: st.DrawFn) -> HealthCheck:
    partners = draw(st.lists(_partner_names, max_size=4, unique_by=str.casefold))
    return HealthCheck(
        level=draw(_levels),
        time=draw(_ratings),
        trust=draw(_ratings),
        turf=draw(_ratings),
        by_partner=[
            PartnerHealth(name, draw(_levels), draw(_ratings), draw(_ratings), draw(_ratings)) for name in partners
        ],
    )


_meetings = st.lists(
    st.builds(
        Meeting,
        partnership=st.just("Youth Resource Centre & Youth Offending Team"),
        date=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
        health=_health(),
    ),
    max_size=MAX_POINTS + 4,
)


@settings(max_examples=150, deadline=None)
@given(_meetings)
def test_every_row_has_a_value_and_a_mark_for_every_meeting(meetings: list[Meeting]) -> None:
    trend = health_trend(meetings)
    assert len(trend.dates) <= MAX_POINTS
    assert list(trend.dates) == sorted(trend.dates)
    for trend_row in trend.rows:
        assert len(trend_row.values) == len(trend.dates)
        assert len(trend_row.spark) == len(trend_row.values)
        assert any(value is not None for value in trend_row.values)
    assert health_trend(reversed(meetings)) == trend
