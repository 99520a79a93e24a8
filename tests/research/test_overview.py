"""The research overview in the admin, and who may draft and moderate the research."""

import pytest

from research.models import ResearchIndexPage, WorkshopPage
from research.overview import ideas_by_status, needs_raised, workshops_by_area
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def test_figures_from_the_demo(demo):
    needs = {need.name: need for need in needs_raised()}
    assert needs["storage"].times == 3 and needs["storage"].workshops == 3
    assert needs["storage"].areas == ["Brickfield North", "Brickfield South", "Canal Side"]
    assert needs_raised()[0].name == "storage"
    assert dict(ideas_by_status()) == {"New": 2, "Discussed": 1, "Adopted": 1, "Parked": 1}
    assert [(area, count, people) for area, count, people, _ in workshops_by_area()] == [
        ("Brickfield North", 1, 23),
        ("Brickfield South", 1, 31),
        ("Canal Side", 1, 17),
    ]


def test_unpublished_workshops_do_not_count(demo):
    WorkshopPage.objects.get(slug="autumn-walkabout-along-the-canal").unpublish()
    assert "meeting space" not in {need.name for need in needs_raised()}
    assert [row[0] for row in workshops_by_area()] == ["Brickfield North", "Brickfield South"]


@pytest.mark.parametrize("role", ["Local researcher", "Workshop facilitator"])
def test_researchers_see_the_overview_and_draft_workshops(demo, client, role):
    user = make_user(role)
    client.force_login(user)
    html = client.get("/admin/research/overview/").content.decode()
    assert "3 workshops were held, with 71 people taking part." in html
    assert "Needs raised at workshops" in html and "Ideas by status" in html
    # The admin's menu is built by its script, from JSON: the address is there.
    assert "/admin/research/overview/" in client.get("/admin/").content.decode()
    permissions = ResearchIndexPage.objects.get().permissions_for_user(user)
    assert permissions.can_add_subpage() and not permissions.can_publish_subpage()


def test_community_organisers_do_not_see_the_overview(demo, client):
    client.force_login(make_user("Community organiser"))
    response = client.get("/admin/research/overview/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
