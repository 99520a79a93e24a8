"""A resident finds what's on this week and next, narrows it down, and adds it to a calendar."""

import csv
import datetime
import re
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings
from playwright.sync_api import expect

from directory.models import ActivitySession
from directory.schedule import parse_schedule
from stories.models import WhatsOnPage
from tests.browser.helpers import focused, listing_path, tab_to
from tests.builders import make_activity

pytestmark = pytest.mark.browser

TUESDAY = datetime.date(2026, 11, 24)
NARROWEST = {"width": 320, "height": 640}
OVERFLOWING = """selector => [...document.querySelectorAll(selector)]
    .filter(el => el.scrollWidth > el.clientWidth)
    .map(el => el.textContent.trim().replace(/\\s+/g, " "))"""
STICKING_OUT = """selector => [...document.querySelectorAll(selector)]
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth)
    .map(el => `${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""}: `
        + `${el.textContent.trim().replace(/\\s+/g, " ").slice(0, 60)}`)"""


@pytest.fixture
def today(monkeypatch):
    """Pin What's on's today to Tuesday 24 November 2026; the live server runs in-process."""
    monkeypatch.setattr("localcommons.dates.today", lambda: TUESDAY)
    return TUESDAY


def demo_session_count():
    """The sessions the demo spreadsheet's public schedules describe, counted from the CSV."""
    with (settings.BASE_DIR / "data" / "demo" / "elements.csv").open(newline="") as rows:
        return sum(
            len(parse_schedule(row["Schedule"]) or [])
            for row in csv.DictReader(rows)
            if row["Visibility"].strip() in ("", "public")
        )


def listed_sessions(scope):
    """(start, end, activity title, where) for each session shown within scope, in order."""
    sessions = []
    for item in scope.locator(".session").all():
        where = item.locator(".session__where")
        sessions.append(
            (
                *item.locator(".session__time time").all_inner_texts(),
                item.locator(".session__title a").inner_text(),
                where.inner_text() if where.count() else "",
            )
        )
    return sessions


def session_starts(page):
    """The datetime attribute of every session's start on the page, in page order."""
    return [
        time.get_attribute("datetime")
        for time in page.locator(".session .session__time time:first-child").all()
    ]


def week_tab(page, label):
    return page.get_by_role("navigation", name="Weeks").get_by_role(
        "link", name=re.compile(rf"^{label}")
    )


def download_calendar(page, link):
    """Click a calendar link, and the downloaded file's name and parsed calendar."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    with open(download.path(), "rb") as file:
        return download.suggested_filename, icalendar.Calendar.from_ical(file.read())


def test_find_sessions_filter_by_area_with_the_keyboard_and_keep_it_next_week(
    today, demo_server, page, traffic
):
    page.goto(demo_server.url + "/")
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="What's on").click()
    page.wait_for_url(re.compile(r"/whats-on/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What's on")
    expect(menu.get_by_role("link", name="What's on")).to_have_attribute("aria-current", "page")
    expect(week_tab(page, "This week")).to_have_attribute("aria-current", "page")
    expect(week_tab(page, "Next week")).not_to_have_attribute("aria-current", "page")
    count = page.locator(".results__count")
    expect(count).to_have_text("19 sessions this week, Tuesday 24 November to Sunday 29 November")

    # Today's sessions come first, under their own heading, earliest first.
    days = page.locator(".session-day h3")
    expect(days.first).to_have_text("Today, Tuesday 24 November")
    expect(days.nth(1)).to_have_text("Tomorrow, Wednesday 25 November")
    expect(days.last).to_have_text("Sunday 29 November")
    today_section = page.get_by_role("region", name="Today, Tuesday 24 November")
    assert listed_sessions(today_section) == [
        (
            "09:30",
            "11:30",
            "Kilnside Stay and Play",
            "Community Room, Saggar House, Kilnside Estate, London · Brickfield North",
        ),
        ("14:00", "16:00", "Digital help drop-in", "60 Hopgarden Road, London · Brickfield North"),
        ("17:00", "19:00", "Brickfield Larder pantry", "12 Kiln Street, London · Brickfield North"),
        ("17:00", "20:30", "Youth Club Nights", "3 Brickmakers Yard, London · Brickfield South"),
    ]
    starts = session_starts(page)
    assert starts[0] == "2026-11-24T09:30" and starts[-1].startswith("2026-11-29")
    assert starts == sorted(starts), "sessions are not in day and time order"

    # Choose an area with the keyboard alone: Tab to the select, arrow to an area, Enter.
    expect(page.get_by_role("combobox", name="Area")).to_have_value("")
    tab_to(page, lambda el: el["id"] == "id_area")
    for _ in range(10):
        if focused(page)["value"] == "brickfield-south":
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == "brickfield-south", "arrow keys never chose Brickfield South"
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Show sessions")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/whats-on/\?(.+&)?area=brickfield-south(&|$)"))
    expect(page.get_by_role("combobox", name="Area")).to_have_value("brickfield-south")
    expect(count).to_have_text("6 sessions this week, Tuesday 24 November to Sunday 29 November")
    south = listed_sessions(page)
    assert [title for _start, _end, title, _where in south] == [
        "Youth Club Nights",  # Tuesday
        "Walking football for over-55s",  # Wednesday
        "Thursday Lunch Club",
        "Youth Club Nights",
        "Community choir rehearsal",
        "Youth Club Nights",  # Friday
    ]
    assert all(where.endswith(" · Brickfield South") for *_rest, where in south), south
    assert session_starts(page) == sorted(session_starts(page))
    expect(page.get_by_role("link", name="Clear", exact=True)).to_be_visible()

    # Next week keeps the area.
    week_tab(page, "Next week").click()
    page.wait_for_url(re.compile(r"/whats-on/\?(.+&)?week=next(&|$)"))
    assert re.search(r"[?&]area=brickfield-south(&|$)", page.url), page.url
    expect(week_tab(page, "Next week")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("combobox", name="Area")).to_have_value("brickfield-south")
    expect(count).to_have_text("7 sessions next week, Monday 30 November to Sunday 6 December")
    expect(days.first).to_have_text("Tuesday 1 December")
    next_week = listed_sessions(page)
    assert all(where.endswith(" · Brickfield South") for *_rest, where in next_week), next_week
    saturday = page.get_by_role("region", name="Saturday 5 December")
    assert listed_sessions(saturday) == [
        ("14:00", "16:00", "Brickfield Repair Café", "St Barnabas Place, London · Brickfield South")
    ]

    # The activity's own page says when it is on next.
    saturday.get_by_role("link", name="Brickfield Repair Café").click()
    page.wait_for_url(re.compile(r"/directory/brickfield-repair-cafe/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Brickfield Repair Café")
    when = page.get_by_role("region", name="When")
    expect(when.get_by_role("listitem")).to_have_text(["First Saturday of the month, 14:00–16:00"])
    expect(when.locator(".next-session")).to_have_text("Next: Saturday 5 December, 14:00–16:00")
    expect(when.locator(".next-session time")).to_have_attribute("datetime", "2026-12-05T14:00")
    expect(when.get_by_role("link", name="Add to your calendar (.ics)")).to_be_visible()
    traffic.assert_clean()


def test_add_an_activity_to_a_calendar(today, demo_server, page, traffic):
    page.goto(demo_server.url + listing_path("act-cook-and-share"))
    when = page.get_by_role("region", name="When")
    expect(when.get_by_role("listitem")).to_have_text(
        [
            "Second Saturday of the month, 11:00–14:00",
            "Fourth Saturday of the month, 11:00–14:00",
        ]
    )
    expect(when.locator(".next-session")).to_have_text("Next: Saturday 28 November, 11:00–14:00")

    name, calendar = download_calendar(
        page, when.get_by_role("link", name="Add to your calendar (.ics)")
    )
    assert name == "saturday-cook-and-share.ics"
    assert calendar["X-WR-CALNAME"] == "Saturday Cook and Share"
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    rules = set()
    for event in events:
        assert event["SUMMARY"] == "Saturday Cook and Share"
        # The path only: the host is the Wagtail Site's (localhost:80), not the live server's.
        assert urlsplit(str(event["URL"])).path == urlsplit(page.url).path
        start, end = event["DTSTART"], event["DTEND"]
        assert start.params["TZID"] == end.params["TZID"] == "Europe/London"
        assert (start.dt.time(), end.dt.time()) == (datetime.time(11), datetime.time(14))
        assert start.dt.date() == end.dt.date()
        rule = event["RRULE"]
        assert rule["FREQ"] == ["MONTHLY"]
        (byday,) = rule["BYDAY"]
        rules.add(byday)
        # The first occurrence is itself one the rule describes.
        assert start.dt.weekday() == 5 and f"{(start.dt.day - 1) // 7 + 1}SA" == byday
    assert rules == {"2SA", "4SA"}
    assert {component.name for component in calendar.subcomponents} == {"VTIMEZONE", "VEVENT"}
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"

    # The whole neighbourhood's feed has every session of the demo.
    response = page.request.get(demo_server.url + "/whats-on/calendar.ics")
    assert response.ok
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    everything = icalendar.Calendar.from_ical(response.body())
    assert len(everything.walk("VEVENT")) == demo_session_count() == 23
    assert len(everything.walk("VEVENT")) == ActivitySession.objects.count()
    traffic.assert_clean()


def test_the_page_s_calendar_links_follow_its_filters(today, demo_server, page, traffic):
    page.goto(demo_server.url + "/whats-on/?week=next&tag=food")
    links = page.get_by_role("region", name="Add to your calendar")
    # The feed covers every week, so it takes the topic but not the week.
    subscribe = links.get_by_role("link", name="Subscribe in your calendar app")
    expect(subscribe).to_have_attribute(
        "href",
        re.compile(r"^webcal://(localhost|127\.0\.0\.1):\d+/whats-on/calendar\.ics\?tag=food$"),
    )
    download = links.get_by_role("link", name="Download the calendar (.ics)")
    expect(download).to_have_attribute("href", "/whats-on/calendar.ics?tag=food")

    name, calendar = download_calendar(page, download)
    assert name == "whats-on.ics"
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == [
        "Brickfield Larder pantry",
        "Brickfield Larder pantry",
        "Saturday Cook and Share",
        "Saturday Cook and Share",
        "Thursday Lunch Club",
    ]
    traffic.assert_clean()


def test_pages_of_sessions_keep_the_week_and_area(today, monkeypatch, demo_server, page, traffic):
    monkeypatch.setattr(WhatsOnPage, "page_size", 5)
    page.goto(demo_server.url + "/whats-on/?week=next&area=brickfield-north")
    count = page.locator(".results__count")
    expect(count).to_have_text("9 sessions next week, Monday 30 November to Sunday 6 December")
    expect(page.locator(".session")).to_have_count(5)
    first_page = session_starts(page)
    pages = page.get_by_role("navigation", name="Pages of results")
    expect(pages).to_contain_text("Page 1 of 2")

    pages.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"[?&]page=2(&|$)"))
    assert re.search(r"[?&]week=next(&|$)", page.url) and "area=brickfield-north" in page.url
    expect(count).to_have_text("9 sessions next week, Monday 30 November to Sunday 6 December")
    expect(page.locator(".session")).to_have_count(4)
    expect(pages).to_contain_text("Page 2 of 2")
    second_page = session_starts(page)
    assert first_page + second_page == sorted(first_page + second_page)
    assert all(where.endswith(" · Brickfield North") for *_rest, where in listed_sessions(page))
    # The filters submitted again start from the first page.
    expect(page.get_by_role("combobox", name="Area")).to_have_value("brickfield-north")
    page.get_by_role("button", name="Show sessions").click()
    page.wait_for_url(lambda url: "page=" not in url)
    expect(page.locator(".session")).to_have_count(5)
    assert re.search(r"[?&]week=next(&|$)", page.url), page.url
    traffic.assert_clean()


def test_activities_without_set_times_point_to_their_pages(today, demo_server, page, traffic):
    make_activity(
        title="Bring and fix sewing circle",
        slug="bring-and-fix-sewing-circle",
        schedule="Most Thursday evenings, ask at the desk",
    )
    page.goto(demo_server.url + "/whats-on/")
    other_times = page.get_by_role("region", name="Also on, at other times")
    item = other_times.get_by_role("listitem")
    expect(item).to_have_text(
        "Bring and fix sewing circle: Most Thursday evenings, ask at the desk (see details)"
    )
    # It is not among the week's sessions, which are all still there.
    expect(page.locator(".session")).to_have_count(19)

    item.get_by_role("link", name="Bring and fix sewing circle").click()
    page.wait_for_url(re.compile(r"/bring-and-fix-sewing-circle/$"))
    expect(page.get_by_role("heading", name="When", level=2)).to_be_visible()
    expect(page.get_by_text("Most Thursday evenings, ask at the desk")).to_be_visible()
    expect(page.get_by_role("link", name="Add to your calendar (.ics)")).to_have_count(0)
    traffic.assert_clean()


def test_sessions_fit_the_narrowest_phone(today, demo_server, page, traffic):
    """WCAG 1.4.10 Reflow: at 320 CSS pixels nothing needs scrolling sideways."""
    page.set_viewport_size(NARROWEST)
    page.goto(demo_server.url + "/whats-on/")
    expect(page.locator(".session").first).to_be_visible()

    for selector in [".session-list", ".session", ".week-tabs", ".filters", ".calendar-links"]:
        assert page.evaluate(OVERFLOWING, selector) == [], f"{selector} overflows"
        assert page.evaluate(STICKING_OUT, selector) == [], f"{selector} is wider than the screen"
    # At this width a session's time sits above its title rather than beside it.
    first = page.locator(".session").first
    time_box = first.locator(".session__time").bounding_box()
    title_box = first.locator(".session__title").bounding_box()
    assert time_box["y"] + time_box["height"] <= title_box["y"]

    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["client"] == NARROWEST["width"]
    assert widths["scroll"] <= widths["client"], (
        f"What's on scrolls sideways: {widths}; past the right edge: "
        f"{page.evaluate(STICKING_OUT, 'body *')}"
    )
    traffic.assert_clean()
