"""What the walk of the URL configuration finds (tests/resilience/urlwalk.py),
tried with hostile input (issue 23, "Hostile input"), on the demo's rows and
PostgreSQL, the walk made once for the three parts:

1. Query strings. Every public page gets, in the parameters its view reads
   (recorded as it reads them, or declared to the page cache), text
   Hypothesis makes up: NUL bytes, direction controls, numbers too large for
   any column, digits that are not ASCII, very long strings, a parameter
   nobody reads. Every answer is the page (200), a 404, or a 400 that says
   so in the visitor's language; never a server error (the test client
   raises it). tests/test_hostile_queries.py tries a fixed list of values on
   a listed set of pages; this walks, and generates.

2. Forms. Every POST form the walk saw, as a signed-in, verified member of
   the public who represents associations and sits on committees, or as a
   visitor, read from the HTML as a browser would send it, gets plausible
   or hostile values (options not offered, disguised files too). Each
   answer is a redirect after which rows are saved or the next page says
   what happened (a choice no browser offers may also be ignored), or the
   form again with an error in Arabic (the page's language), what was typed
   kept when printable, and not a row saved anywhere. Each example runs in a
   savepoint rolled back after it, with the cache empty: one example's idea
   does not count against the next one's rate limit.

3. CSRF. Every route, the admin's included, gets a POST without its token
   from a signed-in person (a member of the public on the site, a superuser
   in the admin): the portal's 403 page in the visitor's language, and not a
   row saved anywhere. The one exemption is said and checked: the one-click
   unsubscribe of RFC 8058, which mail clients post without a token, acts
   only on its signed token."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from core.models import EmailPreference
from core.notifications import optional_kinds, unsubscribe_token
from tests.conftest import built_once, make_staff
from tests.resilience import urlwalk

pytestmark = pytest.mark.django_db


@built_once
def walked(loaded):
    """The demo, the walk's member and a superuser, the walk of every route
    and every POST form it saw."""
    walk, member = urlwalk.walk_the_site()
    staff = make_staff()
    staff.emailaddress_set.create(email=staff.email, verified=True, primary=True)
    return {"walk": walk, "member": member, "staff": staff, "forms": urlwalk.forms_found(walk)}


# --- The walk --------------------------------------------------------------------------

# Pages every walk must find public: if one goes missing, the walk (not the page) broke.
KNOWN_PUBLIC = {
    "core:home",
    "plans:index",
    "plans:detail",
    "ideas:index",
    "ideas:search",
    "ideas:detail",
    "ideas:statistics",
    "workshops:index",
    "workshops:detail",
    "workshops:ics",
    "commitments:index",
    "commitments:detail",
    "commitments:dashboard",
    "consultations:detail",
    "consultations:commitment",
    "consultations:section",
    "committee:index",
    "committee:meeting",
    "committee:selection",
    "committee:candidacy",
    "opendata:index",
    "downloads:csv",
    "downloads:json",
}
# Parameters the walk must find read on these pages.
KNOWN_PARAMETERS = {
    "ideas:index": {"q", "theme", "status", "source", "institution", "sort", "page"},
    "ideas:search": {"q", "status", "source", "sort", "page"},
    "workshops:index": {"theme", "page"},
    "commitments:index": {"theme", "institution", "status", "page"},
    "ideas:detail": {"comments"},
    "downloads:csv": {"plan"},
}


def test_the_walk_fills_every_route_and_finds_the_known_pages(walked):
    walk = walked["walk"]
    assert walk.unfilled == [], "routes the walk cannot fill: give their parameters candidates"
    public = {hit.route.name: hit for hit in walk.public_pages()}
    assert set(public) >= KNOWN_PUBLIC, KNOWN_PUBLIC - set(public)
    for name, parameters in KNOWN_PARAMETERS.items():
        assert public[name].parameters >= parameters, (name, parameters - public[name].parameters)


# --- 1. Query strings ------------------------------------------------------------------

# Values a person or a script may put in a query string.
SPECIAL = [
    "\x00",
    "1\x00",
    "\u202e",
    "\u2066x\u2069",
    "\ufeff1",
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "1e400",
    "NaN",
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits
    "2026-13-45",
    "' OR 1=1 --",
    "%",
    "<script>alert(1)</script>",
    "x" * 5000,
    "9" * 400,
]
VALUES = st.one_of(
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    # Any character UTF-8 can carry, NUL and controls included.
    st.text(st.characters(codec="utf-8"), max_size=40),
)
# Examples per page: more for a page that reads more parameters (a list's
# filters) than the language switch's `next` that every page reads.
PAGE_EXAMPLES = (4, 12)
ARABIC = re.compile("[\u0600-\u06ff]")


def check_page(response) -> None:
    status = response.status_code
    assert status in (200, 400, 404), status
    if status == 400:
        html = response.content.decode()
        assert 'lang="ar"' in html and ARABIC.search(html.split("<h1", 1)[1]), "a 400 must say why"


def page_search(client, path: str, parameters: frozenset[str]):
    """A Hypothesis search over the query strings of one page."""
    names = sorted(parameters)
    keys = st.sampled_from(names) if names else st.nothing()
    # And a parameter nobody reads, named anyhow.
    keys = st.one_of(keys, st.text(st.characters(codec="utf-8"), min_size=1, max_size=12))

    fewest, most = PAGE_EXAMPLES

    @hypothesis_settings(
        max_examples=min(most, fewest + 2 * len(parameters - {"next"})),
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=st.dictionaries(keys, VALUES, min_size=1, max_size=4))
    def page_answers(query):
        response = client.get(path, query, follow=True)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        check_page(response)

    return page_answers


@override_settings(**urlwalk.WALK_SETTINGS)
def test_no_generated_query_string_breaks_a_public_page(walked):
    client = Client()
    failures = []
    for hit in walked["walk"].public_pages():
        try:
            page_search(client, hit.path, hit.parameters)()
        except Exception as error:  # noqa: BLE001 — every page tried, then every failure said
            failures.append(f"{hit.route.name} {hit.path}: {type(error).__name__}: {error}")
    assert failures == []


# --- 2. Forms ---------------------------------------------------------------------------

# Forms the walk must find (by the view they post to, and who).
KNOWN_FORMS = {
    ("ideas:submit", "member"),
    ("ideas:comment", "member"),
    ("workshops:register", "member"),
    ("workshops:register_guest", "public"),
    ("consultations:section", "member"),
    ("consultations:general", "member"),
    ("committee:apply", "member"),
    ("committee:candidacy", "member"),
    ("committee:area_meeting", "member"),
    ("core:preferences", "member"),
    ("core:delete_account", "member"),
    ("account_signup", "public"),
    ("account_login", "public"),
    ("account_reset_password", "public"),
    ("account_email", "member"),
}
FORM_EXAMPLES = 10
PASSWORD = "une-phrase-longue-9"
PLAUSIBLE = "Publier chaque année le budget citoyen de la commune"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

HOSTILE_TEXT = st.one_of(
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\u202eabc",
            "\u2066\u2069",
            "99999999999999999999",
            "-1",
            "1e400",
            "²",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "x" * 6000,
            "مرحبا " * 900,
        ]
    ),
    st.text(st.characters(codec="utf-8"), max_size=80),
)
FILES = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(
        ["walk.pdf", "<img src=x onerror=alert(1)>.pdf", "../../etc/passwd", "a\u202efdp.exe", "é" * 300]
    ),
    st.sampled_from([PDF, b"<html><script>alert(1)</script></html>", b"MZ\x90\x00", b""]),
)


def strategy(field: urlwalk.Field):
    """What Hypothesis sends in a field: None leaves it out."""
    kind = field.kind
    if kind == "submit":
        return st.just(field.value)
    if kind == "hidden":
        return st.one_of(st.just(field.value), HOSTILE_TEXT)
    if kind in ("select", "radio"):
        offered = [option for option in field.options if option] or [""]
        return st.one_of(st.sampled_from(offered), HOSTILE_TEXT)
    if kind == "checkbox":
        return st.one_of(st.none(), st.sampled_from(field.options or ("on",)), HOSTILE_TEXT)
    if kind == "file":
        return st.one_of(st.none(), FILES)
    if kind == "password":
        return st.one_of(st.just(PASSWORD), HOSTILE_TEXT)
    if kind == "email":
        return st.one_of(st.just("walker-form@example.org"), HOSTILE_TEXT)
    if kind in ("date", "datetime-local"):
        return st.one_of(st.just("2027-01-15T10:00"), st.just("2027-01-15"), HOSTILE_TEXT)
    return st.one_of(st.just(field.value or PLAUSIBLE), HOSTILE_TEXT)


def view_of(form: urlwalk.Form) -> str:
    match = resolve(form.action.split("?")[0])
    return match.view_name or match.route


def test_the_walk_finds_the_public_forms(walked):
    found = {(view_of(form), who) for form, who in walked["forms"]}
    missing = KNOWN_FORMS - found
    where = {hit.route.name: (hit.path, hit.status, hit.member_path) for hit in walked["walk"].found}
    assert not missing, {name: where.get(name) for name, _who in missing}


ERROR = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' errorlist ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' error ')"
    " or @role='alert']"
)


def errors_of(html: str) -> list[str]:
    tree = lxml_html.fromstring(html)
    return [" ".join(element.text_content().split()) for element in tree.xpath(ERROR)]


def printable(value) -> bool:
    return isinstance(value, str) and value != "" and value.isprintable() and value.strip() == value


def forged(form: urlwalk.Form, sent: dict) -> bool:
    """Whether a choice was sent that the form does not offer."""
    chosen = [f for f in form.fields if f.kind in ("select", "radio", "checkbox", "hidden")]
    return any(sent.get(f.name) not in (None, f.value, *f.options) for f in chosen)


def check_form(form: urlwalk.Form, sent: dict, response, before: dict, client: Client) -> None:
    status = response.status_code
    if status == 302:
        # Done: something saved, or the next page says what happened; a
        # choice no browser offers (a forged post) may also be ignored.
        saved = urlwalk.changed(before, urlwalk.row_counts()) != {}
        following = client.get(response["Location"])
        assert following.status_code < 500
        told = 'class="messages"' in following.content.decode(errors="replace")
        assert saved or told or forged(form, sent), f"{form.action}: redirected, nothing saved or said"
        return
    html = response.content.decode()
    errors = errors_of(html) if "text/html" in response.get("Content-Type", "") else []
    assert urlwalk.changed(before, urlwalk.row_counts()) == {} or (status == 200 and not errors), (
        "refused, but rows were saved"
    )
    if status == 200 and not errors:
        return  # a page saying it is done (one-click unsubscribe)
    assert status in (400, 403, 409, 413, 429) or (status == 200 and errors), status
    assert errors and any(ARABIC.search(text) for text in errors), f"no error said in Arabic: {errors}"
    if status in (400, 409, 429, 200):
        shown = unescape(html)
        for field in form.fields:
            value = sent.get(field.name)
            if (
                field.kind in ("text", "textarea", "email")
                and printable(value)
                and f'name="{field.name}"' in html
            ):
                assert escape(value) in html or value in shown, f"{field.name}: what was typed is lost"


def form_search(form: urlwalk.Form, who: str, member):
    fields = {f.name: strategy(f) for f in form.fields if f.name != "csrfmiddlewaretoken"}

    @hypothesis_settings(
        max_examples=FORM_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.fixed_dictionaries(fields))
    def form_answers(data):
        sent = {name: value for name, value in data.items() if value is not None}
        with transaction.atomic():
            cache.clear()  # rate limits start afresh: each example alone
            client = Client()
            if who == "member":
                client.force_login(member)
            before = urlwalk.row_counts()
            response = client.post(form.action, sent)
            check_form(form, sent, response, before, client)
            transaction.set_rollback(True)

    return form_answers


@override_settings(**urlwalk.WALK_SETTINGS)
def test_no_generated_value_breaks_a_form_or_half_saves(walked):
    failures = []
    tried = 0
    for form, who in walked["forms"]:
        if not [f for f in form.fields if f.kind not in ("submit", "hidden")]:
            continue  # a button (CSRF: test_hostile_csrf)
        tried += 1
        try:
            form_search(form, who, walked["member"])()
        except Exception as error:  # noqa: BLE001 — every form tried, then every failure said
            failures.append(f"{view_of(form)} ({who}) {form.action}: {type(error).__name__}: {error}")
    assert failures == []
    assert tried >= len(KNOWN_FORMS)


# --- 3. CSRF ----------------------------------------------------------------------------

# Views that take a POST without a token, and why.
EXEMPT = {
    "core:unsubscribe": "RFC 8058: mail clients post the one-click unsubscribe without a token",
}
# Views that must be among those taking a POST (the walk must find them).
KNOWN_POSTS = {
    "ideas:submit",
    "ideas:comment",
    "ideas:support",
    "workshops:register",
    "workshops:register_guest",
    "workshops:cancel",
    "commitments:follow",
    "consultations:commitment",
    "consultations:general",
    "committee:apply",
    "committee:vote",
    "committee:candidacy",
    "core:preferences",
    "core:delete_account",
    "account_signup",
    "account_login",
    "account_reset_password",
}


def without_token(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def refused(response) -> bool:
    with translation.override("ar"):
        heading = translation.gettext("The form could not be sent")
    return response.status_code == 403 and heading in response.content.decode()


def takes_posts(path: str, user) -> bool:
    """Whether the view acts on a POST that has its token (405 otherwise):
    tried in a savepoint rolled back, so that it acts on nothing."""
    client = Client()
    client.force_login(user)
    with transaction.atomic():
        status = client.post(path, {}).status_code
        transaction.set_rollback(True)
    return status != 405


def test_every_post_without_its_token_is_refused_and_saves_nothing(walked):
    walk, member, staff = walked["walk"], walked["member"], walked["staff"]
    assert walk.unfilled == []
    site, admin = without_token(member), without_token(staff)
    addresses = [(hit.route.name, hit.member_path or hit.path, site) for hit in walk.found]
    addresses += [(route.name, path, admin) for route, path in urlwalk.admin_paths()]
    before = urlwalk.row_counts()
    accepted = []
    for name, path, client in addresses:
        if name in EXEMPT:
            continue
        response = client.post(path, {"body": "Un commentaire", "title": "Une idée sans jeton"})
        if not refused(response):
            accepted.append((name, path, response.status_code))
    assert accepted == []
    assert urlwalk.changed(before, urlwalk.row_counts()) == {}
    assert len(addresses) > 300  # every route of the site and of the admin


def test_the_walk_finds_the_views_that_take_posts(walked):
    """The known ones among the routes the previous test posted to, and
    taking posts (the others answer 405 to a post with its token)."""
    found = {hit.route.name: hit.member_path or hit.path for hit in walked["walk"].found}
    assert set(found) >= KNOWN_POSTS | set(EXEMPT), (KNOWN_POSTS | set(EXEMPT)) - set(found)
    refusing = [name for name in sorted(KNOWN_POSTS) if not takes_posts(found[name], walked["member"])]
    assert refusing == []


def test_only_the_named_views_are_exempt_from_the_check(walked):
    callbacks = [hit.route for hit in walked["walk"].found] + [route for route, _ in urlwalk.admin_paths()]
    exempt = {route.name for route in callbacks if getattr(route.callback, "csrf_exempt", False)}
    assert exempt == set(EXEMPT)


def test_the_exempt_unsubscribe_acts_only_on_its_signed_token(walked):
    member = walked["member"]
    kind = optional_kinds()[0].key
    client = Client(enforce_csrf_checks=True)
    token = unsubscribe_token(member, kind)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    path = reverse("core:unsubscribe", args=[forged])
    assert resolve(path).url_name == "unsubscribe"
    assert client.post(path).status_code == 400
    assert not EmailPreference.objects.filter(user=member).exists()
    assert client.post(reverse("core:unsubscribe", args=[token])).status_code == 200
    assert EmailPreference.objects.get(user=member, kind=kind).enabled is False
