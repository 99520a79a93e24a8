"""The "get involved" form on project pages: validation, spam defences, storage, email."""

from django import forms
from django.core.mail import send_mail
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from localcommons.public_forms import PlainEmailField, PlainTextArea, PlainTextField, PublicForm
from localcommons.ratelimit import allow, too_many_requests


class GetInvolvedForm(PublicForm):
    """Name, email, how they can help, and consent to be contacted."""

    name = PlainTextField(label="Your name", max_length=120)
    email = PlainEmailField(label="Your email address")
    help_with = forms.MultipleChoiceField(
        label="How could you help?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_help = PlainTextArea(
        label="Anything else you could offer", required=False, max_length=1000
    )
    consent = forms.BooleanField(
        label="I agree to the project's organisers contacting me about helping",
        error_messages={"required": "Tick the box so the organisers may contact you."},
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["help_with"].choices = [(t.name, t.name) for t in project.needs.all()]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("help_with") and not cleaned.get("other_help"):
            self.add_error("help_with", "Choose how you could help, or tell us below.")
        return cleaned


def handle_get_involved(project, request):
    """Validate and store an offer of help, tell the organisers, and thank the volunteer."""
    from stories.models import GetInvolvedResponse

    if not allow(request, "public-form"):
        return too_many_requests(request)
    form = GetInvolvedForm(request.POST, project=project)
    if form.is_spam:
        return HttpResponseRedirect(f"{project.url}?thanks=1")
    if not form.is_valid():
        context = project.get_context(request)
        context["involve_form"] = form
        return TemplateResponse(request, project.get_template(request), context)
    response = GetInvolvedResponse.objects.create(
        project=project,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        help_with=form.cleaned_data["help_with"],
        other_help=form.cleaned_data["other_help"],
        consent=form.cleaned_data["consent"],
    )
    if project.email:
        send_mail(
            f"Offer of help for {project.title}",
            f"{response.name} ({response.email}) would like to help {project.title}.\n\n"
            f"How: {response.help_summary}\n",
            None,
            [project.email],
        )
    return HttpResponseRedirect(f"{project.url}?thanks=1")
