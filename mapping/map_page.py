"""The map page's filters, list alternative and coverage figure."""

import json
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from directory.models import Listing
from directory.search import DirectoryFilterForm
from localcommons.pagination import paginate, query_without
from mapping.cache import cached_json
from mapping.geojson import STORY, map_geojson


class MapFilterForm(DirectoryFilterForm):
    """The directory's filters without A–Z, with stories as a kind; values live in the URL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["letter"]
        self.fields["kind"].choices = [*self.fields["kind"].choices, (STORY, "Stories")]


def map_features(filters):
    """The map's features for valid filters, from the same cache entry the API serves."""
    entry = cached_json("map.geojson", filters, lambda: map_geojson(filters))
    return json.loads(entry["body"])["features"]


def unlocated_listings():
    """Public listings that could be on the map but have no location (people never are)."""
    from directory.models import PersonPage

    return (
        Listing.objects.publicly_detailed()
        .filter(latitude__isnull=True)
        .exclude(content_type=ContentType.objects.get_for_model(PersonPage))
    )


def map_page_context(page, request):
    """The filters, the page of the list alternative and the coverage figure."""
    form = MapFilterForm(request.GET or None)
    filters = form.filters()
    features = sorted(map_features(filters), key=lambda f: f["properties"]["title"].lower())
    page_obj = paginate(request, features, page.page_size)
    query = query_without(request, "page")
    centre_lat, centre_lng = page.centre
    return {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "places": [feature["properties"] for feature in page_obj.object_list],
        "result_count": len(features),
        "query_without_page": query,
        # Only the filters that were valid: the API would refuse the rest.
        "geojson_url": reverse("map_geojson") + (f"?{urlencode(filters)}" if filters else ""),
        "centre": {"lat": centre_lat, "lng": centre_lng, "zoom": page.zoom},
        "unlocated_count": unlocated_listings().count(),
        "kinds": [(m.kind, m.kind_plural) for m in Listing.kinds()] + [(STORY, "Stories")],
    }
