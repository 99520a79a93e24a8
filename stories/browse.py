"""Browsing stories: the index's filters and the stories that feature a listing."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects

from directory.models import Listing, TopicTag


class StoryFilterForm(forms.Form):
    """Filter stories by topic and by a listing they feature; values live in the URL."""

    tag = forms.ChoiceField(label="Topic", required=False)
    listing = forms.ChoiceField(label="About", required=False)

    def __init__(self, *args, stories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", "All topics")] + [
            (tag.slug, tag.name)
            for tag in TopicTag.objects.filter(story_items__content_object__in=stories)
            .distinct()
            .order_by("name")
        ]
        # Only listings the public may see are offered (a hidden one never names itself).
        featured = Listing.objects.publicly_visible().filter(featured_in__story__in=stories)
        self.fields["listing"].choices = [("", "Any listing")] + [
            (str(listing.pk), listing.title) for listing in featured.distinct().order_by("title")
        ]

    def filters(self):
        """The valid, non-empty values; an invalid one is reported and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def story_index_context(index, request):
    """The story index's filters, page of stories and pagination."""
    stories = index.stories()
    form = StoryFilterForm(request.GET or None, stories=stories)
    filters = form.filters()
    if filters.get("tag"):
        stories = stories.filter(topic_items__tag__slug=filters["tag"])
    if filters.get("listing"):
        stories = stories.filter(featured_listings__listing_id=filters["listing"])
    paginator = Paginator(stories, index.page_size)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_stories = list(page_obj.object_list)
    prefetch_related_objects(page_stories, "tags")
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "form": form,
        "page_obj": page_obj,
        "stories": page_stories,
        "result_count": paginator.count,
        "query_without_page": params.urlencode(),
    }


def stories_featuring(listing, limit=6):
    """Live public stories that feature a listing, newest first."""
    from stories.models import StoryPage

    return list(
        StoryPage.objects.live()
        .public()
        .filter(featured_listings__listing=listing)
        .order_by("-date")[:limit]
    )
