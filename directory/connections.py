"""A listing's connections as the public may see them, read both ways."""

from dataclasses import dataclass

from directory.visibility import PublicListing, public_views


@dataclass(frozen=True)
class ConnectionView:
    """One connection seen from a listing: "meets at X" or, reversed, "hosts Y"."""

    phrase: str
    other: PublicListing
    label: str
    strength: int


def _views(connections, other_end, phrase, request):
    """ConnectionViews for the connections whose other end the public may see."""
    others = public_views([getattr(c, other_end) for c in connections], request)
    by_id = {other.id: other for other in others}
    views = [
        ConnectionView(
            phrase(connection.relation_type),
            by_id[getattr(connection, f"{other_end}_id")],
            connection.label,
            connection.strength,
        )
        for connection in connections
        if getattr(connection, f"{other_end}_id") in by_id
    ]
    return sorted(views, key=lambda view: (view.phrase, view.other.title))


def connections_for(listing, request=None):
    """Return (outgoing, incoming) connection views whose other end the public may see."""
    outgoing = list(listing.connections.all().select_related("target", "relation_type"))
    incoming = (
        list(listing.incoming_connections.select_related("source", "relation_type"))
        if listing.pk
        else []
    )
    return (
        _views(outgoing, "target", lambda relation: relation.name, request),
        _views(incoming, "source", lambda relation: relation.reverse_name, request),
    )
