"""Public JSON endpoints for the maps."""

from django.urls import path

from mapping.views import map_geojson_view

urlpatterns = [
    path("api/map.geojson", map_geojson_view, name="map_geojson"),
]
