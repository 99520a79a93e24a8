"""What the research changes elsewhere: a published workshop's needs and assets are matched."""

from wagtail.signals import page_published, page_unpublished

from mapping.tasks import request_network_rebuild
from research.models import WorkshopPage

for signal in (page_published, page_unpublished):
    signal.connect(
        request_network_rebuild,
        sender=WorkshopPage,
        dispatch_uid=f"research-rematch-{id(signal)}",
    )
