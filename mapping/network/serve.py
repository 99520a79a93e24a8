"""The network as served: the stored figures, with names and details read live.

One JSON shape for the API and the network page's script:

    {"nodes": [{"id": 12, "label": "Kiln Street Community Centre", "kind": "place",
                "url": "/directory/...", "summary": "...", "area": "Brickfield North",
                "tags": ["food"], "degree": 14, "weighted_degree": 31,
                "betweenness": 0.21, "community": 0, "broker": true,
                "isolated": false, "near_isolated": false}],
     "links": [{"source": 12, "target": 40, "relation": "meets at", "reverse": "hosts",
                "directed": true, "strength": 2}],
     "communities": [{"id": 0, "size": 31, "label": "food, older people, advice",
                      "tags": ["food", "older people", "advice"]}],
     "computed_at": "2026-11-24T09:00:00+00:00"}

A network-only listing is a node with its id, label, kind and figures only. A listing that
is no longer public is left out, with its links, even before the figures are recomputed.
"""

from collections import Counter, deque

from django import forms
from django.db.models import F
from django.utils.text import slugify

from directory.models import Listing, ListingTopic, RelationType
from directory.visibility import DETAILED
from mapping.geojson import kinds_by_content_type, site_root_paths, split_tags, tag_names, url_for

CLUSTER_LABEL_TAGS = 3


class UnknownFocus(ValueError):
    """The focus is not a listing the public may see in the network."""


class NetworkQuery(forms.Form):
    """The network's filters; an unknown kind or relation, or a bad focus, is an error."""

    kind = forms.ChoiceField(required=False)
    tag = forms.SlugField(required=False)
    area = forms.SlugField(required=False)
    relation = forms.SlugField(required=False)
    focus = forms.IntegerField(required=False, min_value=1)
    depth = forms.TypedChoiceField(
        choices=[("1", "1"), ("2", "2")], coerce=int, required=False, empty_value=1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All")] + [(m.kind, m.kind) for m in Listing.kinds()]

    def filters(self):
        """The valid, non-empty values (after is_valid()); depth only with a focus."""
        values = {name: value for name, value in self.cleaned_data.items() if value}
        if "focus" not in values:
            values.pop("depth", None)
        return values


def live_listings():
    """id → what may be shown of each publicly visible listing now, in one query."""
    rows = (
        Listing.objects.publicly_visible()
        .order_by()
        .annotate(
            area_name=F("area__name"),
            area_slug=F("area__slug"),
            tag_names=tag_names(ListingTopic),
        )
        .values_list(
            "pk",
            "title",
            "url_path",
            "content_type_id",
            "visibility",
            "summary",
            "area_name",
            "area_slug",
            "tag_names",
        )
    )
    kinds, root_paths = kinds_by_content_type(), site_root_paths()
    listings = {}
    for pk, title, url_path, content_type, visibility, summary, area, area_slug, tags in rows:
        node = {"id": pk, "label": title, "kind": kinds[content_type]}
        if visibility in DETAILED:
            node |= {
                "url": url_for(url_path, root_paths),
                "summary": summary,
                "area": area,
                "tags": split_tags(tags),
                "_area_slug": area_slug,
            }
        listings[pk] = node
    return listings


def relation_types():
    """id → (name, reverse name, directed) for every relation type."""
    return {
        pk: (name, reverse, direction == RelationType.Direction.DIRECTED)
        for pk, name, reverse, direction in RelationType.objects.values_list(
            "pk", "name", "reverse_name", "direction"
        )
    }


def network_json(snapshot, filters):
    """The network for the filters in the documented shape (see the module docstring)."""
    if snapshot is None:
        return {"nodes": [], "links": [], "communities": [], "computed_at": None}
    data, live, relations = snapshot.data, live_listings(), relation_types()
    brokers = set(data["brokers"])
    nodes = {}
    for key, figures in data["nodes"].items():
        pk = int(key)
        if pk in live:
            nodes[pk] = (
                live[pk]
                | figures
                | {
                    "broker": pk in brokers,
                    "isolated": figures["degree"] == 0,
                    "near_isolated": figures["degree"] <= 1,
                }
            )
    links = [
        {
            "source": source,
            "target": target,
            "relation": relations[relation][0],
            "reverse": relations[relation][1],
            "directed": relations[relation][2],
            "strength": strength,
        }
        for source, target, relation, strength in data["links"]
        if source in nodes and target in nodes and relation in relations
    ]
    nodes, links = apply_filters(nodes, links, filters)
    return {
        "nodes": [_public(node) for node in sorted(nodes.values(), key=lambda n: n["id"])],
        "links": links,
        "communities": describe_communities(nodes.values()),
        "computed_at": snapshot.computed_at.isoformat(),
    }


def _public(node):
    return {key: value for key, value in node.items() if not key.startswith("_")}


def apply_filters(nodes, links, filters):
    """Nodes matching kind/tag/area, links among them (of the relation), then the focus."""
    keep = {
        pk
        for pk, node in nodes.items()
        if (not filters.get("kind") or node["kind"] == filters["kind"])
        and (not filters.get("tag") or filters["tag"] in map(slugify, node.get("tags", [])))
        and (not filters.get("area") or node.get("_area_slug") == filters["area"])
    }
    links = [link for link in links if link["source"] in keep and link["target"] in keep]
    if filters.get("relation"):
        links = [link for link in links if slugify(link["relation"]) == filters["relation"]]
        keep = {pk for link in links for pk in (link["source"], link["target"])}
    if filters.get("focus"):
        if filters["focus"] not in nodes:
            raise UnknownFocus(filters["focus"])
        keep = within_steps(filters["focus"], links, filters.get("depth", 1)) & (
            keep | {filters["focus"]}
        )
        keep &= set(nodes)
        links = [link for link in links if link["source"] in keep and link["target"] in keep]
    return {pk: nodes[pk] for pk in keep}, links


def within_steps(start, links, depth):
    """Node ids at most depth steps from start, either way along the links."""
    neighbours = {}
    for link in links:
        neighbours.setdefault(link["source"], set()).add(link["target"])
        neighbours.setdefault(link["target"], set()).add(link["source"])
    seen, queue = {start}, deque([(start, 0)])
    while queue:
        node, steps = queue.popleft()
        if steps == depth:
            continue
        for other in neighbours.get(node, ()):
            if other not in seen:
                seen.add(other)
                queue.append((other, steps + 1))
    return seen


def describe_communities(nodes):
    """Each community among the nodes: its size and a name from its most common topics."""
    members = {}
    for node in nodes:
        members.setdefault(node["community"], []).append(node)
    described = []
    for community, people in members.items():
        counts = Counter(tag for node in people for tag in node.get("tags", []))
        top = [tag for tag, _count in counts.most_common(CLUSTER_LABEL_TAGS)]
        described.append(
            {"id": community, "size": len(people), "label": ", ".join(top), "tags": top}
        )
    return sorted(described, key=lambda c: (-c["size"], c["id"]))


def served_network(filters):
    """The cache entry of the network JSON for valid filters (shared by API and page).

    Raises UnknownFocus if the focus is not in the public network.
    """
    from mapping.cache import cached_json
    from mapping.models import NetworkSnapshot

    # A new computation starts a new data version (see build.rebuild), so the key needs no
    # snapshot id and a warm request reads nothing from the database.
    return cached_json(
        "network.json", filters, lambda: network_json(NetworkSnapshot.current(), filters)
    )
