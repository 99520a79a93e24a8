"""The tables of a report, each built from public data in one or two queries."""

import json
from collections import Counter

from django.db.models import Count, F

from directory.models import Listing, ListingNeed, ListingOffer, ListingTopic
from directory.querysets import unrestricted
from mapping.geojson import site_root_paths, url_for
from mapping.models import Match
from mapping.network.serve import served_network
from mapping.network_page import ISOLATED_KINDS
from mapping.opportunities.build import open_needs
from mapping.opportunities.serve import distance_words
from mapping.reports.tables import Table

PERSON = "person"
TOP_TOPICS = 15
KEY_CONNECTORS = 5
REACH_NAMED = 3
LISTINGS_SHOWN = 100
STORIES_SHOWN = 20


def kind_labels():
    """kind slug → its label ("group" → "Group")."""
    return {model.kind: model.kind_label for model in Listing.kinds()}


def kinds_table(rows):
    """How many listings of each kind."""
    counts = Counter(row["kind"] for row in rows)
    table = Table("kinds", "Listings by kind", ["Kind", "Listings"])
    for model in Listing.kinds():
        table.add([model.kind_plural, counts.get(model.kind, 0)])
    return table


def topics_table(listings):
    """The most common topics."""
    table = Table("topics", "Top topics", ["Topic", "Listings"])
    for name, _slug, count in topic_counts(listings)[:TOP_TOPICS]:
        table.add([name, count])
    return table


def offers_needs_table(listings, whole):
    """Each thing needed or offered here, with the gaps: needed here and not offered here."""
    needed, offered, anywhere = needs_and_offers(listings)
    columns = ["Need or offer", "Needed by", "Offered by"]
    if not whole:
        columns.append("Offered anywhere in the neighbourhood")
    table = Table(
        "needs",
        "Offers and needs",
        [*columns, "Gap"],
        note="A gap is a need nobody here offers.",
    )
    for thing in sorted(set(needed) | set(offered), key=lambda t: (-needed.get(t, 0), t.lower())):
        need_count, offer_count = needed.get(thing, 0), offered.get(thing, 0)
        gap = ""
        if need_count and not offer_count:
            gap = "offered elsewhere" if anywhere.get(thing) else "nobody offers it"
        cells = [thing, need_count, offer_count]
        if not whole:
            cells.append(anywhere.get(thing, 0))
        table.add([*cells, gap])
    return table


def listings_table(rows):
    """The listings on the report's map, as a list (the map's alternative)."""
    table = Table(
        "listings",
        "Listings on the map",
        ["Name", "Kind", "Address", "Postcode"],
        shown=LISTINGS_SHOWN,
    )
    for row in rows:
        if row["located"]:
            table.add(
                [row["title"], row["kind_label"], row["address"], row["postcode"]], row["url"]
            )
    return table


def unlocated_table(rows):
    """Listings that could be on the map but have no location (people never are)."""
    table = Table("unlocated", "Listings without a location", ["Name", "Kind"])
    for row in rows:
        if not row["located"] and row["kind"] != PERSON:
            table.add([row["title"], row["kind_label"]], row["url"])
    return table


def network_section(rows, area):
    """(sentences, tables, isolated) on how the listings are connected, from the network.

    isolated lists each isolated group's label, url, kind, degree and who could reach it.
    """
    nodes, links, communities = served_nodes_and_links()
    here = {row["id"] for row in rows if row["id"] in nodes}
    if area is None:
        # The whole neighbourhood includes those shown in the network only (no details).
        here = set(nodes)
    within = sum(1 for link in links if link["source"] in here and link["target"] in here)
    outward = sum(1 for link in links if (link["source"] in here) != (link["target"] in here))
    degree_here = Counter()
    for link in links:
        if link["source"] in here and link["target"] in here:
            degree_here[link["source"]] += 1
            degree_here[link["target"]] += 1
    members = [nodes[pk] for pk in here]
    by_degree = sorted(members, key=lambda n: (-n["degree"], n["label"].lower(), n["id"]))
    connectors = [node for node in by_degree[:KEY_CONNECTORS] if node["degree"] > 0]
    isolated = sorted(
        (n for n in members if n["near_isolated"] and n["kind"] in ISOLATED_KINDS),
        key=lambda n: (n["degree"], n["label"].lower(), n["id"]),
    )
    reach = reach_suggestions([node["id"] for node in isolated])
    clusters = clusters_table(members, communities)
    sentences = network_sentences(len(here), within, outward, connectors, clusters, isolated, area)
    connector_table = Table(
        "connectors",
        "Key connectors",
        ["Name", "Kind", "Connections", "Connections within the area"]
        if area
        else ["Name", "Kind", "Connections"],
    )
    for node in connectors:
        cells = [node["label"], kind_labels()[node["kind"]], node["degree"]]
        if area:
            cells.append(degree_here[node["id"]])
        connector_table.add(cells, node.get("url", ""))
    isolated_table = Table(
        "isolated",
        "Isolated groups and who could reach them",
        ["Name", "Kind", "Connections", "Who could reach them"],
        note="Groups, organisations and activities with one connection or none.",
    )
    for node in isolated:
        suggested = "; ".join(f"{title} ({why})" for title, _url, why in reach.get(node["id"], []))
        isolated_table.add(
            [node["label"], kind_labels()[node["kind"]], node["degree"], suggested],
            node.get("url", ""),
        )
    details = [
        {
            "label": node["label"],
            "url": node.get("url", ""),
            "kind": node["kind"],
            "degree": node["degree"],
            "reach": reach.get(node["id"], []),
        }
        for node in isolated
    ]
    return sentences, [connector_table, clusters, isolated_table], details


def clusters_table(members, communities):
    """The network's clusters the listings belong to, largest share first."""
    counts = Counter(node["community"] for node in members)
    described = {community["id"]: community for community in communities}
    table = Table("clusters", "Clusters", ["Cluster", "Listings here", "Listings in the cluster"])
    for community, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        info = described.get(community, {"label": "", "size": count})
        table.add([(info["label"] or "mixed interests").capitalize(), count, info["size"]])
    return table


def network_sentences(count, within, outward, connectors, clusters, isolated, area):
    """The network figures in words."""
    if not count:
        return ["Nobody here is in the public network yet."]
    place = "these listings" if area else "the neighbourhood's listings"
    sentences = [
        f"Between them, {place} have {within} connection{'' if within == 1 else 's'}"
        + (
            f", and {outward} with listings in other areas."
            if area
            else f" across {count} listings in the network."
        )
    ]
    if connectors:
        named = [f"{n['label']} ({n['degree']} connections)" for n in connectors[:3]]
        sentences.append("The key connectors are " + and_words(named) + ".")
    if clusters.rows:
        label, here, _size = clusters.rows[0]
        sentences.append(
            f"The largest share ({here}) belongs to the cluster around {label.lower()}"
            + (
                f", and the rest to {len(clusters.rows) - 1} other clusters."
                if len(clusters.rows) > 1
                else "."
            )
        )
    if isolated:
        sentences.append(
            f"{len(isolated)} group{'' if len(isolated) == 1 else 's'} "
            f"{'has' if len(isolated) == 1 else 'have'} one connection or none: "
            + and_words([n["label"] for n in isolated[:5]])
            + (f" and {len(isolated) - 5} more" if len(isolated) > 5 else "")
            + "."
        )
    else:
        sentences.append("Every group here has at least two connections.")
    return sentences


def stories_table(listings, area):
    """Stories featuring the listings (every story, for the whole neighbourhood)."""
    stories = live_stories()
    if area is not None:
        stories = stories.filter(featured_listings__listing__in=listings).distinct()
    table = Table("stories", "Stories", ["Story", "Date", "Summary"], shown=STORIES_SHOWN)
    roots = site_root_paths()
    for story in stories.order_by("-date", "title").only("title", "date", "summary", "url_path"):
        table.add(
            [story.title, story.date.isoformat(), story.summary], url_for(story.url_path, roots)
        )
    return table


def projects_table(listings):
    """The listings' projects, with their status and what they need."""
    from stories.models import ProjectPage

    projects = ProjectPage.objects.filter(pk__in=listings.values("pk")).order_by("title")
    needs = {}
    for project, thing in ListingNeed.objects.filter(content_object__in=projects).values_list(
        "content_object_id", "tag__name"
    ):
        needs.setdefault(project, []).append(thing)
    table = Table("projects", "Projects", ["Project", "Status", "Needs"])
    roots = site_root_paths()
    for project in projects.only("title", "status", "url_path"):
        table.add(
            [
                project.title,
                project.get_status_display(),
                ", ".join(sorted(needs.get(project.pk, []))),
            ],
            url_for(project.url_path, roots),
        )
    return table


def and_words(words):
    """ "a", "a and b", "a, b and c"."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def served_nodes_and_links():
    """The whole public network as served (visibility applied): nodes by id, and links."""
    network = json.loads(served_network({})["body"])
    return {node["id"]: node for node in network["nodes"]}, network["links"], network["communities"]


def reach_suggestions(listing_ids):
    """id → up to REACH_NAMED (title, url, why) of who could reach each listing, best first.

    From the stored matches both ways: who offers what it needs, and who needs what it offers.
    """
    if not listing_ids:
        return {}
    detailed = Listing.objects.publicly_detailed()
    helping = Match.objects.filter(
        need__listing__in=listing_ids, need_rank__lte=REACH_NAMED, offer_listing__in=detailed
    ).annotate(
        isolated_id=F("need__listing_id"),
        other_id=F("offer_listing_id"),
        other_title=F("offer_listing__title"),
        other_path=F("offer_listing__url_path"),
        thing=F("need__tag__name"),
    )
    needing = Match.objects.filter(
        offer_listing__in=listing_ids, offer_rank__lte=REACH_NAMED, need__listing__in=detailed
    ).annotate(
        isolated_id=F("offer_listing_id"),
        other_id=F("need__listing_id"),
        other_title=F("need__listing__title"),
        other_path=F("need__listing__url_path"),
        thing=F("need__tag__name"),
    )
    fields = (
        "isolated_id",
        "other_id",
        "other_title",
        "other_path",
        "thing",
        "score",
        "distance_m",
    )
    roots = site_root_paths()
    found = {}
    for helps, query in ((True, helping), (False, needing)):
        for isolated, other, title, path, thing, score, metres in query.values_list(*fields):
            why = f"{'offers' if helps else 'needs'} {thing}, {distance_words(metres)}"
            found.setdefault(isolated, []).append((-score, title, url_for(path, roots), why, other))
    suggestions = {}
    for isolated, options in found.items():
        chosen, seen = [], set()
        for _score, title, url, why, other in sorted(options):
            if other not in seen:
                seen.add(other)
                chosen.append((title, url or "", why))
        suggestions[isolated] = chosen[:REACH_NAMED]
    return suggestions


def topic_counts(listings):
    """[(topic name, slug, listings)] most common first."""
    return list(
        ListingTopic.objects.filter(content_object__in=listings)
        .values_list("tag__name", "tag__slug")
        .annotate(count=Count("content_object", distinct=True))
        .order_by("-count", "tag__name")
    )


def resource_counts(through, listings):
    """{thing name: how many of the listings have it} for offers or needs."""
    return dict(
        through.filter(content_object__in=listings)
        .values_list("tag__name")
        .annotate(count=Count("content_object", distinct=True))
        .values_list("tag__name", "count")
    )


def needs_and_offers(listings):
    """(needed here, offered here, offered anywhere) as {thing: count} each."""
    return (
        resource_counts(open_needs(listings), listings),
        resource_counts(ListingOffer.objects.all(), listings),
        resource_counts(ListingOffer.objects.all(), Listing.objects.publicly_detailed()),
    )


def live_stories():
    from stories.models import StoryPage

    return StoryPage.objects.live().filter(unrestricted())
