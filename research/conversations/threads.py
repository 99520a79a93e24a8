"""Which pages have conversations, and what of each the public may read."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django_comments_xtd.models import XtdComment

# Residents may talk under these page types (app label, model name).
COMMENTABLE = (
    ("stories", "storypage"),
    ("stories", "projectpage"),
    ("research", "ideapage"),
    ("research", "workshoppage"),
)
# Members of these groups (and superusers) reply as facilitators, marked as such.
FACILITATOR_GROUPS = ("Communication facilitator", "Workshop facilitator")


def is_commentable(page):
    """True if the page is of a type with a conversation and the public may read it."""
    from directory.models import Listing
    from directory.visibility import is_publicly_visible

    meta = page._meta
    if (meta.app_label, meta.model_name) not in COMMENTABLE or not page.live:
        return False
    if isinstance(page, Listing) and not is_publicly_visible(page):
        return False
    return not page.get_view_restrictions().exists()


def on_page(page):
    """Every comment on this page (held ones too), in thread order."""
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(page),
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
    )


def published(page):
    """The comments the public may read on this page, in thread order."""
    return on_page(page).filter(is_public=True, is_removed=False)


def replyable(page):
    """Published comments on this page that may still have replies."""
    return published(page).filter(level__lt=settings.COMMENTS_XTD_MAX_THREAD_LEVEL)


def facilitator_ids(user_ids):
    """Which of these users reply as facilitators (one query, none for no users)."""
    from django.contrib.auth import get_user_model

    user_ids = set(user_ids)
    if not user_ids:
        return set()
    facilitators = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name__in=FACILITATOR_GROUPS), pk__in=user_ids
    )
    return set(facilitators.values_list("pk", flat=True))


def is_facilitator(user):
    """True if this signed-in user replies as a facilitator."""
    return bool(user.is_authenticated and facilitator_ids([user.pk]))


def thread_for(page):
    """The page's published comments, each marked facilitator or not, in two queries."""
    comments = list(
        published(page)
        .select_related(None)
        .only(
            "pk",
            "user_id",
            "user_name",
            "comment",
            "submit_date",
            "level",
            "parent_id",
            "thread_id",
            "order",
        )
    )
    facilitators = facilitator_ids(c.user_id for c in comments if c.user_id)
    for comment in comments:
        comment.by_facilitator = comment.user_id in facilitators
    return comments
