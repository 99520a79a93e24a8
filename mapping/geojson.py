"""The public map's GeoJSON: located public listings and stories, filtered, in one query.

The shape (one Feature per listing or story; `kind` is "story" for stories):

    {"type": "FeatureCollection", "features": [
        {"type": "Feature",
         "geometry": {"type": "Point", "coordinates": [-0.1441, 51.5589]},
         "properties": {"id": 12, "title": "...", "kind": "place", "url": "/directory/...",
                        "summary": "...", "tags": ["food", ...], "area": "Canal Side"}}]}

Features are ordered by kind, area and title, which also lets gzip find more repeats.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Aggregate, CharField, F, OuterRef, Q, Subquery, Value
from wagtail.models import Site

from directory.models import Listing, ListingTopic
from directory.querysets import unrestricted
from directory.search import filter_listings, search_terms

STORY = "story"
COORDINATE_DECIMALS = 5  # About a metre: enough for a map, no false precision.
TAG_SEPARATOR = "\x1f"  # The ASCII unit separator: never part of a tag's name.


class TagNames(Aggregate):
    """The names of a row's tags in one string (GROUP_CONCAT / STRING_AGG)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(TAG_SEPARATOR), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


class BBoxField(forms.CharField):
    """A bounding box "west,south,east,north" in degrees, as Leaflet's toBBoxString() gives."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError:
            raise forms.ValidationError(
                "bbox must be four numbers: west,south,east,north (longitude, latitude)."
            ) from None
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise forms.ValidationError(
                "bbox must be west ≤ east within -180…180 and south ≤ north within -90…90."
            )
        return west, south, east, north


class MapQuery(forms.Form):
    """The map's filters, checked without touching the database.

    An unknown kind or a malformed bbox is an error; a topic, area, offer or need that no
    public listing uses simply matches nothing.
    """

    kind = forms.ChoiceField(required=False)
    tag = forms.SlugField(required=False)
    area = forms.SlugField(required=False)
    offers = forms.SlugField(required=False)
    needs = forms.SlugField(required=False)
    q = forms.CharField(max_length=200, required=False)
    bbox = BBoxField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All")] + [(kind, kind) for kind in map_kinds()]

    def filters(self):
        """The valid, non-empty values (call after is_valid())."""
        return {name: value for name, value in self.cleaned_data.items() if value}


def map_kinds():
    """Every kind the map shows: each listing kind, then stories."""
    return [model.kind for model in Listing.kinds()] + [STORY]


def located_listings(filters):
    """Public listings with a location that match the filters."""
    listings = within(Listing.objects.publicly_located(), filters.get("bbox"))
    return filter_listings(listings, filters)


def located_stories(filters):
    """Live, unrestricted stories with a location that match the filters.

    Stories have topics but no area, offers or needs: those filters leave them out.
    """
    from stories.models import StoryPage

    stories = StoryPage.objects.live().filter(
        unrestricted(), latitude__isnull=False, longitude__isnull=False
    )
    stories = within(stories, filters.get("bbox"))
    if any(filters.get(name) for name in ("area", "offers", "needs")):
        return stories.none()
    if filters.get("tag"):
        stories = stories.filter(topic_items__tag__slug=filters["tag"])
    return stories


def tag_names(topic_model):
    """A subquery: the page's topic names in one string, split with TAG_SEPARATOR."""
    return Subquery(
        topic_model.objects.filter(content_object=OuterRef("pk"))
        .values("content_object")
        .annotate(names=TagNames("tag__name"))
        .values("names")
    )


def split_tags(names):
    """The sorted topic names from a tag_names() value."""
    return sorted(names.split(TAG_SEPARATOR)) if names else []


def _rows(pages, topic_model):
    return (
        pages.order_by()
        .annotate(tag_names=tag_names(topic_model))
        .values_list(
            "pk",
            "title",
            "url_path",
            "content_type_id",
            "summary",
            "latitude",
            "longitude",
            "area_name",
            "tag_names",
        )
    )


def matching_words(pages, query):
    """Pages whose title, summary or a topic contains every word of the query."""
    for word in search_terms(query).split():
        pages = pages.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(topic_items__tag__name__icontains=word)
        )
    # A word matching several topics would repeat a page.
    return pages.distinct() if query.strip() else pages


def feature_rows(filters):
    """(id, title, url_path, content type, summary, lat, lng, area, tags), in one query."""
    from stories.models import StoryTopic

    kind = filters.get("kind")
    rows = None
    if kind != STORY:
        listings = matching_words(located_listings(filters), filters.get("q", ""))
        rows = _rows(listings.annotate(area_name=F("area__name")), ListingTopic)
    if kind in (None, STORY):
        stories = matching_words(located_stories(filters), filters.get("q", ""))
        stories = _rows(
            stories.annotate(area_name=Value(None, output_field=CharField())), StoryTopic
        )
        rows = stories if rows is None else rows.union(stories, all=True)
    return rows


def kinds_by_content_type():
    """Content type id → kind, for every listing kind and stories (cached by Django)."""
    from stories.models import StoryPage

    content_types = ContentType.objects.get_for_models(*Listing.kinds(), StoryPage)
    kinds = {content_types[model].pk: model.kind for model in Listing.kinds()}
    kinds[content_types[StoryPage].pk] = STORY
    return kinds


def url_for(url_path, root_paths):
    """A page's URL from its url_path, as Wagtail would build it for the current site."""
    for root_path in root_paths:
        if url_path.startswith(root_path):
            return url_path[len(root_path) - 1 :]
    return None


def feature_collection(rows, root_paths, kinds):
    """The GeoJSON FeatureCollection for the rows (see the module docstring)."""
    features = []
    for pk, title, url_path, content_type, summary, lat, lng, area, tags in rows:
        url = url_for(url_path, root_paths)
        if url is None:
            continue  # Outside every site: nowhere to link to.
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(lng, COORDINATE_DECIMALS),
                        round(lat, COORDINATE_DECIMALS),
                    ],
                },
                "properties": {
                    "id": pk,
                    "title": title,
                    "kind": kinds[content_type],
                    "url": url,
                    "summary": summary,
                    "tags": split_tags(tags),
                    "area": area,
                },
            }
        )
    features.sort(key=_feature_order)
    return {"type": "FeatureCollection", "features": features}


def _feature_order(feature):
    properties = feature["properties"]
    return (properties["kind"], properties["area"] or "", properties["title"], properties["id"])


def within(pages, bbox):
    """Pages located inside the bounding box (west, south, east, north), if one is given."""
    if not bbox:
        return pages
    west, south, east, north = bbox
    return pages.filter(
        longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
    )


def site_root_paths():
    """Each site's root url_path, longest first (Wagtail caches these).

    URLs are relative: the project serves one site, as the demo and the README set it up.
    """
    return sorted((path.root_path for path in Site.get_site_root_paths()), key=len, reverse=True)


def map_geojson(filters):
    """The FeatureCollection for valid filters (MapQuery.filters())."""
    return feature_collection(feature_rows(filters), site_root_paths(), kinds_by_content_type())
