"""Template context shared by every page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from localcommons.cache import ENTRY_TIMEOUT, data_version


def site_map_settings(request):
    """Expose the tile server and starting view so every map on the site agrees."""
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "MAP_DEFAULT_CENTRE": settings.MAP_DEFAULT_CENTRE,
        "MAP_DEFAULT_ZOOM": settings.MAP_DEFAULT_ZOOM,
    }


def fragment_cache(request):
    """What cached page fragments vary on and how long they last (`localcommons.cache`).

    The version is read from the cache only by a page that caches a fragment.
    """
    return {"cache_version": SimpleLazyObject(data_version), "cache_timeout": ENTRY_TIMEOUT}
