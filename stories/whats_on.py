"""What's on: the sessions of public activities this week and next, and their filters."""

import datetime
from itertools import groupby

from django import forms
from django.db.models import Exists, OuterRef

from directory.models import ActivityPage, ActivitySession, Area, DirectoryIndexPage, TopicTag
from localcommons import dates
from localcommons.cache import cached
from localcommons.forms import FilterForm
from localcommons.pages import only_live_page
from localcommons.pagination import paginate_cached, query_without

UNSCHEDULED_SHOWN = 24


def week_span(day, week):
    """The days shown for "this" week (from today to Sunday) or the "next" (Monday to Sunday)."""
    sunday = day + datetime.timedelta(days=6 - day.weekday())
    if week == "next":
        return sunday + datetime.timedelta(days=1), sunday + datetime.timedelta(days=7)
    return day, sunday


def public_activities():
    """Activities whose details (and so their times) the public may see."""
    return ActivityPage.objects.publicly_detailed()


class WhatsOnFilterForm(FilterForm):
    """Which week, topic and area; values live in the URL."""

    WEEKS = [("this", "This week"), ("next", "Next week")]

    week = forms.ChoiceField(choices=WEEKS, required=False, widget=forms.HiddenInput)
    tag = forms.ChoiceField(label="Topic", required=False)
    area = forms.ChoiceField(label="Area", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = cached("filters:whats-on", {}, whats_on_choices)
        self.fields["tag"].choices = [("", "All topics"), *choices["tag"]]
        self.fields["area"].choices = [("", "All areas"), *choices["area"]]


def whats_on_choices():
    """The topics and areas of public activities (a hidden one never names itself here)."""
    activities = public_activities()
    return {
        "tag": list(
            TopicTag.objects.filter(listing_items__content_object__in=activities)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        ),
        "area": list(
            Area.objects.filter(Exists(activities.filter(area=OuterRef("pk"))))
            .order_by("name")
            .values_list("slug", "name")
        ),
    }


def filter_activities(activities, filters):
    """The activities matching the topic and area filters."""
    if filters.get("tag"):
        activities = activities.filter(topic_items__tag__slug=filters["tag"])
    if filters.get("area"):
        activities = activities.filter(area__slug=filters["area"])
    return activities


def filtered_activities(request):
    """Public activities filtered by the request's valid filters, with the form."""
    activities = public_activities()
    form = WhatsOnFilterForm(request.GET or None)
    filters = form.filters()
    return form, filters, filter_activities(activities, filters)


def sessions_of(activities):
    """Every session of the activities, with its activity, for calendars."""
    return (
        ActivitySession.objects.filter(page__in=activities)
        .select_related("page")
        .order_by("page__title", "sort_order", "pk")
    )


def sessions_on(day=None, limit=None):
    """The sessions of public activities on a day (today by default), in time order."""
    day = day or dates.today()
    sessions = (
        ActivitySession.objects.filter(page__in=public_activities())
        .between(day, day)
        .select_related("page")
        .order_by("starts_at", "page__title", "pk")
    )
    return list(sessions[:limit])


def sessions_of_visible(ids, activities):
    """The sessions with these ids whose activity is among activities (checked for those only).

    The activities query is narrowed to the sessions' own pages first: checking a page of
    sessions should not read every public activity.
    """
    pages = ActivitySession.objects.filter(pk__in=ids).values("page_id")
    return ActivitySession.objects.filter(pk__in=ids, page__in=activities.filter(pk__in=pages))


def day_label(day):
    """ "Today" or "Tomorrow", for the day headings; None for other days."""
    offset = (day - dates.today()).days
    return {0: "Today", 1: "Tomorrow"}.get(offset)


def whats_on_context(page, request):
    """The week's sessions by day, a page at a time, and the activities without set times."""
    form, filters, activities = filtered_activities(request)
    week = filters.get("week", "this")
    first_day, last_day = week_span(dates.today(), week)
    sessions = (
        ActivitySession.objects.filter(page__in=activities)
        .between(first_day, last_day)
        .order_by("date", "starts_at", "page__title", "pk")
    )
    page_obj, page_sessions = paginate_cached(
        request,
        sessions,
        page.page_size,
        ("whats-on:sessions", {**filters, "first": first_day, "last": last_day}),
        fetch=lambda ids: (
            sessions_of_visible(ids, activities)
            .between(first_day, last_day)
            .select_related("page", "page__area")
        ),
    )
    days = [
        {"date": day, "label": day_label(day), "sessions": list(day_sessions)}
        for day, day_sessions in groupby(page_sessions, key=lambda s: s.date)
    ]
    # Activities whose schedule could not be read into sessions: their times are on their
    # pages. A neighbourhood may have hundreds, so a short list links to the directory.
    unscheduled_ids = cached(
        "whats-on:unscheduled",
        filters,
        lambda: list(
            activities.filter(~Exists(ActivitySession.objects.filter(page=OuterRef("pk"))))
            .order_by("title")
            .values_list("pk", flat=True)[: UNSCHEDULED_SHOWN + 1]
        ),
    )
    # Read through the same rule, so an id cached a moment before a change shows nothing.
    unscheduled_shown = list(activities.filter(pk__in=unscheduled_ids).order_by("title"))
    week_links = [
        {
            "value": value,
            "label": label,
            "span": week_span(dates.today(), value),
            "query": _query_with(request, week=value),
            "current": value == week,
        }
        for value, label in WhatsOnFilterForm.WEEKS
    ]
    return {
        "form": form,
        "filters": filters,
        "week": week,
        "week_links": week_links,
        "first_day": first_day,
        "last_day": last_day,
        "page_obj": page_obj,
        "days": days,
        "session_count": page_obj.paginator.count,
        "unscheduled": unscheduled_shown[:UNSCHEDULED_SHOWN],
        "more_unscheduled": len(unscheduled_shown) > UNSCHEDULED_SHOWN,
        "directory_page": only_live_page(DirectoryIndexPage),
        "query_without_page": query_without(request, "page"),
        **calendar_links(page, request),
    }


def calendar_links(page, request):
    """The feed for the current filters: to download, and to subscribe to (webcal://)."""
    url = page.calendar_url(request=request)
    query = query_without(request, "page", "week")
    url += f"?{query}" if query else ""
    absolute = request.build_absolute_uri(url)
    return {"calendar_url": url, "subscribe_url": "webcal://" + absolute.split("://", 1)[1]}


def _query_with(request, **values):
    params = request.GET.copy()
    params.pop("page", None)
    params.update(values)
    return params.urlencode()
