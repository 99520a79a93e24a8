"""An elements row written onto a listing page, and a listing's state to compare before/after.

The sheet is the truth for the columns it has: a column that is there sets its field, empty
cells included (an empty Email clears the email); a column that is not there leaves its
field alone. Two exceptions protect what editors did by hand: an empty Visibility keeps the
listing's visibility (a new one is public), and a missing Summary column keeps an existing
summary (a new listing's is the description's first sentence). Columns with no field of
their own are kept in `extra`, and exported again.
"""

import datetime

from directory.demo import first_sentence, split_values
from directory.visibility import Visibility
from mapping.exchange.kumu import ELEMENT_COLUMNS

# Column → field, for the fields every listing has.
TEXT_COLUMNS = {
    "Label": "title",
    "Description": "description",
    "Summary": "summary",
    "Email": "email",
    "Website": "website",
    "Phone": "phone",
    "Address": "address",
    "Postcode": "postcode",
}
TAG_COLUMNS = {"Tags": "tags", "Offers": "offers", "Needs": "needs"}
# Column → field, for the fields only some kinds have (a kind has the field or not).
KIND_COLUMNS = {
    "Interests": "interests",
    "Schedule": "schedule",
    "Opening times": "opening_times",
    "Accessibility": "accessibility",
    "Status": "status",
    "Start date": "start_date",
    "End date": "end_date",
    "Consent date": "consent_date",
    "Consent given": "consent_method",
}
DATE_FIELDS = {"start_date", "end_date", "consent_date"}
# Field → column, to name the column of a validation error.
FIELD_COLUMNS = {
    **{field: column for column, field in TEXT_COLUMNS.items()},
    **{field: column for column, field in KIND_COLUMNS.items()},
    **{field: column for column, field in TAG_COLUMNS.items()},
    "location": "Location",
    "area": "Area",
    "area_id": "Area",
    "__all__": "",
    "visibility": "Visibility",
    "external_id": "ID",
    "extra": "",
}
STATE_FIELDS = [
    "title",
    "summary",
    "description",
    "email",
    "website",
    "phone",
    "address",
    "postcode",
    "location",
    "area_id",
    "visibility",
    "external_id",
    "extra",
]
# The fields an import sets, which it validates as a model form validates its fields.
SHEET_FIELDS = {*STATE_FIELDS, "area", *KIND_COLUMNS.values(), "schedule"}
KNOWN_COLUMNS = {column.casefold() for column in [*ELEMENT_COLUMNS, "ID", "Label", "Type"]}


def extra_columns(sheet):
    """The sheet's columns that have no field of their own."""
    return [column for column in sheet.columns if column.casefold() not in KNOWN_COLUMNS]


def kind_fields(model):
    """The kind-only fields this model has, of KIND_COLUMNS'."""
    names = {field.name for field in model._meta.get_fields()}
    return {field for field in KIND_COLUMNS.values() if field in names}


def listing_state(page):
    """What an import can change on a listing, to tell whether a row changes anything."""
    state = {name: getattr(page, name) for name in STATE_FIELDS}
    state.update({name: getattr(page, name) for name in sorted(kind_fields(type(page)))})
    for name in TAG_COLUMNS.values():
        state[name] = sorted(tag.name for tag in getattr(page, name).all())
    return state


class RowWriter:
    """Writes elements rows of one sheet onto pages; areas maps a case-folded name to an Area."""

    def __init__(self, sheet, areas):
        self.sheet = sheet
        self.areas = areas
        self.column = {name: sheet.column(name) for name in ELEMENT_COLUMNS}
        self.extra_columns = extra_columns(sheet)
        self.tags = {}

    def write(self, page, element, is_new):
        """Set the page's fields from the row; return [(column, message)] for bad cells."""
        values, problems = element.values, []

        def cell(name):
            return values[self.column[name]].strip() if self.column[name] else None

        for name, field in TEXT_COLUMNS.items():
            if cell(name) is not None:
                setattr(page, field, cell(name))
        if cell("Summary") is None and (is_new or not page.summary):
            page.summary = first_sentence(page.description)
        for name, field in TAG_COLUMNS.items():
            wanted = split_values(cell(name)) if cell(name) is not None else None
            manager = getattr(page, field)
            if wanted is not None and sorted(wanted) != sorted(t.name for t in manager.all()):
                manager.set(self._tags(manager.through.tag_model(), wanted))
        if cell("Location") is not None:
            page.set_coordinates(element.latitude, element.longitude)
        if cell("Area") is not None:
            problems += self._area(page, cell("Area"))
        if cell("Visibility"):
            problems += self._visibility(page, cell("Visibility"))
        problems += self._kind_fields(page, cell, is_new)
        self._extra(page, values, cell("Image"))
        if element.external_id and element.external_id != f"listing-{page.pk}":
            page.external_id = element.external_id
        return problems

    def _tags(self, model, names):
        """The tags of these names, made if new; looked up once per import, not per row."""
        if model not in self.tags:
            self.tags[model] = {tag.name: tag for tag in model.objects.all()}
        known = self.tags[model]
        for name in names:
            if name not in known:
                known[name] = model.objects.create(name=name)
        return [known[name] for name in names]

    def _area(self, page, name):
        if not name:
            page.area = None
            return []
        area = self.areas.get(name.casefold())
        if area is None:
            return [("Area", f'There is no area called "{name}".')]
        page.area = area
        return []

    def _visibility(self, page, text):
        value = text.casefold().replace(" ", "-").replace("_", "-")
        if value not in Visibility.values:
            choices = ", ".join(Visibility.values)
            return [("Visibility", f'"{text}" is not a visibility: use one of {choices}.')]
        page.visibility = value
        return []

    def _kind_fields(self, page, cell, is_new):
        problems, fields = [], kind_fields(type(page))
        for name, field in KIND_COLUMNS.items():
            text = cell(name)
            if text is None:
                continue
            if field not in fields:
                if text:
                    problems.append((name, _not_for_kind(name, page)))
                continue
            if field == "interests":
                text = ", ".join(split_values(text))
            elif field in DATE_FIELDS:
                text, problem = _date(text)
                if problem:
                    problems.append((name, problem))
                    continue
            elif field == "status":
                text = text.casefold() or page.status
            changed = getattr(page, field) != text
            setattr(page, field, text)
            if field == "schedule" and (changed or is_new):
                # Schedules that read clearly become sessions for What's on.
                page.set_sessions_from_schedule()
        return problems

    def _extra(self, page, values, image):
        extra = dict(page.extra) if isinstance(page.extra, dict) else {}
        for column in self.extra_columns:
            if values[column]:
                extra[column] = values[column]
            else:
                extra.pop(column, None)
        if image is not None:
            # A link to an image (Kumu's Image column) is kept; our own upload is not repeated.
            own = page.image.file.url if page.image_id else None
            if image and image != own:
                extra["Image"] = image
            else:
                extra.pop("Image", None)
        page.extra = extra


def _not_for_kind(column, page):
    return (
        f"Only some kinds of listing have {column}, and a {page.kind_label} does not: clear "
        "the cell, or rename the column to keep it as a custom column."
    )


def _date(text):
    """(date or None, None) or (None, what is wrong): ISO (2026-03-01) or UK (01/03/2026)."""
    if not text:
        return None, None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date(), None
        except ValueError:
            continue
    return None, f'"{text}" is not a date: write it as 2026-03-01 (or 01/03/2026).'
