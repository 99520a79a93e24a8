"""Regular schedules: reading "Tuesdays and Thursdays 17:00-20:30" and working out dates.

A schedule is a list of `SessionRule`s, one per weekday and time. `parse_schedule()` reads
the way research spreadsheets write them; anything it cannot read with certainty it refuses
(returns None) so the human text is shown instead of a wrong time.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
EVERY_WEEK, LAST_WEEK = 0, -1
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": LAST_WEEK}

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_ORDINAL = r"(?:first|second|third|fourth|last)"
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?"
_DASH = r"\s*(?:-|–|—|to)\s*"
_NOTE = r"(?:\s*\((?P<note>[^()]{1,80})\))?"
_AND = r"(?:\s*,\s*|\s+and\s+|\s*&\s*)"
_TIMES = rf"(?P<start>{_TIME}){_DASH}(?P<end>{_TIME})"

WEEKLY_RE = re.compile(
    rf"^(?:every\s+)?(?P<days>{_DAY}(?:{_AND}{_DAY})*)\s*,?\s*{_TIMES}{_NOTE}$", re.I
)
MONTHLY_RE = re.compile(
    rf"^(?:the\s+)?(?P<ordinals>{_ORDINAL}(?:{_AND}{_ORDINAL})*)\s+(?P<day>{_DAY})"
    rf"\s+(?:of\s+)?(?:the|each|every)\s+month\s*,?\s*{_TIMES}{_NOTE}$",
    re.I,
)


@dataclass(frozen=True)
class SessionRule:
    """One regular session: a weekday, which weeks of the month, a start and end time."""

    weekday: int
    starts_at: datetime.time
    ends_at: datetime.time
    week_of_month: int = EVERY_WEEK
    note: str = ""


def parse_schedule(text):
    """The SessionRules a schedule text describes, or None if any part of it is unclear."""
    parts = [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]
    if not parts:
        return None
    rules = []
    for part in parts:
        part_rules = _parse_part(part)
        if part_rules is None:
            return None
        rules.extend(part_rules)
    return rules


def _parse_part(text):
    text = " ".join(text.split()).rstrip(".")
    if match := WEEKLY_RE.match(text):
        days = [_weekday(word) for word in re.split(_AND, match["days"], flags=re.I)]
        weeks = [EVERY_WEEK]
    elif match := MONTHLY_RE.match(text):
        days = [_weekday(match["day"])]
        weeks = [ORDINALS[w.lower()] for w in re.split(_AND, match["ordinals"], flags=re.I)]
    else:
        return None
    starts_at, ends_at = _times(match["start"], match["end"])
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        return None
    note = (match["note"] or "").strip()
    return [
        SessionRule(day, starts_at, ends_at, week, note)
        for day in dict.fromkeys(days)
        for week in dict.fromkeys(weeks)
    ]


def _weekday(word):
    word = word.lower().rstrip("s")
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(word[:3]))


def _times(start, end):
    """Start and end times; "2-4pm" and "7.30-9pm" read the start as pm, "11-1pm" as am."""
    ends_at = _time(end)
    end_meridiem = re.search(r"(am|pm)\s*$", end, re.I)
    if not end_meridiem:
        return _time(start), ends_at
    starts_at = _time(start, meridiem=end_meridiem[1])
    if starts_at is None or ends_at is None or starts_at >= ends_at:
        starts_at = _time(start, meridiem="am")
    return starts_at, ends_at


def _time(text, meridiem=""):
    """A time from "9:30", "09.30", "2pm" or "2:30pm"; a bare "14" is not clearly a time."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", text.strip(), re.I)
    hour, minute = int(match[1]), int(match[2] or 0)
    meridiem = (match[3] or meridiem).lower()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif not match[2]:
        return None
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def week_of_month(day):
    """1 for the first seven days of the month, 2 for the next seven, and so on."""
    return (day.day - 1) // 7 + 1


def is_last_week(day):
    """True if no later date in the month falls on the same weekday."""
    return day.day + 7 > calendar.monthrange(day.year, day.month)[1]


def weeks_matching(day):
    """The week_of_month values of sessions that happen on this day's weekday."""
    return [EVERY_WEEK, week_of_month(day)] + ([LAST_WEEK] if is_last_week(day) else [])


def occurs_on(rule, day):
    """True if a session with this weekday and week_of_month happens on the day."""
    return rule.weekday == day.weekday() and rule.week_of_month in weeks_matching(day)


def first_on_or_after(rule, day):
    """The first date on or after the day that the session happens."""
    day += datetime.timedelta(days=(rule.weekday - day.weekday()) % 7)
    while not occurs_on(rule, day):
        day += datetime.timedelta(days=7)
    return day


def rrule(rule):
    """The RFC 5545 recurrence rule for a session, as icalendar's vRecur takes it."""
    byday = ICAL_DAYS[rule.weekday]
    if rule.week_of_month == EVERY_WEEK:
        return {"FREQ": "WEEKLY", "BYDAY": byday}
    return {"FREQ": "MONTHLY", "BYDAY": f"{rule.week_of_month}{byday}"}


def describe(rule):
    """How a session reads to people: "Saturdays" or "Second Saturday of the month"."""
    day = WEEKDAYS[rule.weekday].capitalize()
    if rule.week_of_month == EVERY_WEEK:
        return f"{day}s"
    ordinal = next(word for word, n in ORDINALS.items() if n == rule.week_of_month)
    return f"{ordinal.capitalize()} {day} of the month"
