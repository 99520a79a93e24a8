"""Projects: a listing with status, dates, outcomes and updates, and the project index."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.models import DirectoryIndexPage, GroupPage, Listing
from directory.visibility import Visibility
from localcommons.cache import invalidate
from localcommons.models import HomePage
from stories.demo import load_projects
from stories.models import ProjectIndexPage, ProjectOutcome, ProjectPage, ProjectUpdate
from tests.builders import connect, make_listing, make_project, make_site


class ProjectTreeTests(WagtailPageTestCase):
    """Projects live under the project index, not the directory."""

    def test_hierarchy(self):
        self.assertAllowedParentPageTypes(ProjectIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProjectIndexPage, {ProjectPage})
        self.assertAllowedParentPageTypes(ProjectPage, {ProjectIndexPage})
        self.assertCanNotCreateAt(DirectoryIndexPage, ProjectPage)

    def test_editors_create_a_project_and_dates_are_checked(self):
        make_site()
        project = make_project(title="Seed")
        index = project.get_parent()
        self.login()
        data = {
            "title": "Tool library",
            "slug": "tool-library",
            "summary": "Borrow, don't buy.",
            "description": "",
            "tags": "environment",
            "offers": "",
            "needs": "storage, volunteers",
            "address": "",
            "postcode": "",
            "location": "",
            "website": "",
            "email": "tools@example.org",
            "phone": "",
            "visibility": "public",
            "external_id": "",
            "status": "proposal",
            "start_date": "2026-07-01",
            "end_date": "2026-10-31",
            "body": "[]",
            "body-count": "0",
            "outcomes": inline_formset(
                [{"statement": "100 loans a month", "measure": "", "value": ""}]
            ),
            "updates": inline_formset([]),
            "connections": inline_formset([]),
        }
        self.assertCanCreate(index, ProjectPage, nested_form_data(data))
        created = ProjectPage.objects.get(slug="tool-library")
        self.assertEqual(created.outcomes.get().statement, "100 loans a month")

        data.update(slug="backwards", end_date="2026-01-01")
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["stories", "projectpage", index.pk]),
            nested_form_data(data),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The end date must be on or after the start date.")
        self.assertFalse(ProjectPage.objects.filter(slug="backwards").exists())


@pytest.fixture
def project(site_pages):
    project = make_project(
        title="Good Food Network",
        status="active",
        start_date=datetime.date(2024, 6, 1),
        needs=["drivers", "funding"],
        tags=["food"],
        lat_lng=(51.5498, -0.1329),
    )
    project.outcomes = [
        ProjectOutcome(statement="Shared van", measure="Car trips saved", value="4")
    ]
    project.updates = [
        ProjectUpdate(date=datetime.date(2025, 5, 1), text="The van is on the road.")
    ]
    project.save_revision().publish()
    larder = make_listing(GroupPage, title="Brickfield Larder")
    connect(project, larder, "partners with")
    return project


@pytest.mark.django_db
def test_project_page_shows_progress_outcomes_updates_and_partners(client, project):
    content = client.get(project.url).content.decode()
    assert "Active" in content and "happening now" in content
    assert "1 June 2024" in content
    assert "Car trips saved: 4" in content and "Shared van" in content
    assert "The van is on the road." in content
    assert "Partners with" in content and "Brickfield Larder" in content
    assert 'href="/directory/?needs=drivers"' in content  # needs link to the directory
    assert '<a href="/projects/">Projects</a>' in content  # the breadcrumb to its index


@pytest.mark.django_db
def test_projects_are_listings_in_the_directory(client, project):
    assert Listing.objects.publicly_located().filter(pk=project.pk).exists()
    response = client.get("/directory/?kind=project")
    assert [listing.title for listing in response.context["listings"]] == ["Good Food Network"]


@pytest.mark.django_db
def test_index_filters_by_status_topic_and_need(client, project):
    make_project(title="Meadow", status="completed", needs=["volunteers"], tags=["environment"])
    make_project(title="Secret plan", visibility=Visibility.HIDDEN, needs=["drivers"])
    index_url = project.get_parent().url

    def titles(query=""):
        return [p.title for p in client.get(index_url + query).context["projects"]]

    assert titles() == ["Good Food Network", "Meadow"]
    assert titles("?status=completed") == ["Meadow"]
    assert titles("?tag=food") == ["Good Food Network"]
    assert titles("?need=drivers") == ["Good Food Network"]
    content = client.get(index_url).content.decode()
    assert "What the statuses mean" in content and "gathering support" in content
    assert client.get(index_url + "?status=bogus").status_code == 200


@pytest.mark.django_db
def test_project_index_query_count_does_not_grow(client, site_pages):
    def add(n):
        for i in range(n):
            make_project(revision=False, tags=["food"], needs=["volunteers", f"need {i % 4}"])

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def count(url):
        """Queries with an empty cache (as after a publish), then with the page's entries warm."""
        invalidate()
        return queries(url), queries(url)

    add(10)
    urls = ["/projects/", "/projects/?need=volunteers", "/projects/?status=idea&tag=food"]
    client.get(urls[0])  # warm the per-process caches (content types, site root paths)
    small = {url: count(url) for url in urls}
    add(90)
    assert {url: count(url) for url in urls} == small


@pytest.mark.django_db
def test_demo_projects_load_with_their_connections(demo):
    assert ProjectPage.objects.live().count() == 6
    network = ProjectPage.objects.get(external_id="proj-good-food-network")
    assert network.status == "active" and network.outcomes.count() == 4
    assert network.incoming_connections.exists() and network.connections.exists()
    report = load_projects()
    assert (report.created, report.kept) == (0, 6)
