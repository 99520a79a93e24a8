"""Information pages: the accessibility statement, linked from every page's footer."""

from bs4 import BeautifulSoup
from wagtail.test.utils import WagtailPageTestCase

from localcommons.demo import ensure_accessibility_statement
from localcommons.models import HomePage, InformationPage


def test_every_page_links_to_the_accessibility_statement(client, site_pages):
    page, created = ensure_accessibility_statement()
    assert created and not ensure_accessibility_statement()[1]  # added once only
    for url in ("/", "/directory/", page.url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        links = soup.select('.site-footer nav[aria-label="About this site"] a')
        assert [(a.get_text(), a["href"]) for a in links] == [
            ("Accessibility statement", "/accessibility/")
        ]
        menu = [a.get_text() for a in soup.select(".site-nav a")]
        assert "Accessibility statement" not in menu
    soup = BeautifulSoup(client.get("/accessibility/").content, "html.parser")
    assert soup.h1.get_text() == "Accessibility statement"
    assert "WCAG) 2.2 at level AA" in soup.get_text(" ")
    reviewed = soup.select_one(".information__reviewed").get_text()
    assert reviewed == "Last reviewed on 24 November 2026."


def test_an_unpublished_information_page_is_not_linked(client, site_pages):
    page, _created = ensure_accessibility_statement()
    page.unpublish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert not soup.select('.site-footer nav[aria-label="About this site"]')


class InformationPageTreeTests(WagtailPageTestCase):
    def test_lives_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(InformationPage, {HomePage})
        self.assertAllowedSubpageTypes(InformationPage, set())
