"""Helpers shared by the browser tests."""

from directory.models import Listing


def listing_path(external_id):
    """The public path of the demo listing with this spreadsheet ID."""
    return Listing.objects.get(external_id=external_id).get_url()
