"""Projects: listings with a status, dates, outcomes and dated updates."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from directory.models import Listing
from directory.visibility import is_publicly_visible
from stories.blocks import ProjectBodyBlock


class ProjectStatus(models.TextChoices):
    """Where a project is, from a first idea to done."""

    IDEA = "idea", "Idea"
    PROPOSAL = "proposal", "Proposal"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"


# What each status means, in plain words for residents.
STATUS_EXPLAINED = {
    ProjectStatus.IDEA: "Someone has an idea and is looking for people to shape it.",
    ProjectStatus.PROPOSAL: "A plan is written and the project is gathering support and resources.",
    ProjectStatus.ACTIVE: "The project is happening now and welcomes help.",
    ProjectStatus.COMPLETED: "The project has finished; see what it achieved.",
}


class ProjectPage(Listing):
    """A community project: on the map and in the network like every listing."""

    kind, kind_label, kind_plural, kind_order = "project", "Project", "Projects", 7

    status = models.CharField(
        max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave empty while the project is open-ended."
    )
    body = StreamField(ProjectBodyBlock(), blank=True)

    parent_page_types = ["stories.ProjectIndexPage"]
    kind_panels = [
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading="Progress",
        ),
        FieldPanel("body"),
        InlinePanel("outcomes", heading="Outcomes", label="Outcome"),
        InlinePanel("updates", heading="Updates", label="Update"),
    ]

    class Meta:
        verbose_name = "project"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})

    def get_template(self, request, *args, **kwargs):
        if request.GET.get("thanks"):
            return "stories/get_involved_thanks.html"
        return "stories/project_page.html"

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and is_publicly_visible(self):
            from stories.involvement import handle_get_involved

            return handle_get_involved(self, request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from stories.involvement import GetInvolvedForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("involve_form", GetInvolvedForm(project=self))
        return context

    @property
    def status_explained(self):
        return STATUS_EXPLAINED[self.status]


class ProjectOutcome(Orderable):
    """Something a project achieved, with an optional measure ("New regulars: 42")."""

    project = ParentalKey(ProjectPage, related_name="outcomes", on_delete=models.CASCADE)
    statement = models.CharField(max_length=300)
    measure = models.CharField(max_length=100, blank=True, help_text="e.g. “New regulars”.")
    value = models.CharField(max_length=50, blank=True, help_text="e.g. “42”.")

    panels = [FieldPanel("statement"), FieldRowPanel([FieldPanel("measure"), FieldPanel("value")])]

    def __str__(self):
        return self.statement


class ProjectUpdate(Orderable):
    """A dated note on how a project is going."""

    project = ParentalKey(ProjectPage, related_name="updates", on_delete=models.CASCADE)
    date = models.DateField()
    text = models.TextField()

    panels = [FieldPanel("date"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date}: {self.text[:40]}"


class ProjectIndexPage(Page):
    """The projects at /projects/: filter by status, topic and need."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = ["stories.ProjectPage"]
    max_count = 1
    page_size = 12

    class Meta:
        verbose_name = "project index"

    def get_context(self, request, *args, **kwargs):
        from stories.browse import project_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(project_index_context(self, request))
        return context
