"""A workbook with any problem is refused whole: every problem named, the database unchanged."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import Page, PageLogEntry, Revision

from directory.models import (
    Area,
    Connection,
    GroupPage,
    Listing,
    OrganisationPage,
    RelationType,
    ResourceTag,
    TopicTag,
)
from mapping.exchange.importer import ImportOptions, import_workbook
from mapping.exchange.reader import WorkbookError
from stories.demo import ensure_project_index
from tests.builders import connect, make_drafter, make_listing, make_user, make_xlsx

pytestmark = pytest.mark.django_db

GOOD_ROW = "new-club,New Lunch Club,Group,,food|new topic,,,,,,New Ward\n"
HEADER = "ID,Label,Type,Description,Tags,Email,Location,Visibility,Schedule,Start date,Area\n"


xlsx = make_xlsx


@pytest.fixture
def site(site_pages):
    """A small directory: an organisation with a research ID and a group, connected."""
    organisation = make_listing(
        OrganisationPage,
        title="Brickfield Community Association",
        external_id="org-brickfield-community-association",
        tags=["community space"],
    )
    group = make_listing(GroupPage, title="Lunch Club", external_id="grp-lunch")
    connect(group, organisation, "partners with")
    ensure_project_index()
    return site_pages


def database_state():
    """Everything an import could touch, counted and fingerprinted."""
    listings = Listing.objects.order_by("pk").values_list(
        "pk", "title", "email", "latitude", "live", "latest_revision_id", "extra"
    )
    return {
        "pages": Page.objects.count(),
        "listings": list(listings),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "connections": list(Connection.objects.order_by("pk").values_list("pk", "target_id")),
        "areas": Area.objects.count(),
        "relation types": RelationType.objects.count(),
        "tags": (TopicTag.objects.count(), ResourceTag.objects.count()),
    }


def elements(*rows):
    return ("elements.csv", (HEADER + "".join(rows)).encode())


CASES = {
    "not a spreadsheet": (
        [("map.pdf", b"%PDF-1.4\x00\x01 binary")],
        "map.pdf: This is not a spreadsheet",
    ),
    "corrupt xlsx": ([("map.xlsx", b"PK\x03\x04 cut short")], "map.xlsx: This is not a workbook"),
    "empty file": ([("elements.csv", b"")], "elements.csv: The file is empty."),
    "empty sheet": (
        [("map.xlsx", xlsx(Elements=[["ID", "Label", "Type"]]))],
        "map.xlsx, sheet Elements: This sheet has a header but no rows below it.",
    ),
    "no label column": (
        [("map.xlsx", xlsx(Elements=[["Name", "Type"], ["Club", "Group"]]))],
        "map.xlsx, sheet Elements: There is no Label column",
    ),
    "no from or to": (
        [
            (
                "map.xlsx",
                xlsx(
                    Elements=[["Label", "Type"], ["Club", "Group"]],
                    Connections=[["From", "Type"], ["Club", "runs"]],
                ),
            )
        ],
        "map.xlsx, sheet Connections: There is no To column",
    ),
    "duplicate ids": (
        [elements(GOOD_ROW, "new-club,Another Club,Group,,,,,,,,\n")],
        'elements.csv, row 3, column ID: Row 2 has the same ID "new-club"',
    ),
    "ambiguous label": (
        [
            ("elements.csv", b"Label,Type\nClub,Group\nClub,Place\n"),
            ("connections.csv", b"From,To,Type\nClub,Club,meets at\n"),
        ],
        'connections.csv, row 2, column From: 2 elements have the label "Club"',
    ),
    "unknown element": (
        [elements(GOOD_ROW), ("connections.csv", b"From,To,Type\nnew-club,nowhere,meets at\n")],
        'connections.csv, row 2, column To: No element has the ID "nowhere"',
    ),
    "unreadable location": (
        [elements(GOOD_ROW, 'x,X Hall,Place,,,,"by the canal",,,,\n')],
        "elements.csv, row 3, column Location: Enter a location as",
    ),
    "latitude out of range": (
        [elements(GOOD_ROW, 'x,X Hall,Place,,,,"95.1, -0.14",,,,\n')],
        "elements.csv, row 3, column Location: Latitude 95.1 is outside -90 to 90.",
    ),
    "zero zero": (
        [elements(GOOD_ROW, 'x,X Hall,Place,,,,"0, 0",,,,\n')],
        'elements.csv, row 3, column Location: "0, 0" is in the sea',
    ),
    "unknown type": (
        [elements(GOOD_ROW, "x,X Ltd,Company,,,,,,,,\n")],
        'elements.csv, row 3, column Type: "Company" is not one of our types',
    ),
    "bad email": (
        [elements(GOOD_ROW, "x,X Club,Group,,,not-an-email,,,,,\n")],
        "elements.csv, row 3, column Email: Enter a valid email address.",
    ),
    "bad visibility": (
        [elements(GOOD_ROW, "x,X Club,Group,,,,,secret,,,\n")],
        'elements.csv, row 3, column Visibility: "secret" is not a visibility',
    ),
    "schedule on a group": (
        [elements(GOOD_ROW, "x,X Club,Group,,,,,,Mondays 10:00-11:00,,\n")],
        "elements.csv, row 3, column Schedule: Only some kinds of listing have Schedule",
    ),
    "bad date": (
        [
            (
                "elements.csv",
                b"ID,Label,Type,Start date\np,Garden,Project,next spring\n",
            )
        ],
        'elements.csv, row 2, column Start date: "next spring" is not a date',
    ),
    "unknown relation type": (
        [elements(GOOD_ROW), ("connections.csv", b"From,To,Type\nnew-club,grp-lunch,likes\n")],
        'connections.csv, row 2, column Type: "likes" is not a relation type here',
    ),
    "mutual connection twice": (
        [
            elements(GOOD_ROW, "other,Other Club,Group,,,,,,,,\n"),
            (
                "connections.csv",
                b"From,To,Type\nnew-club,other,partners with\nother,new-club,partners with\n",
            ),
        ],
        'connections.csv, row 3, column To: Row 2 already has this "partners with" connection',
    ),
    "kind cannot change": (
        [elements(GOOD_ROW, "org-brickfield-community-association,BCA,Group,,,,,,,,\n")],
        "elements.csv, row 3, column ID: On the site, the listing with the ID "
        '"org-brickfield-community-association" is of type Organisation, but this row says Group',
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_workbook_is_refused_whole_and_changes_nothing(site, case):
    files, expected = CASES[case]
    before = database_state()

    with pytest.raises(WorkbookError) as refused:
        import_workbook(files, ImportOptions(publish=True))

    assert expected in str(refused.value)
    assert database_state() == before


def test_every_problem_is_reported_at_once_in_file_order(site):
    files = [
        elements(
            GOOD_ROW,
            "x,X Club,Group,,,not-an-email,,,,,\n",
            'y,Y Hall,Place,,,,"0, 0",,,,\n',
            "z,Z Ltd,Company,,,,,,,,\n",
        )
    ]

    with pytest.raises(WorkbookError) as refused:
        import_workbook(files, ImportOptions(publish=True))

    assert [(p.row, p.column) for p in refused.value.problems] == [
        (3, "Email"),
        (4, "Location"),
        (5, "Type"),
    ]


def test_a_file_over_the_size_limit_is_refused(site, settings):
    settings.SPREADSHEET_MAX_BYTES = 100
    before = database_state()

    with pytest.raises(WorkbookError) as refused:
        import_workbook([elements(GOOD_ROW, GOOD_ROW.replace("new-club", "b"))], ImportOptions())

    assert "elements.csv: The file is 1" in str(refused.value)
    assert "SPREADSHEET_MAX_BYTES" in str(refused.value)
    assert database_state() == before


def test_two_listings_with_the_same_label_and_kind_cannot_be_told_apart(site):
    make_listing(GroupPage, title="Twin Club")
    make_listing(GroupPage, title="Twin Club")
    before = database_state()

    with pytest.raises(WorkbookError) as refused:
        import_workbook([("e.csv", b"Label,Type\nTwin Club,Group\n")], ImportOptions())

    assert "e.csv, row 2, column Label: 2 listings on the site have the label" in str(refused.value)
    assert database_state() == before


def test_an_editor_who_may_not_publish_is_told_so(site):
    drafter = make_drafter()
    before = database_state()

    with pytest.raises(WorkbookError) as refused:
        import_workbook([elements(GOOD_ROW)], ImportOptions(publish=True), user=drafter)

    assert "You may not publish groups: import them as drafts" in str(refused.value)
    assert database_state() == before
    # New areas and relation types are the mapping advisers' to add.
    researcher = make_user("Local researcher")
    researcher.user_permissions.add(Permission.objects.get(codename="import_spreadsheets"))
    with pytest.raises(WorkbookError) as refused:
        import_workbook(
            [elements(GOOD_ROW), ("connections.csv", b"From,To,Type\nnew-club,grp-lunch,likes\n")],
            ImportOptions(create_missing_relation_types=True),
            user=researcher,
        )
    assert "You may not add areas (New Ward)" in str(refused.value)
    assert "You may not add relation types (likes)" in str(refused.value)
    assert database_state() == before
    # Saving drafts is theirs to do.
    row = GOOD_ROW.replace("New Ward", "")
    result = import_workbook([elements(row)], ImportOptions(), user=drafter)
    assert result.count("new") == 1


def test_a_kind_with_nowhere_to_go_is_refused(site_pages):
    files = [("elements.csv", b"ID,Label,Type\np,Canal Garden,Project\n")]

    with pytest.raises(WorkbookError) as refused:
        import_workbook(files, ImportOptions())

    assert "row 2, column Type: There is no project index on the site" in str(refused.value)
    assert not Listing.objects.exists()


def test_elements_problems_come_before_the_connections_problems_they_cause(site):
    files = [
        ("connections.csv", b"From,To,Type\nx,new-club,meets at\n"),
        elements(GOOD_ROW, "x,X Ltd,Company,,,,,,,,\n"),
    ]

    with pytest.raises(WorkbookError) as refused:
        import_workbook(files, ImportOptions())

    assert [(p.file, p.row, p.column) for p in refused.value.problems] == [
        ("elements.csv", 3, "Type"),
        ("connections.csv", 2, "From"),
    ]
    assert "has a problem: fix it first" in str(refused.value.problems[1])
