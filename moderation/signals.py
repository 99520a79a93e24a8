"""Approvals take effect: a published suggestion is applied, a published submission announced."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, published

from moderation.models import Suggestion


@receiver(published, sender=Suggestion)
def apply_approved_suggestion(sender, instance, revision, **kwargs):
    from django.utils import timezone

    from moderation.services import apply_suggestion

    # Claimed in the database, so a suggestion is applied once, however often it is published.
    unapplied = Suggestion.objects.filter(pk=instance.pk, applied_at=None)
    if unapplied.update(applied_at=timezone.now()):
        apply_suggestion(instance, user=approver_of(instance))


def approver_of(suggestion):
    """Who approved the suggestion's last task, so its changes are recorded against them."""
    from wagtail.models import TaskState

    state = (
        TaskState.objects.filter(
            workflow_state__in=suggestion.workflow_states.all(),
            status=TaskState.STATUS_APPROVED,
        )
        .order_by("-finished_at")
        .select_related("finished_by")
        .first()
    )
    return state.finished_by if state else None


@receiver(page_published)
def announce_approved_listing(sender, instance, revision, **kwargs):
    from directory.models import Listing
    from moderation.services import tell_submitter_live

    if isinstance(instance, Listing):
        tell_submitter_live(instance)


def grant_section_permissions(sender, instance, created, raw=False, **kwargs):
    """A new section page (home, directory, stories, projects) gets its roles' permissions."""
    from moderation.roles import grant_section

    if created and not raw:
        grant_section(instance)


def connect_section_receivers():
    from django.apps import apps

    from moderation.roles import SECTIONS

    for app_label, model_name in SECTIONS.values():
        post_save.connect(
            grant_section_permissions,
            sender=apps.get_model(app_label, model_name),
            dispatch_uid=f"moderation-section-roles-{app_label}.{model_name}",
        )


connect_section_receivers()
