"""Reading a Kumu workbook: one .xlsx with Elements and Connections sheets, or CSV files.

Sheets are recognised by their headers, not their names (as Kumu does): a sheet with `From`
and `To` columns holds connections, a sheet with a `Label` column holds elements. Every
problem is collected, named by file, sheet, row and column, before anything is refused, so
a mapping adviser can fix the whole file at once.
"""

import csv
import datetime
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError  # noqa: S405 (only its exception, to catch)

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from localcommons.spreadsheets import restore

ZIP_MAGIC = b"PK\x03\x04"
ELEMENTS, CONNECTIONS = "Elements", "Connections"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an uploaded file, and where."""

    file: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self):
        place = [self.file]
        if self.sheet:
            place.append(f"sheet {self.sheet}")
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column:
            place.append(f"column {self.column}")
        return f"{', '.join(place)}: {self.message}"


class WorkbookError(Exception):
    """The files cannot be imported; problems says every reason, in file order."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Sheet:
    """One sheet's header and rows; each row is (its row number in the file, {column: text})."""

    file: str
    name: str
    columns: list
    rows: list = field(default_factory=list)
    # (row number, column position) of values in columns the header does not name.
    stray: list = field(default_factory=list)
    too_long: bool = False  # more rows than SPREADSHEET_MAX_ROWS, so not all were read

    def column(self, wanted):
        """The sheet's own spelling of a column, matched without regard to case; or None."""
        return next((c for c in self.columns if c.casefold() == wanted.casefold()), None)

    def problem(self, message, row=None, column=""):
        return Problem(self.file, message, sheet=self.name, row=row, column=column)


@dataclass
class KumuSheets:
    """The elements sheet and, if there is one, the connections sheet."""

    elements: Sheet
    connections: Sheet | None


def read_workbook(files):
    """KumuSheets from [(file name, bytes)]: one .xlsx, or one or two .csv; else WorkbookError."""
    problems, sheets = [], []
    if not files:
        raise WorkbookError([Problem("(no file)", "Choose a workbook (.xlsx) or CSV files.")])
    for name, data in files:
        found, file_problems = _read_file(name, data)
        sheets += found
        problems += file_problems
    # The files that could be read are checked too, so one attempt reports everything.
    result, sheet_problems = _recognise(sheets, [name for name, _data in files], problems)
    problems += sheet_problems
    if problems:
        raise WorkbookError(problems)
    return result


def _read_file(name, data):
    limit = settings.SPREADSHEET_MAX_BYTES
    if not data.strip():
        return [], [Problem(name, "The file is empty.")]
    if len(data) > limit:
        message = (
            f"The file is {filesizeformat(len(data))}; the limit is {filesizeformat(limit)}. "
            "Split it, or ask an administrator to raise SPREADSHEET_MAX_BYTES."
        )
        return [], [Problem(name, message)]
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(name, data)
    return _read_csv(name, data)


def _read_xlsx(name, data):
    with warnings.catch_warnings():
        # Kumu's and Excel's extensions (data validation, slicers) are dropped on reading;
        # the cells are all an import needs.
        warnings.filterwarnings("ignore", "Unknown extension", UserWarning, "openpyxl")
        return _read_xlsx_sheets(name, data)


def _read_xlsx_sheets(name, data):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [
                _sheet(name, sheet.title, sheet.iter_rows(values_only=True)) for sheet in book
            ], []
        finally:
            book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError):
        message = (
            "This is not a workbook that can be read (it may be damaged, or another kind of "
            "zip file). Save it again as .xlsx from your spreadsheet program."
        )
        return [], [Problem(name, message)]


def _read_csv(name, data):
    if b"\x00" in data[:4096]:
        return [], [Problem(name, "This is not a spreadsheet: upload an .xlsx or .csv file.")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            message = "This file's text could not be read: save it as CSV (UTF-8)."
            return [], [Problem(name, message)]
    try:
        # Cells our exports wrote as "'=..." so spreadsheets would not run them read as "=...".
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = [[restore(cell) for cell in row] for row in reader]
    except csv.Error as error:
        return [], [Problem(name, f"This CSV could not be read ({error}).")]
    return [_sheet(name, "", rows)], []


def _text(value):
    """A cell as text: whole numbers without ".0", dates as ISO dates, None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _sheet(file_name, sheet_name, rows):
    """A Sheet from raw rows: the first row is the header; blank rows are skipped."""
    rows = iter(rows)
    header = [_text(cell) for cell in next(rows, [])]
    while header and not header[-1]:
        header.pop()
    sheet = Sheet(file_name, sheet_name, header)
    limit = settings.SPREADSHEET_MAX_ROWS
    for number, row in enumerate(rows, start=2):
        if number > limit:
            sheet.too_long = True
            break
        values = [_text(cell) for cell in row]
        if any(values):
            sheet.stray += [
                (number, position)
                for position, value in enumerate(values[len(header) :], start=len(header) + 1)
                if value
            ]
            values += [""] * (len(header) - len(values))
            sheet.rows.append((number, dict(zip(header, values, strict=False))))
    return sheet


def _kind(sheet):
    if sheet.column("From") and sheet.column("To"):
        return CONNECTIONS
    if sheet.column("Label"):
        return ELEMENTS
    return None


def _recognise(sheets, file_names, earlier_problems):
    """(KumuSheets or None, problems): the sheets picked by their headers, or what is missing."""
    problems = []
    for sheet in sheets:
        _check_header(sheet, problems)
    by_kind = {ELEMENTS: [], CONNECTIONS: []}
    for sheet in sheets:
        kind = _kind(sheet)
        if kind:
            by_kind[kind].append(sheet)
        elif sheet.columns and sheet.name.casefold() in (ELEMENTS.casefold(), ""):
            problems.append(
                sheet.problem(
                    "There is no Label column: the elements sheet needs one, naming each "
                    "element (and an ID column if labels repeat)."
                )
            )
        elif sheet.columns and sheet.name.casefold() == CONNECTIONS.casefold():
            missing = [c for c in ("From", "To") if not sheet.column(c)]
            problems.append(
                sheet.problem(
                    f"There is no {' or '.join(missing)} column: each connection needs the "
                    "element it starts From and the one it goes To."
                )
            )
    for kind, found in by_kind.items():
        if len(found) > 1:
            names = ", ".join(_where(sheet) for sheet in found)
            problems.append(
                Problem(found[1].file, f"More than one sheet looks like {kind} ({names}).")
            )
    if not by_kind[ELEMENTS] and not problems and not earlier_problems:
        problems.append(
            Problem(
                ", ".join(file_names),
                "No elements sheet was found: one sheet (or CSV file) needs a Label column.",
            )
        )
    # An empty connections sheet is fine: the elements in the file have no connections.
    for sheet in by_kind[ELEMENTS]:
        if not sheet.rows:
            problems.append(sheet.problem("This sheet has a header but no rows below it."))
    if problems or not by_kind[ELEMENTS]:
        return None, problems
    connections = by_kind[CONNECTIONS][0] if by_kind[CONNECTIONS] else None
    return KumuSheets(by_kind[ELEMENTS][0], connections), problems


def _check_header(sheet, problems):
    if sheet.too_long:
        problems.append(
            sheet.problem(
                f"The sheet has more than {settings.SPREADSHEET_MAX_ROWS:,} rows (empty "
                "ones included). Delete the empty rows below the data, or split the sheet."
            )
        )
    for row, position in sheet.stray:
        problems.append(
            sheet.problem(
                f"There is a value in column {position}, which has no name in the first row: "
                "name the column or clear the cell.",
                row=row,
            )
        )
    seen = set()
    for position, column in enumerate(sheet.columns, start=1):
        if not column:
            problems.append(
                sheet.problem(f"Column {position} has no name in the first row.", row=1)
            )
        elif column.casefold() in seen:
            problems.append(sheet.problem("This column name appears twice.", row=1, column=column))
        seen.add(column.casefold())


def _where(sheet):
    return f"{sheet.file} sheet {sheet.name}" if sheet.name else sheet.file
