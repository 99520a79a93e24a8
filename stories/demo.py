"""Load the demo neighbourhood's stories; a second run changes nothing."""

import datetime
import json

from django.db import transaction
from django.utils.html import escape
from wagtail.rich_text import RichText

from directory.demo import DEMO_DIR, LoadReport, ensure_site
from directory.models import Listing
from stories.models import StoryFeaturedListing, StoryIndexPage, StoryPage

STORIES_INTRO = (
    "What happens when people in Brickfield get together: stories told by residents, "
    "volunteers and the groups they run."
)


def ensure_story_index():
    """The story index under the home page."""
    home, _directory = ensure_site()
    index = StoryIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=StoryIndexPage(
                title="Stories", slug="stories", intro=STORIES_INTRO, show_in_menus=True
            )
        )
        index.save_revision().publish()
    return index


def _body(paragraphs, has_places):
    blocks = [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in paragraphs]
    if has_places:
        blocks.append(("places_map", {"heading": "Where this happens"}))
    return blocks


@transaction.atomic
def load_stories(path=None):
    """Add the demo stories that are missing (matched on slug); existing ones are left alone."""
    index = ensure_story_index()
    with open(path or DEMO_DIR / "stories.json", encoding="utf-8") as handle:
        rows = json.load(handle)
    listing_ids = dict(Listing.objects.values_list("external_id", "pk"))
    existing = set(StoryPage.objects.child_of(index).values_list("slug", flat=True))
    report = LoadReport()
    for row in rows:
        if row["slug"] in existing:
            report.kept += 1
            continue
        # Features not loaded yet (projects come with their own pages) are skipped.
        featured = [listing_ids[fid] for fid in row["features"] if fid in listing_ids]
        story = StoryPage(
            title=row["title"],
            slug=row["slug"],
            date=datetime.date.fromisoformat(row["date"]),
            summary=row["summary"],
            location=row["location"] or "",
            body=_body(row["body"], has_places=bool(featured)),
            live=False,
        )
        story.tags.set(row["tags"])
        story.featured_listings = [StoryFeaturedListing(listing_id=pk) for pk in featured]
        index.add_child(instance=story)
        story.save_revision().publish()
        report.created += 1
    return report
