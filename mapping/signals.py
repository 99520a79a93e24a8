"""What makes the network's figures stale: listings published, unpublished, deleted or hidden.

(Cached public data in general is dropped by localcommons.apps and directory.apps.)
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from localcommons.page_signals import connect_for_page_models
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
    connect_for_page_models(post_delete, rebuild_for_listings, "network-deleted", base=Listing)
    for signal in (post_save, post_delete):
        signal.connect(
            request_network_rebuild,
            sender=PageViewRestriction,
            dispatch_uid=f"network-restriction-{id(signal)}",
        )
