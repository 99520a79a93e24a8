"""Comments wait for a moderator, who is told; facilitators' replies go straight up."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django_comments_xtd.moderation import XtdCommentModerator, moderator

from moderation.roles import MODERATORS

logger = logging.getLogger(__name__)


def has_approved_comment(email):
    """True if this address already has a comment a moderator let through."""
    from django_comments_xtd.models import XtdComment

    return XtdComment.objects.filter(
        user_email__iexact=email, is_public=True, is_removed=False
    ).exists()


class HeldForModeration(XtdCommentModerator):
    """Hold every comment, unless a facilitator wrote it or returning commenters are trusted."""

    def moderate(self, comment, content_object, request):
        from research.conversations.threads import is_facilitator

        if is_facilitator(request.user):
            return False
        if settings.CONVERSATIONS_TRUST_RETURNING_COMMENTERS:
            return not has_approved_comment(comment.user_email)
        return True

    def email(self, comment, content_object, request):
        """Tell the moderators that a comment is waiting for them."""
        if comment.is_public:
            return
        tell_moderators(comment, content_object)


def tell_moderators(comment, content_object):
    """Email every active moderator with an address: which page, and where to approve."""
    recipients = list(
        get_user_model()
        .objects.filter(groups__name=MODERATORS, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    admin_url = settings.WAGTAILADMIN_BASE_URL + reverse("conversations:index") + "?is_public=false"
    # The comment itself stays on the site: an email is no place for a stranger's text.
    body = (
        f"A comment on “{content_object.title}” is waiting for a moderator.\n\n"
        f"Read it and approve or remove it here:\n{admin_url}\n"
    )
    try:
        send_mail(f"A comment is waiting: {content_object.title}"[:150], body, None, recipients)
    except Exception:  # noqa: BLE001 (a mail failure is logged; the comment is kept)
        logger.exception("Could not tell the moderators about comment on %s", content_object)


def register_moderation():
    """Hold comments on every commentable page type (called once, from the app's ready)."""
    from django.apps import apps

    from research.conversations.threads import COMMENTABLE

    models = [apps.get_model(app_label, name) for app_label, name in COMMENTABLE]
    moderator.register([m for m in models if m not in moderator._registry], HeldForModeration)
