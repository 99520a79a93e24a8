"""Ids read from text: only whole numbers a database here could hold."""

import pytest
from django.urls import resolve

from localcommons.ids import MAX_ID, as_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("42", 42),
        (42, 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 40, None),
        ("0", None),
        ("-1", None),
        ("", None),
        (" 7", None),
        ("7.0", None),
        ("١٢", None),  # Arabic-Indic digits, which int() would read
        ("²", None),  # a superscript, which isdigit() admits and int() refuses
        ("0x10", None),
    ],
)
def test_as_id(text, expected):
    assert as_id(text) == expected


def test_an_id_path_part_matches_only_ids():
    assert resolve("/suggest/12/change/").kwargs == {"listing_id": 12}
    assert resolve(f"/suggest/{MAX_ID}/change/").kwargs == {"listing_id": MAX_ID}
    for path in [f"/suggest/{MAX_ID + 1}/change/", "/suggest/0/change/"]:
        # No match here leaves the path to Wagtail's pages, which have no such page.
        assert resolve(path).url_name != "suggest_change", path
