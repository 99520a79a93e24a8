"""What makes the cached maps stale: any change to what is published or how it is named."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from mapping.cache import invalidate


def invalidate_for_pages(sender, **kwargs):
    if issubclass(sender, Page):
        invalidate()


def connect():
    """Connect the signals (called once, from MappingConfig.ready)."""
    from directory.models import Area, TopicTag

    page_published.connect(invalidate, dispatch_uid="mapping-published")
    page_unpublished.connect(invalidate, dispatch_uid="mapping-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="mapping-moved")
    # Any save of a page too: code and imports may change live pages without publishing,
    # and a renamed parent changes its children's URLs. Rebuilding is cheap; stale is not.
    post_save.connect(invalidate_for_pages, dispatch_uid="mapping-page-saved")
    # Deleting a page (and with it its descendants) sends post_delete for each.
    post_delete.connect(invalidate_for_pages, dispatch_uid="mapping-page-deleted")
    for model in (PageViewRestriction, Area, TopicTag):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"mapping-{model.__name__}-saved")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"mapping-{model.__name__}-deleted"
        )
