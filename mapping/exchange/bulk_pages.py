"""Adding many new pages at once, each left as Wagtail's create-and-publish would leave it.

Wagtail saves a new page one at a time: its place in the tree, its child relations, a
revision, then publishing that revision, some twenty queries a page. An import of thousands
of new listings writes the same rows in bulk instead: the pages (Django's own multi-table
insert, one page at a time), their child rows and connections, one revision each as their
live revision, "created" and "published" log entries, and page_published for each page. The
tree's paths and counts are treebeard's (tests check them with its find_problems()).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

from directory.models import Connection

BATCH = 1000


def add_published(groups, user, connections_of):
    """Add [(parent, unsaved validated pages)], published, and their connections.

    connections_of(page) gives a page's outgoing Connections (unsaved), asked once every
    page has its id.
    """
    now = timezone.now()
    pages = []
    for parent, children in groups:
        parent = Page.objects.get(pk=parent.pk)  # its children as they are now
        _place(parent, children, user, now)
        pages += children
    rows = {id(page): _child_rows(page) for page in pages}
    for page in pages:
        # Django's multi-table insert; what Page.save() adds is done here, in bulk.
        page.save_base()
    for parent, children in groups:
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(children))
    _insert_children(pages, rows)
    connections = {page.pk: connections_of(page) for page in pages}
    Connection.objects.bulk_create(
        [c for page_connections in connections.values() for c in page_connections],
        batch_size=BATCH,
    )
    for page in pages:
        # Held in memory (already written), so each revision records its connections.
        page.connections = connections[page.pk]
    revisions = _revisions(pages, user, now)
    _log(pages, revisions, user, now)
    for page, revision in zip(pages, revisions, strict=True):
        page_published.send(sender=type(page), instance=page, revision=revision)


def _place(parent, pages, user, now):
    """Give each page its tree path after the parent's last child, and its published state."""
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth, page.numchild = parent.depth + 1, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id, page.draft_title, page.owner = parent.locale_id, page.title, user
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.first_published_at = page.last_published_at = now
        page.latest_revision_created_at = now


def _child_rows(page):
    """{relation accessor: child objects} held in memory by an unsaved page (tags, sessions)."""
    return {
        relation.get_accessor_name(): (
            relation,
            list(getattr(page, relation.get_accessor_name()).all()),
        )
        for relation in get_all_child_relations(page)
    }


def _insert_children(pages, rows):
    """Insert each page's child rows, model by model, and keep them on the page in memory."""
    by_model = {}
    for page in pages:
        for accessor, (relation, children) in rows[id(page)].items():
            for position, child in enumerate(children):
                setattr(child, relation.field.name, page)
                if getattr(child, "sort_order_field", None):
                    setattr(child, child.sort_order_field, position)
                by_model.setdefault(type(child), []).append(child)
            # In memory, so the revision reads them without a query per relation.
            setattr(page, accessor, children)
    for model, children in by_model.items():
        model.objects.bulk_create(children, batch_size=BATCH)


def _revisions(pages, user, now):
    """One revision per page, made its latest and live revision."""
    base = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=ContentType.objects.get_for_model(page),
                base_content_type=base,
                object_id=str(page.pk),
                user=user,
                created_at=now,
                content=page.serializable_data(),
                object_str=str(page),
            )
            for page in pages
        ],
        batch_size=BATCH,
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    Page.objects.bulk_update(
        [
            Page(pk=page.pk, latest_revision_id=revision.pk, live_revision_id=revision.pk)
            for page, revision in zip(pages, revisions, strict=True)
        ],
        ["latest_revision", "live_revision"],
        batch_size=BATCH,
    )
    return revisions


def _log(pages, revisions, user, now):
    """The history's "created" and "published" entries for each page."""
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
        for action, entry_revision in (("wagtail.create", None), ("wagtail.publish", revision)):
            entries.append(
                PageLogEntry(
                    content_type=content_type,
                    page_id=page.pk,
                    label=page.get_admin_display_title(),
                    action=action,
                    timestamp=now,
                    user=user,
                    revision=entry_revision,
                    content_changed=True,
                )
            )
    PageLogEntry.objects.bulk_create(entries, batch_size=BATCH)
