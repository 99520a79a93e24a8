"""Approvals take effect: a published suggestion is applied, a published submission announced."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, published

from moderation.models import Suggestion


@receiver(published, sender=Suggestion)
def apply_approved_suggestion(sender, instance, revision, **kwargs):
    from moderation.services import apply_suggestion

    if instance.applied_at is None:
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
    """A new section page (directory, stories, projects, home) gets its roles' permissions."""
    from moderation.roles import SECTIONS, ensure_roles

    if created and not raw and (sender._meta.app_label, sender.__name__) in SECTIONS.values():
        ensure_roles()


post_save.connect(grant_section_permissions, dispatch_uid="moderation-section-roles")
