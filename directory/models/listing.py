"""The Listing page: every node of the local ecosystem, with what all of them share."""

from functools import partial

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtailgeowidget import geocoders
from wagtailgeowidget.panels import GeoAddressPanel

from directory.models.connection import Connection
from directory.models.index import DirectoryIndexPage
from directory.models.location import LocatedMixin
from directory.querysets import ListingQuerySet
from directory.visibility import DETAILED, Visibility, is_publicly_visible, public_view
from localcommons.geo_widget import LocalLeafletPanel
from localcommons.pages import only_live_page


def address_panel():
    """The address field, with the geo widget's geocoder when one is configured."""
    if settings.MAP_GEOCODER == geocoders.NOMINATIM:
        return GeoAddressPanel("address", geocoder=geocoders.NOMINATIM)
    return FieldPanel("address")


class ListingAdminForm(WagtailAdminPageForm):
    """Admin form for listings: checks the connections as a set (no loops, no repeats)."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("connections")
        if formset is None:
            return cleaned
        forms = [
            form
            for form in formset.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = Connection.check_set(self.instance, [form.instance for form in forms])
        for position, message in problems:
            forms[position].add_error("target", message)
        return cleaned


class Listing(LocatedMixin, Page):
    """A person, group, organisation, place, activity, asset or project in the neighbourhood.

    Concrete so that one query over Listing serves maps, network, exports and search;
    editors create one of its subclasses.
    """

    # Each kind sets kind (a slug for URLs and JSON), kind_label, kind_plural, kind_order.
    kind_order = 99

    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences shown in lists and popups."
    )
    description = models.TextField(blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = ClusterTaggableManager(
        through="directory.ListingTopic",
        blank=True,
        related_name="topic_listings",
        verbose_name="topics",
    )
    offers = ClusterTaggableManager(
        through="directory.ListingOffer",
        blank=True,
        related_name="offering_listings",
        verbose_name="offers",
    )
    needs = ClusterTaggableManager(
        through="directory.ListingNeed",
        blank=True,
        related_name="needing_listings",
        verbose_name="needs",
    )
    address = models.CharField(max_length=255, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    area = models.ForeignKey(
        "directory.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="listings"
    )
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    external_id = models.CharField(
        max_length=100, blank=True, help_text="Stable ID for spreadsheet round trips."
    )
    extra = models.JSONField(
        default=dict, blank=True, help_text="Spreadsheet columns with no field of their own."
    )

    objects = PageManager.from_queryset(ListingQuerySet)()

    is_creatable = False
    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = []
    base_form_class = ListingAdminForm

    about_panels = [
        FieldPanel("title", heading="Name"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("offers"), FieldPanel("needs")]),
    ]
    location_panels = [
        MultiFieldPanel(
            [
                address_panel(),
                FieldPanel("postcode"),
                FieldPanel("area"),
                LocalLeafletPanel("location", address_field="address"),
            ],
            heading="Where",
        )
    ]
    contact_panels = [
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], heading="Contact"
        )
    ]
    connection_panels = [
        InlinePanel("connections", heading="Connections", label="Connection"),
    ]
    kind_panels = []
    content_panels = []  # composed per kind in compose_content_panels()
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("visibility"), FieldPanel("external_id")], heading="Visibility and data"
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("address"),
        index.SearchField("postcode"),
        index.AutocompleteField("title"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("offers", [index.SearchField("name")]),
        index.RelatedFields("needs", [index.SearchField("name")]),
        index.FilterField("visibility"),
        index.FilterField("area"),
    ]

    class Meta:
        indexes = [
            models.Index(fields=["visibility"]),
            models.Index(fields=["external_id"]),
            models.Index(fields=["latitude", "longitude"]),
        ]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.content_panels = cls.compose_content_panels()

    @classmethod
    def compose_content_panels(cls):
        """Every kind's edit form: about, its own fields, where, contact, connections."""
        return [
            *cls.about_panels,
            *cls.kind_panels,
            *cls.location_panels,
            *cls.contact_panels,
            *cls.connection_panels,
        ]

    @classmethod
    def kinds(cls):
        """Every creatable listing class, in a stable order."""
        from wagtail.models import get_page_models

        return sorted(
            (m for m in get_page_models() if issubclass(m, Listing) and m.is_creatable),
            key=lambda m: m.kind_order,
        )

    @property
    def kind(self):
        # A plain Listing row (from a join) answers for its specific kind, with no query:
        # content types are cached.
        return self.specific_class.kind

    @property
    def kind_label(self):
        return self.specific_class.kind_label

    def __str__(self):
        return self.title

    def publish_problems(self):
        """{field: message} for what must be in place before this listing may be published."""
        return {}

    def get_template(self, request, *args, **kwargs):
        # Every kind shares one page layout; the parts that differ are shown when present.
        return "directory/listing_page.html"

    # Public output -------------------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        if not is_publicly_visible(self) and not getattr(request, "is_preview", False):
            raise Http404("No such listing.")
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        # Only fully public listings are offered to search engines.
        if self.visibility not in DETAILED:
            return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Editors previewing a draft or hidden listing see it as it would be published.
        public = public_view(self, request, preview=getattr(request, "is_preview", False))
        context["public"] = public
        # A summary that only repeats the description's opening is not shown twice.
        context["show_summary"] = bool(public.summary) and not public.description.startswith(
            public.summary.rstrip("…")
        )
        # Other apps add to the listing's own details (its next session) without being imported.
        for add_context in hooks.get_hooks("listing_page_context"):
            context.update(add_context(self, request))
        # Built only when the page's cached fragments that show them are rendered again.
        context["relations"] = SimpleLazyObject(partial(self.relations, request, public.detailed))
        context["parent_page"] = self.get_parent()
        # Topic, offer, need and area links search the whole directory, wherever the
        # listing lives (projects live under their own index).
        context["directory_page"] = only_live_page(DirectoryIndexPage) or context["parent_page"]
        return context

    def relations(self, request=None, detailed=None):
        """What the page shows of other listings: connections, related listings and more.

        Other apps add theirs through the `listing_page_relations` hook. Everything here
        names listings the visibility rule lets the public see now, so the page caches it as
        rendered fragments until the next published change (`localcommons.cache`).
        """
        from directory.connections import connections_for

        relations = {}
        relations["outgoing"], relations["incoming"] = connections_for(self, request)
        if detailed is None:
            detailed = self.visibility in DETAILED
        relations["related"] = self.related_listings() if detailed else []
        for add_relations in hooks.get_hooks("listing_page_relations"):
            relations.update(add_relations(self, request))
        return relations

    def related_listings(self, limit=6):
        """Public listings sharing the most topics with this one, in its area if it has one."""
        from directory.models.taxonomy import ListingTopic
        from directory.search import prefetch_cards

        topic_ids = list(self.tags.values_list("pk", flat=True))
        if not topic_ids:
            return []
        candidates = Listing.objects.publicly_detailed().exclude(pk=self.pk)
        if self.area_id:
            # Nearby first: bounds the work by the size of a ward, not the whole map.
            candidates = candidates.filter(area_id=self.area_id)
        # Counted on the narrow through table rather than grouping whole pages.
        ranked = (
            ListingTopic.objects.filter(tag_id__in=topic_ids, content_object__in=candidates)
            .values("content_object_id")
            .annotate(shared=models.Count("id"))
            .order_by("-shared", "content_object__title")
            .values_list("content_object_id", flat=True)[:limit]
        )
        ids = list(ranked)
        by_id = Listing.objects.in_bulk(ids)
        return prefetch_cards(by_id[pk] for pk in ids)
