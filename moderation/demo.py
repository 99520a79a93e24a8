"""The demo's "Add your group" page."""

from directory.demo import ensure_child_page, ensure_site
from moderation.models import AddListingPage

INTRO = (
    "Run a group, club, place or activity in Brickfield that is not in the directory yet? "
    "Tell us about it here. It takes about five minutes, and you can leave out anything you "
    "would rather not share."
)
NEXT_STEPS = (
    "A communication facilitator checks every new listing, usually within a week. We will "
    "email you when it is live, or get in touch if we have a question. Until then it is not "
    "shown anywhere on the site."
)


def ensure_add_listing_page():
    """The "Add your group" page at /add-your-group/, under the home page."""
    home, _directory = ensure_site()
    return ensure_child_page(
        home,
        AddListingPage,
        title="Add your group",
        slug="add-your-group",
        intro=INTRO,
        next_steps=NEXT_STEPS,
    )
