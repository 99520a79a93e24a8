"""Ids that arrive as text, in a URL or a form: only numbers a database here could hold."""

# The largest primary key a database here holds (a signed 64-bit integer). SQLite cannot even
# be asked about a larger number: the query raises OverflowError, a 500.
MAX_ID = 2**63 - 1


def as_id(text):
    """The id the text names, or None unless it is a whole number from 1 to MAX_ID."""
    text = str(text)
    # isdecimal() alone admits other scripts' digits ("١٢"), which int() reads.
    if not (text.isascii() and text.isdecimal()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


class IdConverter:
    """The path converter `<id:name>`: a row's id, or no match (a 404) for any other number."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        found = as_id(value)
        if found is None:
            raise ValueError(f"{value} is not an id")
        return found

    def to_url(self, value):
        return str(value)
