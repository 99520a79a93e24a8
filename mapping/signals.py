"""What makes the network's figures stale: listings published, unpublished, deleted or hidden.

(Cached public data in general is dropped by localcommons.apps and directory.apps.)
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction, get_page_models
from wagtail.signals import page_published, page_unpublished

from mapping.tasks import request_network_rebuild


def rebuild_for_listings(sender, instance=None, **kwargs):
    from directory.models import Listing

    if isinstance(instance, Listing):
        request_network_rebuild()


def connect():
    """Connect the signals (called once, from MappingConfig.ready)."""
    # The network's figures change when a listing (and its connections) is published,
    # unpublished or deleted, or when a restriction hides it.
    from directory.models import Listing

    for signal in (page_published, page_unpublished):
        signal.connect(rebuild_for_listings, dispatch_uid=f"network-{id(signal)}")
    # Per listing model: a post_delete receiver for every sender would stop Django deleting
    # other rows (the stored matches, say) in bulk.
    for model in get_page_models():
        if issubclass(model, Listing):
            post_delete.connect(
                rebuild_for_listings,
                sender=model,
                dispatch_uid=f"network-deleted-{model._meta.label_lower}",
            )
    for signal in (post_save, post_delete):
        signal.connect(
            request_network_rebuild,
            sender=PageViewRestriction,
            dispatch_uid=f"network-restriction-{id(signal)}",
        )
