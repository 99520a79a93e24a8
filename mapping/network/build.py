"""Reading the network from the directory and storing its figures.

The stored snapshot holds structure and figures only (ids, links, metrics); names and
details are read live when it is served, so the visibility rule always has the last word.
"""

import time

from django.db import transaction
from django.utils import timezone

from directory.models import Connection, Listing
from mapping.network import metrics

SNAPSHOTS_KEPT = 3


def public_network():
    """(node ids, links) of the publicly visible listings; links join two of them."""
    nodes = list(Listing.objects.publicly_visible().order_by("pk").values_list("pk", flat=True))
    visible = set(nodes)
    links = [
        (source, target, relation, strength)
        for source, target, relation, strength in Connection.objects.order_by("pk").values_list(
            "source_id", "target_id", "relation_type_id", "strength"
        )
        if source in visible and target in visible
    ]
    return nodes, links


def rebuild(requested_at=None):
    """Compute and store a new snapshot, unless one was started after requested_at."""
    from mapping.models import NetworkSnapshot

    latest = NetworkSnapshot.objects.order_by("-started_at").first()
    if requested_at and latest and latest.started_at >= requested_at:
        return latest  # Someone recomputed since this was asked for: nothing new to see.
    started_at, clock = timezone.now(), time.perf_counter()
    nodes, links = public_network()
    data = metrics.compute(nodes, links)
    with transaction.atomic():
        snapshot = NetworkSnapshot.objects.create(
            started_at=started_at,
            duration_ms=round((time.perf_counter() - clock) * 1000),
            node_count=len(nodes),
            link_count=len(links),
            data=data,
        )
        keep = NetworkSnapshot.objects.order_by("-started_at").values_list("pk", flat=True)
        NetworkSnapshot.objects.exclude(pk__in=list(keep[:SNAPSHOTS_KEPT])).delete()
    return snapshot
