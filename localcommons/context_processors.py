"""Template context shared by every page."""

from django.conf import settings


def site_map_settings(request):
    """Expose the tile server settings so every map on the site uses the same tiles."""
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
