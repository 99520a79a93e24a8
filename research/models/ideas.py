"""Ideas: raised at workshops or sent by residents, supported, and sometimes adopted."""

from django.db import models
from django.db.models.functions import Lower
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

SUBMITTED_SESSION_KEY = "research:submitted-idea"


class IdeaStatus(models.TextChoices):
    """Where an idea is: new, talked over, taken up as a project, or set aside for now."""

    NEW = "new", "New"
    DISCUSSED = "discussed", "Discussed"
    ADOPTED = "adopted", "Adopted"
    PARKED = "parked", "Parked"


# What each status means, in plain words for residents.
STATUS_EXPLAINED = {
    IdeaStatus.NEW: "Just raised: say if you would help, or join the conversation.",
    IdeaStatus.DISCUSSED: "Talked over at a workshop or meeting; still looking for people.",
    IdeaStatus.ADOPTED: "Taken up: it is now a project.",
    IdeaStatus.PARKED: "Set aside for now, perhaps for lack of people or money.",
}


class IdeaIndexPage(RoutablePageMixin, Page):
    """The ideas at /research/ideas/, filterable by status, and the form to add one."""

    intro = models.TextField(blank=True)
    form_intro = models.TextField(
        blank=True, help_text="Above the form for a new idea: what makes a good one."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("form_intro")]
    parent_page_types = ["research.ResearchIndexPage"]
    subpage_types = ["research.IdeaPage"]
    max_count = 1
    page_size = 20

    class Meta:
        verbose_name = "idea index"

    @path("")
    def index_view(self, request):
        from research.browse import idea_index_context

        context = {**self.get_context(request), **idea_index_context(self, request)}
        return TemplateResponse(request, "research/idea_index_page.html", context)

    @path("new/", name="new")
    def new_idea_view(self, request):
        from research.forms import IdeaForm
        from research.ideas import submit_idea

        return self.public_form(
            request,
            form=IdeaForm(request.POST) if request.method == "POST" else IdeaForm(),
            template="research/idea_form.html",
            save=lambda form: submit_idea(form, self),
        )

    @path("new/thanks/", name="thanks")
    def thanks_view(self, request):
        context = self.get_context(request)
        context["submitted_title"] = request.session.get(SUBMITTED_SESSION_KEY, "")
        return TemplateResponse(request, "research/idea_thanks.html", context)

    def public_form(self, request, *, form, template, save):
        """The new-idea form through the one path every public form takes."""
        from localcommons.public_forms import handle_public_form

        thanks = self.url + self.reverse_subpage("thanks")

        def render(bound):
            context = {**self.get_context(request), "form": bound}
            return TemplateResponse(request, template, context)

        def on_valid(bound):
            request.session[SUBMITTED_SESSION_KEY] = save(bound).title
            return redirect(thanks)

        return handle_public_form(
            request, form=form, on_valid=on_valid, on_spam=lambda: redirect(thanks), render=render
        )


class IdeaPage(Page):
    """An idea for the neighbourhood: the need it answers, where, who raised it, who would help."""

    description = models.TextField(help_text="What the idea is and why it would help.")
    need = models.ForeignKey(
        "directory.ResourceTag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        verbose_name="need it answers",
    )
    area = models.ForeignKey(
        "directory.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    workshop = models.ForeignKey(
        "research.WorkshopPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        verbose_name="raised at",
        help_text="The workshop it came from; leave empty if a resident sent it.",
    )
    status = models.CharField(max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    project = models.ForeignKey(
        "stories.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        help_text="The project it became, once adopted (use “Adopt as a project”).",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("need"), FieldPanel("area")]),
                FieldPanel("workshop"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("project")]),
            ],
            heading="About the idea",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["research.IdeaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "idea"

    @property
    def status_explained(self):
        return STATUS_EXPLAINED[self.status]

    def get_template(self, request, *args, **kwargs):
        if request.GET.get("thanks"):
            return "research/support_thanks.html"
        return "research/idea_page.html"

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and self.live:
            from research.ideas import handle_support

            return handle_support(self, request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from research.browse import idea_context

        context = super().get_context(request, *args, **kwargs)
        context.update(idea_context(self, request))
        return context


class IdeaSupport(models.Model):
    """Someone who said "I'd help with this": kept for the organisers, never shown publicly."""

    idea = models.ForeignKey(IdeaPage, related_name="supporters", on_delete=models.CASCADE)
    name = models.CharField(max_length=120)
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "offer to help with an idea"
        constraints = [
            # One offer per person per idea, however they capitalise their address.
            models.UniqueConstraint(Lower("email"), "idea", name="one_support_per_email")
        ]

    def __str__(self):
        return f"{self.name} would help with {self.idea}"


class IdeaSubmission(models.Model):
    """Who sent an idea through the public form: for moderators to reply to, never public."""

    idea = models.OneToOneField(IdeaPage, related_name="submission", on_delete=models.CASCADE)
    name = models.CharField("submitter's name", max_length=120)
    email = models.EmailField("submitter's email")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.idea} from {self.name}"
