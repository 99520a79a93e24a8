"""A Workbook written as a Kumu XLSX (Elements and Connections sheets) or a CSV pair."""

import csv
import io
import zipfile

from openpyxl import Workbook as XlsxWorkbook
from openpyxl.cell import WriteOnlyCell

from localcommons.spreadsheets import neutralise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_NAMES = ("elements.csv", "connections.csv")


def sheets(workbook):
    """(sheet name, columns, rows) for the Elements and Connections sheets."""
    return [
        ("Elements", workbook.element_columns, workbook.elements),
        ("Connections", workbook.connection_columns, workbook.connections),
    ]


def values(columns, row):
    """A row's values in column order."""
    return [row.get(column, "") for column in columns]


def xlsx_bytes(workbook):
    """The workbook as an .xlsx file's bytes."""
    book = XlsxWorkbook(write_only=True)
    for name, columns, rows in sheets(workbook):
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            # An empty cell is left out of the file rather than written as "".
            sheet.append(
                [None if value == "" else _cell(sheet, value) for value in values(columns, row)]
            )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _cell(sheet, value):
    # Every string is a text cell, which spreadsheets show as it is and never run, however
    # it starts ("=HYPERLINK(...)", "+44 20...", "-0.14"): the value needs no apostrophe.
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def csv_text(columns, rows):
    """One sheet as RFC 4180 CSV text, with no cell a spreadsheet would run as a formula."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(value) for value in values(columns, row)])
    return output.getvalue()


def csv_pair(workbook):
    """{file name: CSV text} for elements.csv and connections.csv."""
    return {
        file_name: csv_text(columns, rows)
        for file_name, (_name, columns, rows) in zip(CSV_NAMES, sheets(workbook), strict=True)
    }


def csv_zip_bytes(workbook):
    """The CSV pair in one .zip, for a single download."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for file_name, text in csv_pair(workbook).items():
            archive.writestr(file_name, text.encode("utf-8"))
    return output.getvalue()
