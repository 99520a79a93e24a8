"""Matching needs with offers, as pure numbers: the score, the ranking, both directions."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mapping.opportunities import matching
from mapping.opportunities.matching import KEPT, Place, haversine_m, match, nearness_points
from mapping.opportunities.serve import distance_words

HALL = Place(51.5474, -0.1460, 1)


def test_haversine_agrees_with_a_known_distance():
    # One degree of latitude is about 111.2 km on the mean-radius sphere.
    assert haversine_m(51.0, -0.14, 52.0, -0.14) == pytest.approx(111_195, rel=1e-4)
    assert haversine_m(51.5474, -0.1460, 51.5474, -0.1460) == 0


def test_nearness_falls_to_nothing_at_the_limit_and_unknown_scores_nothing():
    assert nearness_points(0) == matching.NEARNESS_POINTS
    assert nearness_points(matching.NEAR_LIMIT_M / 2) == matching.NEARNESS_POINTS / 2
    assert nearness_points(matching.NEAR_LIMIT_M * 2) == 0
    assert nearness_points(math.nan) == 0


def places_along_a_street(count, area_id=1):
    """count places due east of the hall, 100 m apart (about 0.00145° of longitude here)."""
    return {
        10 + n: Place(HALL.latitude, HALL.longitude + 0.00145 * (n + 1), area_id)
        for n in range(count)
    }


def test_nearest_first_and_a_listing_never_matches_itself():
    places = {1: HALL, **places_along_a_street(KEPT + 1)}
    needs = [(1, 7)]
    offers = [(1, 7), *((pk, 7) for pk in sorted(places, reverse=True) if pk != 1)]
    _needing, _offering, rows = match(places, needs, offers, {}, {})
    ranked = sorted((r for r in rows if r.need_rank), key=lambda r: r.need_rank)
    assert [r.offer_listing for r in ranked] == list(range(10, 10 + KEPT))
    assert [r.distance_m for r in ranked] == sorted(r.distance_m for r in ranked)
    assert all(r.same_area and r.steps is None for r in ranked)


def test_a_new_introduction_outranks_an_existing_connection_nearer_by():
    places = {1: HALL, **places_along_a_street(2)}
    neighbours = {1: {10}, 10: {1}}
    _needing, _offering, rows = match(places, [(1, 7)], [(10, 7), (11, 7)], neighbours, {})
    first, second = sorted(rows, key=lambda r: r.need_rank)
    assert (first.offer_listing, first.steps) == (11, None)
    assert (second.offer_listing, second.steps) == (10, 1)


def test_a_shared_contact_is_named_the_best_connected_first():
    places = {1: HALL, **places_along_a_street(1)}
    neighbours = {1: {50, 51}, 10: {50, 51}, 50: {1, 10}, 51: {1, 10}}
    _needing, _offering, rows = match(places, [(1, 7)], [(10, 7)], neighbours, {50: 2, 51: 9})
    assert (rows[0].steps, rows[0].via) == (2, 51)


def test_the_same_area_counts_and_unlocated_listings_still_match():
    places = {
        1: HALL,
        10: Place(HALL.latitude, HALL.longitude + 0.003, 2),  # nearer, another area
        11: Place(HALL.latitude, HALL.longitude + 0.004, 1),  # further, same area
        12: Place(None, None, None),  # online only
    }
    _needing, _offering, rows = match(places, [(1, 7)], [(10, 7), (11, 7), (12, 7)], {}, {})
    ranked = sorted(rows, key=lambda r: r.need_rank)
    assert [r.offer_listing for r in ranked] == [11, 10, 12]
    assert ranked[-1].distance_m is None


def test_each_side_keeps_its_best_and_needs_nobody_offers_have_no_rows():
    places = {1: HALL, **places_along_a_street(KEPT + 3)}
    offers = [(pk, 7) for pk in places if pk != 1]
    needing, offering, rows = match(places, [(1, 7), (1, 8)], offers, {}, {})
    assert sorted(needing) == [7, 8] and 8 not in offering
    assert sum(1 for r in rows if r.need_rank) == KEPT
    # Every offer keeps the one need it could meet, even those not in the need's best.
    assert {r.offer_listing for r in rows if r.offer_rank == 1} == set(places) - {1}
    assert all(r.tag == 7 for r in rows)


@given(
    metres=st.lists(st.integers(min_value=0, max_value=5_000), min_size=2, max_size=8),
    connected=st.sets(st.integers(min_value=0, max_value=7)),
)
def test_with_everything_else_equal_the_nearer_never_ranks_lower(metres, connected):
    places = {1: HALL}
    for n, distance in enumerate(metres):
        # Due north: 1 m is 1 / 111,195 of a degree of latitude.
        places[10 + n] = Place(HALL.latitude + distance / 111_195, HALL.longitude, 1)
    neighbours = {1: {10 + n for n in connected if n < len(metres)}}
    offers = [(10 + n, 7) for n in range(len(metres))]
    _needing, _offering, rows = match(places, [(1, 7)], offers, neighbours, {})
    ranked = sorted((r for r in rows if r.need_rank), key=lambda r: r.need_rank)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    for better, worse in zip(ranked, ranked[1:], strict=False):
        if better.steps == worse.steps:
            assert better.distance_m <= worse.distance_m + 1


@pytest.mark.parametrize(
    ("metres", "words"),
    [
        (None, "distance not known"),
        (0, "in the same place"),
        (9, "in the same place"),
        (14, "10 m away"),
        (994, "990 m away"),
        (996, "1.0 km away"),
        (1449, "1.4 km away"),
    ],
)
def test_distances_in_words(metres, words):
    assert distance_words(metres) == words
