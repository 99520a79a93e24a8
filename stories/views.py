"""Views outside Wagtail's page routing."""

from django.http import Http404
from wagtail.models import Site

from localcommons.ids import as_id
from stories.models import WhatsOnPage


def whats_on_calendar(request, page_path, activity_id=None):
    """The iCal feed of the What's on page at page_path: every activity's or one's."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site here.")
    url_path = site.root_page.url_path + page_path
    # live().public(): a draft or login-restricted What's on page has no public feed either.
    page = WhatsOnPage.objects.live().public().filter(url_path=url_path).first()
    if page is None:
        raise Http404("No What's on page here.")
    if activity_id is None:
        return page.calendar(request)
    activity = as_id(activity_id)
    if activity is None:
        raise Http404("No such activity.")
    return page.activity_calendar(request, activity)
