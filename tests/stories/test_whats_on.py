"""What's on: this week's and next week's sessions, their filters and the iCal feeds."""

import datetime

import icalendar
import pytest
import recurring_ical_events
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from directory.models import ActivityPage, ActivitySession
from directory.visibility import Visibility
from localcommons.cache import invalidate
from localcommons.models import HomePage
from stories.models import WhatsOnPage
from tests.builders import make_activity, make_area, make_whats_on

TUESDAY = datetime.date(2026, 11, 24)


@pytest.fixture
def today(monkeypatch):
    """Pin What's on's idea of today to Tuesday 24 November 2026."""
    monkeypatch.setattr("localcommons.dates.today", lambda: TUESDAY)
    return TUESDAY


@pytest.fixture
def whats_on(db, today):
    return make_whats_on()


def sessions_on_page(client, url):
    """(day heading, start time, activity title) for each session the page lists."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [
        (
            day.h3.get_text(strip=True),
            item.select_one(".session__time time").get_text(strip=True),
            item.select_one(".session__title a").get_text(strip=True),
        )
        for day in soup.select(".session-day")
        for item in day.select(".session")
    ]


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


class WhatsOnPageTreeTests(WagtailPageTestCase):
    def test_what_s_on_lives_once_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(WhatsOnPage, {HomePage})
        self.assertAllowedSubpageTypes(WhatsOnPage, set())
        self.assertEqual(WhatsOnPage.max_count, 1)


def test_this_week_runs_from_today_to_sunday_by_day_and_time(client, whats_on):
    make_activity(title="Choir", schedule="Thursdays 19:00-21:00")
    make_activity(title="Lunch Club", schedule="Thursdays 12:00-14:30")
    make_activity(title="Stay and Play", schedule="Tuesdays 09:30-11:30")
    make_activity(title="Chair yoga", schedule="Mondays 11:00-12:00")  # Monday has passed
    assert sessions_on_page(client, "/whats-on/") == [
        ("Today, Tuesday 24 November", "09:30", "Stay and Play"),
        ("Thursday 26 November", "12:00", "Lunch Club"),
        ("Thursday 26 November", "19:00", "Choir"),
    ]
    next_week = sessions_on_page(client, "/whats-on/?week=next")
    assert next_week[0] == ("Monday 30 November", "11:00", "Chair yoga")
    assert [title for _day, _time, title in next_week] == [
        "Chair yoga",
        "Stay and Play",
        "Lunch Club",
        "Choir",
    ]


def test_monthly_sessions_fall_in_their_own_weeks(client, whats_on):
    make_activity(
        title="Cook and Share", schedule="Second and fourth Saturday of the month, 11:00-14:00"
    )
    make_activity(title="Repair Café", schedule="First Saturday of the month, 14:00-16:00")
    assert sessions_on_page(client, "/whats-on/") == [
        ("Saturday 28 November", "11:00", "Cook and Share")
    ]
    assert sessions_on_page(client, "/whats-on/?week=next") == [
        ("Saturday 5 December", "14:00", "Repair Café")
    ]


def test_filters_by_topic_and_area_and_keeps_them_across_weeks(client, whats_on):
    north, south = make_area("Brickfield North"), make_area("Brickfield South")
    make_activity(title="Lunch Club", tags=["food"], area=south, schedule="Thursdays 12:00-14:30")
    make_activity(title="Pantry", tags=["food"], area=north, schedule="Fridays 10:00-13:00")
    make_activity(title="Choir", tags=["arts"], area=south, schedule="Thursdays 19:00-21:00")
    titles = lambda url: [title for _d, _t, title in sessions_on_page(client, url)]  # noqa: E731
    assert titles("/whats-on/?tag=food") == ["Lunch Club", "Pantry"]
    assert titles("/whats-on/?area=brickfield-south") == ["Lunch Club", "Choir"]
    assert titles("/whats-on/?tag=food&area=brickfield-north") == ["Pantry"]
    soup = BeautifulSoup(client.get("/whats-on/?tag=food").content, "html.parser")
    next_week = next(a for a in soup.select(".week-tabs a") if "Next week" in a.get_text())
    assert next_week["href"] == "?tag=food&week=next"
    soup = BeautifulSoup(client.get("/whats-on/?tag=food&week=next").content, "html.parser")
    assert soup.select_one("form.filters input[name=week]")["value"] == "next"


def test_an_unknown_filter_is_reported_and_ignored(client, whats_on):
    make_activity(title="Lunch Club", schedule="Thursdays 12:00-14:30")
    response = client.get("/whats-on/?tag=no-such-topic&week=someday")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".error-summary").get_text(" ", strip=True)
    assert "Topic" in summary
    assert [title for _d, _t, title in sessions_on_page(client, "/whats-on/?tag=nope")] == [
        "Lunch Club"
    ]


def test_activities_with_unclear_times_are_listed_to_see_details(client, whats_on):
    make_activity(title="Lunch Club", schedule="Thursdays 12:00-14:30")
    unclear = make_activity(title="Befriending", schedule="By appointment, ring Sam")
    soup = BeautifulSoup(client.get("/whats-on/").content, "html.parser")
    section = soup.select_one(".unscheduled")
    assert section.a["href"] == unclear.url
    assert "By appointment, ring Sam" in section.get_text()
    assert "see details" in section.get_text()


def test_only_activities_the_public_may_see_in_full_are_on(client, whats_on):
    area = make_area("Canal Side")
    make_activity(title="Open session", schedule="Thursdays 12:00-14:30")
    make_activity(
        title="Network only", visibility=Visibility.NETWORK_ONLY, tags=["secret-topic"], area=area
    )
    hidden = make_activity(title="Hidden one", visibility=Visibility.HIDDEN, tags=["secret-topic"])
    make_activity(title="Draft one", live=False, revision=False)
    restricted = make_activity(title="Members only")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    page_html = client.get("/whats-on/").content.decode()
    for title in [
        "Network only",
        "Hidden one",
        "Draft one",
        "Members only",
        "secret-topic",
        "Canal Side",
    ]:
        assert title not in page_html
    assert [t for _d, _t, t in sessions_on_page(client, "/whats-on/")] == ["Open session"]
    calendar = parse_calendar(client.get("/whats-on/calendar.ics"))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Open session"]
    for activity in [hidden, restricted]:
        assert client.get(f"/whats-on/calendar/{activity.pk}.ics").status_code == 404


def test_each_activity_has_a_calendar_that_calendar_apps_can_read(client, whats_on):
    area = make_area("Brickfield North")
    activity = make_activity(
        title="Saturday Cook; Share, & <Eat>",
        schedule="Second and fourth Saturday of the month, 11:00-14:00 (bring a dish)",
        address="12 Kiln Street, London",
        postcode="NW5 1DJ",
        area=area,
        lat_lng=(51.5589, -0.1441),
    )
    response = client.get(f"/whats-on/calendar/{activity.pk}.ics")
    calendar = parse_calendar(response)
    assert response["Content-Disposition"] == f'inline; filename="{activity.slug}.ics"'
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar.get("PRODID")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = calendar.walk("VEVENT")
    assert [event["RRULE"]["BYDAY"] for event in events] == [["2SA"], ["4SA"]]
    assert all(event["RRULE"]["FREQ"] == ["MONTHLY"] for event in events)
    for event in events:
        assert str(event["SUMMARY"]) == "Saturday Cook; Share, & <Eat> (bring a dish)"
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert (start.time(), end.time(), start.weekday()) == (
            datetime.time(11),
            datetime.time(14),
            5,
        )
        assert str(event["LOCATION"]) == "12 Kiln Street, London, NW5 1DJ"
        assert str(event["URL"]) == f"http://testserver{activity.url}"
        assert event["UID"].endswith(f"@{whats_on.get_site().hostname}")
    assert len({str(event["UID"]) for event in events}) == 2


def test_the_feed_repeats_on_the_same_days_the_page_shows(client, whats_on):
    for schedule in [
        "Thursdays 12:00-14:30",
        "Tuesdays and Thursdays 17:00-20:30; Fridays 18:00-21:00 (over-14s)",
        "Second and fourth Saturday of the month, 11:00-14:00",
        "First Saturday of the month, 14:00-16:00",
        "Last Monday of the month, 10:00-11:00",
        "Sundays 19:00-20:00 (online)",
    ]:
        make_activity(schedule=schedule)
    # Each feed starts at the activity's first publication; these were published long ago.
    ActivityPage.objects.update(
        first_published_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    )
    calendar = parse_calendar(client.get("/whats-on/calendar.ics"))
    assert len(calendar.walk("VEVENT")) == ActivitySession.objects.count() == 9
    # The recurrence rules, expanded by a calendar library, give the sessions the page lists.
    expanded = recurring_ical_events.of(calendar).between(
        TUESDAY, TUESDAY + datetime.timedelta(days=13)
    )
    from_feed = sorted(
        (
            event.decoded("DTSTART").date(),
            event.decoded("DTSTART").strftime("%H:%M"),
            str(event["SUMMARY"]).split(" (")[0],
        )
        for event in expanded
    )
    shown = []
    for url in ["/whats-on/", "/whats-on/?week=next"]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for item in soup.select(".session"):
            start = item.select_one(".session__time time")["datetime"]
            day = datetime.date.fromisoformat(start[:10])
            shown.append(
                (day, start[11:], item.select_one(".session__title a").get_text(strip=True))
            )
    assert from_feed == sorted(shown)
    assert len(shown) == 13


def test_feeds_of_nothing_are_still_valid_calendars(client, whats_on):
    make_activity(title="Lunch Club", tags=["food"])
    unclear = make_activity(title="Befriending", tags=["arts"], schedule="By appointment")
    calendar = parse_calendar(client.get("/whats-on/calendar.ics?tag=arts"))
    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE")
    assert client.get(f"/whats-on/calendar/{unclear.pk}.ics").status_code == 404
    assert client.get("/nowhere/calendar.ics").status_code == 404


def test_the_feed_follows_the_filters_the_page_links_to(client, whats_on):
    make_activity(title="Lunch Club", tags=["food"])
    make_activity(title="Choir", tags=["arts"], schedule="Thursdays 19:00-21:00")
    soup = BeautifulSoup(client.get("/whats-on/?tag=arts&week=next").content, "html.parser")
    download = soup.find("a", string="Download the calendar (.ics)")["href"]
    assert download == "/whats-on/calendar.ics?tag=arts"
    subscribe = soup.find("a", string="Subscribe in your calendar app")["href"]
    assert subscribe == "webcal://testserver/whats-on/calendar.ics?tag=arts"
    calendar = parse_calendar(client.get(download))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Choir"]


def test_user_text_is_escaped_on_the_page(client, whats_on):
    make_activity(
        title="<script>alert(1)</script> club", schedule="Tuesdays 10:00-11:00 (<b>bold</b>)"
    )
    html = client.get("/whats-on/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; club" in html
    assert "(&lt;b&gt;bold&lt;/b&gt;)" in html


def test_an_activity_page_shows_its_sessions_and_calendar(client, whats_on):
    activity = make_activity(title="Pantry", schedule="Fridays 10:00-13:00; Tuesdays 17:00-19:00")
    soup = BeautifulSoup(client.get(activity.url).content, "html.parser")
    when = soup.select_one(".when")
    assert [li.get_text(strip=True) for li in when.select(".session-rules li")] == [
        "Fridays, 10:00–13:00",
        "Tuesdays, 17:00–19:00",
    ]
    assert when.select_one(".next-session").get_text(" ", strip=True) == (
        "Next: Tuesday 24 November, 17:00–19:00"
    )
    assert when.find("a", string="Add to your calendar (.ics)")["href"] == (
        f"/whats-on/calendar/{activity.pk}.ics"
    )


def test_a_network_only_activity_page_keeps_its_times_private(client, whats_on):
    activity = make_activity(title="Quiet circle", visibility=Visibility.NETWORK_ONLY)
    html = client.get(activity.url).content.decode()
    assert "Thursdays" not in html
    assert "calendar" not in html.lower()


def test_query_counts_do_not_grow_with_the_activities(client, whats_on):
    north = make_area("Brickfield North")

    def add(number):
        for _ in range(number):
            make_activity(
                tags=["food"],
                area=north,
                revision=False,
                schedule="Tuesdays 17:00-20:30; First Saturday of the month, 10:00-12:00",
            )

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def count(url):
        """Queries with an empty cache (after a publish), then with the page's entries warm."""
        invalidate()
        return queries(url), queries(url)

    add(5)
    activity = ActivityPage.objects.first()
    urls = [
        "/whats-on/",
        "/whats-on/?week=next",
        "/whats-on/?tag=food&area=brickfield-north",
        "/whats-on/calendar.ics",
        f"/whats-on/calendar/{activity.pk}.ics",
        activity.url,
    ]
    client.get("/whats-on/")  # Wagtail caches the site's root paths on the first request.
    small = {url: count(url) for url in urls}
    add(60)
    assert {url: count(url) for url in urls} == small


def test_the_demo_s_activities_all_have_sessions(demo, client, today):
    activities = ActivityPage.objects.all()
    assert activities.count() == 16
    assert not activities.filter(sessions__isnull=True).exists()
    assert ActivitySession.objects.count() == 23
    youth = ActivityPage.objects.get(title="Youth Club Nights")
    assert [(s.weekday, s.note) for s in youth.sessions.all()] == [
        (1, ""),
        (3, ""),
        (4, "over-14s"),
    ]
    response = client.get("/whats-on/")
    assert "Nothing on" not in response.content.decode()
    assert len(parse_calendar(client.get("/whats-on/calendar.ics")).walk("VEVENT")) == 23


def test_the_home_page_shows_what_is_on_today(client, whats_on):
    make_activity(title="Stay and Play", schedule="Tuesdays 09:30-11:30")
    make_activity(title="Choir", schedule="Thursdays 19:00-21:00")
    make_activity(
        title="Hidden club", visibility=Visibility.HIDDEN, schedule="Tuesdays 10:00-11:00"
    )
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = soup.select_one("#today-heading").parent
    assert [a.get_text() for a in section.select(".session__title a")] == ["Stay and Play"]
    assert section.find("a", string="See what's on this week")["href"] == "/whats-on/"


def test_the_home_page_shows_the_new_day_s_sessions_the_next_day(client, whats_on, monkeypatch):
    make_activity(title="Stay and Play", schedule="Tuesdays 09:30-11:30")
    make_activity(title="Choir", schedule="Wednesdays 19:00-21:00")

    def on_today():
        soup = BeautifulSoup(client.get("/").content, "html.parser")
        return [
            a.get_text()
            for a in soup.select_one("#today-heading").parent.select(".session__title a")
        ]

    assert on_today() == ["Stay and Play"]
    monkeypatch.setattr("localcommons.dates.today", lambda: TUESDAY + datetime.timedelta(days=1))
    assert on_today() == ["Choir"]
