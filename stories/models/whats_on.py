"""What's on: the page listing this week's and next week's sessions, and its calendars."""

from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class WhatsOnPage(Page):
    """The sessions of public activities at /whats-on/; its iCal feeds are in stories.urls."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = []
    max_count = 1
    page_size = 50

    class Meta:
        verbose_name = "what's on page"

    def get_context(self, request, *args, **kwargs):
        from stories.whats_on import whats_on_context

        context = super().get_context(request, *args, **kwargs)
        context.update(whats_on_context(self, request))
        return context

    def calendar(self, request):
        """Every public activity's sessions (narrowed by ?tag= and ?area=), as iCal."""
        from stories.calendar import calendar_response
        from stories.whats_on import filtered_activities, sessions_of

        _form, _filters, activities = filtered_activities(request)
        return calendar_response(
            sessions_of(activities), request, name=self.title, filename="whats-on.ics"
        )

    def activity_calendar(self, request, activity_id):
        """One public activity's sessions, as iCal."""
        from stories.calendar import calendar_response
        from stories.whats_on import public_activities, sessions_of

        sessions = list(sessions_of(public_activities().filter(pk=activity_id)))
        if not sessions:
            raise Http404("No public activity with regular sessions has that id.")
        activity = sessions[0].page
        return calendar_response(
            sessions,
            request,
            name=activity.title,
            filename=f"{activity.slug}.ics",
        )

    def calendar_url(self, activity=None, request=None):
        """The iCal feed's URL (served by stories.urls): for all activities, or for one."""
        name = f"calendar/{activity.pk}.ics" if activity else "calendar.ics"
        return self.get_url(request=request) + name
