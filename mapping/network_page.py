"""The network page: its filters, the findings in words, and the sortable table."""

import datetime
import json
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from directory.models import Area, Listing, RelationType, TopicTag
from localcommons.forms import FilterForm
from localcommons.pagination import paginate, query_without
from mapping.network.serve import UnknownFocus, served_network

KEY_CONNECTORS = 5
CLUSTER_MIN_SIZE = 3
CLUSTER_MEMBERS_SHOWN = 3
ISOLATED_KINDS = ("group", "organisation", "activity")
COLUMNS = [
    ("label", "Name"),
    ("kind", "Kind"),
    ("degree", "Connections"),
    ("betweenness", "Betweenness"),
    ("community", "Cluster"),
]
SORTS = {
    "label": lambda n: n["label"].lower(),
    "kind": lambda n: (n["kind"], n["label"].lower()),
    "degree": lambda n: (n["degree"], n["betweenness"]),
    "betweenness": lambda n: (n["betweenness"], n["degree"]),
    "community": lambda n: (n["community"], n["label"].lower()),
}


class NetworkFilterForm(FilterForm):
    """The network page's filters; values live in the URL so a view can be shared."""

    kind = forms.ChoiceField(label="Kind", required=False)
    tag = forms.ChoiceField(label="Topic", required=False)
    area = forms.ChoiceField(label="Area", required=False)
    relation = forms.ChoiceField(label="Connection", required=False)
    focus = forms.IntegerField(widget=forms.HiddenInput, required=False)
    depth = forms.ChoiceField(
        label="Steps around the focus",
        choices=[("1", "One step"), ("2", "Two steps")],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from django.utils.text import slugify

        super().__init__(*args, **kwargs)
        public = Listing.objects.publicly_detailed()
        self.fields["kind"].choices = [("", "All kinds")] + [
            (m.kind, m.kind_plural) for m in Listing.kinds()
        ]
        self.fields["tag"].choices = [("", "All topics")] + list(
            TopicTag.objects.filter(listing_items__content_object__in=public)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        self.fields["area"].choices = [("", "All areas")] + list(
            Area.objects.order_by("name").values_list("slug", "name")
        )
        self.fields["relation"].choices = [("", "Every kind")] + [
            (slugify(name), name) for name in RelationType.objects.values_list("name", flat=True)
        ]

    def filters(self):
        """As FilterForm's, with a depth (1 unless given) exactly when there is a focus."""
        values = super().filters()
        if "focus" in values:
            values["depth"] = int(values.get("depth") or 1)
        else:
            values.pop("depth", None)
        return values


def key_connectors(nodes):
    """The most connected of the nodes (at most KEY_CONNECTORS, each with a connection)."""
    by_degree = sorted(nodes, key=SORTS["degree"], reverse=True)
    return [n for n in by_degree[:KEY_CONNECTORS] if n["degree"] > 0]


def isolated_groups(nodes):
    """Groups, organisations and activities among the nodes with one connection or none."""
    return sorted(
        (n for n in nodes if n["near_isolated"] and n["kind"] in ISOLATED_KINDS),
        key=lambda n: (n["degree"], n["label"].lower()),
    )


def findings(nodes, communities):
    """What organisers look for: key connectors, clusters and isolated groups."""
    by_degree = sorted(nodes, key=SORTS["degree"], reverse=True)
    members = {}
    for node in by_degree:
        members.setdefault(node["community"], []).append(node)
    clusters = [
        community | {"members": members[community["id"]][:CLUSTER_MEMBERS_SHOWN]}
        for community in communities
        if community["size"] >= CLUSTER_MIN_SIZE
    ]
    return {
        "connectors": key_connectors(nodes),
        "clusters": clusters,
        "isolated": isolated_groups(nodes),
    }


def network_page_context(page, request):
    """The filters, findings, one page of the sorted table and the data URL for the script."""
    form = NetworkFilterForm(request.GET or None)
    filters = form.filters()
    try:
        entry = served_network(filters)
    except UnknownFocus:
        form.add_error("focus", "That listing is not in the public network.")
        filters.pop("focus", None)
        filters.pop("depth", None)
        entry = served_network(filters)
    network = json.loads(entry["body"])
    nodes = network["nodes"]
    sort = request.GET.get("sort", "-degree")
    key = SORTS.get(sort.lstrip("-"), SORTS["degree"])
    table = sorted(nodes, key=key, reverse=sort.startswith("-"))
    page_obj = paginate(request, table, page.page_size)
    focus = next((n for n in nodes if n["id"] == filters.get("focus")), None)
    data_query = urlencode(filters)  # Only the valid filters: the API refuses the rest.
    return {
        "form": form,
        "filters": filters,
        "focus_node": focus,
        "computed_at": (
            datetime.datetime.fromisoformat(network["computed_at"])
            if network["computed_at"]
            else None
        ),
        "node_count": len(nodes),
        "link_count": len(network["links"]),
        "page_obj": page_obj,
        "rows": page_obj.object_list,
        "sort": sort,
        "query_without_page": query_without(request, "page"),
        "query_without_sort": query_without(request, "page", "sort"),
        "network_url": reverse("network_json") + (f"?{data_query}" if data_query else ""),
        "network_query": data_query,
        "columns": COLUMNS,
        **findings(nodes, network["communities"]),
    }
