"""The connections sheet checked row by row against the elements it joins.

`From` and `To` name elements by ID when the elements sheet has IDs, else by label; a `To`
cell may list several targets separated by `|`. A connection without a type gets the
default relation. Each target becomes a ConnectionRow, or a Problem naming its row, column
and what to do.
"""

from dataclasses import dataclass, field

SEPARATOR = "|"
# Columns with a field of their own; any other column is kept in the connection's extra.
KNOWN_COLUMNS = ("ID", "From", "To", "Type", "direction", "Label", "Description", "Strength")
DIRECTIONS = {"", "directed", "undirected", "mutual"}
STRENGTHS = {"": 2, "1": 1, "2": 2, "3": 3}


@dataclass
class ConnectionRow:
    """One connection as the importer will write it, between two elements' keys."""

    row: int
    source: str
    target: str
    relation: str
    strength: int
    label: str = ""
    description: str = ""
    external_id: str = ""
    direction: str = ""
    extra: dict = field(default_factory=dict)


def element_finder(elements, by_id, unusable=None):
    """A function from a From/To cell to (element key, None) or (None, what is wrong).

    unusable maps the ID or label (case-folded) of elements rows that have problems of
    their own to their row number, so a connection to one says so rather than "no element".
    """
    unusable = unusable or {}
    keys = {}
    for element in elements:
        name = element.external_id if by_id else element.label
        keys.setdefault(name.casefold(), []).append(element.key)

    def find(name):
        found = keys.get(name.casefold(), [])
        if len(found) == 1:
            return found[0], None
        what = "ID" if by_id else "label"
        if not found and name.casefold() in unusable:
            row = unusable[name.casefold()]
            return None, f'The element "{name}" (Elements row {row}) has a problem: fix it first.'
        if not found:
            return None, f'No element has the {what} "{name}": check the spelling in Elements.'
        return None, (
            f'{len(found)} elements have the label "{name}": add an ID column to Elements '
            "and name them by ID here."
        )

    return find


def check_connections(
    sheet, elements, *, by_id, relation_types, default_relation, mutual=(), unusable=None
):
    """(ConnectionRows, Problems) for every row.

    relation_types are the names we accept; mutual are those that read both ways, so the
    same connection given from each end is a repeat; unusable is as for element_finder().
    """
    column = {name: sheet.column(name) for name in ("ID", "From", "To", "Type", "direction")}
    column.update({name: sheet.column(name) for name in ("Label", "Description", "Strength")})
    accepted = {name.casefold(): name for name in relation_types}
    known = {name.casefold() for name in KNOWN_COLUMNS}
    extra_columns = [name for name in sheet.columns if name.casefold() not in known]
    find = element_finder(elements, by_id, unusable)
    connections, problems, seen = [], [], {}

    def cell(values, name):
        return values[column[name]] if column[name] else ""

    for number, values in sheet.rows:
        row_problems = []

        def problem(message, name, number=number, row_problems=row_problems):
            row_problems.append(sheet.problem(message, row=number, column=column[name] or name))

        source, source_problem = (
            find(cell(values, "From"))
            if cell(values, "From")
            else (None, "There is no element it comes from.")
        )
        if source_problem:
            problem(source_problem, "From")
        targets = []
        for name in [t.strip() for t in cell(values, "To").split(SEPARATOR) if t.strip()] or [""]:
            target, target_problem = find(name) if name else (None, "There is no target.")
            if target_problem:
                problem(target_problem, "To")
            elif target == source:
                problem("An element cannot be connected to itself.", "To")
            else:
                targets.append(target)
        type_name = cell(values, "Type") or default_relation
        relation = accepted.get(type_name.casefold())
        if relation is None:
            problem(
                f'"{type_name}" is not a relation type here: add it under Relation types in '
                "the admin, or let the import add it (the option to add relation types, or "
                "--create-missing-relation-types).",
                "Type",
            )
        if cell(values, "direction").casefold() not in DIRECTIONS:
            problem("The direction must be directed, undirected or mutual.", "direction")
        strength = STRENGTHS.get(cell(values, "Strength"))
        if strength is None:
            problem("The strength must be 1 (light), 2 or 3 (strong), or empty.", "Strength")
        for target in targets:
            triple = (source, target, relation)
            reverse = (target, source, relation) if relation in mutual else None
            if triple in seen:
                problem(f"Row {seen[triple]} already connects these two this way.", "To")
            elif reverse in seen:
                problem(
                    f'Row {seen[reverse]} already has this "{relation}" connection from the '
                    "other end (it reads both ways): keep one of the two rows.",
                    "To",
                )
            seen.setdefault(triple, number)
        if row_problems:
            problems += row_problems
            continue
        connections += [
            ConnectionRow(
                row=number,
                source=source,
                target=target,
                relation=relation,
                strength=strength,
                label=cell(values, "Label"),
                description=cell(values, "Description"),
                # One ID names one connection: a row with several targets numbers them.
                external_id=_numbered(cell(values, "ID"), position, len(targets)),
                direction=cell(values, "direction").casefold(),
                extra={name: values[name] for name in extra_columns if values[name]},
            )
            for position, target in enumerate(targets, start=1)
        ]
    return connections, problems


def _numbered(external_id, position, count):
    if not external_id or count == 1:
        return external_id
    return f"{external_id}-{position}"
