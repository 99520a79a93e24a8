"""Import a Kumu workbook into the directory: check every row, then write all of it or nothing.

`import_workbook()` is the one code path for the command and the admin. In one transaction
it reads the files, checks every row (Kumu's matching rules, then each listing's own
`full_clean()`, the validation the admin's forms run), and either raises WorkbookError with
every problem, or writes: new listings, changed listings as new page revisions (published
with `publish=True`, else drafts), and the connections of every listing in the file
replaced by the sheet's. A dry run does all of that except the writing and reports what
would change.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from directory.demo import unique_slug
from directory.models import Area, Connection, Listing, RelationType
from localcommons.batching import batched
from localcommons.indexing import index_updates_paused, update_indexes
from mapping.exchange.bulk_pages import add_published
from mapping.exchange.connections import check_connections
from mapping.exchange.elements import check_elements
from mapping.exchange.listing_rows import FIELD_COLUMNS, SHEET_FIELDS, RowWriter, listing_state
from mapping.exchange.matching import match_existing
from mapping.exchange.reader import WorkbookError, read_workbook

DEFAULT_RELATION = "is connected to"
NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"
MUTUAL_DIRECTIONS = {"mutual", "undirected"}


@dataclass
class ImportOptions:
    """How to read the sheets: type mapping, default relation, and what may be created."""

    type_map: dict = field(default_factory=dict)
    default_relation: str = DEFAULT_RELATION
    create_missing_relation_types: bool = False
    publish: bool = False


@dataclass
class RowResult:
    """What the import does to one element row."""

    row: int
    label: str
    kind: str
    action: str
    changes: list = field(default_factory=list)


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    rows: list = field(default_factory=list)
    connections_added: int = 0
    connections_removed: int = 0
    new_relation_types: list = field(default_factory=list)
    new_areas: list = field(default_factory=list)
    published: bool = False
    dry_run: bool = False

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    def __str__(self):
        verb = "would be" if self.dry_run else "were"
        state = "published" if self.published else "saved as drafts"
        text = (
            f"{self.count(NEW)} new, {self.count(UPDATED)} updated and {self.count(UNCHANGED)} "
            f"unchanged listings; {self.connections_added} connections added and "
            f"{self.connections_removed} removed."
        )
        if self.count(NEW) or self.count(UPDATED):
            text += f" Changed listings {verb} {state}."
        if self.new_relation_types:
            text += f" New relation types: {', '.join(self.new_relation_types)}."
        if self.new_areas:
            text += f" New areas: {', '.join(self.new_areas)}."
        return text


@dataclass
class Planned:
    """One element row with its page (new and unsaved, or existing) and what changes."""

    element: object
    page: Listing
    action: str
    changes: list
    parent: object = None  # where a new listing goes
    connections: list | None = None  # the source's new outgoing rows, if they change


def import_workbook(files, options, *, user=None, dry_run=False, progress=None):
    """Import [(file name, bytes)]; return an ImportResult, or raise WorkbookError."""
    plan = _Plan(files, options, progress, user)
    # The cache and the network are refreshed once, after the commit, not once per page.
    with batched():
        with transaction.atomic():
            result = plan.make()
            result.dry_run, result.published = dry_run, options.publish
            if dry_run:
                # Areas and tags the checks created go again: a dry run leaves no trace.
                transaction.set_rollback(True)
            else:
                plan.write(user)
                plan.progress(1, 1, "Committing")
        if not dry_run:
            plan.progress(1, 1, "Refreshing the cache and the network")
    return result


class _Plan:
    """The checks and the writing of one import, sharing what the checks worked out."""

    def __init__(self, files, options, progress, user):
        self.files, self.options, self.user = files, options, user
        self.progress = progress or (lambda done, total, stage: None)

    def make(self):
        """Check everything; return the ImportResult to be, or raise WorkbookError."""
        sheets = read_workbook(self.files)
        self.sheet = sheets.elements
        elements, problems = check_elements(self.sheet, self.options.type_map)
        self.relation_types = {rt.name: rt for rt in RelationType.objects.all()}
        connections, connection_problems = self._check_connections(sheets, elements)
        matched, match_problems = match_existing(elements, self.sheet)
        problems += match_problems
        self.new_areas = self._ensure_areas(elements)
        result = ImportResult(new_areas=self.new_areas)
        self.planned = self._plan_rows(elements, matched, problems)
        problems += connection_problems
        if connections is not None:
            problems += self._plan_connections(connections, sheets.connections, result)
        problems += self._permission_problems()
        if problems:
            # Elements first: a connection's problem is often an element's, told again.
            elements_sheet = (self.sheet.file, self.sheet.name)

            def position(problem):
                rank = (
                    0
                    if problem.row is None
                    else 1
                    if (problem.file, problem.sheet) == elements_sheet
                    else 2
                )
                return (rank, problem.file, problem.sheet, problem.row or 0, problem.column)

            raise WorkbookError(sorted(problems, key=position))
        result.new_relation_types = sorted(self.new_relation_types)
        result.rows = [
            RowResult(p.element.row, p.page.title, p.page.kind_label, p.action, p.changes)
            for p in self.planned
        ]
        return result

    # Checking -----------------------------------------------------------------------

    def _check_connections(self, sheets, elements):
        self.new_relation_types = {}
        if sheets.connections is None:
            return None, []
        sheet = sheets.connections
        names = set(self.relation_types)
        mutual = {name for name, rt in self.relation_types.items() if rt.is_mutual}
        if self.options.create_missing_relation_types:
            known = {name.casefold() for name in names}
            for _number, values in sheet.rows:
                name = _cell(sheet, values, "Type") or self.options.default_relation
                direction = _cell(sheet, values, "direction").casefold()
                if name.casefold() not in known:
                    known.add(name.casefold())
                    self.new_relation_types[name] = direction in MUTUAL_DIRECTIONS
            names |= set(self.new_relation_types)
            mutual |= {name for name, is_mutual in self.new_relation_types.items() if is_mutual}
        return check_connections(
            sheet,
            elements,
            by_id=bool(self.sheet.column("ID")),
            relation_types=names,
            default_relation=self.options.default_relation,
            mutual=mutual,
            unusable=_unusable(self.sheet, elements),
        )

    def _ensure_areas(self, elements):
        """Areas by case-folded name, with those the sheet names first created; their names."""
        self.areas = {area.name.casefold(): area for area in Area.objects.all()}
        column, created = self.sheet.column("Area"), []
        for element in elements:
            name = element.values[column].strip() if column else ""
            if name and name.casefold() not in self.areas:
                self.areas[name.casefold()] = Area.objects.create(name=name)
                created.append(name)
        return created

    def _plan_rows(self, elements, matched, problems):
        pages = _existing_pages(matched.values())
        writer = RowWriter(self.sheet, self.areas)
        parents, taken, planned = {}, {}, []
        for position, element in enumerate(elements, start=1):
            self.progress(position, len(elements), "Checking listings")
            pk = matched.get(element.key)
            parent = None
            if pk is None:
                parent = parents.get(element.model) or _parent_for(element.model)
                if parent is None:
                    problems.append(self._no_parent(element))
                    continue
                parents[element.model] = parent
                if parent.pk not in taken:
                    taken[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
                # A draft until its revision is published (a Page is live by default).
                slug = unique_slug(element.label, taken[parent.pk])
                page = element.model(slug=slug, live=False)
                before = None
            else:
                page = pages[pk]
                before = listing_state(page)
            cell_problems = writer.write(page, element, is_new=before is None)
            after = listing_state(page)
            changes = [] if before is None else [k for k in after if after[k] != before[k]]
            if cell_problems or before is None or changes:
                cell_problems += _clean(page)
                if self.options.publish and not page.live:
                    # A live page's own clean() has checked this already.
                    cell_problems += [
                        (_column(name), message)
                        for name, message in page.publish_problems().items()
                    ]
            for column, message in cell_problems:
                problems.append(
                    self.sheet.problem(
                        message, row=element.row, column=self.sheet.column(column) or column
                    )
                )
            action = NEW if before is None else UPDATED if changes else UNCHANGED
            changes = [_column(name) for name in changes]
            planned.append(Planned(element, page, action, changes, parent=parent))
        return planned

    def _permission_problems(self):
        """What the user may not do (a command run without --user may do everything)."""
        if self.user is None:
            return []
        if not self.user.has_perm("mapping.import_spreadsheets"):
            return [self.sheet.problem("You may not import spreadsheets: ask a mapping adviser.")]
        problems = []
        kinds = {type(p.page) for p in self.planned if p.action != UNCHANGED}
        for model in sorted(kinds, key=lambda model: model.kind_order):
            parent = _parent_for(model)
            permissions = parent.permissions_for_user(self.user) if parent else None
            if self.options.publish and not (permissions and permissions.can_publish_subpage()):
                message = "publish {}: import them as drafts, or ask an administrator"
            elif not (permissions and permissions.can_add_subpage()):
                message = "add or change {}: ask an administrator"
            else:
                continue
            text = message.format(model.kind_plural.lower())
            problems.append(self.sheet.problem(f"You may not {text} for permission."))
        # New vocabulary is the administrators' to allow.
        if self.new_relation_types and not self.user.has_perm("directory.add_relationtype"):
            names = ", ".join(sorted(self.new_relation_types))
            problems.append(
                self.sheet.problem(
                    f"You may not add relation types ({names}): ask an administrator to add "
                    "them under Relation types, or use the ones there are."
                )
            )
        if self.new_areas and not self.user.has_perm("directory.add_area"):
            problems.append(
                self.sheet.problem(
                    f"You may not add areas ({', '.join(self.new_areas)}): check the "
                    "spelling, or ask an administrator to add them under Areas."
                )
            )
        return problems

    def _no_parent(self, element):
        parent = element.model.allowed_parent_page_models()[0]._meta.verbose_name
        return self.sheet.problem(
            f"There is no {parent} on the site to add this {element.model.kind_label} to: "
            "create one in the admin first.",
            row=element.row,
            column=self.sheet.column("Type") or "Type",
        )

    def _plan_connections(self, rows, sheet, result):
        """Mark the sources whose connections change; return the problems of bad cells."""
        by_source, problems = {}, []
        for row in rows:
            by_source.setdefault(row.source, []).append(row)
            problems += _connection_problems(row, sheet)
        existing_pks = [p.page.pk for p in self.planned if p.page.pk]
        current = {}
        for connection in Connection.objects.filter(source_id__in=existing_pks).order_by(
            "sort_order", "pk"
        ):
            current.setdefault(connection.source_id, []).append(connection)
        key_of = {p.page.pk: p.element.key for p in self.planned if p.page.pk}
        names = {rt.pk: name for name, rt in self.relation_types.items()}
        for planned in self.planned:
            wanted = by_source.get(planned.element.key, [])
            had = current.get(planned.page.pk, []) if planned.page.pk else []
            # A connection our export named by its pk (it has no ID of its own) is the same.
            own = {f"connection-{c.pk}" for c in had if not c.external_id}
            now = [_wanted_key(row, own) for row in wanted]
            before = [_current_key(connection, names, key_of) for connection in had]
            if now == before:
                continue
            planned.connections = wanted
            result.connections_added += len(set(now) - set(before))
            result.connections_removed += len(set(before) - set(now))
            if planned.action == UNCHANGED:
                planned.action = UPDATED
            planned.changes.append("Connections")
        return problems

    # Writing ------------------------------------------------------------------------

    def write(self, user):
        """Write the plan: relation types, new listings, then revisions (published if asked)."""
        for name, is_mutual in sorted(self.new_relation_types.items()):
            direction = RelationType.Direction.MUTUAL if is_mutual else "directed"
            self.relation_types[name] = RelationType.objects.create(
                name=name, reverse_name=name, direction=direction
            )
        self.types = {name.casefold(): rt for name, rt in self.relation_types.items()}
        # Pages by element key; a new page's id is read once it has been saved.
        self.page_of = {p.element.key: p.page for p in self.planned}
        changed = [p for p in self.planned if p.action != UNCHANGED]
        # Each page is indexed once at the end rather than at each of its saves.
        with index_updates_paused():
            new = [p for p in changed if p.action == NEW]
            if self.options.publish:
                self._publish_new(new, user)
            else:
                self._add_drafts(new)
            updated = [p for p in changed if p.action == UPDATED]
            if not self.options.publish:
                updated += new
            for position, planned in enumerate(updated, start=1):
                self.progress(position, len(updated), "Saving revisions")
                self._save_revision(planned, user)
        self.progress(1, 1, "Updating the search index")
        update_indexes([p.page for p in changed])

    def _add_drafts(self, new):
        for position, planned in enumerate(new, start=1):
            self.progress(position, len(new), "Adding new listings")
            planned.parent.add_child(instance=planned.page)

    def _publish_new(self, new, user):
        """Add the new listings, published, in bulk (see bulk_pages)."""
        self.progress(len(new), len(new), "Adding new listings")
        groups = {}
        for planned in new:
            groups.setdefault(planned.parent.pk, (planned.parent, []))[1].append(planned.page)
        rows_of = {id(planned.page): planned.connections or [] for planned in new}

        def connections_of(page):
            return [
                self._connection(row, page.pk, position)
                for position, row in enumerate(rows_of[id(page)])
            ]

        add_published(list(groups.values()), user, connections_of)

    def _save_revision(self, planned, user):
        page = planned.page
        if planned.connections is not None:
            page.connections = [
                self._connection(row, page.pk, position)
                for position, row in enumerate(planned.connections)
            ]
        revision = page.save_revision(user=user, log_action=True, clean=False)
        if self.options.publish:
            # Permission to publish was checked with the rest, for every kind at once.
            revision.publish(user=user, skip_permission_checks=True)

    def _connection(self, row, source_id, position):
        return Connection(
            source_id=source_id,
            target_id=self.page_of[row.target].pk,
            relation_type=self.types[row.relation.casefold()],
            strength=row.strength,
            label=row.label,
            description=row.description,
            external_id=row.external_id,
            extra=row.extra,
            sort_order=position,
        )


def _unusable(sheet, elements):
    """{ID or label, case-folded: row} of the elements rows that have problems of their own."""
    good = {element.row for element in elements}
    name_column = sheet.column("ID") or sheet.column("Label")
    return {
        values[name_column].casefold(): number
        for number, values in sheet.rows
        if number not in good and values[name_column]
    }


def _existing_pages(pks):
    """{pk: specific page} for the matched listings, with their tags, in a query per kind."""
    pks, pages = set(pks), {}
    for model in Listing.kinds():
        found = model.objects.filter(pk__in=pks).prefetch_related("tags", "offers", "needs")
        pages.update({page.pk: page for page in found})
    return pages


def _parent_for(model):
    """The first page the model may be added under (the directory, the project index)."""
    for parent_model in model.allowed_parent_page_models():
        parent = parent_model.objects.order_by("path").first()
        if parent is not None:
            return parent
    return None


def _clean(page):
    """[(column, message)] from the page's own validation, as the admin's form runs it.

    Like a model form, it validates the fields the sheet sets (and the page's clean());
    the others (tree position, owner, revisions) are Wagtail's to keep.
    """
    exclude = [
        field.name
        for field in page._meta.concrete_fields
        if field.name not in SHEET_FIELDS and field.attname not in SHEET_FIELDS
    ]
    try:
        page.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        return [
            (_column(name), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _column(field_name):
    return FIELD_COLUMNS.get(field_name, field_name)


def _connection_problems(row, sheet):
    """Problems of a connection's own fields (lengths), named by column."""
    connection = Connection(
        label=row.label,
        description=row.description,
        external_id=row.external_id,
        strength=row.strength,
        extra=row.extra,
    )
    try:
        connection.clean_fields(exclude=["source", "target", "relation_type", "sort_order"])
    except ValidationError as error:
        columns = {"label": "Label", "description": "Description", "external_id": "ID"}
        return [
            sheet.problem(
                message,
                row=row.row,
                column=sheet.column(columns.get(name, "")) or columns.get(name, name),
            )
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _wanted_key(row, own_ids):
    """A connection row as a comparable tuple, its target named by element key."""
    return (
        row.target,
        row.relation.casefold(),
        row.strength,
        row.label,
        row.description,
        "" if row.external_id in own_ids else row.external_id,
        tuple(sorted(row.extra.items())),
    )


def _current_key(connection, names, key_of):
    """A stored connection as _wanted_key() would give it (a target not in the file by pk)."""
    extra = connection.extra if isinstance(connection.extra, dict) else {}
    return (
        key_of.get(connection.target_id, f"pk:{connection.target_id}"),
        names.get(connection.relation_type_id, "").casefold(),
        connection.strength,
        connection.label,
        connection.description,
        connection.external_id,
        tuple(sorted(extra.items())),
    )


def _cell(sheet, values, name):
    column = sheet.column(name)
    return values[column].strip() if column else ""
