"""Directory models: listings of every kind, their connections and vocabularies."""

from directory.models.connection import Connection
from directory.models.index import DirectoryIndexPage
from directory.models.kinds import (
    ActivityPage,
    AssetPage,
    GroupPage,
    OrganisationPage,
    PersonPage,
    PlacePage,
)
from directory.models.listing import Listing, ListingAdminForm
from directory.models.schedule import ActivitySession
from directory.models.taxonomy import (
    Area,
    ListingNeed,
    ListingOffer,
    ListingTopic,
    RelationType,
    ResourceTag,
    TopicTag,
)

__all__ = [
    "ActivityPage",
    "ActivitySession",
    "Area",
    "AssetPage",
    "Connection",
    "DirectoryIndexPage",
    "GroupPage",
    "Listing",
    "ListingAdminForm",
    "ListingNeed",
    "ListingOffer",
    "ListingTopic",
    "OrganisationPage",
    "PersonPage",
    "PlacePage",
    "RelationType",
    "ResourceTag",
    "TopicTag",
]
