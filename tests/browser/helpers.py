"""Helpers shared by the browser tests."""

from directory.models import Listing


def listing_path(external_id):
    """The public path of the demo listing with this spreadsheet ID."""
    return Listing.objects.get(external_id=external_id).get_url()


MAX_TABS = 40


def focused(page):
    """A short description of the focused element: tag, id and accessible text."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
                    value: el.value ?? null};
        }"""
    )


def tab_to(page, predicate, key="Tab"):
    """Press Tab (or Shift+Tab) until the focused element satisfies predicate."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if predicate(focused(page)):
            return focused(page)
    raise AssertionError(f"{key} never reached the element; focus ended on {focused(page)}")


# The password of the admin users the browser tests make.
PASSWORD = "correct horse battery staple"


def log_in(page, server_url, user):
    """Sign in through the admin login form."""
    page.goto(server_url + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server_url + "/admin/")
