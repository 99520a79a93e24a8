"""Stories' part in other pages: on listing pages, on the home page, in the demo load."""

from wagtail import hooks

from stories.browse import stories_featuring


@hooks.register("listing_page_context")
def stories_about_listing(listing, request):
    """The stories that feature a listing, for its page."""
    return {"featuring_stories": stories_featuring(listing)}


@hooks.register("home_page_context")
def latest_stories(home_page, request):
    """The three newest stories, for the home page."""
    from stories.models import StoryIndexPage

    index = StoryIndexPage.objects.live().first()
    return {"story_index": index, "latest_stories": list(index.stories()[:3]) if index else []}


@hooks.register("load_demo_data", order=1)
def load_demo_projects():
    """Load the demo projects after the listings they connect to."""
    from stories.demo import load_projects

    return "projects", load_projects()


@hooks.register("load_demo_data", order=2)
def load_demo_stories():
    """Load the demo stories after the listings and projects they feature."""
    from stories.demo import load_stories

    return "stories", load_stories()
