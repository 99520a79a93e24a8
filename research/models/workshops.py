"""Workshops: where residents said what their area needs and has, and what came of it."""

from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from stories.blocks import BodyBlock

# The season each month falls in, for naming workshops the way people remember them.
SEASONS = {
    month: season
    for season, months in {
        "Winter": (12, 1, 2),
        "Spring": (3, 4, 5),
        "Summer": (6, 7, 8),
        "Autumn": (9, 10, 11),
    }.items()
    for month in months
}


class ResearchIndexPage(Page):
    """The research at /research/: the workshops, newest first, and the way to the ideas."""

    intro = models.TextField(blank=True, help_text="What the research is for, for residents.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = ["research.WorkshopPage", "research.IdeaIndexPage"]
    max_count = 1
    page_size = 12

    class Meta:
        verbose_name = "research index"

    def get_context(self, request, *args, **kwargs):
        from research.browse import research_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(research_index_context(self, request))
        return context


class WorkshopPage(Page):
    """A workshop: when and where, who took part (as numbers and groups), notes and findings."""

    date = models.DateField()
    venue = models.ForeignKey(
        "directory.Listing",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops_held",
        help_text="The place it was held.",
    )
    area = models.ForeignKey(
        "directory.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
        help_text="The area it was about; findings count towards this area's report.",
    )
    facilitator = models.CharField(
        max_length=120, blank=True, help_text="Who ran it: a team or an organisation."
    )
    participants = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people took part. No names are kept here."
    )
    groups_taking_part = ParentalManyToManyField(
        "directory.Listing",
        blank=True,
        related_name="workshops_attended",
        help_text="Groups and organisations that sent someone.",
    )
    summary = models.CharField(max_length=300, help_text="One or two sentences for lists.")
    notes = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("area")]),
                FieldPanel("venue"),
                FieldPanel("facilitator"),
            ],
            heading="When and where",
        ),
        MultiFieldPanel(
            [FieldPanel("participants"), FieldPanel("groups_taking_part")],
            heading="Who took part",
        ),
        FieldPanel("notes"),
        InlinePanel(
            "findings",
            heading="What came out of it",
            label="Finding",
            help_text="Needs and challenges raised, and assets discovered. Ideas raised here "
            "are added under Ideas, naming this workshop.",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["research.ResearchIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "workshop"
        ordering = ["-date"]

    def get_context(self, request, *args, **kwargs):
        from research.browse import workshop_context

        context = super().get_context(request, *args, **kwargs)
        context.update(workshop_context(self, request))
        return context

    @property
    def season(self):
        """ "Spring 2026": how residents remember when a workshop was."""
        return f"{SEASONS[self.date.month]} {self.date.year}"


class FindingKind(models.TextChoices):
    """What a workshop found: something missing, or something the area already has."""

    NEED = "need", "Need or challenge raised"
    ASSET = "asset", "Asset discovered"


class WorkshopFinding(Orderable):
    """A need, challenge or asset a workshop brought up, tied to the shared vocabulary."""

    workshop = ParentalKey(WorkshopPage, related_name="findings", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=FindingKind.choices, default=FindingKind.NEED)
    text = models.CharField(max_length=300, help_text="What was said, in a sentence.")
    tag = models.ForeignKey(
        "directory.ResourceTag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_findings",
        verbose_name="offer or need",
        help_text="From the offers and needs vocabulary, so opportunities and reports count it.",
    )
    listing = models.ForeignKey(
        "directory.Listing",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_findings",
        help_text="Who has this need, or the listing that is the asset.",
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("tag")]),
        FieldPanel("text"),
        FieldPanel("listing"),
    ]

    def __str__(self):
        return self.text
