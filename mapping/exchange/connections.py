"""The connections sheet checked row by row against the elements it joins.

`From` and `To` name elements by ID when the elements sheet has IDs, else by label; a `To`
cell may list several targets separated by `|`. A connection without a type gets the
default relation. Each target becomes a ConnectionRow, or a Problem naming its row, column
and what to do.
"""

from dataclasses import dataclass

SEPARATOR = "|"
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


def element_finder(elements, by_id):
    """A function from a From/To cell to (element key, None) or (None, what is wrong)."""
    keys = {}
    for element in elements:
        name = element.external_id if by_id else element.label
        keys.setdefault(name.casefold(), []).append(element.key)

    def find(name):
        found = keys.get(name.casefold(), [])
        if len(found) == 1:
            return found[0], None
        what = "ID" if by_id else "label"
        if not found:
            return None, f'No element has the {what} "{name}": check the spelling in Elements.'
        return None, (
            f'{len(found)} elements have the label "{name}": add an ID column to Elements '
            "and name them by ID here."
        )

    return find


def check_connections(sheet, elements, *, by_id, relation_types, default_relation):
    """(ConnectionRows, Problems) for every row; relation_types are the names we accept."""
    column = {name: sheet.column(name) for name in ("ID", "From", "To", "Type", "direction")}
    column.update({name: sheet.column(name) for name in ("Label", "Description", "Strength")})
    accepted = {name.casefold(): name for name in relation_types}
    find = element_finder(elements, by_id)
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
                "the admin, or import with --create-missing-relation-types.",
                "Type",
            )
        if cell(values, "direction").casefold() not in DIRECTIONS:
            problem("The direction must be directed, undirected or mutual.", "direction")
        strength = STRENGTHS.get(cell(values, "Strength"))
        if strength is None:
            problem("The strength must be 1 (light), 2 or 3 (strong), or empty.", "Strength")
        for target in targets:
            triple = (source, target, relation)
            if triple in seen:
                problem(f"Row {seen[triple]} already connects these two this way.", "To")
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
            )
            for position, target in enumerate(targets, start=1)
        ]
    return connections, problems


def _numbered(external_id, position, count):
    if not external_id or count == 1:
        return external_id
    return f"{external_id}-{position}"
