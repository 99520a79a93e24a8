"""Reading schedule text into sessions, and working out the dates sessions fall on."""

import csv
import datetime

import pytest

from directory import schedule
from directory.models import ActivityPage, ActivitySession
from directory.schedule import LAST_WEEK, SessionRule, parse_schedule
from localcommons.settings.base import BASE_DIR
from tests.builders import make_listing

T = datetime.time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursdays 12:00-14:30", [SessionRule(3, T(12), T(14, 30))]),
        (
            "Fridays 10:00-13:00; Tuesdays 17:00-19:00",
            [SessionRule(4, T(10), T(13)), SessionRule(1, T(17), T(19))],
        ),
        (
            "Second and fourth Saturday of the month, 11:00-14:00",
            [SessionRule(5, T(11), T(14), 2), SessionRule(5, T(11), T(14), 4)],
        ),
        (
            "Tuesdays and Thursdays 17:00-20:30; Fridays 18:00-21:00 (over-14s)",
            [
                SessionRule(1, T(17), T(20, 30)),
                SessionRule(3, T(17), T(20, 30)),
                SessionRule(4, T(18), T(21), note="over-14s"),
            ],
        ),
        ("Saturdays 09:30-11:00 (term time)", [SessionRule(5, T(9, 30), T(11), note="term time")]),
        ("First Saturday of the month, 14:00-16:00", [SessionRule(5, T(14), T(16), 1)]),
        ("Last Friday of the month 7pm-9pm", [SessionRule(4, T(19), T(21), LAST_WEEK)]),
        ("Every Monday, 10:00 to 12:00", [SessionRule(0, T(10), T(12))]),
        ("Mondays 2-4pm", [SessionRule(0, T(14), T(16))]),
        ("Mondays 7.30–9pm", [SessionRule(0, T(19, 30), T(21))]),
        ("Wednesdays 11-1pm", [SessionRule(2, T(11), T(13))]),
        (
            "Mondays, Wednesdays & Fridays 9.30-10.30am",
            [SessionRule(d, T(9, 30), T(10, 30)) for d in (0, 2, 4)],
        ),
    ],
)
def test_schedules_that_read_clearly_become_sessions(text, expected):
    assert parse_schedule(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "By appointment",
        "Most Saturdays, ring first",
        "Mondays 14-16",  # bare hours: not clearly times
        "Mondays 16:00-14:00",  # ends before it starts
        "Mondays 09:00-25:00",
        "Mondays 13:00-2pm",
        "Mondays 10:00-12:00; by appointment",  # one unclear part and the whole text is kept
        "Fifth Monday of the month, 10:00-12:00",
    ],
)
def test_unclear_schedules_are_refused_not_guessed(text):
    assert parse_schedule(text) is None


def test_every_demo_schedule_reads_clearly():
    with open(BASE_DIR / "data" / "demo" / "elements.csv", encoding="utf-8") as handle:
        schedules = [row["Schedule"] for row in csv.DictReader(handle) if row["Schedule"]]
    assert len(schedules) == 16
    assert all(parse_schedule(text) for text in schedules)


@pytest.mark.parametrize(
    ("rule", "day", "happens"),
    [
        (SessionRule(5, T(11), T(14), 2), datetime.date(2026, 11, 14), True),
        (SessionRule(5, T(11), T(14), 2), datetime.date(2026, 11, 7), False),
        (SessionRule(5, T(11), T(14), 4), datetime.date(2026, 11, 28), True),
        (SessionRule(5, T(11), T(14), LAST_WEEK), datetime.date(2026, 11, 28), True),
        (SessionRule(5, T(11), T(14), LAST_WEEK), datetime.date(2026, 11, 21), False),
        (SessionRule(0, T(11), T(14), LAST_WEEK), datetime.date(2026, 11, 30), True),
        (SessionRule(3, T(11), T(14)), datetime.date(2026, 11, 26), True),
        (SessionRule(3, T(11), T(14)), datetime.date(2026, 11, 27), False),
    ],
)
def test_which_days_a_session_happens_on(rule, day, happens):
    assert schedule.occurs_on(rule, day) is happens


def test_first_date_and_recurrence_rule():
    second_saturday = SessionRule(5, T(11), T(14), 2)
    assert schedule.first_on_or_after(second_saturday, datetime.date(2026, 11, 24)) == (
        datetime.date(2026, 12, 12)
    )
    assert schedule.rrule(second_saturday) == {"FREQ": "MONTHLY", "BYDAY": "2SA"}
    assert schedule.rrule(SessionRule(6, T(13), T(17))) == {"FREQ": "WEEKLY", "BYDAY": "SU"}
    assert schedule.rrule(SessionRule(4, T(19), T(21), LAST_WEEK))["BYDAY"] == "-1FR"
    assert schedule.describe(second_saturday) == "Second Saturday of the month"


@pytest.mark.django_db
def test_sessions_between_dates_are_found_in_the_database():
    activity = make_listing(ActivityPage, schedule="Thursdays 12:00-14:30")
    activity.set_sessions_from_schedule()
    activity.save()
    monthly = make_listing(ActivityPage, schedule="Last Saturday of the month, 10:00-12:00")
    monthly.set_sessions_from_schedule()
    monthly.save()
    week = ActivitySession.objects.between(datetime.date(2026, 11, 23), datetime.date(2026, 11, 29))
    assert sorted((s.page_id, s.date) for s in week) == [
        (activity.pk, datetime.date(2026, 11, 26)),
        (monthly.pk, datetime.date(2026, 11, 28)),
    ]
    next_week = ActivitySession.objects.between(
        datetime.date(2026, 11, 30), datetime.date(2026, 12, 6)
    )
    assert [s.page_id for s in next_week] == [activity.pk]
    with pytest.raises(ValueError):
        ActivitySession.objects.between(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


@pytest.mark.django_db
def test_a_session_must_end_after_it_starts():
    from django.core.exceptions import ValidationError

    activity = make_listing(ActivityPage)
    session = ActivitySession(page=activity, weekday=0, starts_at=T(12), ends_at=T(11))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "ends_at" in error.value.message_dict


@pytest.mark.django_db
def test_next_session_is_the_soonest_of_its_sessions():
    activity = make_listing(ActivityPage, schedule="Fridays 10:00-13:00; Tuesdays 17:00-19:00")
    assert activity.set_sessions_from_schedule()
    activity.save()
    day, session = activity.next_session(datetime.date(2026, 11, 25))
    assert (day, session.weekday) == (datetime.date(2026, 11, 27), 4)
    assert make_listing(ActivityPage).next_session(datetime.date(2026, 11, 25)) is None
