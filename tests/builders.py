"""Small builders for test data, with sensible defaults that each test can override."""

from itertools import count

from directory.demo import ensure_site
from directory.models import Area, Connection, OrganisationPage, RelationType

_serial = count(1)


def make_site():
    """The home page and the directory index, as load_demo builds them."""
    return ensure_site()


def make_area(name="Brickfield North", **kwargs):
    area, _ = Area.objects.get_or_create(name=name, defaults=kwargs)
    return area


def make_listing(model=OrganisationPage, *, parent=None, publish=True, tags=(), **kwargs):
    """A validated listing under the directory; published with a revision unless told not to."""
    if parent is None:
        _home, parent = make_site()
    n = next(_serial)
    kwargs.setdefault("title", f"Listing {n}")
    kwargs.setdefault("slug", f"listing-{n}")
    kwargs.setdefault("summary", f"What listing {n} does.")
    kwargs.setdefault("live", not publish)
    offers = kwargs.pop("offers", ())
    needs = kwargs.pop("needs", ())
    lat_lng = kwargs.pop("lat_lng", None)
    listing = model(**kwargs)
    if lat_lng:
        listing.set_coordinates(*lat_lng)
    listing.tags.set(list(tags))
    listing.offers.set(list(offers))
    listing.needs.set(list(needs))
    listing.full_clean(exclude=["path", "depth"])
    parent.add_child(instance=listing)
    if publish:
        listing.save_revision().publish()
        listing.refresh_from_db()
    return listing


def connect(source, target, relation="meets at", **kwargs):
    """Add a connection from source to target and publish the source."""
    relation_type = RelationType.objects.get(name=relation)
    connection = Connection(target=target, relation_type=relation_type, **kwargs)
    source.connections.add(connection)
    source.save_revision().publish()
    return connection
