"""The home page and the site-wide settings editors can change."""

from functools import partial

from django.db import models
from django.utils.functional import SimpleLazyObject
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from localcommons import dates


class HomePage(Page):
    """The front page: what the site is for, a search box and ways into the content."""

    intro = models.TextField(
        blank=True, help_text="What this site is for, in a sentence or two, for residents."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    # Each app adds its index page here as it arrives (stories, projects, maps).
    subpage_types = [
        "directory.DirectoryIndexPage",
        "stories.StoryIndexPage",
        "stories.ProjectIndexPage",
        "stories.WhatsOnPage",
        "mapping.MapPage",
        "mapping.NetworkPage",
        "mapping.OpportunitiesPage",
        "mapping.ReportsPage",
        "moderation.AddListingPage",
        "research.ResearchIndexPage",
        "localcommons.InformationPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Built only when the page's cached content is rendered again (the template's
        # {% wagtailpagecache %}), which also varies on the day for "On today".
        context["sections"] = SimpleLazyObject(partial(self.sections, request))
        context["today"] = dates.today()
        return context

    def sections(self, request):
        """What the apps show on the front page (directory counts, latest stories).

        They add it through the `home_page_context` hook, so the site package does not
        import them.
        """
        sections = {}
        for add_context in hooks.get_hooks("home_page_context"):
            sections.update(add_context(self, request))
        return sections


class InformationPage(Page):
    """A page about the site itself (the accessibility statement, privacy), linked in the footer."""

    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body"), FieldPanel("last_reviewed")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "information page"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Site-wide text shown in the header and footer."""

    tagline = models.CharField(
        max_length=200, blank=True, default="Who's here, what's on and how it all connects."
    )
    contact_email = models.EmailField(blank=True)
    footer_text = models.TextField(blank=True)

    panels = [FieldPanel("tagline"), FieldPanel("contact_email"), FieldPanel("footer_text")]
