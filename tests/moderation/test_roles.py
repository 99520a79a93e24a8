"""The five roles: each can do its job and no more."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from directory.models import Area, GroupPage, RelationType
from moderation.roles import ROLES, WORKFLOW_NAME
from tests.builders import make_listing, make_project, make_story, make_user

ROLE_NAMES = [role.name for role in ROLES]


@pytest.fixture
def sections(site_pages):
    """A listing, a story and a project: one page in each section."""
    return {
        "listing": make_listing(GroupPage, title="A group"),
        "story": make_story(title="A story"),
        "project": make_project(title="A project"),
    }


def can(user, page, action):
    permissions = page.permissions_for_user(user)
    return {
        "edit": permissions.can_edit,
        "publish": permissions.can_publish,
        "add": permissions.can_add_subpage,
    }[action]()


# role → {(section, action): allowed}
EXPECTED = {
    "Local researcher": {
        ("listing", "edit"): True,
        ("story", "edit"): True,
        ("project", "edit"): False,
        ("listing", "publish"): False,
        ("story", "publish"): False,
    },
    "Workshop facilitator": {
        ("listing", "edit"): True,
        ("story", "edit"): True,
        ("project", "edit"): False,
        ("listing", "publish"): False,
    },
    "Mapping adviser": {
        ("listing", "edit"): True,
        ("story", "edit"): True,
        ("project", "edit"): False,
        ("listing", "publish"): False,
    },
    "Community organiser": {
        ("listing", "edit"): False,
        ("story", "edit"): False,
        ("project", "edit"): True,
        ("project", "publish"): False,
    },
    "Communication facilitator": {
        ("listing", "edit"): True,
        ("listing", "publish"): True,
        ("story", "publish"): True,
        ("project", "publish"): True,
    },
}


@pytest.mark.django_db
def test_the_migration_creates_the_five_roles_and_the_workflow():
    assert set(ROLE_NAMES) <= set(Group.objects.values_list("name", flat=True))
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Communication facilitator"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_NAMES)
def test_each_role_edits_and_publishes_only_its_sections(sections, role):
    user = make_user(role)
    for (section, action), allowed in EXPECTED[role].items():
        assert can(user, sections[section], action) is allowed, (section, action)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("Local researcher", set()),
        ("Workshop facilitator", set()),
        ("Mapping adviser", {"vocabularies", "import", "export"}),
        ("Community organiser", {"offers of help"}),
        ("Communication facilitator", {"suggestions", "offers of help", "submissions"}),
    ],
)
def test_model_permissions_per_role(site_pages, role, allowed):
    user = make_user(role)
    checks = {
        "vocabularies": user.has_perm("directory.change_relationtype")
        and user.has_perm("directory.add_area"),
        "import": user.has_perm("mapping.import_spreadsheets"),
        "export": user.has_perm("mapping.export_spreadsheets"),
        "suggestions": user.has_perm("moderation.publish_suggestion"),
        "offers of help": user.has_perm("stories.view_getinvolvedresponse"),
        "submissions": user.has_perm("moderation.view_listingsubmission"),
    }
    assert {name for name, granted in checks.items() if granted} == allowed
    assert user.has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("Mapping adviser", 200), ("Local researcher", 302), ("Communication facilitator", 302)],
)
def test_only_mapping_advisers_reach_the_spreadsheets(client, site_pages, role, status):
    client.force_login(make_user(role))
    assert client.get("/admin/spreadsheets/").status_code == status
    assert client.get("/admin/spreadsheets/import/").status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("Mapping adviser", 200), ("Local researcher", 302), ("Community organiser", 302)],
)
def test_only_mapping_advisers_edit_the_vocabularies(client, site_pages, role, status):
    client.force_login(make_user(role))
    area = Area.objects.create(name="Canal Side")
    assert client.get(f"/admin/snippets/directory/area/edit/{area.pk}/").status_code == status
    relation = RelationType.objects.get(name="meets at")
    url = f"/admin/snippets/directory/relationtype/edit/{relation.pk}/"
    assert client.get(url).status_code == status


@pytest.mark.django_db
def test_a_researcher_submits_for_approval_and_a_facilitator_publishes(client, site_pages):
    researcher = make_user("Local researcher")
    facilitator = make_user("Communication facilitator")
    directory = site_pages[1]
    client.force_login(researcher)
    response = client.post(
        f"/admin/pages/add/directory/grouppage/{directory.pk}/",
        {
            "title": "Allotment Society",
            "slug": "allotment-society",
            "visibility": "public",
            "connections-TOTAL_FORMS": "0",
            "connections-INITIAL_FORMS": "0",
            "connections-MIN_NUM_FORMS": "0",
            "connections-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        },
    )
    page = GroupPage.objects.get(title="Allotment Society")
    assert response.status_code == 302 and not page.live  # no right to publish
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": "Allotment Society",
            "slug": "allotment-society",
            "visibility": "public",
            "connections-TOTAL_FORMS": "0",
            "connections-INITIAL_FORMS": "0",
            "connections-MIN_NUM_FORMS": "0",
            "connections-MAX_NUM_FORMS": "1000",
            "action-submit": "submit",
        },
    )
    state = page.current_workflow_state
    assert state is not None and state.workflow.name == WORKFLOW_NAME
    task_state = state.current_task_state
    assert task_state.task.specific.get_actions(page, researcher) == []  # cannot approve it
    task_state.task.specific.on_action(task_state, facilitator, "approve")
    page.refresh_from_db()
    assert page.live


@pytest.mark.django_db
def test_a_person_without_consent_cannot_be_approved_only_rejected(site_pages):
    from directory.models import PersonPage

    facilitator = make_user("Communication facilitator")
    person = make_listing(
        PersonPage, live=False, revision=False, consent_date=None, consent_method=""
    )
    person.save_revision()
    Workflow.objects.get(name=WORKFLOW_NAME).start(person, user=None)
    task = person.current_workflow_state.current_task_state.task.specific
    assert [name for name, _label, _form in task.get_actions(person, facilitator)] == ["reject"]

    person.consent_date, person.consent_method = datetime.date(2026, 2, 1), "email"
    person.save_revision()
    names = {name for name, _label, _form in task.get_actions(person, facilitator)}
    assert names == {"reject", "approve"}
