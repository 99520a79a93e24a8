"""Public data endpoints: the map, the network and the directory as a spreadsheet."""

from django.urls import path

from mapping.views import directory_xlsx_view, map_geojson_view, network_view

urlpatterns = [
    path("api/map.geojson", map_geojson_view, name="map_geojson"),
    path("api/network.json", network_view, {"format": "json"}, name="network_json"),
    path("api/network.gexf", network_view, {"format": "gexf"}, name="network_gexf"),
    path("api/network.graphml", network_view, {"format": "graphml"}, name="network_graphml"),
    path("api/network.kumu.json", network_view, {"format": "kumu.json"}, name="network_kumu"),
    path("api/export/directory.xlsx", directory_xlsx_view, name="export_directory_xlsx"),
]
