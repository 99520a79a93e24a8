"""The "get involved" form on project pages: validation, spam defences, storage, email."""

from django import forms
from django.core.mail import send_mail
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from localcommons.public_forms import (
    PlainEmailField,
    PlainTextArea,
    PlainTextField,
    PublicForm,
    handle_public_form,
)


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
    thanks = f"{project.url}?thanks=1"

    def render(form):
        context = project.get_context(request)
        context["involve_form"] = form
        return TemplateResponse(request, project.get_template(request), context)

    def save(form):
        store_offer(project, form.cleaned_data)
        return HttpResponseRedirect(thanks)

    return handle_public_form(
        request,
        form=GetInvolvedForm(request.POST, project=project),
        on_valid=save,
        on_spam=lambda: HttpResponseRedirect(thanks),
        render=render,
    )


def store_offer(project, data):
    """Keep the offer and email it to the project, if the project has an address."""
    from stories.models import GetInvolvedResponse

    response = GetInvolvedResponse.objects.create(
        project=project,
        name=data["name"],
        email=data["email"],
        help_with=data["help_with"],
        other_help=data["other_help"],
        consent=data["consent"],
    )
    if project.email:
        send_mail(
            " ".join(f"Offer of help for {project.title}".split()),
            f"{response.name} ({response.email}) would like to help {project.title}.\n\n"
            f"How: {response.help_summary}\n",
            None,
            [project.email],
        )
    return response
