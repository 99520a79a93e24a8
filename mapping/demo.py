"""The demo's map and network pages."""

from directory.demo import ensure_child_page, ensure_site
from mapping.models import MapPage, NetworkPage

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
