"""Every listing kind: where it may live, creation through the admin, and rendering."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.models import (
    ActivityPage,
    AssetPage,
    DirectoryIndexPage,
    GroupPage,
    Listing,
    OrganisationPage,
    PersonPage,
    PlacePage,
    RelationType,
)
from localcommons.models import HomePage, InformationPage
from mapping.models import MapPage, NetworkPage, OpportunitiesPage, ReportsPage
from moderation.models import AddListingPage
from research.models import ResearchIndexPage
from stories.models import ProjectIndexPage, ProjectPage, StoryIndexPage, WhatsOnPage
from tests.builders import make_area, make_listing, make_site

KINDS = [OrganisationPage, GroupPage, PlacePage, ActivityPage, PersonPage, AssetPage]


class PageTreeTests(WagtailPageTestCase):
    """The page tree: home → directory → listings, and nothing else."""

    def test_home_lives_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                DirectoryIndexPage,
                StoryIndexPage,
                ProjectIndexPage,
                WhatsOnPage,
                MapPage,
                NetworkPage,
                OpportunitiesPage,
                ReportsPage,
                AddListingPage,
                ResearchIndexPage,
                InformationPage,
            },
        )

    def test_directory_lives_under_home_and_holds_every_kind(self):
        self.assertAllowedParentPageTypes(DirectoryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(DirectoryIndexPage, set(KINDS))

    def test_each_kind_lives_in_the_directory_and_has_no_children(self):
        for model in KINDS:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {DirectoryIndexPage})
                self.assertAllowedSubpageTypes(model, set())

    def test_listing_itself_cannot_be_created(self):
        self.assertFalse(Listing.is_creatable)
        self.assertEqual(set(Listing.kinds()), {*KINDS, ProjectPage})


class CreateThroughAdminTests(WagtailPageTestCase):
    """Editors can create every kind through the Wagtail admin's own form."""

    def setUp(self):
        self.home, self.directory = make_site()
        self.login()
        self.area = make_area("Canal Side")
        self.target = make_listing(PlacePage, title="Kiln Street Community Centre")

    def form_data(self, title, **extra):
        meets_at = RelationType.objects.get(name="meets at")
        return nested_form_data(
            {
                "title": title,
                "slug": "",
                "summary": "A friendly group.",
                "description": "Meets every week.",
                "tags": "food, older people",
                "offers": "meeting space",
                "needs": "volunteers",
                "address": "12 Kiln Street, London",
                "postcode": "NW5 1DJ",
                "area": self.area.pk,
                "location": "SRID=4326;POINT(-0.1441 51.5589)",
                "website": "",
                "email": "hello@example.org",
                "phone": "020 7946 0999",
                "visibility": "public",
                "external_id": "",
                "connections": inline_formset(
                    [{"relation_type": meets_at.pk, "target": self.target.pk, "strength": 2}]
                ),
                **extra,
            }
        )

    def test_every_kind_can_be_created_with_location_tags_and_a_connection(self):
        for model in KINDS:
            with self.subTest(model=model.__name__):
                title = f"New {model.kind}"
                extra = {}
                if model is ActivityPage:
                    extra["schedule"] = "First Saturday of the month, 2-4pm"
                    extra["sessions"] = inline_formset(
                        [
                            {
                                "weekday": 5,
                                "week_of_month": 1,
                                "starts_at": "14:00",
                                "ends_at": "16:00",
                            }
                        ]
                    )
                if model is PersonPage:
                    extra.update(consent_date="2026-02-01", consent_method="in-person")
                data = self.form_data(title, **extra)
                data["slug"] = f"new-{model.kind}"
                self.assertCanCreate(self.directory, model, data)
                created = model.objects.get(slug=f"new-{model.kind}")
                self.assertAlmostEqual(created.latitude, 51.5589)
                self.assertAlmostEqual(created.longitude, -0.1441)
                self.assertEqual(
                    sorted(t.name for t in created.tags.all()), ["food", "older people"]
                )
                self.assertEqual(created.connections.get().target_id, self.target.pk)
                if model is ActivityPage:
                    self.assertEqual(
                        str(created.sessions.get()), "First Saturday of the month 14:00–16:00"
                    )


class RenderingTests(WagtailPageTestCase):
    """Every page type renders for the public."""

    def setUp(self):
        self.home, self.directory = make_site()

    def test_home_and_directory_render(self):
        self.assertPageIsRenderable(self.home)
        self.assertPageIsRenderable(self.directory)

    def test_every_kind_renders(self):
        for model in KINDS:
            with self.subTest(model=model.__name__):
                listing = make_listing(model, lat_lng=(51.55, -0.14), tags=["food"])
                self.assertPageIsRenderable(listing)
                response = self.client.get(listing.url)
                self.assertContains(response, f"<h1>{listing.title}</h1>", html=True)
                self.assertContains(response, model.kind_label)
