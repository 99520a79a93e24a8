"""The stories feed (RSS 2.0) at /stories/feed/."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed


class StoryFeed(Feed):
    """The newest stories, with absolute links, for feed readers and newsletters."""

    feed_type = Rss201rev2Feed
    limit = 20

    def __init__(self, index):
        super().__init__()
        self.index = index
        self.request = None

    def get_object(self, request, *args, **kwargs):
        # Links are made absolute from the request: the sites framework (there for the
        # comments) would otherwise put its own placeholder domain in them.
        self.request = request

    def feed_url(self):
        return self.request.build_absolute_uri()

    def title(self):
        return self.index.title

    def description(self):
        return self.index.intro or f"Stories from {self.index.get_site().site_name}."

    def link(self):
        return self.request.build_absolute_uri(self.index.url)

    def items(self):
        return self.index.stories().prefetch_related("tags")[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return self.request.build_absolute_uri(item.url)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_author_name(self, item):
        return item.public_teller or None
