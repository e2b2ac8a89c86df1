"""Generated values in every public form (issue 23, "Hostile input"): the
forms are those the walk of the URL configuration saw on its pages
(tests/resilience/urlwalk.py) — as a signed-in, verified member of the
public who represents associations and sits on committees, and as a
visitor — read from the HTML as a browser would send them. Hypothesis fills
their fields with plausible values or hostile ones (NUL bytes, direction
controls, huge numbers, very long text, options that are not offered,
disguised files) and each answer is one of:

- a redirect (the action done), whose next page answers;
- the form again with an error in Arabic (the page's language), what was
  typed kept when it was printable, and not a row saved anywhere;

never a server error (the test client raises it), on PostgreSQL. Each
example runs in a savepoint rolled back after it, with the cache empty:
one example's idea does not count against the next one's rate limit."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from tests.conftest import built_once
from tests.resilience import urlwalk

pytestmark = pytest.mark.django_db

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
EXAMPLES = 10
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


@built_once
def site(loaded):
    """The demo, the walk's member and every POST form the walk saw."""
    walk, member = urlwalk.walk_the_site()
    return {"walk": walk, "member": member, "forms": urlwalk.forms_found(walk)}


def view_of(form: urlwalk.Form) -> str:
    match = resolve(form.action.split("?")[0])
    return match.view_name or match.route


def test_the_walk_finds_the_public_forms(site):
    found = {(view_of(form), who) for form, who in site["forms"]}
    assert found >= KNOWN_FORMS, KNOWN_FORMS - found


ARABIC = re.compile("[\u0600-\u06ff]")
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


def check(form: urlwalk.Form, sent: dict, response, before: dict, client: Client) -> None:
    status = response.status_code
    if status == 302:
        following = client.get(response["Location"])
        assert following.status_code < 500
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


def searched(form: urlwalk.Form, who: str, member):
    fields = {f.name: strategy(f) for f in form.fields if f.name != "csrfmiddlewaretoken"}

    @hypothesis_settings(
        max_examples=EXAMPLES,
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
            check(form, sent, response, before, client)
            transaction.set_rollback(True)

    return form_answers


@override_settings(**urlwalk.WALK_SETTINGS)
def test_no_generated_value_breaks_a_form_or_half_saves(site):
    failures = []
    tried = 0
    for form, who in site["forms"]:
        if not [f for f in form.fields if f.kind not in ("submit", "hidden")]:
            continue  # a button (CSRF: test_hostile_csrf)
        tried += 1
        try:
            searched(form, who, site["member"])()
        except Exception as error:  # noqa: BLE001 — every form tried, then every failure said
            failures.append(f"{view_of(form)} ({who}) {form.action}: {type(error).__name__}: {error}")
    assert failures == []
    assert tried >= len(KNOWN_FORMS)
