"""The research in a real browser: ideas, offers to help and moderated conversations."""

import re

import pytest
from django_comments_xtd.models import XtdComment
from playwright.sync_api import expect

from research.models import IdeaPage, IdeaSubmission
from tests.browser.helpers import PASSWORD, focused, listing_path, log_in, tab_to
from tests.browser.test_accessibility import axe_violations, describe
from tests.builders import make_user

pytestmark = pytest.mark.browser

# Public forms refuse a post sent sooner than settings.PUBLIC_FORM_MIN_SECONDS (3) after showing.
FILL_TIME_MS = 3_500
IDEAS = "/research/ideas/"
NEW_IDEA = IDEAS + "new/"
CANAL_IDEA = IDEAS + "canal-clean-up-days/"
WORKSHOP = "/research/autumn-walkabout-along-the-canal/"
STORY = "/stories/a-tonne-of-things-mended/"
IDEA_TITLE = "A seed swap at the allotments"
COMMENTER = "Robin Wren"
COMMENTER_EMAIL = "robin.wren@example.org"
COMMENT = "The café mended my lamp too. Could it open on Saturdays?"
REQUIRED = "This field is required."
BAD_EMAIL = "Enter a valid email address."


def send(page, button):
    """Wait out the minimum fill time, then press the form's button and wait for the answer."""
    page.wait_for_timeout(FILL_TIME_MS)
    with page.expect_navigation():
        button.click()


def assert_no_violations(page, name):
    """axe-core finds nothing wrong on the page as it is now."""
    violations = axe_violations(page)
    assert not violations, f"axe violations on {name}:\n{describe(violations)}"


def error_summary(page):
    """The focused error summary, each of whose links leads to an element of the page."""
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_have_accessible_name("There is a problem")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    assert links.count(), "the summary links to no field"
    for href in [link.get_attribute("href") for link in links.all()]:
        assert href.startswith("#") and page.locator(href).count(), f"{href} leads nowhere"
    return summary


def summary_link_leads_to(page, summary, message, field):
    """The summary's link for message leads to field (the first element with its id), invalid."""
    link = summary.get_by_role("link", name=message).first
    assert page.locator(link.get_attribute("href")).first.evaluate(
        "(target, field) => target === field", field.element_handle()
    )
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(message) + r"$"))


def conversation(page):
    """The Conversation section under a page."""
    return page.get_by_role("region", name="Conversation")


def test_a_resident_adds_an_idea_offers_help_and_comments(demo_server, page, traffic):
    """The issue's journey: an idea waits for approval, help is counted, a comment is moderated."""
    facilitator = make_user("Communication facilitator", password=PASSWORD)

    # (a) A new idea goes to the moderators as a draft.
    page.goto(demo_server.url + IDEAS)
    with page.expect_navigation():
        page.get_by_role("link", name="Add your idea").click()
    assert page.url == demo_server.url + NEW_IDEA
    expect(page.get_by_role("heading", level=1)).to_have_text("Add your idea")
    page.get_by_label("Your idea in a few words").fill(IDEA_TITLE)
    page.get_by_label("Tell us more").fill("Swap seeds and cuttings every spring.")
    page.get_by_label(re.compile(r"^Where would it happen\?")).select_option(label="Canal Side")
    page.get_by_label("Your name").fill("Robin")
    page.get_by_label("Your email address").fill("robin.ideas@example.org")
    send(page, page.get_by_role("button", name="Send my idea"))
    assert page.url == demo_server.url + NEW_IDEA + "thanks/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your idea")
    expect(page.get_by_text(f"We have received “{IDEA_TITLE}”.")).to_be_visible()

    idea = IdeaPage.objects.get(title=IDEA_TITLE)
    assert not idea.live
    assert idea.workflow_in_progress
    assert idea.area.name == "Canal Side"
    assert IdeaSubmission.objects.get(idea=idea).email == "robin.ideas@example.org"
    assert page.request.get(demo_server.url + IDEAS + idea.slug + "/").status == 404
    page.goto(demo_server.url + IDEAS)
    expect(page.get_by_role("link", name=IDEA_TITLE)).to_have_count(0)

    # (b) "I'd help with this" on another idea counts one more person.
    page.goto(demo_server.url + CANAL_IDEA)
    supporters = page.locator(".idea__supporters")
    expect(supporters).to_have_text("3 people")
    support = page.get_by_role("region", name="I’d help with this")
    support.get_by_label("Your name").fill("Alex")
    support.get_by_label("Your email address").fill("alex.helps@example.org")
    send(page, support.get_by_role("button", name="I’d help with this"))
    assert page.url == demo_server.url + CANAL_IDEA + "?thanks=1"
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for offering to help")
    page.get_by_role("link", name="Back to Canal clean-up days").click()
    page.wait_for_url(demo_server.url + CANAL_IDEA)
    expect(supporters).to_have_text("4 people")
    expect(page.get_by_text("alex.helps@example.org")).to_have_count(0)

    # (c) A comment under a story waits for a moderator.
    page.goto(demo_server.url + STORY)
    talk = conversation(page)
    expect(talk.get_by_text("The café fixed my toaster")).to_be_visible()
    talk.get_by_label("Your name").fill(COMMENTER)
    talk.get_by_label("Your email address").fill(COMMENTER_EMAIL)
    talk.get_by_label("Your comment").fill(COMMENT)
    send(page, talk.get_by_role("button", name="Send comment"))
    assert re.fullmatch(
        re.escape(demo_server.url + STORY) + r"\?comment=sent&c=\d+#conversation", page.url
    )
    talk = conversation(page)
    expect(talk.get_by_role("status")).to_have_text(
        "Thank you. Your comment will appear here once a moderator has read it."
    )
    expect(talk.get_by_text(COMMENT)).to_have_count(0)
    expect(talk.get_by_text(COMMENTER)).to_have_count(0)
    comment = XtdComment.objects.get(user_email=COMMENTER_EMAIL)
    assert not comment.is_public and comment.comment == COMMENT
    traffic.assert_clean()

    # (d) A communication facilitator approves it in the admin, in a browser of their own.
    moderator = page.context.browser.new_context()
    moderator.route("**/*", traffic.handle_route)
    admin = moderator.new_page()
    admin.set_default_timeout(10_000)
    log_in(admin, demo_server.url, facilitator)
    admin.goto(demo_server.url + "/admin/conversations/?is_public=false")
    admin.get_by_role("link", name=COMMENTER).click()
    admin.wait_for_url(f"{demo_server.url}/admin/conversations/edit/{comment.pk}/")
    expect(admin.get_by_text(COMMENT)).to_be_visible()
    approved = admin.get_by_role("checkbox", name="Approved: shown on the site")
    expect(approved).not_to_be_checked()
    approved.check()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Save").click()
    moderator.close()
    comment.refresh_from_db()
    assert comment.is_public and not comment.is_removed

    # (e) The resident opens the story again: the comment is there, the email nowhere.
    page.goto(demo_server.url + STORY)
    talk = conversation(page)
    expect(talk.get_by_role("status")).to_have_count(0)
    expect(talk.get_by_text(COMMENT)).to_be_visible()
    expect(talk.get_by_text(COMMENTER, exact=True)).to_be_visible()
    assert COMMENTER_EMAIL not in page.content()
    traffic.assert_clean()


PAGES = {
    "the research": ("/research/", ".card--workshop"),
    "a workshop": (WORKSHOP, "#conversation"),
    "the ideas": (IDEAS, ".card--idea"),
    "an idea": (CANAL_IDEA, "#support"),
    "add your idea": (NEW_IDEA, "form"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_research_pages_have_no_axe_violations(name, demo_server, page, traffic):
    """Each research page passes axe-core as it first shows."""
    path, ready = PAGES[name]
    page.goto(demo_server.url + path)
    expect(page.locator(ready).first).to_be_visible()
    assert_no_violations(page, name)
    traffic.assert_clean()


def test_an_empty_idea_is_summarised_field_by_field(demo_server, page, traffic):
    """The idea form sent empty names each missing answer and leads to its field."""
    page.goto(demo_server.url + NEW_IDEA)
    send(page, page.get_by_role("button", name="Send my idea"))

    summary = error_summary(page)
    expect(summary.get_by_role("link")).to_have_count(4)
    expect(page).to_have_title(re.compile(r"^Error: Add your idea"))
    for label in ["Your idea in a few words", "Tell us more", "Your name", "Your email address"]:
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(REQUIRED) + r"$"))
    summary_link_leads_to(page, summary, REQUIRED, page.get_by_label("Your idea in a few words"))
    assert not IdeaPage.objects.filter(live=False).exists()
    assert_no_violations(page, "the idea form's errors")
    traffic.assert_clean()


def test_offering_help_with_a_bad_email_is_summarised(demo_server, page, traffic):
    """ "I'd help with this" with a bad email says so, keeps what was typed and counts nobody."""
    page.goto(demo_server.url + CANAL_IDEA)
    support = page.get_by_role("region", name="I’d help with this")
    support.get_by_label("Your name").fill("Alex")
    support.get_by_label("Your email address").fill("alex at example.org")
    send(page, support.get_by_role("button", name="I’d help with this"))

    summary = error_summary(page)
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(page).to_have_title(re.compile(r"^Error: Canal clean-up days"))
    support = page.get_by_role("region", name="I’d help with this")
    email = support.get_by_label("Your email address")
    summary_link_leads_to(page, summary, BAD_EMAIL, email)
    expect(email).to_have_value("alex at example.org")
    expect(page.locator(".idea__supporters")).to_have_text("3 people")
    assert_no_violations(page, "the offer of help's errors")
    traffic.assert_clean()


def test_an_empty_comment_is_shown_again_with_its_error(demo_server, page, traffic):
    """A comment sent empty comes back on the preview page, its error leading to the box."""
    page.goto(demo_server.url + STORY)
    talk = conversation(page)
    talk.get_by_label("Your name").fill(COMMENTER)
    talk.get_by_label("Your email address").fill(COMMENTER_EMAIL)
    send(page, talk.get_by_role("button", name="Send comment"))

    assert page.url == demo_server.url + "/comments/post/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your comment on A tonne of things mended"
    )
    summary = error_summary(page)
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(page).to_have_title(re.compile(r"^Error: your comment on "))
    summary_link_leads_to(page, summary, REQUIRED, page.get_by_role("textbox", name="Your comment"))
    expect(page.get_by_label("Your name")).to_have_value(COMMENTER)
    assert not XtdComment.objects.filter(user_email=COMMENTER_EMAIL).exists()
    assert_no_violations(page, "the comment's errors")
    traffic.assert_clean()


def test_the_filter_and_add_your_idea_are_reached_with_tab(demo_server, page, traffic):
    """From the top of the ideas, Tab alone reaches "Add your idea" and the status filter."""
    page.goto(demo_server.url + IDEAS)
    add = tab_to(page, lambda el: el["tag"] == "a" and el["text"] == "Add your idea")
    assert add["text"] == "Add your idea"
    status = tab_to(page, lambda el: el["tag"] == "select" and el["id"] == "id_status")
    assert status["value"] == ""
    expect(page.get_by_role("combobox", name="Status")).to_be_focused()
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Show ideas"
    traffic.assert_clean()


# Pages with a conversation under another public form.
TWO_FORMS = {
    "an idea": lambda: CANAL_IDEA,
    "a project": lambda: listing_path("proj-good-food-network"),
}


@pytest.mark.parametrize("name", list(TWO_FORMS))
def test_a_page_with_two_forms_repeats_no_id(name, demo_server, page, traffic):
    """The conversation's form and the page's own form give their fields ids of their own."""
    page.goto(demo_server.url + TWO_FORMS[name]())
    repeated = page.evaluate(
        """() => {
            const ids = [...document.querySelectorAll("[id]")].map(el => el.id);
            return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
        }"""
    )
    assert not repeated, f"ids used more than once on {name}: {repeated}"
    talk = conversation(page)
    expect(talk.get_by_role("textbox", name="Your email address")).to_have_count(1)
    traffic.assert_clean()
