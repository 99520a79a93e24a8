"""Reading Kumu workbooks and CSV pairs: sheets found by their headers, every problem named."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from directory.models import GroupPage, PlacePage
from mapping.exchange.files import csv_pair, xlsx_bytes
from mapping.exchange.kumu import build_workbook
from mapping.exchange.reader import WorkbookError, read_workbook
from tests.builders import connect, make_listing, make_xlsx

SAMPLES = Path(settings.BASE_DIR) / "data" / "samples"
DEMO = Path(settings.BASE_DIR) / "data" / "demo"


xlsx = make_xlsx


def problems(files):
    with pytest.raises(WorkbookError) as refused:
        read_workbook(files)
    return [str(problem) for problem in refused.value.problems]


def test_the_demo_csv_pair_is_read_whichever_file_comes_first():
    files = [(name, (DEMO / name).read_bytes()) for name in ("connections.csv", "elements.csv")]
    sheets = read_workbook(files)
    assert sheets.elements.file == "elements.csv" and len(sheets.elements.rows) == 90
    assert sheets.connections.file == "connections.csv"
    number, first = sheets.elements.rows[0]
    assert number == 2 and first["ID"] == "org-brickfield-community-association"
    assert first["Location"] == "51.55890, -0.14410"


def test_the_kumu_sample_is_read_with_its_own_columns():
    sheets = read_workbook([("paypal.xlsx", (SAMPLES / "kumu" / "paypal-mafia.xlsx").read_bytes())])
    assert sheets.elements.name == "Elements" and len(sheets.elements.rows) == 34
    assert "Net Worth (Billions)" in sheets.elements.columns
    assert sheets.connections.column("from") == "From"
    assert len(sheets.connections.rows) == 49


def test_sheets_are_recognised_by_their_headers_not_their_names():
    data = xlsx(
        Notes=[["Written by the mapping group"]],
        Links=[["from", "TO", "Type"], ["a", "b", "uses"]],
        People=[["LABEL", "Type", "Strength"], ["a", "Group", 3], ["b", "Place", 2.0]],
    )
    sheets = read_workbook([("map.xlsx", data)])
    assert (sheets.elements.name, sheets.connections.name) == ("People", "Links")
    assert sheets.elements.column("label") == "LABEL"
    # Numbers come back as the text a person typed; blank rows are skipped.
    assert [row["Strength"] for _n, row in sheets.elements.rows] == ["3", "2"]


def test_a_workbook_without_connections_is_read():
    sheets = read_workbook([("e.csv", b"Label,Type\nLunch Club,Group\n\n,\n")])
    assert sheets.connections is None and len(sheets.elements.rows) == 1


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ([("map.pdf", b"%PDF-1.4\x00\x01binary")], "map.pdf: This is not a spreadsheet"),
        ([("map.xlsx", b"PK\x03\x04 not really a zip")], "map.xlsx: This is not a workbook"),
        ([("e.csv", b"")], "e.csv: The file is empty."),
        ([("e.csv", b"Label,Type\n")], "e.csv: This sheet has a header but no rows below it."),
        ([("e.csv", b"Name,Type\nLunch Club,Group\n")], "e.csv: There is no Label column"),
        (
            [("m.xlsx", xlsx(Elements=[["Label"], ["a"]], Connections=[["From", "Type"]]))],
            "m.xlsx, sheet Connections: There is no To column",
        ),
        (
            [("e.csv", b"Label,Type,label\na,Group,b\n")],
            "e.csv, row 1, column label: This column name appears twice.",
        ),
        (
            [("e.csv", b"Label,,Type\na,,Group\n")],
            "e.csv, row 1: Column 2 has no name in the first row.",
        ),
        (
            [("e.csv", b"Label,Type\na,Group,stray\n")],
            "e.csv, row 2: There is a value in column 3, which has no name in the first row",
        ),
        (
            [("a.csv", b"Label\nx\n"), ("b.csv", b"Label\ny\n")],
            "b.csv: More than one sheet looks like Elements (a.csv, b.csv).",
        ),
    ],
)
def test_bad_files_are_refused_with_where_and_what_to_do(files, expected):
    assert any(problem.startswith(expected) for problem in problems(files)), problems(files)


def test_a_workbook_damaged_inside_is_refused():
    original = zipfile.ZipFile(io.BytesIO(xlsx(Elements=[["Label"], ["a"]])))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        for item in original.infolist():
            data = original.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            archive.writestr(item, data)
    (problem,) = problems([("cut.xlsx", damaged.getvalue())])
    assert problem.startswith("cut.xlsx: This is not a workbook that can be read")


def test_every_problem_in_every_file_is_reported_at_once():
    found = problems([("e.csv", b"Name\nx\n"), ("c.xlsx", b"PK\x03\x04junk")])
    assert len(found) == 2
    assert found[0].startswith("c.xlsx: This is not a workbook")  # unreadable files first
    assert found[1].startswith("e.csv: There is no Label column")
    # With no elements sheet at all beyond an unreadable file, that is the only complaint.
    assert problems([("c.xlsx", b"PK\x03\x04junk")]) == [found[0]]


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.SPREADSHEET_MAX_BYTES = 100
    (problem,) = problems([("big.csv", b"Label\n" + b"a long label\n" * 20)])
    assert problem == (
        "big.csv: The file is 266\xa0bytes; the limit is 100\xa0bytes. "
        "Split it, or ask an administrator to raise SPREADSHEET_MAX_BYTES."
    )


def test_text_in_another_encoding_is_read():
    sheets = read_workbook([("e.csv", "Label\nCafé Rue\n".encode("cp1252"))])
    assert sheets.elements.rows[0][1]["Label"] == "Café Rue"


@pytest.mark.django_db
def test_what_the_export_writes_the_reader_reads_back(site_pages):
    club = make_listing(GroupPage, title="+Plus Club", tags=["food"], extra={"Founded": "-"})
    connect(club, make_listing(PlacePage, title="Hall", lat_lng=(51.55, -0.14)), "meets at")
    workbook = build_workbook(public=False)
    from_xlsx = read_workbook([("all.xlsx", xlsx_bytes(workbook))])
    from_csv = read_workbook([(name, text.encode()) for name, text in csv_pair(workbook).items()])
    for sheets in (from_xlsx, from_csv):
        assert sheets.elements.columns == workbook.element_columns
        read_back = [row for _number, row in sheets.elements.rows]
        assert read_back == [{k: str(v) for k, v in row.items()} for row in workbook.elements]
        (connection,) = [row for _number, row in sheets.connections.rows]
        assert connection["Type"] == "meets at" and connection["Strength"] == "2"


def test_a_sheet_longer_than_the_row_limit_is_refused(settings):
    settings.SPREADSHEET_MAX_ROWS = 5
    rows = "".join(f"Club {n},Group\n" for n in range(10))

    message = problems([("e.csv", f"Label,Type\n{rows}".encode())])

    assert message == [
        "e.csv: The sheet has more than 5 rows (empty ones included). Delete the empty rows "
        "below the data, or split the sheet."
    ]
