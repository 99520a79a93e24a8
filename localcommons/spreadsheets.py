"""CSV cells that stay text in Excel, LibreOffice and Google Sheets.

A CSV cell starting with one of FORMULA_STARTS is read as a formula (or the start of one)
when the file is opened: "=HYPERLINK(...)" typed into a public form must arrive as text, so
it is written with a leading apostrophe, which spreadsheets read as "this is text". (XLSX
files need none: their cells are typed, and a text cell is never run.)
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a leading apostrophe if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text):
    """A CSV cell as it was before neutralise()."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class NeutralisedExportMixin:
    """For Wagtail admin list views: CSV exports whose text never becomes a formula.

    (Wagtail already writes formula-like XLSX values as text cells.)
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise(value) if export_format == self.FORMAT_CSV else value
