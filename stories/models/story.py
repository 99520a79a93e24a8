"""Residents' stories: the story pages and the index that lists them."""

from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from directory.models.location import LocatedMixin
from directory.visibility import public_views
from localcommons.geo_widget import LocalLeafletPanel
from stories.blocks import StoryBodyBlock


class StoryTopic(ItemBase):
    """Through model: a story's topics, from the same vocabulary as listings'."""

    tag = models.ForeignKey(
        "directory.TopicTag", related_name="story_items", on_delete=models.CASCADE
    )
    content_object = ParentalKey(
        "stories.StoryPage", related_name="topic_items", on_delete=models.CASCADE
    )


class StoryFeaturedListing(Orderable):
    """A listing a story is about, in the order the editor chose."""

    story = ParentalKey(
        "stories.StoryPage", related_name="featured_listings", on_delete=models.CASCADE
    )
    listing = models.ForeignKey(
        "directory.Listing", related_name="featured_in", on_delete=models.CASCADE
    )

    panels = [FieldPanel("listing")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["story", "listing"], name="unique_story_listing")
        ]

    def __str__(self):
        return f"{self.story} features {self.listing}"


class StoryPage(LocatedMixin, Page):
    """A resident's story about the neighbourhood, tied to the listings it is about."""

    date = models.DateField(default=timezone.localdate)
    summary = models.CharField(max_length=300, help_text="One or two sentences for lists.")
    body = StreamField(StoryBodyBlock(), blank=True)
    tags = ClusterTaggableManager(
        through="stories.StoryTopic", blank=True, related_name="stories", verbose_name="topics"
    )
    teller_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="Who told the story. Leave empty to keep it anonymous.",
    )
    teller_consent = models.BooleanField(
        default=False, help_text="The teller agreed to be named on the website."
    )
    consent_note = models.TextField(
        blank=True, help_text="Private: how and when consent was given. Never shown publicly."
    )

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("tags"),
        FieldPanel("body"),
        InlinePanel("featured_listings", heading="Featured listings", label="Listing"),
        MultiFieldPanel(
            [FieldPanel("teller_name"), FieldPanel("teller_consent"), FieldPanel("consent_note")],
            heading="Who told it",
        ),
        MultiFieldPanel([LocalLeafletPanel("location")], heading="Where (optional)"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"
        indexes = [models.Index(fields=["-date"], name="story_newest_first")]

    @property
    def public_teller(self):
        """The teller's name, only when they agreed to be named."""
        return self.teller_name if self.teller_consent else ""

    def public_featured(self, request=None):
        """The featured listings the public may see, in the editor's order."""
        featured = self.featured_listings.all().select_related("listing")
        return public_views([item.listing for item in featured], request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = self.public_featured(request)
        context["featured"] = featured
        context["located"] = [view for view in featured if view.has_location]
        context["story_index"] = self.get_parent()
        return context


class StoryIndexPage(RoutablePageMixin, Page):
    """The stories at /stories/: newest first, filterable by topic and listing, with a feed."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count = 1
    page_size = 10

    class Meta:
        verbose_name = "story index"

    def stories(self):
        """Live public stories under this index, newest first."""
        return (
            StoryPage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-date", "-first_published_at")
        )

    @path("")
    def index_route(self, request):
        from stories.browse import story_index_context

        return self.render(request, context_overrides=story_index_context(self, request))

    @path("feed/")
    def feed_route(self, request):
        from stories.feeds import StoryFeed

        return StoryFeed(self)(request)
