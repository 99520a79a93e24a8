"""Kumu-compatible rows of the directory: an Elements sheet and a Connections sheet.

The columns are Kumu's (ID, Label, Type, Description, Tags, Image, Email, Location) plus our
own, as in data/demo/README.md; every key of a listing's `extra` becomes a column of its own.
A public export applies the visibility rule: a network-only listing is an ID, a label, a
type and its connections; hidden, draft and restricted listings are not there at all. It
also leaves out what no public page shows: connections' descriptions (a listing page shows
only their label) and the `extra` columns.
"""

from dataclasses import dataclass, field

from django.db.models import F

from directory.models import (
    ActivityPage,
    Connection,
    GroupPage,
    Listing,
    ListingNeed,
    ListingOffer,
    ListingTopic,
    PersonPage,
    PlacePage,
)
from mapping.geojson import kinds_by_content_type, split_tags, tag_names

SEPARATOR = "|"
ELEMENT_COLUMNS = [
    "ID",
    "Label",
    "Type",
    "Description",
    "Tags",
    "Image",
    "Email",
    "Location",
    "Address",
    "Postcode",
    "Area",
    "Website",
    "Phone",
    "Offers",
    "Needs",
    "Interests",
    "Schedule",
    "Visibility",
    "Summary",
    "Opening times",
    "Accessibility",
    "Status",
    "Start date",
    "End date",
    "Consent date",
    "Consent given",
]
# Kind columns that are the research team's records, left out of public exports.
PRIVATE_COLUMNS = {"Consent date", "Consent given"}
CONNECTION_COLUMNS = ["ID", "From", "To", "Type", "direction", "Label", "Description", "Strength"]
# Fields only some kinds have: (model, column → field).
KIND_FIELDS = [
    (GroupPage, {"Interests": "interests"}),
    (
        PersonPage,
        {
            "Interests": "interests",
            "Consent date": "consent_date",
            "Consent given": "consent_method",
        },
    ),
    (PlacePage, {"Opening times": "opening_times", "Accessibility": "accessibility"}),
    (ActivityPage, {"Schedule": "schedule"}),
]


@dataclass
class Workbook:
    """The two sheets as lists of row dicts, with the element columns in order."""

    element_columns: list
    elements: list
    connections: list
    connection_columns: list = field(default_factory=lambda: list(CONNECTION_COLUMNS))


def element_id(pk, external_id):
    """A listing's ID in the sheet: its research ID if it has one, else one from its page."""
    return external_id or f"listing-{pk}"


def connection_id(pk, external_id):
    return external_id or f"connection-{pk}"


def listings_in(public):
    """The listings an export holds: those the public may see, or every one."""
    return Listing.objects.publicly_visible() if public else Listing.objects.all()


def build_workbook(public=True):
    """Both sheets for the public (the visibility rule applied) or for editors (everything)."""
    listings = listings_in(public)
    detailed_listings = Listing.objects.publicly_detailed() if public else listings
    detailed = set(detailed_listings.values_list("pk", flat=True))
    rows = dict(_element_rows(listings, detailed, with_extra=not public))
    _add_kind_fields(rows, listings, detailed, private=not public)
    extra_columns = sorted({key for row in rows.values() for key in row["_extra"]})
    for row in rows.values():
        extra = row.pop("_extra")
        row.update({column: extra.get(column, "") for column in extra_columns})
    ids = {pk: row["ID"] for pk, row in rows.items()}
    connections, connection_extra = _connection_rows(ids, public)
    return Workbook(
        ELEMENT_COLUMNS + extra_columns,
        list(rows.values()),
        connections,
        CONNECTION_COLUMNS + connection_extra,
    )


def _connection_rows(ids, public):
    """(rows, extra column names) for the connections between the listings in ids."""
    rows = []
    for pk, external_id, source, target, *values in Connection.objects.order_by(
        "source__title", "sort_order", "pk"
    ).values_list(
        "pk",
        "external_id",
        "source_id",
        "target_id",
        "relation_type__name",
        "relation_type__direction",
        "label",
        "description",
        "strength",
        "extra",
    ):
        if source not in ids or target not in ids:
            continue
        relation, direction, label, description, strength, extra = values
        row = {
            "ID": connection_id(pk, external_id),
            "From": ids[source],
            "To": ids[target],
            "Type": relation,
            "direction": direction,
            "Label": label,
            "Description": "" if public else description,
            "Strength": strength,
        }
        if not public and isinstance(extra, dict):
            row.update(_extra_cells(extra, CONNECTION_COLUMNS))
        rows.append(row)
    extra_columns = sorted({key for row in rows for key in row} - set(CONNECTION_COLUMNS))
    for row in rows:
        for column in extra_columns:
            row.setdefault(column, "")
    return rows, extra_columns


def _extra_cells(extra, known_columns):
    """A row's `extra` as cells: the columns the sheet had that we have no field for."""
    known = {column.casefold() for column in known_columns}
    return {
        str(key): "" if value is None else value
        for key, value in extra.items()
        if str(key).casefold() not in known
    }


def _element_rows(listings, detailed, with_extra):
    """(pk, row) for each listing, in title order; details only for those in detailed."""
    kinds = kinds_by_content_type()
    labels = {model.kind: model.kind_label for model in Listing.kinds()}
    values = (
        listings.order_by("title", "pk")
        .annotate(
            area_name=F("area__name"),
            image_file=F("image__file"),
            topic_names=tag_names(ListingTopic),
            offer_names=tag_names(ListingOffer),
            need_names=tag_names(ListingNeed),
        )
        .values(
            "pk",
            "external_id",
            "title",
            "content_type_id",
            "visibility",
            "summary",
            "description",
            "email",
            "latitude",
            "longitude",
            "address",
            "postcode",
            "website",
            "phone",
            "extra",
            "area_name",
            "image_file",
            "topic_names",
            "offer_names",
            "need_names",
        )
    )
    for row in values:
        pk = row["pk"]
        sheet_row = dict.fromkeys(ELEMENT_COLUMNS, "")
        sheet_row.update(
            ID=element_id(pk, row["external_id"]),
            Label=row["title"],
            Type=labels[kinds[row["content_type_id"]]],
            Visibility=row["visibility"],
            _extra={},
        )
        if pk in detailed:
            sheet_row.update(_details(row, with_extra))
        yield pk, sheet_row


def _details(row, with_extra):
    """The detail columns of one listing's row."""
    extra = row["extra"] if with_extra and isinstance(row["extra"], dict) else {}
    return {
        "Description": row["description"],
        "Summary": row["summary"],
        "Tags": SEPARATOR.join(split_tags(row["topic_names"])),
        "Offers": SEPARATOR.join(split_tags(row["offer_names"])),
        "Needs": SEPARATOR.join(split_tags(row["need_names"])),
        # An uploaded image, else the link a spreadsheet gave (kept in extra).
        "Image": _image_url(row["image_file"]) or str(extra.get("Image") or ""),
        "Email": row["email"],
        "Location": _location(row["latitude"], row["longitude"]),
        "Address": row["address"],
        "Postcode": row["postcode"],
        "Area": row["area_name"] or "",
        "Website": row["website"],
        "Phone": row["phone"],
        # Columns the sheet had that we have no field for come back as they went in.
        "_extra": _extra_cells(extra, ELEMENT_COLUMNS),
    }


def _location(latitude, longitude):
    """Kumu's "lat, lon" (to five places, about a metre), or empty."""
    if latitude is None or longitude is None:
        return ""
    return f"{latitude:.5f}, {longitude:.5f}"


def _image_url(name):
    if not name:
        return ""
    from django.core.files.storage import default_storage

    return default_storage.url(name)


def _kind_fields():
    """(model, {column: field}) for the fields only some kinds have."""
    from stories.models import ProjectPage

    return [
        *KIND_FIELDS,
        (ProjectPage, {"Status": "status", "Start date": "start_date", "End date": "end_date"}),
    ]


def _cell(column, value):
    """A kind field's value as the sheet writes it."""
    if value is None:
        return ""
    if column == "Interests":
        # Kept as "a, b" on the page; a multi-value cell in the sheet.
        return SEPARATOR.join(part.strip() for part in value.split(",") if part.strip())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _add_kind_fields(rows, listings, detailed, private):
    """Fill the columns only some kinds have, one query per kind; private ones only if asked."""
    for model, all_columns in _kind_fields():
        columns = {
            column: name
            for column, name in all_columns.items()
            if private or column not in PRIVATE_COLUMNS
        }
        found = model.objects.filter(pk__in=listings.values("pk")).values_list(
            "pk", *columns.values()
        )
        for pk, *values in found:
            if pk in detailed:
                for column, value in zip(columns, values, strict=True):
                    rows[pk][column] = _cell(column, value)
