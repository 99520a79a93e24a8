"""iCalendar (RFC 5545) feeds of activities' regular sessions, with recurrence rules."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone
from wagtail.models import Site

from directory import schedule


def session_event(session, request, host):
    """One VEVENT: the session's first date from its activity's publication, repeating."""
    activity = session.page
    zone = ZoneInfo(settings.TIME_ZONE)
    published = activity.first_published_at
    # Anchored on first publication, not today, so the feed stays the same between fetches.
    since = timezone.localdate(published) if published else timezone.localdate()
    first = schedule.first_on_or_after(session, since)
    # The address the calendar was fetched from, not the Site record's (which may differ).
    url = request.build_absolute_uri(activity.get_url(request=request))
    event = Event()
    event.add("uid", f"activity-session-{session.pk}@{host}")
    event.add("dtstamp", activity.last_published_at or timezone.now())
    event.add("summary", f"{activity.title} ({session.note})" if session.note else activity.title)
    event.add("dtstart", datetime.datetime.combine(first, session.starts_at, tzinfo=zone))
    event.add("dtend", datetime.datetime.combine(first, session.ends_at, tzinfo=zone))
    event.add("rrule", schedule.rrule(session))
    description = [activity.summary, f"{session.describe()}, {session.times}"]
    if session.note:
        description.append(session.note.capitalize())
    event.add("description", "\n\n".join([*filter(None, description), f"Details: {url}"]))
    location = ", ".join(filter(None, [activity.address, activity.postcode]))
    if location:
        event.add("location", location)
    if activity.latitude is not None and activity.longitude is not None:
        event.add("geo", (activity.latitude, activity.longitude))
    if url:
        event.add("url", url)
    return event


def calendar_response(sessions, request, name, filename):
    """An .ics response for the sessions; calendar apps subscribe to or import it."""
    calendar = Calendar()
    calendar.add("prodid", "-//Local Commons//What's on//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # The site's time zone is always included: it keeps a calendar with no sessions (a
    # filter that matches nothing) valid, as RFC 5545 requires at least one component.
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    site = Site.find_for_request(request)
    host = site.hostname if site else request.get_host()
    for session in sessions:
        calendar.add_component(session_event(session, request, host))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
