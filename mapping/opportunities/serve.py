"""The stored matches as the public may see them now, with the reasons in words.

Matches are computed for listings that were public at the time; every read here checks the
visibility rule again, so a listing hidden since is left out before anything is recomputed.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from wagtail import hooks

from directory.models import Listing
from directory.querysets import publicly_detailed_through
from mapping.models import Match, Need

SHOWN = 3  # matches shown per need or per offer


@dataclass(frozen=True)
class Named:
    """A listing as a match shows it: name, kind and page."""

    id: int
    title: str
    kind: str
    kind_label: str
    url: str


@dataclass(frozen=True)
class ShownMatch:
    """One match, ready for a page: the other listing, why it fits, and what to do next."""

    listing: Named  # the one that could help (for a need) or that needs it (for an offer)
    tag: str
    reasons: list
    connected: bool
    via: Named | None
    suggest_url: str | None


def public_needs():
    """Stored needs of listings whose details the public may see now."""
    return Need.objects.filter(publicly_detailed_through("listing__"))


def named(listing, request=None):
    return Named(
        listing.pk,
        listing.title,
        listing.kind,
        listing.kind_label,
        listing.get_url(request=request) or "",
    )


def distance_words(metres):
    """ "80 m away", "1.4 km away", "in the same place", or that it is not known."""
    if metres is None:
        return "distance not known"
    if metres < 10:
        return "in the same place"
    rounded = round(metres, -1)
    if rounded < 1000:
        return f"{rounded} m away"
    return f"{metres / 1000:.1f} km away"


def reasons(match, area_name=None):
    """Why the match fits, in the order organisers read them."""
    words = [distance_words(match.distance_m)]
    if match.same_area:
        words.append(f"also in {area_name}" if area_name else "same area")
    if match.steps == 1:
        words.append("already connected")
    else:
        words.append("not yet connected")
    return words


def suggest_connection_url(listing_id, other_id):
    """Where the public suggests connecting two listings, if the site takes suggestions."""
    make_url = next(iter(hooks.get_hooks("suggest_connection_url")), None)
    return make_url(listing_id, other_id) if make_url else None


def _shown_vias(matches):
    """The ids among the matches' shared contacts that the public may see named."""
    ids = {match.via_id for match in matches if match.via_id}
    if not ids:
        return set()
    return set(Listing.objects.publicly_visible().filter(pk__in=ids).values_list("pk", flat=True))


def _present(match, other, need_listing, tag, shown_vias, request):
    via = named(match.via, request) if match.via_id in shown_vias else None
    area = need_listing.area.name if match.same_area and need_listing.area_id else None
    return ShownMatch(
        listing=named(other, request),
        tag=tag.name,
        reasons=reasons(match, area),
        connected=match.steps == 1,
        via=via,
        suggest_url=(
            None
            if match.steps == 1
            else suggest_connection_url(need_listing.pk, match.offer_listing_id)
        ),
    )


def helping_matches():
    """A Prefetch of each need's best shown matches from listings still public."""
    return Prefetch(
        "matches",
        queryset=Match.objects.filter(
            publicly_detailed_through("offer_listing__"), need_rank__lte=SHOWN
        )
        .select_related("offer_listing", "via")
        .order_by("need_rank"),
        to_attr="shown_matches",
    )


def needs_with_matches(needs, request=None):
    """[(need, [ShownMatch])] for stored needs (with listing, area and tag selected)."""
    return present_needs(list(needs.prefetch_related(helping_matches())), request)


def present_needs(needs, request=None):
    """[(need, [ShownMatch])] for needs whose helping_matches() are prefetched."""
    shown_vias = _shown_vias(match for need in needs for match in need.shown_matches)
    return [
        (
            need,
            [
                _present(match, match.offer_listing, need.listing, need.tag, shown_vias, request)
                for match in need.shown_matches
            ],
        )
        for need in needs
    ]


def who_could_help(listing, request=None):
    """[(need, [ShownMatch])] for each of the listing's needs, gaps included."""
    needs = public_needs().filter(listing=listing).select_related("listing__area", "tag")
    return needs_with_matches(needs.order_by("tag__name"), request)


def who_needs(listing, request=None, limit=SHOWN):
    """[(tag name, [ShownMatch])] of the needs each of the listing's offers could meet."""
    matches = list(
        Match.objects.filter(
            publicly_detailed_through("need__listing__"),
            offer_listing=listing,
            offer_rank__lte=limit,
        )
        .select_related("need__listing__area", "need__tag", "via", "offer_listing")
        .order_by("need__tag__name", "offer_rank")
    )
    shown_vias = _shown_vias(matches)
    grouped = {}
    for match in matches:
        need = match.need
        grouped.setdefault(need.tag.name, []).append(
            _present(match, need.listing, need.listing, need.tag, shown_vias, request)
        )
    return list(grouped.items())
