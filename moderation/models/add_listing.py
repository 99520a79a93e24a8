"""The "Add your group" page: a public form that drafts a listing for moderators to approve."""

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

SUBMITTED_SESSION_KEY = "moderation:submitted-listing"


class AddListingPage(RoutablePageMixin, Page):
    """The form at /add-your-group/, and the confirmation it leads to."""

    intro = models.TextField(
        blank=True, help_text="Above the form: who it is for and what it takes."
    )
    next_steps = models.TextField(
        blank=True,
        help_text="On the confirmation page: what happens next and how long it takes.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("next_steps")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "add-your-group page"

    @path("")
    def form_view(self, request):
        from localcommons.public_forms import handle_public_form
        from moderation.forms import AddListingForm
        from moderation.services import submit_listing

        def render(form):
            context = {**self.get_context(request), "form": form}
            return TemplateResponse(request, "moderation/add_listing_page.html", context)

        def save(form):
            try:
                listing = submit_listing(form, self)
            except ValidationError as error:
                # The listing's own rules, beyond the form's: shown, and nothing kept.
                form.add_error(None, error.messages)
                return render(form)
            request.session[SUBMITTED_SESSION_KEY] = listing.title
            return redirect(self.url + self.reverse_subpage("thanks"))

        return handle_public_form(
            request,
            form=AddListingForm(request.POST) if request.method == "POST" else AddListingForm(),
            on_valid=save,
            on_spam=lambda: redirect(self.url + self.reverse_subpage("thanks")),
            render=render,
        )

    @path("thanks/", name="thanks")
    def thanks_view(self, request):
        context = self.get_context(request)
        context["submitted_title"] = request.session.get(SUBMITTED_SESSION_KEY, "")
        return TemplateResponse(request, "moderation/add_listing_thanks.html", context)
