"""Who could help whom: every need matched with the listings that offer it, scored.

The score, out of 100, is what organisers read as "why" next to each match:

- **nearness**, up to 50: 50 at the same spot, falling in a straight line to 0 at
  `NEAR_LIMIT_M` (3 km), by the haversine distance between the two listings' coordinates;
  0 when either has no location;
- **same area**, 20: both are in the same ward or neighbourhood;
- **introduction**, 30: the two are not yet connected in the network, so the match is a new
  introduction. Listings already connected score 0 here and are shown as connected; those
  two steps apart are named with the contact they share, who could introduce them.

Ties go to the nearer listing, then the lower id, so the ranking is the same every run.
Each need keeps its best `KEPT` offers, and each offer its best `KEPT` needs.

Everything here is pure (ids and numbers in, rows out), so it runs in the network
computation, a command or a benchmark, never in a request.
"""

from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
NEAR_LIMIT_M = 3_000
NEARNESS_POINTS = 50
SAME_AREA_POINTS = 20
INTRODUCTION_POINTS = 30
KEPT = 3


@dataclass(frozen=True)
class Place:
    """Where a listing is, as far as matching cares: coordinates (or None) and area id."""

    latitude: float | None
    longitude: float | None
    area_id: int | None


@dataclass
class MatchRow:
    """One offer kept for one need, with the parts of its score."""

    need_listing: int
    tag: int
    offer_listing: int
    score: float
    distance_m: float | None
    same_area: bool
    steps: int | None  # 1: already connected; 2: they share a contact; None: further apart
    via: int | None  # the shared contact, when steps is 2
    need_rank: int | None = None  # its place among the need's matches (1 is best)
    offer_rank: int | None = None  # its place among the needs this offer could meet


def haversine_m(lat1, lng1, lat2, lng2):
    """The great-circle distance in metres between points given in degrees (numpy-aware)."""
    lat1, lng1, lat2, lng2 = (np.radians(value) for value in (lat1, lng1, lat2, lng2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def nearness_points(distance_m):
    """The nearness part of the score for a distance in metres (NaN: unknown, so 0)."""
    points = NEARNESS_POINTS * np.clip(1 - np.asarray(distance_m) / NEAR_LIMIT_M, 0, 1)
    return np.nan_to_num(points, nan=0.0)


class _Side:
    """The listings on one side of a tag (those needing it, or those offering it) as arrays."""

    def __init__(self, ids, places):
        self.ids = np.array(ids, dtype=np.int64)
        self.lat = np.array([_or_nan(places[i].latitude) for i in ids], dtype=float)
        self.lng = np.array([_or_nan(places[i].longitude) for i in ids], dtype=float)
        self.area = np.array([places[i].area_id or -1 for i in ids], dtype=np.int64)
        self.position = {listing: index for index, listing in enumerate(ids)}


def _or_nan(value):
    return np.nan if value is None else value


def _best(one, place, others, neighbours):
    """Indices into others of one's best KEPT partners, best first, with their distances."""
    if place.latitude is None or place.longitude is None:
        distance = np.full(len(others.ids), np.nan)
    else:
        distance = haversine_m(place.latitude, place.longitude, others.lat, others.lng)
    score = nearness_points(distance)
    if place.area_id:
        score = score + SAME_AREA_POINTS * (others.area == place.area_id)
    score = score + INTRODUCTION_POINTS
    for neighbour in neighbours.get(one, ()):
        index = others.position.get(neighbour)
        if index is not None:
            score[index] -= INTRODUCTION_POINTS
    own = others.position.get(one)
    if own is not None:
        score[own] = -np.inf  # A listing never matches itself.
    if len(score) > KEPT:
        # Only those scoring at least the KEPT-th best can be kept; ties are sorted below.
        threshold = np.partition(score, -KEPT)[-KEPT]
        candidates = np.flatnonzero(score >= threshold)
    else:
        candidates = np.arange(len(score))
    candidates = candidates[np.isfinite(score[candidates])]
    nearer = np.nan_to_num(distance[candidates], nan=np.inf)
    order = np.lexsort((others.ids[candidates], nearer, -score[candidates]))
    chosen = candidates[order][:KEPT]
    return chosen, score, distance


def match(places, needs, offers, neighbours, degree):
    """(needs by tag, offers by tag, match rows) for the listings' needs and offers.

    places: listing id → Place, for every listing that may take part.
    needs, offers: (listing id, tag id) pairs.
    neighbours: listing id → set of listing ids it is connected to (either way).
    degree: listing id → its number of connections, to name the best-placed shared contact.
    """
    needing, offering = _by_tag(needs), _by_tag(offers)
    rows = {}
    for tag, needer_ids in needing.items():
        offerer_ids = offering.get(tag, [])
        if not offerer_ids:
            continue
        needers, offerers = _Side(needer_ids, places), _Side(offerer_ids, places)
        for need_listing in needer_ids:
            chosen, score, distance = _best(
                need_listing, places[need_listing], offerers, neighbours
            )
            for rank, index in enumerate(chosen, start=1):
                row = _row(
                    rows, need_listing, tag, int(offerers.ids[index]), score, distance, index
                )
                row.need_rank = rank
        for offer_listing in offerer_ids:
            chosen, score, distance = _best(
                offer_listing, places[offer_listing], needers, neighbours
            )
            for rank, index in enumerate(chosen, start=1):
                row = _row(
                    rows, int(needers.ids[index]), tag, offer_listing, score, distance, index
                )
                row.offer_rank = rank
    for row in rows.values():
        row.same_area = _same_area(places, row.need_listing, row.offer_listing)
        row.steps, row.via = _network_distance(
            row.need_listing, row.offer_listing, neighbours, degree
        )
    return needing, offering, sorted(rows.values(), key=_row_order)


def _by_tag(pairs):
    grouped = {}
    for listing, tag in sorted(set(pairs)):
        grouped.setdefault(tag, []).append(listing)
    return grouped


def _row(rows, need_listing, tag, offer_listing, score, distance, index):
    key = (need_listing, tag, offer_listing)
    if key not in rows:
        metres = distance[index]
        rows[key] = MatchRow(
            need_listing=need_listing,
            tag=tag,
            offer_listing=offer_listing,
            score=round(float(score[index]), 2),
            distance_m=None if np.isnan(metres) else round(float(metres)),
            same_area=False,
            steps=None,
            via=None,
        )
    return rows[key]


def _same_area(places, first, second):
    area = places[first].area_id
    return bool(area) and area == places[second].area_id


def _network_distance(first, second, neighbours, degree):
    """(steps, via): 1 if connected, 2 with the best-connected shared contact, else None."""
    near = neighbours.get(first, set())
    if second in near:
        return 1, None
    shared = near & neighbours.get(second, set())
    if shared:
        return 2, min(shared, key=lambda contact: (-degree.get(contact, 0), contact))
    return None, None


def _row_order(row):
    return (row.tag, row.need_listing, row.need_rank or KEPT + 1, row.offer_listing)
