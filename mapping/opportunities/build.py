"""Reading needs and offers from the directory, matching them, and storing the matches.

Run by the network computation (mapping.network.build.rebuild), with its links, so the
matches and the network figures always describe the same moment.
"""

from wagtail import hooks

from directory.models import Listing, ListingNeed, ListingOffer
from mapping.network.metrics import neighbours_of
from mapping.opportunities.matching import Place, match

BATCH_SIZE = 2000


def matching_inputs():
    """(places, needs, offers) of the listings whose details the public may see."""
    detailed = Listing.objects.publicly_detailed()
    places = {
        pk: Place(latitude, longitude, area_id)
        for pk, latitude, longitude, area_id in detailed.order_by().values_list(
            "pk", "latitude", "longitude", "area_id"
        )
    }
    needs = open_needs(detailed).values_list("content_object_id", "tag_id")
    offers = ListingOffer.objects.filter(content_object__in=detailed)
    offers = offers.values_list("content_object_id", "tag_id")
    needs, offers = list(needs), list(offers)
    # Other apps' needs and offers (a workshop's findings), as (listing id, tag id) pairs.
    for more_inputs in hooks.get_hooks("opportunity_inputs"):
        more_needs, more_offers = more_inputs()
        needs += more_needs
        offers += more_offers
    # Each query sees the listings as they are when it runs: a listing published in
    # between is left for the next computation.
    return (
        places,
        list(dict.fromkeys(pair for pair in needs if pair[0] in places)),
        list(dict.fromkeys(pair for pair in offers if pair[0] in places)),
    )


def open_needs(listings):
    """The needs of these listings, except completed projects': those are history."""
    from stories.models import ProjectPage
    from stories.models.project import ProjectStatus

    completed = ProjectPage.objects.filter(status=ProjectStatus.COMPLETED).values("pk")
    return ListingNeed.objects.filter(content_object__in=listings.exclude(pk__in=completed))


def rematch(links, figures):
    """Match every public need with public offers and replace the stored matches.

    links are the public network's (source, target, relation, strength); figures its
    per-node metrics (for each listing's degree). Call inside the computation's transaction.
    """
    from mapping.models import Match, Need

    places, needs, offers = matching_inputs()
    degree = {int(node): values["degree"] for node, values in figures.items()}
    needing, offering, rows = match(
        places, needs, offers, neighbours_of(degree.keys(), links), degree
    )
    Need.objects.all().delete()
    offered = {tag: set(listings) for tag, listings in offering.items()}
    stored = Need.objects.bulk_create(
        [
            # A listing that offers what it needs is not offering it to itself.
            Need(
                listing_id=listing,
                tag_id=tag,
                offered_by=len(offered.get(tag, ())) - (listing in offered.get(tag, ())),
            )
            for tag, listings in needing.items()
            for listing in listings
        ],
        batch_size=BATCH_SIZE,
    )
    need_ids = {(need.listing_id, need.tag_id): need.pk for need in stored}
    Match.objects.bulk_create(
        [
            Match(
                need_id=need_ids[(row.need_listing, row.tag)],
                offer_listing_id=row.offer_listing,
                score=row.score,
                distance_m=row.distance_m,
                same_area=row.same_area,
                steps=row.steps,
                via_id=row.via,
                need_rank=row.need_rank,
                offer_rank=row.offer_rank,
            )
            for row in rows
        ],
        batch_size=BATCH_SIZE,
    )
    return len(stored), len(rows)
