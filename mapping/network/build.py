"""Reading the network from the directory and storing its figures, and the matches.

The stored snapshot holds structure and figures only (ids, links, metrics); names and
details are read live when it is served, so the visibility rule always has the last word.
"""

import time

from django.db import transaction
from django.utils import timezone

from directory.models import Connection, Listing
from localcommons.cache import invalidate
from mapping.network import metrics
from mapping.opportunities.build import rematch

SNAPSHOTS_KEPT = 3
NEARBY_NAMED = 12  # More than a page shows, in case some are no longer public.


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
    from mapping.models import NetworkNeighbourhood, NetworkSnapshot

    # Only the start time is read: a bulk publish asks once per page, and each snapshot's
    # figures are megabytes of JSON.
    latest = NetworkSnapshot.objects.order_by("-started_at").only("started_at").first()
    if requested_at and latest and latest.started_at >= requested_at:
        return latest  # Someone recomputed since this was asked for: nothing new to see.
    started_at, clock = timezone.now(), time.perf_counter()
    nodes, links = public_network()
    data = metrics.compute(nodes, links)
    neighbourhoods = two_step_neighbourhoods(nodes, links, data["nodes"])
    with transaction.atomic():
        NetworkNeighbourhood.objects.all().delete()
        NetworkNeighbourhood.objects.bulk_create(neighbourhoods, batch_size=2000)
        # Needs are matched with offers on the same links, so both describe one moment.
        rematch(links, data["nodes"])
        snapshot = NetworkSnapshot.objects.create(
            started_at=started_at,
            duration_ms=round((time.perf_counter() - clock) * 1000),
            node_count=len(nodes),
            link_count=len(links),
            data=data,
        )
        keep = NetworkSnapshot.objects.order_by("-started_at").values_list("pk", flat=True)
        NetworkSnapshot.objects.exclude(pk__in=list(keep[:SNAPSHOTS_KEPT])).delete()
        # Served networks are cached under the data version: start a new one.
        transaction.on_commit(invalidate)
    return snapshot


def two_step_neighbourhoods(nodes, links, figures):
    """NetworkNeighbourhood rows: how many listings one and two steps away, and who."""
    from mapping.models import NetworkNeighbourhood

    neighbours = metrics.neighbours_of(nodes, links)
    rows = []
    for node, near in neighbours.items():
        further = set().union(*(neighbours[n] for n in near)) - near - {node} if near else set()
        ranked = sorted(near | further, key=lambda n: (-figures[str(n)]["degree"], n))
        rows.append(
            NetworkNeighbourhood(
                listing_id=node,
                one_step=len(near),
                two_steps=len(further),
                nearby_ids=ranked[:NEARBY_NAMED],
            )
        )
    return rows
