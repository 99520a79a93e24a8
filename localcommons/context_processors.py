"""Template context shared by every page."""

from django.conf import settings


def site_map_settings(request):
    """Expose the tile server and starting view so every map on the site agrees."""
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "MAP_DEFAULT_CENTRE": settings.MAP_DEFAULT_CENTRE,
        "MAP_DEFAULT_ZOOM": settings.MAP_DEFAULT_ZOOM,
    }
