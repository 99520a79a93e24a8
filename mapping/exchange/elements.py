"""The elements sheet checked row by row: which kind each row is, how it is matched, where.

Kumu's matching rules decide which rows are the same element: by `ID` when the sheet has an
ID column, else by `Label` and `Type`, else by `Label`. Each row becomes an ElementRow for
the importer to write, or a Problem naming its row and column and what to do.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from directory.geo import parse_point, validate_coordinates
from directory.models import Listing


@dataclass
class ElementRow:
    """One element as the importer will write it."""

    row: int
    key: str
    label: str
    model: type
    external_id: str = ""
    latitude: float | None = None
    longitude: float | None = None
    values: dict = field(default_factory=dict)


def parse_type_map(pairs):
    """{their type, case-folded: our kind label} from ["State=Place", ...]; ValueError if bad."""
    kinds = {model.kind_label.casefold(): model.kind_label for model in Listing.kinds()}
    mapping = {}
    for pair in pairs:
        theirs, _equals, ours = pair.partition("=")
        if not theirs.strip() or ours.strip().casefold() not in kinds:
            names = ", ".join(sorted(kinds.values()))
            raise ValueError(f'"{pair}" is not THEIR TYPE=OUR TYPE, with our type one of {names}.')
        mapping[theirs.strip().casefold()] = kinds[ours.strip().casefold()]
    return mapping


def kinds_by_name(type_map):
    """{type name, case-folded: model}: our labels and plurals, then the given mapping."""
    models = {}
    for model in Listing.kinds():
        models[model.kind_label.casefold()] = model
        models[model.kind_plural.casefold()] = model
    by_label = {model.kind_label: model for model in Listing.kinds()}
    models.update({theirs: by_label[ours] for theirs, ours in type_map.items()})
    return models


def check_elements(sheet, type_map=None):
    """(ElementRows, Problems) for every row of the elements sheet."""
    models = kinds_by_name(type_map or {})
    id_column, label_column = sheet.column("ID"), sheet.column("Label")
    type_column, location_column = sheet.column("Type"), sheet.column("Location")
    elements, problems, first_row_of = [], [], {}
    for number, values in sheet.rows:
        row_problems = []
        label = values[label_column]
        if not label:
            row_problems.append(
                sheet.problem(
                    "The label is empty: give every element a name.",
                    row=number,
                    column=label_column,
                )
            )
        type_name = values.get(type_column, "") if type_column else ""
        model, type_problem = _model_for(type_name, models)
        if type_problem:
            row_problems.append(
                sheet.problem(type_problem, row=number, column=type_column or "Type")
            )
        point = None
        if location_column and values[location_column]:
            point, location_problem = _point(values[location_column])
            if location_problem:
                row_problems.append(
                    sheet.problem(location_problem, row=number, column=location_column)
                )
        external_id = values[id_column] if id_column else ""
        key = _match_key(external_id, label, type_name if type_column else None, id_column)
        if key in first_row_of:
            what = f'ID "{external_id}"' if id_column else f'label "{label}"'
            advice = (
                "Give each element its own ID."
                if id_column
                else "Add an ID column to tell them apart, or rename one."
            )
            row_problems.append(
                sheet.problem(
                    f"Row {first_row_of[key]} has the same {what}. {advice}",
                    row=number,
                    column=id_column or label_column,
                )
            )
        elif key:
            first_row_of[key] = number
        if row_problems:
            problems += row_problems
            continue
        elements.append(
            ElementRow(
                row=number,
                key=key,
                label=label,
                model=model,
                external_id=external_id,
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
                values=values,
            )
        )
    return elements, problems


def _model_for(type_name, models):
    """(the model for a row's type, None) or (None, what is wrong with it)."""
    if not type_name:
        return None, f"The type is empty: say what kind of element this is ({_our_types()})."
    model = models.get(type_name.casefold())
    if model is None:
        return None, (
            f'"{type_name}" is not one of our types ({_our_types()}). Choose which of ours '
            f'it is in the import\'s options, or give --map-type "{type_name}=Group".'
        )
    return model, None


def _our_types():
    return ", ".join(model.kind_label for model in Listing.kinds())


def _match_key(external_id, label, type_name, id_column):
    """Kumu's rule: the ID if the sheet has IDs, else the label and type, else the label."""
    if id_column:
        return external_id.casefold() if external_id else f"label:{label.casefold()}"
    if type_name is not None:
        return f"{label.casefold()}|{type_name.casefold()}"
    return label.casefold()


def _point(text):
    """((lat, lon), None), or (None, what is wrong with the location text)."""
    try:
        point = parse_point(text)
        validate_coordinates(*point)
    except ValidationError as error:
        return None, " ".join(error.messages)
    if point == (0.0, 0.0):
        return None, '"0, 0" is in the sea off Africa: leave the location empty if unknown.'
    return point, None
