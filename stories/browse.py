"""Browsing stories: the index's filters and the stories that feature a listing."""

from django import forms
from django.db.models import Exists, OuterRef, prefetch_related_objects

from directory.models import Listing, ResourceTag, TopicTag
from localcommons.cache import cached
from localcommons.forms import FilterForm
from localcommons.pagination import paginate_cached, query_without


class StoryFilterForm(FilterForm):
    """Filter stories by topic and by a listing they feature; values live in the URL."""

    tag = forms.ChoiceField(label="Topic", required=False)
    listing = forms.ChoiceField(label="About", required=False)

    def __init__(self, *args, index, **kwargs):
        super().__init__(*args, **kwargs)
        choices = cached("filters:stories", {"index": index.pk}, lambda: story_choices(index))
        self.fields["tag"].choices = [("", "All topics"), *choices["tag"]]
        self.fields["listing"].choices = [("", "Any listing"), *choices["listing"]]


def story_choices(index):
    """The topics of the index's live stories and the public listings they feature."""
    from stories.models import StoryFeaturedListing, StoryTopic

    # Joined on the index's place in the tree: matching against a list of every story's
    # id made these menus slower with each story added.
    in_index = {"live": True, "path__startswith": index.path, "depth__gt": index.depth}
    topics = StoryTopic.objects.filter(
        tag=OuterRef("pk"), **{f"content_object__{k}": v for k, v in in_index.items()}
    )
    featured = StoryFeaturedListing.objects.filter(
        listing=OuterRef("pk"), **{f"story__{k}": v for k, v in in_index.items()}
    )
    return {
        "tag": list(
            TopicTag.objects.filter(Exists(topics)).order_by("name").values_list("slug", "name")
        ),
        # Only listings the public may see are offered (a hidden one never names itself).
        "listing": [
            (str(pk), title)
            for pk, title in Listing.objects.publicly_visible()
            .filter(Exists(featured))
            .order_by("title")
            .values_list("pk", "title")
        ],
    }


def story_index_context(index, request):
    """The story index's filters, page of stories and pagination."""
    stories = index.stories()
    form = StoryFilterForm(request.GET or None, index=index)
    filters = form.filters()
    if filters.get("tag"):
        stories = stories.filter(topic_items__tag__slug=filters["tag"])
    if filters.get("listing"):
        stories = stories.filter(featured_listings__listing_id=filters["listing"])
    page_obj, page_stories = paginate_cached(
        request, stories, index.page_size, ("stories", {"index": index.pk, **filters})
    )
    prefetch_related_objects(page_stories, "tags")
    return {
        "form": form,
        "page_obj": page_obj,
        "stories": page_stories,
        "result_count": page_obj.paginator.count,
        "query_without_page": query_without(request, "page"),
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


class ProjectFilterForm(FilterForm):
    """Filter projects by status, topic and need; values live in the URL."""

    status = forms.ChoiceField(label="Status", required=False)
    tag = forms.ChoiceField(label="Topic", required=False)
    need = forms.ChoiceField(label="Needs", required=False)

    def __init__(self, *args, index, **kwargs):
        from stories.models.project import ProjectStatus

        super().__init__(*args, **kwargs)
        choices = cached("filters:projects", {"index": index.pk}, lambda: project_choices(index))
        self.fields["status"].choices = [("", "Any status"), *ProjectStatus.choices]
        self.fields["tag"].choices = [("", "All topics"), *choices["tag"]]
        self.fields["need"].choices = [("", "Anything"), *choices["need"]]


def public_projects(index):
    """The projects under the index whose details the public may see."""
    from stories.models.project import ProjectPage

    return ProjectPage.objects.publicly_detailed().descendant_of(index)


def project_choices(index):
    """The topics and needs of the index's public projects."""
    projects = public_projects(index)
    return {
        "tag": list(
            TopicTag.objects.filter(listing_items__content_object__in=projects)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        ),
        "need": list(
            ResourceTag.objects.filter(need_items__content_object__in=projects)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        ),
    }


def project_index_context(index, request):
    """The project index's filters, page of projects and the statuses explained."""
    from stories.models.project import STATUS_EXPLAINED

    projects = public_projects(index)
    form = ProjectFilterForm(request.GET or None, index=index)
    filters = form.filters()
    if filters.get("status"):
        projects = projects.filter(status=filters["status"])
    if filters.get("tag"):
        projects = projects.filter(topic_items__tag__slug=filters["tag"])
    if filters.get("need"):
        projects = projects.filter(need_items__tag__slug=filters["need"])
    page_obj, page_projects = paginate_cached(
        request,
        projects.order_by("title"),
        index.page_size,
        ("projects", {"index": index.pk, **filters}),
    )
    prefetch_related_objects(page_projects, "area", "tags", "needs")
    return {
        "form": form,
        "page_obj": page_obj,
        "projects": page_projects,
        "result_count": page_obj.paginator.count,
        "query_without_page": query_without(request, "page"),
        "statuses": list(STATUS_EXPLAINED.items()),
    }
