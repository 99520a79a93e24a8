"""What happens to ideas: sent by residents, supported, adopted as projects."""

from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from directory.demo import first_sentence, unique_slug
from directory.models import Area, ResourceTag
from localcommons.public_forms import handle_public_form
from moderation.services import send_templated_email, start_approval
from research.models import IdeaPage, IdeaStatus, IdeaSubmission, IdeaSupport


def submit_idea(form, index):
    """Draft an idea from an IdeaForm under the ideas page and queue it for approval."""
    data = form.cleaned_data
    with transaction.atomic():
        # Locked, so two submissions at once take turns for the tree's next path and slug.
        index = type(index).objects.select_for_update().get(pk=index.pk)
        idea = IdeaPage(
            title=data["title"],
            slug=unique_slug(
                data["title"], set(index.get_children().values_list("slug", flat=True))
            ),
            description=data["description"],
            need=ResourceTag.objects.filter(slug=data["need"]).first() if data["need"] else None,
            area=Area.objects.filter(slug=data["area"]).first() if data["area"] else None,
            live=False,
        )
        index.add_child(instance=idea)
        idea.save_revision(log_action=True)
        IdeaSubmission.objects.create(idea=idea, name=data["name"], email=data["email"])
    start_approval(idea)
    send_templated_email(
        data["email"],
        "research/email/idea_received",
        {"name": data["name"], "title": idea.title},
    )
    return idea


def handle_support(idea, request):
    """The "I'd help with this" form on an idea's page: validate, count once, thank."""
    from research.forms import SupportForm

    thanks = f"{idea.url}?thanks=1"

    def render(form):
        context = idea.get_context(request)
        context["support_form"] = form
        return TemplateResponse(request, idea.get_template(request), context)

    def save(form):
        add_support(idea, form.cleaned_data["name"], form.cleaned_data["email"])
        return HttpResponseRedirect(thanks)

    return handle_public_form(
        request,
        form=SupportForm(request.POST),
        on_valid=save,
        on_spam=lambda: HttpResponseRedirect(thanks),
        render=render,
    )


def add_support(idea, name, email):
    """Record that this person would help; True if new, False if their email already had.

    The answer the public sees is the same either way, so the form tells nobody whether an
    address has offered before.
    """
    if IdeaSupport.objects.filter(idea=idea, email__iexact=email).exists():
        return False
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(idea=idea, name=name, email=email)
    except IntegrityError:  # the same person, twice at once
        return False
    return True


def adopt_idea(idea, user):
    """Make the idea a project (status "idea") with its need and area, and link the two.

    Both are published at once: adopting is a moderator's decision, taken in the admin.
    """
    from stories.models import ProjectIndexPage, ProjectPage
    from stories.models.project import ProjectStatus

    with transaction.atomic():
        projects = ProjectIndexPage.objects.select_for_update().get()
        supporters = idea.supporters.count()
        project = ProjectPage(
            title=idea.title,
            slug=unique_slug(
                idea.title, set(projects.get_children().values_list("slug", flat=True))
            ),
            summary=first_sentence(idea.description),
            description=idea.description,
            status=ProjectStatus.IDEA,
            area=idea.area,
        )
        if idea.need_id:
            project.needs.set([idea.need])
        projects.add_child(instance=project)
        project.save_revision(user=user, log_action=True).publish(user=user)

        idea = idea.get_latest_revision_as_object()
        idea.status, idea.project = IdeaStatus.ADOPTED, project
        idea.save_revision(user=user, log_action=True).publish(user=user)
    return project, supporters
