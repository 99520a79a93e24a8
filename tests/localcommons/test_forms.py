"""The filter forms every public page shares."""

from bs4 import BeautifulSoup
from django import forms

from localcommons.forms import FilterForm, FilterSelect


class TopicForm(FilterForm):
    topic = forms.ChoiceField(label="Topic", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hostile = ('"><x', "<b>Bold</b>")
        self.fields["topic"].choices = [("", "All topics"), ("food", "Food"), hostile]


def options(form):
    soup = BeautifulSoup(str(form["topic"]), "html.parser")
    return [(o["value"], o.get_text(), o.has_attr("selected")) for o in soup.select("option")]


def test_menus_are_filter_selects_escaping_values_and_labels():
    form = TopicForm({"topic": '"><x'})
    assert isinstance(form.fields["topic"].widget, FilterSelect)
    assert options(form) == [
        ("", "All topics", False),
        ("food", "Food", False),
        ('"><x', "<b>Bold</b>", True),
    ]
    assert "<b>" not in str(form["topic"]) and "<x" not in str(form["topic"])


def test_a_bad_value_is_reported_on_the_menu_and_nothing_is_selected():
    form = TopicForm({"topic": "dragons"})
    assert form.filters() == {}
    select = BeautifulSoup(str(form["topic"]), "html.parser").select_one("select")
    assert select["aria-invalid"] == "true" and select["id"] == "id_topic"
    assert not any(selected for *_rest, selected in options(form))
