"""Every public form, fed generated input: never a server error, never anything published.

The four forms anyone may send without an account ("Add your group", "Suggest a change",
"Suggest a connection" and a project's "get involved") get hypothesis-made posts: valid
posts with some answers replaced by hostile text (control characters, NUL, very long
strings, HTML and script tags, links, impossible numbers), keys missing or repeated, and
keys the form has never heard of. Whatever comes in:

- the answer is a page with the form again (200), the thanks page (302), a 404 for a
  listing the public may not see, or a 429 once a client has sent too many; never a 500;
- nothing goes live: the live pages (and their live revisions) and live suggestions are
  the same before and after, and anything stored waits in the approval workflow;
- nothing stored holds markup: every text is plain (a further test puts markup, and only
  markup, into each form's text boxes, so that most of its posts are valid and stored).

Inputs that once broke a form are kept as explicit @example cases, so they are always
tried. The rate limit is lifted for the per-form tests (one client sends every example) and
tested on its own at the end, with the clock held still so a minute cannot turn over.
"""

import re
import time
import types
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.cache import cache
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Page, WorkflowState

from directory.models import Connection, GroupPage, Listing, PersonPage, PlacePage, RelationType
from moderation.demo import ensure_add_listing_page
from moderation.models import ListingSubmission, Suggestion, SuggestionKind
from stories.models import GetInvolvedResponse
from tests.builders import connect, make_listing, make_project, shown_token
from tests.moderation.conftest import group_form

FUZZ = hypothesis_settings(
    max_examples=50,
    deadline=None,
    database=None,  # no .hypothesis folder left in the project
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the db and client are shared on purpose
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
LIFTED = 10**9  # a rate limit no test reaches

# Markup a browser would act on: a tag, an end tag, a comment or a processing instruction.
MARKUP = re.compile(r"<(?:[A-Za-z]|/[A-Za-z]|!|\?)")
MULTIPART_SAFE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


# --- Strategies -------------------------------------------------------------------------

# Any character HTTP can carry: control characters and NUL included, lone surrogates not
# (they cannot be encoded as UTF-8, so no browser can send them).
any_char = st.characters(exclude_categories=("Cs",))
any_text = st.text(any_char, max_size=40)

HTML = [
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "<a href='https://evil.example'>click</a>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)",
    "<iframe src=//evil.example>",
    "<scr<script>ipt>alert(1)</script>",
    "<<b>b>",
    "</p>",
    "</div",
    "<!-- hidden -->",
    "<!--",
    "<?php echo 1 ?>",
    "a<b",
    "x <y",
    "<svg/onload=alert(1)>",
    "&lt;b&gt;",
    "<",
    ">",
    "&",
    '"',
    "'",
]
LINKS = [
    "https://a.example",
    "http://b.example/path?q=1",
    "www.c.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://d.example/<script>",
    "ftp://e.example",
    "//f.example",
    "https://" + "g" * 300 + ".example",
]
NUMBERS = [
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "91",
    "-91",
    "181",
    "-181",
    "0",
    "-0",
    "51.5512",
    "-0.1315",
    "51,5512",
    " 51.5 ",
    "0x10",
    "1_000",
    "9" * 400,
    "9" * 5000,
    "",
]
# Valid to Django's EmailField, markup included: a quoted name may hold < and >.
EMAILS = ["a@example.org", "not-an-email", "a@b", "a@b.c<script>", '"<script>"@example.org']
WORDS = ["Canal Side Knitters", "Taken Group", "taken group", "Kiln Street Hall", "NW5 1DJ"]

piece = st.one_of(
    any_text,
    st.sampled_from(HTML),
    st.sampled_from(LINKS),
    st.sampled_from(NUMBERS),
    st.sampled_from(WORDS),
    st.sampled_from(["\x00", "\r\n", "\t", "\u202e", "\ufeff", "\U0001f600", "é", "\u0000<b>"]),
)
hostile_text = st.one_of(
    st.lists(piece, max_size=4).map("".join),
    # Very long: a piece repeated past every max_length (below the request size limit).
    st.tuples(piece.filter(bool), st.integers(50, 4000))
    .map(lambda pair: pair[0] * pair[1])
    .map(lambda text: text[:12000]),
)
numberish = st.one_of(
    st.sampled_from(NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers().map(str),
    hostile_text,
)


def value(strategy=hostile_text):
    """One answer: usually a string, sometimes a list (the key sent several times)."""
    return st.one_of(strategy, strategy, strategy, st.lists(strategy, max_size=3))


started = st.one_of(
    st.builds(shown_token),  # shown a minute ago: passes the time check
    st.builds(shown_token),
    st.builds(shown_token),
    st.builds(shown_token, st.sampled_from([0, 1, -3600, 10**9])),
    st.just(""),
    hostile_text,
    st.builds(lambda: shown_token()[:-3] + "abc"),  # forged signature
)
honeypot = st.one_of(st.none(), st.none(), st.none(), st.none(), value())


@st.composite
def post_data(draw, base, fields):
    """A post made from a valid one: answers replaced, dropped, added; honeypot; token.

    base: the valid post (or a strategy for one); fields: {name: strategy} for the form's
    own fields, any of which may also get hostile text.
    """
    data = dict(draw(base) if isinstance(base, st.SearchStrategy) else base)
    for name in draw(st.sets(st.sampled_from(sorted(fields)), max_size=len(fields))):
        data[name] = draw(value(st.one_of(fields[name], hostile_text)))
    for name in draw(st.sets(st.sampled_from(sorted(data)), max_size=3)):
        data.pop(name)
    data.update(draw(st.dictionaries(any_text, value(), max_size=3)))
    token = draw(st.one_of(st.none(), st.none(), started))
    if token is not None:
        data["started"] = token
    trap = draw(honeypot)
    if trap is not None:
        data["homepage"] = trap
    return data, draw(st.booleans())


# --- Posting and checking ---------------------------------------------------------------


def send(client, url, data, multipart):
    """Post data as a browser would: multipart when the keys allow it, else urlencoded."""
    cache.clear()  # the rate limit and the cached topic menu start afresh every example
    if multipart and all(MULTIPART_SAFE_KEY.match(key) for key in data):
        response = client.post(url, data)
    else:
        response = client.post(
            url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
        )
    return response


def last(data, key):
    """What request.POST.get(key) gives: the last value sent, None if none was."""
    sent = data.get(key)
    if isinstance(sent, list):
        return sent[-1] if sent else None
    return sent


def is_spam(data):
    return bool(last(data, "homepage"))


def published():
    """Everything public: live pages with their live revision, and live suggestions."""
    return (
        set(Page.objects.live().values_list("pk", "live_revision_id")),
        set(Suggestion.objects.filter(live=True).values_list("pk", flat=True)),
    )


def all_connections():
    return set(Connection.objects.values_list("pk", "source_id", "target_id", "relation_type_id"))


def in_workflow(obj):
    """True when obj waits in an approval workflow that is still in progress."""
    return WorkflowState.objects.filter(
        base_content_type=obj.get_base_content_type(),
        object_id=str(obj.pk),
        status=WorkflowState.STATUS_IN_PROGRESS,
    ).exists()


def assert_plain(*texts):
    for text in texts:
        assert not MARKUP.search(str(text or "")), f"markup kept: {text!r}"


def listing_texts(listing):
    """Every text a submitted listing and its private submission hold."""
    submission = ListingSubmission.objects.get(listing=listing)
    return [
        listing.title,
        listing.summary,
        listing.description,
        listing.address,
        listing.postcode,
        listing.website,
        listing.email,
        listing.phone,
        submission.name,
        submission.email,
        submission.phone,
        *(tag.name for tag in listing.tags.all()),
        *(tag.name for tag in listing.offers.all()),
        *(tag.name for tag in listing.needs.all()),
    ]


def suggestion_texts(suggestion):
    return [suggestion.name, suggestion.email, suggestion.message, *suggestion.changes.values()]


def offer_texts(offer):
    return [offer.name, offer.email, offer.other_help]


def new_suggestions(before):
    return list(Suggestion.objects.exclude(pk__in=before))


def check_suggestion(response, data, listing, before_ids, thanks):
    """The common checks for both suggestion forms; the new suggestion, if any."""
    created = new_suggestions(before_ids)
    if response.status_code != 302 or is_spam(data):
        assert created == []
        return None
    assert response["Location"] == thanks
    (suggestion,) = created
    assert suggestion.listing_id == listing.pk
    assert not suggestion.live and suggestion.live_revision_id is None
    assert in_workflow(suggestion)
    assert_plain(*suggestion_texts(suggestion))
    return suggestion


# --- Add your group ---------------------------------------------------------------------

KINDS = ["group", "organisation", "activity", "place", "asset", "person", "project", "story"]
ADD_FIELDS = {
    "kind": st.sampled_from([*KINDS, "", "GROUP", " group"]),
    "name": st.sampled_from(WORDS),
    "summary": hostile_text,
    "description": hostile_text,
    "topics": st.sampled_from(["gardening", "Gardening", "bogus"]),
    "other_topics": st.lists(piece, max_size=15).map(", ".join),
    "offers": st.lists(piece, max_size=15).map(",".join),
    "needs": st.lists(piece, max_size=15).map(",".join),
    "address": hostile_text,
    "postcode": st.sampled_from(["NW5 1DJ", "nw51dj", "EC1A 1BB", "12345", "NW5", "nw5 1dj "]),
    "latitude": numberish,
    "longitude": numberish,
    "website": st.sampled_from(LINKS),
    "public_email": st.sampled_from(EMAILS),
    "public_phone": hostile_text,
    "contact_name": hostile_text,
    "contact_email": st.sampled_from(EMAILS),
    "contact_phone": hostile_text,
    "consent": st.sampled_from(["on", "", "off", "false", "0", "1", "true"]),
}


@pytest.fixture
def add_your_group(site_pages, settings):
    settings.RATELIMIT_PER_MINUTE = LIFTED
    # A live group whose name is taken, and whose topic is on the form's menu.
    make_listing(GroupPage, title="Taken Group", tags=["gardening"])
    return ensure_add_listing_page()


@pytest.mark.django_db
def test_add_your_group_never_fails_and_never_publishes(client, add_your_group):
    @FUZZ
    @given(post_data(group_form(), ADD_FIELDS))
    # Found by this test: strip_tags left "<?" (and "a<b", "<img src=x onerror=…") in place.
    @example((group_form(address="<?"), False))
    # Found by this test: URLField keeps "<" in a path, EmailField in a quoted name.
    @example((group_form(website="d.example/<script>", public_email=EMAILS[-1]), False))
    @example((group_form(contact_email=EMAILS[-1]), False))
    # Found by this test: 50 "<" in a tag left open for 1,000 characters made strip_tags raise
    # SuspiciousOperation, a bare 400 page.
    @example((group_form(name=("0" * 19 + "<A") * 60), False))
    def check(sent):
        data, multipart = sent
        before, listings = published(), set(Listing.objects.values_list("pk", flat=True))

        response = send(client, add_your_group.url, data, multipart)

        assert response.status_code in (200, 302)
        assert published() == before
        created = list(Listing.objects.exclude(pk__in=listings).specific())
        if response.status_code == 200:
            assert "There is a problem" in response.content.decode()
        if response.status_code == 200 or is_spam(data):
            assert created == []
            return
        assert response["Location"] == "/add-your-group/thanks/"
        (listing,) = created
        assert not listing.live and listing.live_revision_id is None
        assert listing.get_parent().slug == "directory"
        assert in_workflow(listing)
        assert ListingSubmission.objects.get(listing=listing).consent_to_publish
        assert_plain(*listing_texts(listing))

    check()


# --- Suggest a change and Suggest a connection ------------------------------------------


@pytest.fixture
def listings(site_pages, settings):
    """Listings of every visibility, and ids that name no listing the public may see."""
    settings.RATELIMIT_PER_MINUTE = LIFTED
    hall = make_listing(
        PlacePage, title="Kiln Street Hall", phone="020 7946 0001", postcode="NW5 1DJ"
    )
    cafe = make_listing(PlacePage, title="Corner Cafe", website="https://cafe.example")
    joy = make_listing(
        PersonPage, title="Joy", email="joy@private.example", visibility="network-only"
    )
    hidden = make_listing(PlacePage, title="Hidden Shed", visibility="hidden")
    draft = make_listing(PlacePage, title="Draft Hut", live=False, revision=False)
    connect(hall, cafe, "meets at")
    missing = Listing.objects.order_by("-pk").first().pk + 1000
    return types.SimpleNamespace(
        shown=[hall, cafe, joy], unseen=[hidden.pk, draft.pk, missing, 0, 2**63, 10**30]
    )


@st.composite
def suggestion_posts(draw, listings, what, base, fields):
    """(listing, url, data, multipart): a post to a shown listing's form, or to the form of
    one the public may not see (listing None: a 404)."""
    target = draw(st.one_of(st.sampled_from(listings.shown), st.sampled_from(listings.unseen)))
    listing = target if isinstance(target, Listing) else None
    data, multipart = draw(post_data(base, fields))
    return listing, f"/suggest/{getattr(target, 'pk', target)}/{what}/", data, multipart


CHANGE_FIELDS = {
    "closed": st.sampled_from(["on", "", "true", "false", "0", "1"]),
    "title": st.sampled_from(WORDS),
    "summary": hostile_text,
    "address": hostile_text,
    "postcode": ADD_FIELDS["postcode"],
    "website": st.sampled_from(LINKS),
    "email": ADD_FIELDS["public_email"],
    "phone": hostile_text,
    "message": hostile_text,
    "your_name": hostile_text,
    "your_email": ADD_FIELDS["contact_email"],
}
SUGGESTER = {"your_name": "Pat", "your_email": "pat@example.org", "started": shown_token()}
CHANGE = {**SUGGESTER, "phone": "020 7946 0999", "message": "It moved."}
HOSTILE_CHANGE = {
    **CHANGE,
    "website": "https://d.example/<script>",
    "email": EMAILS[-1],
    "your_email": EMAILS[-1],
}


@pytest.mark.django_db
def test_suggest_a_change_never_fails_and_never_publishes(client, listings):
    @FUZZ
    @given(suggestion_posts(listings, "change", CHANGE, CHANGE_FIELDS))
    # Found by this test: an id past 64 bits in the URL was a 500 (OverflowError on SQLite).
    @example((None, f"/suggest/{2**63}/change/", CHANGE, False))
    # Found by this test: URLField keeps "<" in a path, EmailField in a quoted name.
    @example((listings.shown[0], f"/suggest/{listings.shown[0].pk}/change/", HOSTILE_CHANGE, False))
    def check(sent):
        listing, url, data, multipart = sent
        before, suggestions = published(), set(Suggestion.objects.values_list("pk", flat=True))
        shown_before = listing and Listing.objects.get(pk=listing.pk).specific

        response = send(client, url, data, multipart)

        assert response.status_code in ((200, 302) if listing else (404,))
        assert published() == before
        if listing is None:
            assert new_suggestions(suggestions) == []
            return
        thanks = f"/suggest/{listing.pk}/thanks/"
        suggestion = check_suggestion(response, data, listing, suggestions, thanks)
        after = Listing.objects.get(pk=listing.pk).specific
        assert (after.title, after.phone, after.website, after.latest_revision_id) == (
            shown_before.title,
            shown_before.phone,
            shown_before.website,
            shown_before.latest_revision_id,
        )
        if suggestion is not None:
            assert suggestion.kind in (SuggestionKind.CHANGE, SuggestionKind.CLOSED)
            assert set(suggestion.changes) <= set(CHANGE_FIELDS)

    check()


@pytest.mark.django_db
def test_suggest_a_connection_never_fails_and_never_publishes(client, listings):
    relation_ids = list(RelationType.objects.values_list("pk", flat=True))
    assert relation_ids
    listing_ids = [shown.pk for shown in listings.shown] + listings.unseen
    ids = st.one_of(
        st.sampled_from([str(pk) for pk in listing_ids]),
        st.sampled_from(["", "-1", "1.0", " 1", "1e3", "null", "9" * 19, "9" * 30, "9" * 5000]),
        # Digits int() reads (Arabic-Indic, mathematical) and "digits" it does not (², ①).
        st.sampled_from(["١٢", "𝟗", "0" * 30 + "1", "²", "³", "①", "²³", "Ⅻ"]),
    )
    connection_fields = {
        "relation_type": st.one_of(st.sampled_from([str(pk) for pk in relation_ids]), ids),
        "other_listing": ids,
        "message": hostile_text,
        "your_name": hostile_text,
        "your_email": CHANGE_FIELDS["your_email"],
        # The search for the other listing, by name.
        "q": st.one_of(st.sampled_from(["Corner", "joy", "Hidden", "Draft", "%", "_", "'"]), piece),
    }

    base = st.fixed_dictionaries(
        {
            "relation_type": st.one_of(st.sampled_from(relation_ids).map(str), ids),
            "other_listing": st.one_of(
                st.sampled_from(listings.shown).map(lambda o: str(o.pk)), ids
            ),
        }
    ).map(lambda ids: {**SUGGESTER, **ids})
    hall, _cafe, joy = listings.shown
    url = f"/suggest/{hall.pk}/connection/"
    valid = {**SUGGESTER, "relation_type": str(relation_ids[0]), "other_listing": str(joy.pk)}

    @FUZZ
    @given(suggestion_posts(listings, "connection", base, connection_fields))
    # Found by this test: a 19-digit id made ModelChoiceField raise OverflowError on SQLite.
    @example((hall, url, {**valid, "other_listing": "9" * 19}, False))
    # Found by this test: "²" passes str.isdigit() but not int().
    @example((hall, url, {**valid, "other_listing": "²"}, False))
    def check(sent):
        listing, url, data, multipart = sent
        before, suggestions = published(), set(Suggestion.objects.values_list("pk", flat=True))
        connections = all_connections()

        response = send(client, url, data, multipart)

        assert response.status_code in ((200, 302) if listing else (404,))
        assert published() == before
        if listing is None:
            assert new_suggestions(suggestions) == []
            return
        thanks = f"/suggest/{listing.pk}/thanks/"
        suggestion = check_suggestion(response, data, listing, suggestions, thanks)
        assert all_connections() == connections  # nothing on the map changes before approval
        if suggestion is not None:
            assert suggestion.kind == SuggestionKind.CONNECTION
            shown = {other.pk for other in listings.shown} - {listing.pk}
            assert suggestion.other_listing_id in shown
            assert suggestion.relation_type_id in relation_ids

    check()


# --- A project's "get involved" ---------------------------------------------------------


@pytest.fixture
def project(site_pages, settings):
    settings.RATELIMIT_PER_MINUTE = LIFTED
    return make_project(
        title="Good Food Network", needs=["drivers", "storage"], email="food@example.org"
    )


INVOLVED = {
    "name": "Sam Volunteer",
    "email": "sam@example.org",
    "help_with": ["drivers"],
    "other_help": "I have a van licence.",
    "consent": "on",
    "started": shown_token(),
}
INVOLVED_FIELDS = {
    "name": hostile_text,
    "email": CHANGE_FIELDS["your_email"],
    "help_with": st.sampled_from(["drivers", "storage", "Drivers", "bribes", ""]),
    "other_help": hostile_text,
    "consent": ADD_FIELDS["consent"],
}


@pytest.mark.django_db
def test_get_involved_never_fails_and_never_publishes(client, project):
    @FUZZ
    @given(post_data(INVOLVED, INVOLVED_FIELDS))
    # Found by this test: EmailField keeps < and > in a quoted name.
    @example(({**INVOLVED, "email": EMAILS[-1]}, False))
    def check(sent):
        data, multipart = sent
        before, offers = published(), set(GetInvolvedResponse.objects.values_list("pk", flat=True))
        mail.outbox.clear()

        response = send(client, project.url, data, multipart)

        assert response.status_code in (200, 302)
        assert published() == before
        created = list(GetInvolvedResponse.objects.exclude(pk__in=offers))
        if response.status_code == 200 or is_spam(data):
            assert created == [] and mail.outbox == []
            return
        assert response["Location"] == f"{project.url}?thanks=1"
        (offer,) = created
        assert offer.project_id == project.pk and offer.consent
        assert set(offer.help_with) <= {"drivers", "storage"}
        assert_plain(*offer_texts(offer))
        assert [message.to for message in mail.outbox] == [["food@example.org"]]

    check()


# --- Markup in otherwise valid posts -----------------------------------------------------

# Text made to look like markup: real tags, tags left open, comments, and runs of the
# characters tags are made of.
markup_text = st.lists(
    st.one_of(
        st.sampled_from(HTML),
        st.text(st.sampled_from("<>/!?-=\"' abAZ\n"), max_size=12),
        any_text,
    ),
    min_size=1,
    max_size=6,
).map("".join)


def add_your_group_form(request):
    page = request.getfixturevalue("add_your_group")
    fields = ["name", "summary", "description", "other_topics", "offers", "needs", "address"]
    fields += ["public_phone", "contact_name", "contact_phone"]
    return page.url, group_form(), fields, Listing, lambda new: listing_texts(new.specific)


def suggest_change_form(request):
    hall = request.getfixturevalue("listings").shown[0]
    fields = ["title", "summary", "address", "phone", "message", "your_name"]
    return f"/suggest/{hall.pk}/change/", CHANGE, fields, Suggestion, suggestion_texts


def suggest_connection_form(request):
    hall, _cafe, joy = request.getfixturevalue("listings").shown
    relation = RelationType.objects.order_by("pk").first()
    base = {**SUGGESTER, "relation_type": str(relation.pk), "other_listing": str(joy.pk)}
    url = f"/suggest/{hall.pk}/connection/"
    return url, base, ["message", "your_name"], Suggestion, suggestion_texts


def get_involved_form(request):
    project = request.getfixturevalue("project")
    url = project.url
    return url, INVOLVED, ["name", "other_help"], GetInvolvedResponse, offer_texts


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form",
    [add_your_group_form, suggest_change_form, suggest_connection_form, get_involved_form],
    ids=["add your group", "suggest a change", "suggest a connection", "get involved"],
)
def test_text_is_stored_without_markup(client, request, form):
    url, base, text_fields, model, texts_of = form(request)

    @hypothesis_settings(FUZZ, max_examples=25)
    @given(
        st.dictionaries(st.sampled_from(text_fields), markup_text, min_size=1),
        st.booleans(),
    )
    def check(markup, multipart):
        data = {**base, **markup, "started": shown_token()}
        before, stored = published(), set(model.objects.values_list("pk", flat=True))

        response = send(client, url, data, multipart)

        assert response.status_code in (200, 302)
        assert published() == before
        created = list(model.objects.exclude(pk__in=stored))
        assert len(created) == (response.status_code == 302)
        for new in created:
            assert_plain(*texts_of(new))

    check()


# --- The rate limit, shared by every public form ----------------------------------------


@pytest.mark.django_db
def test_every_post_after_the_fifth_in_a_minute_gets_429(
    client, add_your_group, listings, project, settings, monkeypatch
):
    settings.RATELIMIT_PER_MINUTE = 5
    hall = listings.shown[0]
    forms = [
        (add_your_group.url, group_form(), ADD_FIELDS),
        (f"/suggest/{hall.pk}/change/", {**SUGGESTER, "phone": "1"}, CHANGE_FIELDS),
        (project.url, INVOLVED, INVOLVED_FIELDS),
    ]
    post = st.sampled_from(forms).flatmap(
        lambda form: post_data(form[1], form[2]).map(lambda sent: (form[0], *sent))
    )

    @hypothesis_settings(FUZZ, max_examples=15)
    @given(st.lists(post, min_size=6, max_size=8))
    def check(posts):
        # Hold the rate limit's clock still, so no minute turns over mid-example.
        now = time.time()
        monkeypatch.setattr("localcommons.ratelimit.time", types.SimpleNamespace(time=lambda: now))
        cache.clear()
        statuses = []
        for url, data, _multipart in posts:
            # Not send(): it clears the cache, which holds the count.
            encoded = urlencode(data, doseq=True)
            before = (
                published(),
                Listing.objects.count(),
                Suggestion.objects.count(),
                GetInvolvedResponse.objects.count(),
            )
            response = client.post(url, encoded, content_type="application/x-www-form-urlencoded")
            statuses.append(response.status_code)
            if response.status_code == 429:
                assert response["Retry-After"] == "60"
                assert "Too many attempts" in response.content.decode()
                after = (
                    published(),
                    Listing.objects.count(),
                    Suggestion.objects.count(),
                    GetInvolvedResponse.objects.count(),
                )
                assert after == before  # refused before anything is read or kept
            else:
                assert published() == before[0]
        assert all(status in (200, 302) for status in statuses[:5]), statuses
        assert statuses[5:] == [429] * (len(statuses) - 5)

    check()
