"""The maps' endpoints: thin, the work is in mapping.geojson, mapping.network and the cache."""

import json

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from mapping.cache import cached_body, cached_json, cached_response
from mapping.exchange.files import XLSX_TYPE, xlsx_bytes
from mapping.exchange.kumu import build_workbook
from mapping.geojson import MapQuery, map_geojson
from mapping.network import exports
from mapping.network.serve import NetworkQuery, UnknownFocus, served_network


def bad_parameters(errors):
    """400 with a JSON message naming each parameter that could not be used."""
    return JsonResponse(
        {
            "error": "Some query parameters could not be used.",
            "fields": {name: list(messages) for name, messages in errors.items()},
        },
        status=400,
    )


@require_GET
def map_geojson_view(request):
    """GeoJSON of the public map, filtered by the query string."""
    query = MapQuery(request.GET)
    if not query.is_valid():
        return bad_parameters(query.errors)
    filters = query.filters()
    entry = cached_json("map.geojson", filters, lambda: map_geojson(filters))
    return cached_response(request, entry, content_type="application/geo+json")


# Each network format: how to turn the served network into bytes, and its content type.
NETWORK_FORMATS = {
    "json": (None, "application/json"),
    "gexf": (exports.gexf, "application/gexf+xml"),
    "graphml": (exports.graphml, "application/graphml+xml"),
    "kumu.json": (
        lambda network: json.dumps(exports.kumu_blueprint(network), ensure_ascii=False).encode(),
        "application/json",
    ),
}


@require_GET
def network_view(request, format):
    """The network, filtered by the query string, in one of NETWORK_FORMATS."""
    query = NetworkQuery(request.GET)
    if not query.is_valid():
        return bad_parameters(query.errors)
    filters = query.filters()
    try:
        served = served_network(filters)
    except UnknownFocus:
        return bad_parameters({"focus": ["No listing in the public network has this id."]})
    export, content_type = NETWORK_FORMATS[format]
    if export is None:
        return cached_response(request, served, content_type=content_type)

    def build():
        network = json.loads(served["body"])
        for node in network["nodes"]:
            if node.get("url"):
                node["url"] = request.build_absolute_uri(node["url"])
        return export(network)

    host_params = filters | {
        "network": served["etag"],
        "host": request.get_host(),
        "secure": request.is_secure(),
    }
    entry = cached_body(f"network.{format}", host_params, build)
    response = cached_response(request, entry, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="network.{format}"'
    return response


@require_GET
def directory_xlsx_view(request):
    """The public directory as a Kumu workbook, by the visibility rule; cached until a publish."""
    entry = cached_body("export.xlsx", {}, lambda: xlsx_bytes(build_workbook(public=True)))
    response = cached_response(request, entry, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="directory.xlsx"'
    return response
