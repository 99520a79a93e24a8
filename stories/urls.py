"""The What's on page's .ics feeds: Wagtail's page routes cannot end in a file name."""

from django.urls import re_path

from stories.views import whats_on_calendar

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)calendar(?:/(?P<activity_id>\d+))?\.ics$",
        whats_on_calendar,
        name="whats_on_calendar",
    ),
]
