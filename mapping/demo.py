"""The demo's map, network, opportunities and reports pages."""

from directory.demo import ensure_child_page, ensure_site
from mapping.models import MapPage, NetworkPage, OpportunitiesPage, ReportsPage

MAP_INTRO = (
    "Everything in Brickfield that has a place on the map: community places, groups, "
    "activities, projects and the stories told about them. Every result is also listed "
    "below the map."
)


def ensure_map_page():
    """The map page under the home page, starting over the middle of Brickfield."""
    home, _directory = ensure_site()
    return ensure_child_page(
        home,
        MapPage,
        title="Map",
        slug="map",
        intro=MAP_INTRO,
        location="SRID=4326;POINT(-0.1430 51.5530)",
        zoom=15,
    )


NETWORK_INTRO = (
    "Who in Brickfield is connected to whom: the people and places others go to, the "
    "clusters that work together, and the groups that could do with an introduction."
)


def ensure_network_page():
    """The network page under the home page."""
    home, _directory = ensure_site()
    return ensure_child_page(
        home, NetworkPage, title="Network", slug="network", intro=NETWORK_INTRO
    )


OPPORTUNITIES_INTRO = (
    "Where a need in Brickfield could be met by someone close by who offers it, and which "
    "of those would be a new introduction. Needs nobody offers yet are listed too."
)
REPORTS_INTRO = (
    "A profile of each of Brickfield's areas, and of the whole neighbourhood: what is there, "
    "what is missing and who connects it. Every report prints, and every table downloads."
)


def ensure_opportunity_pages():
    """The opportunities and area reports pages under the home page."""
    home, _directory = ensure_site()
    opportunities = ensure_child_page(
        home,
        OpportunitiesPage,
        title="Opportunities",
        slug="opportunities",
        intro=OPPORTUNITIES_INTRO,
    )
    reports = ensure_child_page(
        home, ReportsPage, title="Area reports", slug="reports", intro=REPORTS_INTRO
    )
    return opportunities, reports
