"""A report's tables: one shape for the page, the print and the CSV download."""

import csv
import io
from dataclasses import dataclass, field

from localcommons.spreadsheets import neutralise


@dataclass
class Table:
    """A titled table; each row's first cell names it, and may link to its page."""

    slug: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    links: list = field(default_factory=list)  # one URL (or "") per row, for the first cell
    shown: int | None = None  # rows on the page; the CSV always has them all
    note: str = ""

    def add(self, cells, url=""):
        self.rows.append(list(cells))
        self.links.append(url or "")

    @property
    def page_rows(self):
        """(url, cells) for the rows the page shows."""
        rows = list(zip(self.links, self.rows, strict=True))
        return rows if self.shown is None else rows[: self.shown]

    @property
    def hidden_count(self):
        return len(self.rows) - len(self.page_rows)

    def csv_text(self):
        """The whole table as CSV, with no cell a spreadsheet would run as a formula."""
        output = io.StringIO()
        writer = csv.writer(output, lineterminator="\r\n")
        writer.writerow(self.columns)
        for cells in self.rows:
            writer.writerow([neutralise("" if value is None else value) for value in cells])
        return output.getvalue()
