"""The connections sheet checked against the elements it joins: targets, types, strengths."""

from pathlib import Path

import pytest
from django.conf import settings

from directory.vocabulary import DEFAULT_RELATION_TYPES
from mapping.exchange.connections import check_connections
from mapping.exchange.elements import check_elements, parse_type_map
from mapping.exchange.reader import read_workbook

DEMO = Path(settings.BASE_DIR) / "data" / "demo"
SAMPLES = Path(settings.BASE_DIR) / "data" / "samples"
OURS = [name for name, _reverse, _direction in DEFAULT_RELATION_TYPES]
ELEMENTS = "ID,Label,Type\nhall,Kiln Hall,Place\nclub,Lunch Club,Group\nsam,Sam,Person\n"


def check(connections_csv, elements_csv=ELEMENTS, **options):
    sheets = read_workbook(
        [("elements.csv", elements_csv.encode()), ("connections.csv", connections_csv.encode())]
    )
    elements, problems = check_elements(sheets.elements)
    assert problems == []
    options = {
        "by_id": sheets.elements.column("ID") is not None,
        "relation_types": OURS,
        "default_relation": "supports",
        **options,
    }
    return check_connections(sheets.connections, elements, **options)


def test_every_demo_connection_joins_two_demo_elements():
    sheets = read_workbook(
        [(name, (DEMO / name).read_bytes()) for name in ("elements.csv", "connections.csv")]
    )
    elements, _ = check_elements(sheets.elements)
    connections, problems = check_connections(
        sheets.connections, elements, by_id=True, relation_types=OURS, default_relation="supports"
    )
    assert problems == [] and len(connections) == len(sheets.connections.rows)
    first = connections[0]
    assert (first.source, first.target, first.relation, first.strength, first.external_id) == (
        "org-brickfield-community-association",
        "place-kiln-street-centre",
        "runs",
        3,
        "conn-001",
    )


def test_the_kumu_sample_connects_by_label_with_its_own_types():
    sheets = read_workbook([("paypal.xlsx", (SAMPLES / "kumu" / "paypal-mafia.xlsx").read_bytes())])
    elements, _ = check_elements(sheets.elements, parse_type_map(["Company=Organisation"]))
    types = {row["Type"] for _n, row in sheets.connections.rows if row["Type"]}
    connections, problems = check_connections(
        sheets.connections,
        elements,
        by_id=False,
        relation_types=[*types, "knows"],
        default_relation="knows",
    )
    assert problems == [] and len(connections) >= len(sheets.connections.rows)
    assert {c.relation for c in connections} <= {*types, "knows"}


def test_several_targets_in_one_cell_are_several_connections():
    connections, problems = check("ID,From,To,Type\nc1,sam,club | hall,volunteers with\n")
    assert problems == []
    assert [(c.target, c.external_id) for c in connections] == [("club", "c1-1"), ("hall", "c1-2")]


def test_a_connection_without_a_type_gets_the_default_relation():
    (connection,), problems = check("From,To\nclub,hall\n", default_relation="meets at")
    assert problems == [] and connection.relation == "meets at" and connection.strength == 2


def test_labels_are_used_when_the_elements_have_no_ids():
    elements = "Label,Type\nKiln Hall,Place\nLunch Club,Group\n"
    (connection,), problems = check("From,To,Type\nlunch club,Kiln Hall,meets at\n", elements)
    assert problems == [] and (connection.source, connection.target) == (
        "lunch club|group",
        "kiln hall|place",
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("From,To,Type\nclub,nowhere,uses\n", 'row 2, column To: No element has the ID "nowhere"'),
        ("From,To,Type\n,hall,uses\n", "row 2, column From: There is no element it comes from."),
        ("From,To,Type\nclub,,uses\n", "row 2, column To: There is no target."),
        ("From,To,Type\nclub,club,uses\n", "row 2, column To: An element cannot be connected"),
        ("From,To,Type\nclub,hall,lives at\n", 'row 2, column Type: "lives at" is not a relation'),
        ("From,To,Type,Strength\nclub,hall,uses,5\n", "row 2, column Strength: The strength"),
        ("From,To,Type,direction\nclub,hall,uses,sideways\n", "row 2, column direction:"),
        (
            "From,To,Type\nclub,hall,uses\nclub,hall,USES\n",
            "row 3, column To: Row 2 already connects these two this way.",
        ),
    ],
)
def test_bad_rows_are_named_with_what_to_do(rows, expected):
    _connections, problems = check(rows)
    found = [str(problem) for problem in problems]
    assert any(f"connections.csv, {expected}" in message for message in found), found


def test_a_label_two_elements_share_is_ambiguous():
    elements = "Label,Type\nKiln,Place\nKiln,Group\nSam,Person\n"
    _connections, problems = check("From,To,Type\nSam,Kiln,uses\n", elements)
    (problem,) = problems
    assert str(problem).startswith(
        'connections.csv, row 2, column To: 2 elements have the label "Kiln": add an ID column'
    )
