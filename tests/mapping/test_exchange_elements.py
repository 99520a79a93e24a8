"""The elements sheet checked row by row: kinds, matching keys, locations, every problem."""

from pathlib import Path

import pytest
from django.conf import settings

from directory.models import GroupPage, OrganisationPage, PersonPage, PlacePage
from mapping.exchange.elements import check_elements, parse_type_map
from mapping.exchange.reader import read_workbook

DEMO = Path(settings.BASE_DIR) / "data" / "demo"
SAMPLES = Path(settings.BASE_DIR) / "data" / "samples"


def elements_sheet(text):
    return read_workbook([("elements.csv", text.encode())]).elements


def messages(problems):
    return [str(problem) for problem in problems]


def test_every_demo_row_is_an_element_of_our_kinds():
    sheet = read_workbook([("elements.csv", (DEMO / "elements.csv").read_bytes())]).elements
    elements, problems = check_elements(sheet)
    assert problems == [] and len(elements) == 90
    first = elements[0]
    assert (first.row, first.key, first.model) == (
        2,
        "org-brickfield-community-association",
        OrganisationPage,
    )
    assert (first.latitude, first.longitude) == (51.5589, -0.1441)
    assert {element.model.kind_label for element in elements} == {
        "Organisation",
        "Group",
        "Place",
        "Activity",
        "Person",
        "Project",
        "Asset",
    }


def test_types_match_our_labels_and_plurals_in_any_case():
    elements, problems = check_elements(
        elements_sheet("Label,Type\nLunch Club,group\nHall,PLACES\nSam,Person\n")
    )
    assert problems == []
    assert [e.model for e in elements] == [GroupPage, PlacePage, PersonPage]


def test_the_kumu_sample_needs_and_takes_a_type_mapping():
    data = (SAMPLES / "kumu" / "paypal-mafia.xlsx").read_bytes()
    sheet = read_workbook([("paypal.xlsx", data)]).elements
    _elements, problems = check_elements(sheet)
    # Its people are ours; its companies are not, until mapped.
    assert problems and all('"Company" is not one of our types' in m for m in messages(problems))
    assert '--map-type "Company=Group"' in messages(problems)[0]
    mapping = parse_type_map(["Company=Organisation"])
    elements, problems = check_elements(sheet, mapping)
    assert problems == [] and len(elements) == len(sheet.rows)
    assert elements[0].values["Net Worth (Billions)"] == sheet.rows[0][1]["Net Worth (Billions)"]


def test_a_bad_type_mapping_is_refused():
    with pytest.raises(ValueError, match="is not THEIR TYPE=OUR TYPE"):
        parse_type_map(["State=Country"])
    with pytest.raises(ValueError):
        parse_type_map(["=Place"])


@pytest.mark.parametrize(
    ("csv", "expected"),
    [
        ("Label,Type\n,Group\n", "elements.csv, row 2, column Label: The label is empty"),
        ("Label,Type\nHall,\n", "elements.csv, row 2, column Type: The type is empty"),
        ("Label\nHall\n", "elements.csv, row 2, column Type: The type is empty"),
        (
            "Label,Type\nHall,State\n",
            'elements.csv, row 2, column Type: "State" is not one of our types',
        ),
        (
            'Label,Type,Location\nHall,Place,"somewhere"\n',
            'elements.csv, row 2, column Location: Enter a location as "latitude, longitude"',
        ),
        (
            'Label,Type,Location\nHall,Place,"95, -0.14"\n',
            "elements.csv, row 2, column Location: Latitude 95.0 is outside -90 to 90.",
        ),
        (
            'Label,Type,Location\nHall,Place,"0, 0"\n',
            'elements.csv, row 2, column Location: "0, 0" is in the sea off Africa',
        ),
        (
            "ID,Label,Type\nh1,Hall,Place\nh1,Other Hall,Place\n",
            'elements.csv, row 3, column ID: Row 2 has the same ID "h1"',
        ),
        (
            "Label,Type\nHall,Place\nhall,place\n",
            'elements.csv, row 3, column Label: Row 2 has the same label "hall"',
        ),
    ],
)
def test_bad_rows_are_named_with_what_to_do(csv, expected):
    _elements, problems = check_elements(elements_sheet(csv))
    assert any(message.startswith(expected) for message in messages(problems)), messages(problems)


def test_the_same_label_with_another_type_is_another_element():
    elements, problems = check_elements(elements_sheet("Label,Type\nKiln,Place\nKiln,Group\n"))
    assert problems == [] and len({e.key for e in elements}) == 2


def test_every_bad_row_is_reported_at_once():
    _elements, problems = check_elements(
        elements_sheet('Label,Type,Location\n,Group,\nHall,State,"0, 0"\n')
    )
    assert [(p.row, p.column) for p in problems] == [
        (2, "Label"),
        (3, "Type"),
        (3, "Location"),
    ]
