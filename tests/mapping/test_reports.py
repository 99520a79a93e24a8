"""Area reports on the demo: the isolated and who could reach them, tables as CSV, privacy."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils import WagtailPageTestCase

from directory.models import GroupPage, PersonPage
from directory.visibility import Visibility
from localcommons.models import HomePage
from mapping.demo import ensure_opportunity_pages
from mapping.models import ReportsPage
from mapping.network.build import rebuild
from tests.builders import connect, make_area, make_listing

HALL = (51.5474, -0.1460)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_mount_zion_is_isolated_and_the_report_says_who_could_reach_it(demo, client):
    soup = soup_of(client, "/reports/brickfield-south/")
    isolated = soup.select_one(".report-isolated")
    group = isolated.select_one(".isolated-list > li")
    assert group.a.get_text() == "Mount Zion Prayer Fellowship"
    reach = [li.get_text(" ", strip=True) for li in group.select(".reach-list li")]
    assert "The Kilnworkers' Charitable Trust , who offers funding, 200 m away" in reach
    assert any("who needs PA system" in line for line in reach)
    words = soup.select_one("#report-network-heading").find_parent("section").get_text(" ")
    assert "1 group has one connection or none: Mount Zion Prayer Fellowship." in words
    rows = csv_rows(client, "/reports/brickfield-south/csv/isolated/")
    assert rows[0] == ["Name", "Kind", "Connections", "Who could reach them"]
    assert rows[1][:3] == ["Mount Zion Prayer Fellowship", "Group", "0"]
    assert "The Kilnworkers' Charitable Trust (offers funding, 200 m away)" in rows[1][3]


def test_every_table_on_the_page_downloads_as_the_same_csv(demo, client):
    soup = soup_of(client, "/reports/canal-side/")
    links = soup.select(".report-table__download a")
    assert len(links) == 13  # ten of its own, three from the research
    for link in links:
        rows = csv_rows(client, link["href"])
        section = link.find_parent("section")
        table = section.select_one("table")
        if table is not None and not table.find_parent(class_="report-isolated"):
            header = [th.get_text(strip=True) for th in table.select("thead th")]
            assert rows[0] == header, link["href"]
            shown = [tr.th.get_text(strip=True) for tr in table.select("tbody tr")]
            assert [row[0] for row in rows[1 : len(shown) + 1]] == shown


def test_reports_opens_on_the_whole_neighbourhood_and_lists_the_areas(demo, client):
    soup = soup_of(client, "/reports/")
    names = [a.get_text() for a in soup.select(".report-list a")]
    assert names == ["Brickfield North", "Brickfield South", "Canal Side", "Gospel Oak Fields"]
    summary = soup.select_one("#summary-heading").find_parent("section").get_text(" ")
    assert "The neighbourhood has 82 public listings: 16 organisations," in summary
    assert "1 thing needed here is offered by nobody here: trustees." in summary
    unlocated = [tr.th.get_text(strip=True) for tr in soup.select("#table-unlocated ~ table tr")]
    assert {"North London Food Rescue", "Brickfield Mutual Aid", "Online English Club"} <= set(
        unlocated
    )
    gaps = {row[0]: row[-1] for row in csv_rows(client, "/reports/csv/needs/")[1:]}
    assert gaps["trustees"] == "nobody offers it" and gaps["meeting space"] == ""
    projects = soup.select_one("#table-projects").find_parent("section")
    assert "Brickfield Tool Library" in projects.get_text(" ")


def test_an_area_called_neighbourhood_or_with_no_latin_letters_has_its_report(client, site_pages):
    from directory.models import Area

    ensure_opportunity_pages()
    make_listing(GroupPage, title="Local", area=make_area("Neighbourhood"))
    Area.objects.create(name="東区")
    soup = soup_of(client, "/reports/")
    links = {a.get_text(): a["href"] for a in soup.select(".report-list a")}
    assert links["Neighbourhood"] == "/reports/neighbourhood/"
    assert links["東区"] != "/reports/" and soup_of(client, links["東区"])
    report = soup_of(client, "/reports/neighbourhood/")
    assert report.h1.get_text() == "Neighbourhood: area report"
    assert "Neighbourhood has 1 public listing: 1 group." in report.get_text(" ")


@pytest.mark.parametrize("url", ["/reports/nowhere/", "/reports/canal-side/csv/nothing/"])
def test_unknown_areas_and_tables_are_not_found(demo, client, url):
    assert client.get(url).status_code == 404


@pytest.fixture
def private_area(site_pages):
    """An area with a public group, a network-only person and a formula-like name."""
    area = make_area("Canal Side")
    group = make_listing(GroupPage, title="Towpath Group", lat_lng=HALL, area=area)
    person = make_listing(
        PersonPage,
        title="Quiet Person",
        visibility=Visibility.NETWORK_ONLY,
        email="quiet@example.org",
        address="2 Secret Street",
        area=area,
    )
    make_listing(GroupPage, title='=HYPERLINK("http://x.example")', area=area, needs=["=1+1"])
    connect(person, group, "volunteers with")
    ensure_opportunity_pages()
    rebuild()
    return area


def test_network_only_people_give_nothing_away_in_any_report(client, private_area):
    for url in ("/reports/canal-side/", "/reports/"):
        soup = soup_of(client, url)
        html = str(soup)
        assert "quiet@example.org" not in html and "2 Secret Street" not in html
        for link in soup.select(".report-table__download a"):
            text = client.get(link["href"]).content.decode()
            assert "quiet@example.org" not in text and "2 Secret Street" not in text
    # An area's report lists only listings whose details are public.
    area_report = client.get("/reports/canal-side/").content.decode()
    assert "Quiet Person" not in area_report


def test_csv_cells_never_become_formulas(client, private_area):
    rows = csv_rows(client, "/reports/canal-side/csv/unlocated/")
    assert ['\'=HYPERLINK("http://x.example")', "Group"] in rows
    needs = csv_rows(client, "/reports/canal-side/csv/needs/")
    assert needs[1][0] == "'=1+1"


def test_the_report_can_be_printed(demo, client):
    soup = soup_of(client, "/reports/brickfield-north/")
    button = soup.select_one("button[data-print]")
    assert button.get_text() == "Print or save as PDF" and button.has_attr("hidden")
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert any(src.endswith("js/print-button.js") for src in scripts)


class ReportsPageTreeTests(WagtailPageTestCase):
    def test_lives_once_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ReportsPage, {HomePage})
        self.assertAllowedSubpageTypes(ReportsPage, set())
        self.assertEqual(ReportsPage.max_count, 1)


def test_figures_in_words_agree_in_number():
    from mapping.reports.network import network_sentences
    from mapping.reports.tables import Table
    from mapping.reports.words import and_words, counted

    assert counted(1, "connection") == "1 connection" and counted(2, "person", "people") == (
        "2 people"
    )
    assert and_words(["a"]) == "a" and and_words(["a", "b", "c"]) == "a, b and c"
    clusters = Table("clusters", "Clusters", ["Cluster", "Here", "Size"])
    clusters.add(["ESOL, food", 1, 4])
    hub = {"label": "Hub", "degree": 1}
    sentences = network_sentences(2, 1, 1, [hub], clusters, [hub], area=object())
    assert sentences == [
        "Between them, these listings have 1 connection, and 1 connection with listings in "
        "other areas.",
        "The key connector is Hub (1 connection).",
        "The largest share (1) belongs to the cluster around “esol, food”.",
        "1 group has one connection or none: Hub.",
    ]
