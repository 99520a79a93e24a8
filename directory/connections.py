"""A listing's connections as the public may see them, read both ways."""

from dataclasses import dataclass

from directory.visibility import PublicListing, public_view


@dataclass(frozen=True)
class ConnectionView:
    """One connection seen from a listing: "meets at X" or, reversed, "hosts Y"."""

    phrase: str
    other: PublicListing
    label: str
    strength: int


def connections_for(listing, request=None):
    """Return (outgoing, incoming) connection views whose other end the public may see."""
    outgoing = []
    for connection in listing.connections.all().select_related("target", "relation_type"):
        other = public_view(connection.target, request)
        if other is not None:
            outgoing.append(
                ConnectionView(
                    connection.relation_type.name, other, connection.label, connection.strength
                )
            )
    incoming = []
    if listing.pk:
        for connection in listing.incoming_connections.select_related("source", "relation_type"):
            other = public_view(connection.source, request)
            if other is not None:
                incoming.append(
                    ConnectionView(
                        connection.relation_type.reverse_name,
                        other,
                        connection.label,
                        connection.strength,
                    )
                )
    key = lambda view: (view.phrase, view.other.title)  # noqa: E731
    return sorted(outgoing, key=key), sorted(incoming, key=key)
