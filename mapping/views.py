"""The map's JSON endpoint: thin, the work is in mapping.geojson and mapping.cache."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from mapping.cache import cached_json, json_response
from mapping.geojson import MapQuery, map_geojson


@require_GET
def map_geojson_view(request):
    """GeoJSON of the public map, filtered by the query string; 400 for bad parameters."""
    query = MapQuery(request.GET)
    if not query.is_valid():
        return JsonResponse(
            {
                "error": "Some query parameters could not be used.",
                "fields": {name: list(errors) for name, errors in query.errors.items()},
            },
            status=400,
        )
    filters = query.filters()
    entry = cached_json("map.geojson", filters, lambda: map_geojson(filters))
    return json_response(request, entry, content_type="application/geo+json")
