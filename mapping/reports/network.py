"""A report's "How it is connected": the served network, seen from one area, in words."""

import json
from collections import Counter

from django.db.models import F

from directory.models import Listing
from mapping.geojson import site_root_paths, url_for
from mapping.models import Match
from mapping.network.serve import served_network
from mapping.network_page import isolated_groups, key_connectors
from mapping.opportunities.serve import distance_words
from mapping.reports.tables import Table
from mapping.reports.words import and_words, capfirst, counted

REACH_NAMED = 3


def network_section(rows, area, kind_labels):
    """(sentences, tables, isolated) on how the listings are connected.

    rows are the report's listings; the whole neighbourhood (area None) also counts those
    shown in the network only, as /network/ does. isolated lists each isolated group's label,
    url, degree and who could reach it.
    """
    network = json.loads(served_network({})["body"])
    nodes = {node["id"]: node for node in network["nodes"]}
    here = set(nodes) if area is None else {row["id"] for row in rows if row["id"] in nodes}
    links = network["links"]
    within = [link for link in links if link["source"] in here and link["target"] in here]
    outward = sum(1 for link in links if (link["source"] in here) != (link["target"] in here))
    degree_here = Counter(end for link in within for end in (link["source"], link["target"]))
    members = [nodes[pk] for pk in sorted(here)]
    connectors, isolated = key_connectors(members), isolated_groups(members)
    reach = reach_suggestions([node["id"] for node in isolated])
    clusters = clusters_table(members, network["communities"])

    connector_table = Table(
        "connectors",
        "Key connectors",
        ["Name", "Kind", "Connections"] + (["Connections within the area"] if area else []),
    )
    for node in connectors:
        extra = [degree_here[node["id"]]] if area else []
        connector_table.add(
            [node["label"], kind_labels[node["kind"]], node["degree"], *extra], node.get("url")
        )
    isolated_table = Table(
        "isolated",
        "Isolated groups and who could reach them",
        ["Name", "Kind", "Connections", "Who could reach them"],
        note="Groups, organisations and activities with one connection or none.",
    )
    details = []
    for node in isolated:
        suggested = reach.get(node["id"], [])
        isolated_table.add(
            [
                node["label"],
                kind_labels[node["kind"]],
                node["degree"],
                "; ".join(f"{title} ({why})" for title, _url, why in suggested),
            ],
            node.get("url"),
        )
        details.append(
            {
                "label": node["label"],
                "url": node.get("url", ""),
                "degree": node["degree"],
                "reach": suggested,
            }
        )
    sentences = network_sentences(
        len(here), len(within), outward, connectors, clusters, isolated, area
    )
    return sentences, [connector_table, clusters, isolated_table], details


def clusters_table(members, communities):
    """The network's clusters the listings belong to, largest share first."""
    counts = Counter(node["community"] for node in members)
    described = {community["id"]: community for community in communities}
    table = Table("clusters", "Clusters", ["Cluster", "Listings here", "Listings in the cluster"])
    for community, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        info = described.get(community, {"label": "", "size": count})
        table.add([capfirst(info["label"] or "mixed interests"), count, info["size"]])
    return table


def network_sentences(count, within, outward, connectors, clusters, isolated, area):
    """The network figures in words."""
    if not count:
        return ["Nobody here is in the public network yet."]
    if area:
        sentences = [
            f"Between them, these listings have {counted(within, 'connection')}, "
            f"and {counted(outward, 'connection')} with listings in other areas."
        ]
    else:
        sentences = [
            f"The network has {counted(count, 'listing')} and {counted(within, 'connection')}."
        ]
    if connectors:
        named = [f"{n['label']} ({counted(n['degree'], 'connection')})" for n in connectors[:3]]
        sentences.append(
            f"The key connector{'s are' if len(named) > 1 else ' is'} {and_words(named)}."
        )
    if clusters.rows:
        label, here, _size = clusters.rows[0]
        others = len(clusters.rows) - 1
        sentences.append(
            f"The largest share ({here}) belongs to the cluster around “{label.lower()}”"
            + (f"; the rest to {counted(others, 'other cluster')}." if others else ".")
        )
    if isolated:
        names = and_words([n["label"] for n in isolated[:5]])
        more = f" and {len(isolated) - 5} more" if len(isolated) > 5 else ""
        verb = "has" if len(isolated) == 1 else "have"
        sentences.append(
            f"{counted(len(isolated), 'group')} {verb} one connection or none: {names}{more}."
        )
    return sentences


def reach_suggestions(listing_ids):
    """id → up to REACH_NAMED (title, url, why) of who could reach each listing, best first.

    From the stored matches both ways: who offers what it needs, and who needs what it offers.
    """
    if not listing_ids:
        return {}
    helping = _matches_from(listing_ids, "need__listing", "offer_listing", "need_rank")
    needing = _matches_from(listing_ids, "offer_listing", "need__listing", "offer_rank")
    roots = site_root_paths()
    options = {}
    for verb, query in (("offers", helping), ("needs", needing)):
        for listing, other, title, path, thing, score, metres in query:
            why = f"{verb} {thing}, {distance_words(metres)}"
            options.setdefault(listing, []).append(
                (-score, title, other, url_for(path, roots), why)
            )
    suggestions = {}
    for listing, found in options.items():
        chosen, seen = [], set()
        for _score, title, other, url, why in sorted(found):
            if other not in seen:
                seen.add(other)
                chosen.append((title, url or "", why))
        suggestions[listing] = chosen[:REACH_NAMED]
    return suggestions


def _matches_from(listing_ids, this, other, rank):
    """(listing, other, its title, its url_path, thing, score, metres) of each good match."""
    return Match.objects.filter(
        **{
            f"{this}__in": listing_ids,
            f"{rank}__lte": REACH_NAMED,
            f"{other}__in": Listing.objects.publicly_detailed(),
        }
    ).values_list(
        F(f"{this}_id"),
        F(f"{other}_id"),
        F(f"{other}__title"),
        F(f"{other}__url_path"),
        F("need__tag__name"),
        "score",
        "distance_m",
    )
