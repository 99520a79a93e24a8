"""The directory as an Open Referral HSDS 3.0 tabular data package (a zip of CSVs).

How our listings map onto HSDS:
- organisations and groups are `organization`s;
- activities and projects are `service`s, provided by the organisation or group that "runs"
  them, else by an organization of their own name (HSDS requires a provider);
- places and assets, and any other listing with a location or address of its own, are
  `location`s; a service is at the places it "meets at", else at its own location;
- addresses (when there is a postcode), phones, and an activity's sessions as `schedule`s.
People are never in it. Ids are UUIDs derived from each listing's ID in the Kumu export, so
they stay the same from one export to the next.
"""

import io
import json
import uuid
import zipfile
from collections import defaultdict
from pathlib import Path

from django.conf import settings

from directory.models import (
    ActivityPage,
    ActivitySession,
    AssetPage,
    Connection,
    GroupPage,
    Listing,
    OrganisationPage,
    PersonPage,
    PlacePage,
)
from directory.schedule import ICAL_DAYS, describe, rrule
from mapping.exchange.files import csv_text
from mapping.exchange.kumu import element_id

DESCRIPTOR = Path(__file__).with_name("hsds-3.0-datapackage.json")
RESOURCES = [
    "organization",
    "service",
    "location",
    "service_at_location",
    "address",
    "phone",
    "schedule",
]
NAMESPACE = uuid.UUID("0f6b3a8e-5d2c-4f7e-9a51-3c7d2b9e4a10")
PROJECT_STATUS = {"active": "active", "completed": "defunct"}  # ideas, proposals: inactive


def hsds_id(kind, key):
    """A stable UUID for one record of a kind ("organization", "service"...)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def descriptor():
    """HSDS 3.0's descriptor, cut to the resources this export writes."""
    package = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"] in RESOURCES]
    return package


def listings_for(public):
    """The listings a service directory can hold: never people; for the public, detailed."""
    listings = Listing.objects.publicly_detailed() if public else Listing.objects.all()
    return listings.not_type(PersonPage)


def build_tables(public=True):
    """{resource name: [row dicts]} for the HSDS resources, by the visibility rule if public."""
    from stories.models import ProjectPage

    listings = listings_for(public)
    rows = {listing.pk: listing for listing in listings.specific().order_by("title", "pk")}
    key = {pk: element_id(pk, listing.external_id) for pk, listing in rows.items()}
    kinds = {pk: type(listing) for pk, listing in rows.items()}
    links = defaultdict(list)
    # Matched here rather than with two lists of every listing in SQL, which SQLite is slow at.
    for source, target, relation in Connection.objects.filter(
        relation_type__name__in=["runs", "meets at"]
    ).values_list("source_id", "target_id", "relation_type__name"):
        if source in rows and target in rows:
            links[relation].append((source, target))

    tables = {name: [] for name in RESOURCES}
    providers = {pk for pk, kind in kinds.items() if kind in (OrganisationPage, GroupPage)}
    services = {pk for pk, kind in kinds.items() if kind in (ActivityPage, ProjectPage)}
    places = {pk for pk, kind in kinds.items() if kind in (PlacePage, AssetPage)}
    located = {
        pk
        for pk, listing in rows.items()
        if pk in places or listing.has_location or listing.address
    }

    for pk in sorted(providers, key=lambda pk: rows[pk].title):
        tables["organization"].append(_organization(rows[pk], key[pk]))
    runner = {target: source for source, target in links["runs"] if source in providers}
    for pk in sorted(services, key=lambda pk: rows[pk].title):
        listing = rows[pk]
        if pk not in runner:
            # HSDS needs a provider: a service nobody is recorded as running provides itself.
            tables["organization"].append(_organization(listing, key[pk], own=True))
        provider = hsds_id("organization", key[runner[pk]] if pk in runner else key[pk])
        tables["service"].append(_service(listing, key[pk], provider))
    for pk in sorted(located, key=lambda pk: rows[pk].title):
        listing = rows[pk]
        owner = hsds_id("organization", key[pk]) if pk in providers else ""
        tables["location"].append(_location(listing, key[pk], owner))
        if listing.address and listing.postcode:
            tables["address"].append(_address(listing, key[pk]))
    meets_at = defaultdict(list)
    for source, target in links["meets at"]:
        if source in services and target in located:
            meets_at[source].append(target)
    for pk in sorted(services, key=lambda pk: rows[pk].title):
        for place in meets_at[pk] or ([pk] if pk in located else []):
            tables["service_at_location"].append(
                {
                    "id": hsds_id("service_at_location", f"{key[pk]}@{key[place]}"),
                    "service_id": hsds_id("service", key[pk]),
                    "location_id": hsds_id("location", key[place]),
                }
            )
    for pk, listing in rows.items():
        if listing.phone:
            tables["phone"].append(_phone(listing, key[pk], pk in providers, pk in services))
    for session in ActivitySession.objects.order_by("page", "pk"):
        if session.page_id in services:
            tables["schedule"].append(_schedule(session, key[session.page_id]))
    return tables


def _organization(listing, key, own=False):
    return {
        "id": hsds_id("organization", key),
        "name": listing.title,
        # HSDS requires a description; a listing without one is described by its summary.
        "description": listing.description or listing.summary or listing.title,
        "email": "" if own else listing.email,
        "website": "" if own else listing.website,
        "uri": listing.full_url or "",
    }


def _service(listing, key, provider):
    status = getattr(listing, "status", "active")
    return {
        "id": hsds_id("service", key),
        "organization_id": provider,
        "name": listing.title,
        "description": listing.description or listing.summary,
        "url": listing.full_url or "",
        "email": listing.email,
        "status": PROJECT_STATUS.get(status, "inactive"),
    }


def _location(listing, key, owner):
    return {
        "id": hsds_id("location", key),
        "location_type": "physical",
        "url": listing.full_url or "",
        "organization_id": owner,
        "name": listing.title,
        "description": listing.summary,
        "latitude": "" if listing.latitude is None else round(listing.latitude, 6),
        "longitude": "" if listing.longitude is None else round(listing.longitude, 6),
        "external_identifier": key,
        "external_identifier_type": "local-commons-id",
    }


def _address(listing, key):
    parts = [part.strip() for part in listing.address.split(",") if part.strip()]
    city = parts.pop() if len(parts) > 1 else settings.HSDS_DEFAULT_CITY
    return {
        "id": hsds_id("address", key),
        "location_id": hsds_id("location", key),
        "address_1": parts[0],
        "address_2": ", ".join(parts[1:]),
        "city": city,
        "state_province": settings.HSDS_DEFAULT_REGION,
        "postal_code": listing.postcode,
        "country": settings.HSDS_COUNTRY,
        "address_type": "physical",
    }


def _phone(listing, key, is_provider, is_service):
    return {
        "id": hsds_id("phone", key),
        "organization_id": hsds_id("organization", key) if is_provider else "",
        "service_id": hsds_id("service", key) if is_service else "",
        "location_id": "" if is_provider or is_service else hsds_id("location", key),
        "number": listing.phone,
        "type": "voice",
    }


def _schedule(session, key):
    rule = rrule(session)
    return {
        "id": hsds_id("schedule", f"{key}#{session.pk}"),
        "service_id": hsds_id("service", key),
        "freq": rule["FREQ"],
        "byday": rule["BYDAY"],
        "wkst": ICAL_DAYS[0],
        "interval": 1,
        "opens_at": session.starts_at.strftime("%H:%M"),
        "closes_at": session.ends_at.strftime("%H:%M"),
        "description": f"{describe(session)} {session.starts_at:%H:%M}–{session.ends_at:%H:%M}"
        + (f" ({session.note})" if session.note else ""),
        "attending_type": "in_person",
    }


def hsds_zip_bytes(public=True):
    """The data package: datapackage.json and a CSV per resource with all its schema's fields."""
    package = descriptor()
    tables = build_tables(public)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False))
        for resource in package["resources"]:
            columns = [field["name"] for field in resource["schema"]["fields"]]
            archive.writestr(
                resource["path"], csv_text(columns, tables[resource["name"]]).encode("utf-8")
            )
    return output.getvalue()
