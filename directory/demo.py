"""Load the Brickfield demo neighbourhood: the page tree, listings and connections.

Loading is an upsert keyed on each row's ID: a second run finds nothing changed and
writes nothing, and a changed row gets one new published revision.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from directory.models import (
    Area,
    Connection,
    DirectoryIndexPage,
    Listing,
    RelationType,
)
from directory.visibility import Visibility
from directory.vocabulary import ensure_relation_types

DEMO_DIR = Path(settings.BASE_DIR) / "data" / "demo"


HOME_INTRO = (
    "Who is here in Brickfield, what happens and how it all connects: the groups, places, "
    "activities and people that make the neighbourhood work, mapped by local researchers."
)
DIRECTORY_INTRO = (
    "Search or browse every organisation, group, place, activity, person and asset in the "
    "neighbourhood. Filter by topic, area, or what they offer and need."
)


@dataclass
class LoadReport:
    """What a load did, for the command to print."""

    created: int = 0
    kept: int = 0
    skipped: list = field(default_factory=list)

    def __str__(self):
        text = f"{self.created} created, {self.kept} already there (left as they are)"
        if self.skipped:
            text += f"; skipped {len(self.skipped)} rows of kinds loaded elsewhere"
        return text


def split_values(cell):
    """Split a Kumu multi-value cell ("a|b|c") into clean values, in order, without repeats."""
    return list(dict.fromkeys(v.strip() for v in (cell or "").split("|") if v.strip()))


def first_sentence(text, limit=300):
    """A summary from a description: its first sentence, cut at a word if too long."""
    text = " ".join((text or "").split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _tree_root():
    """Wagtail's root page, recreated (with the default locale) if the tables were emptied."""
    root = Page.get_first_root_node()
    if root is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        Locale.objects.get_or_create(language_code=language)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def ensure_site():
    """The home page as the default site's root, and the directory under it."""
    from localcommons.models import HomePage

    ensure_relation_types(RelationType)
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's "Welcome" starter page makes way for ours (its Site goes with it).
        Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
        home = _tree_root().add_child(
            instance=HomePage(title="Brickfield", slug="home", intro=HOME_INTRO)
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    directory = ensure_child_page(
        home, DirectoryIndexPage, title="Directory", slug="directory", intro=DIRECTORY_INTRO
    )
    return home, directory


def ensure_child_page(parent, model, **fields):
    """The site's page of this model, or a new published one under parent, in the menu."""
    page = model.objects.first()
    if page is None:
        page = parent.add_child(instance=model(show_in_menus=True, **fields))
        page.save_revision().publish()
    return page


def apply_element(page, row, areas):
    """Set a page's shared listing fields from an elements row."""
    page.title = row["Label"].strip()
    page.description = row.get("Description", "").strip()
    page.summary = first_sentence(page.description)
    page.email = row.get("Email", "").strip()
    page.address = row.get("Address", "").strip()
    page.postcode = row.get("Postcode", "").strip()
    page.website = row.get("Website", "").strip()
    page.phone = row.get("Phone", "").strip()
    page.visibility = row.get("Visibility", "").strip() or Visibility.PUBLIC
    area_name = row.get("Area", "").strip()
    page.area_id = areas[area_name].pk if area_name else None
    page.location = row.get("Location", "").strip()
    page.sync_coordinates()
    page.tags.set(split_values(row.get("Tags")))
    page.offers.set(split_values(row.get("Offers")))
    page.needs.set(split_values(row.get("Needs")))
    if hasattr(page, "schedule"):
        page.schedule = row.get("Schedule", "").strip()
        # Schedules that read clearly become sessions for What's on; the rest stay as text.
        page.set_sessions_from_schedule()
    if hasattr(page, "interests"):
        page.interests = ", ".join(split_values(row.get("Interests")))
    if hasattr(page, "consent_method"):
        page.consent_date = row.get("Consent date", "").strip() or None
        page.consent_method = row.get("Consent given", "").strip()


def unique_slug(title, taken):
    """A slug for the title that is not in taken (and is then added to it)."""
    base = slugify(title)[:200] or "listing"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def check_connections(page, row_id, connections):
    """The admin form's rules for a page's connections: no self-links, no repeats, valid."""
    problems = Connection.check_set(page, connections)
    if problems:
        raise ValidationError([f"{row_id}: {message}" for _, message in problems])
    for connection in connections:
        connection.full_clean(exclude=["source"])


def demo_areas(elements):
    """The areas the rows name, by name, created if missing."""
    names = {row["Area"].strip() for row in elements if row.get("Area", "").strip()}
    return {name: Area.objects.get_or_create(name=name)[0] for name in sorted(names)}


def demo_connections(rows, pages, targets):
    """Connection objects for each new page, from the connection rows."""
    relation_types = {rt.name: rt for rt in RelationType.objects.all()}
    outgoing = {external_id: [] for external_id in pages}
    for row in rows:
        if row["From"] not in pages or row["To"] not in targets:
            continue  # an existing page, or an end loaded by another app (a project)
        outgoing[row["From"]].append(
            Connection(
                target_id=targets[row["To"]],
                relation_type=relation_types[row["Type"].strip()],
                strength=int(row.get("Strength") or 2),
                label=row.get("Label", "").strip(),
                description=row.get("Description", "").strip(),
                external_id=row.get("ID", "").strip(),
            )
        )
    return outgoing


@transaction.atomic
def load_demo(elements_path=None, connections_path=None):
    """Add the demo listings that are missing, with their connections; return a LoadReport.

    A listing already there (matched on its ID) is left exactly as it is, so editors'
    changes survive `make run`; a demo listing someone deleted is added again.
    """
    _home, directory = ensure_site()
    elements = read_csv(elements_path or DEMO_DIR / "elements.csv")
    connection_rows = read_csv(connections_path or DEMO_DIR / "connections.csv")
    report = LoadReport()
    # Kinds that live elsewhere in the tree (projects) are loaded by their own app.
    kind_models = {
        model.kind_label: model
        for model in Listing.kinds()
        if DirectoryIndexPage in model.allowed_parent_page_models()
    }
    targets = dict(
        Listing.objects.filter(external_id__in=[row["ID"] for row in elements]).values_list(
            "external_id", "pk"
        )
    )
    areas = demo_areas(elements)

    taken_slugs = set(directory.get_children().values_list("slug", flat=True))
    pages = {}
    for row in elements:
        model = kind_models.get(row["Type"].strip())
        if model is None:
            report.skipped.append(row["ID"])
        elif row["ID"] in targets:
            report.kept += 1
        else:
            page = model(
                slug=unique_slug(row["Label"], taken_slugs), external_id=row["ID"], live=False
            )
            apply_element(page, row, areas)
            directory.add_child(instance=page)
            pages[row["ID"]] = targets[row["ID"]] = page
    targets = {external_id: getattr(t, "pk", t) for external_id, t in targets.items()}

    for external_id, connections in demo_connections(connection_rows, pages, targets).items():
        page = pages[external_id]
        check_connections(page, external_id, connections)
        page.connections = connections
        page.save_revision().publish()
        report.created += 1
    return report
