"""Spreadsheet cells that stay text in Excel, LibreOffice and Google Sheets."""

# A cell starting with one of these is read as a formula (or as the start of one) when the
# file is opened: "=HYPERLINK(...)" typed into a public form must arrive as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a leading apostrophe if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class NeutralisedExportMixin:
    """For Wagtail admin list views: CSV and XLSX exports whose text never becomes a formula."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))
