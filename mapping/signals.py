"""What makes cached public data stale: any change to what is published or how it is named."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from localcommons.cache import invalidate
from mapping.tasks import request_network_rebuild


def invalidate_for_pages(sender, **kwargs):
    if issubclass(sender, Page):
        invalidate()


def rebuild_for_listings(sender, instance=None, **kwargs):
    from directory.models import Listing

    if isinstance(instance, Listing):
        request_network_rebuild()


def connect():
    """Connect the signals (called once, from MappingConfig.ready)."""
    from directory.models import Area, ResourceTag, TopicTag

    page_published.connect(invalidate, dispatch_uid="mapping-published")
    page_unpublished.connect(invalidate, dispatch_uid="mapping-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="mapping-moved")
    # Any save of a page too: code and imports may change live pages without publishing,
    # and a renamed parent changes its children's URLs. Rebuilding is cheap; stale is not.
    post_save.connect(invalidate_for_pages, dispatch_uid="mapping-page-saved")
    # Deleting a page (and with it its descendants) sends post_delete for each.
    post_delete.connect(invalidate_for_pages, dispatch_uid="mapping-page-deleted")
    # The network's figures change when a listing (and its connections) is published,
    # unpublished or deleted, or when a restriction hides it.
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(rebuild_for_listings, dispatch_uid=f"network-{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(
            request_network_rebuild,
            sender=PageViewRestriction,
            dispatch_uid=f"network-restriction-{id(signal)}",
        )
    for model in (PageViewRestriction, Area, TopicTag, ResourceTag):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"mapping-{model.__name__}-saved")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"mapping-{model.__name__}-deleted"
        )
