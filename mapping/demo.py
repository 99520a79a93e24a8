"""The demo's map page."""

from directory.demo import ensure_child_page, ensure_site
from mapping.models import MapPage

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
