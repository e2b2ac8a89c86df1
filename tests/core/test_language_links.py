"""Issue 8, items 2, 10 and 20: every link keeps the page's language (signing
in and out included), the language links are built from the resolved page
only (never from a path the visitor sent), the alternates are absolute."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress

from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

SWITCH = re.compile(r'<li><a href="([^"]*)" lang="(\w+)" hreflang="\w+"')
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]*)">')


def links(html: str) -> dict:
    return {language: href.replace("&amp;", "&") for href, language in SWITCH.findall(html)}


def alternates(html: str) -> dict:
    return {language: href.replace("&amp;", "&") for language, href in ALTERNATE.findall(html)}


# As the server receives them (PATH_INFO, decoded); the test client would
# read //evil.example/en/ as a host and a path.
HOSTILE_PATHS = [
    ("//evil.example/en/", ""),
    ("//evil.example/fr/plans/", ""),
    ("/\\evil.example/en/", ""),
    ("///evil.example/en/", ""),
    ("/fr/\x00/", ""),
    ("/fr/plans/\x00/", "page=%00"),
    ("/fr/no-such-page/", "next=//evil.example/"),
    ("/fr/no-such-page/", "q=%00%22%3E%3Cscript%3E"),
]


@pytest.mark.parametrize("path,query", HOSTILE_PATHS)
def test_the_404_pages_language_links_stay_on_the_site(client, path, query):
    response = client.get("/", PATH_INFO=path, QUERY_STRING=query)
    assert response.status_code == 404
    html = response.content.decode()
    found = links(html)
    assert set(found) == {"ar", "fr", "en"}
    for language, href in found.items():
        assert href.startswith(f"/{language}/") and not href.startswith("//"), href
        assert urlsplit(href).netloc == "" and "evil" not in href and "\x00" not in href
    # A page that does not exist has no alternates.
    assert alternates(html) == {}


@pytest.mark.parametrize(
    "query",
    [
        "?next=//evil.example/",
        "?next=https://evil.example/",
        "?q=%00",
        '?q="><script>alert(1)</script>',
        "?page=%00",
    ],
)
def test_a_pages_language_links_keep_it_whatever_the_query_says(client, query):
    PlanFactory(slug="nap2")
    html = client.get(f"/fr/plans/nap2/{query}").content.decode()
    assert "<script>alert(1)" not in html
    for language, href in links(html).items():
        parts = urlsplit(href)
        assert parts.netloc == "" and parts.path == f"/{language}/plans/nap2/", href
        assert "evil" not in parse_qs(parts.query).get("next", [""])[0]
    for language, href in alternates(html).items():
        parts = urlsplit(href)
        assert parts.scheme == "http" and parts.netloc == "testserver", href
        expected = "ar" if language == "x-default" else language
        assert parts.path == f"/{expected}/plans/nap2/"


def test_the_alternates_are_absolute_with_an_x_default(client):
    html = client.get("/fr/plans/").content.decode()
    assert alternates(html) == {
        "ar": "http://testserver/ar/plans/",
        "x-default": "http://testserver/ar/plans/",
        "fr": "http://testserver/fr/plans/",
        "en": "http://testserver/en/plans/",
    }


def test_sign_in_and_sign_up_links_keep_the_page_and_its_language(client):
    html = client.get("/fr/plans/?page=2").content.decode()
    assert 'href="/fr/accounts/login/?next=/fr/plans/%3Fpage%3D2"' in html
    assert 'href="/fr/accounts/signup/?next=/fr/plans/%3Fpage%3D2"' in html


def test_a_page_for_signed_in_users_sends_to_the_login_page_in_its_language(client):
    response = client.get("/fr/account/preferences/")
    assert response["Location"] == "/fr/accounts/login/?next=/fr/account/preferences/"
    response = client.get("/en/ideas/mine/")
    assert response["Location"] == "/en/accounts/login/?next=/en/ideas/mine/"


def test_the_login_pages_language_links_translate_the_page_to_come_back_to(client):
    html = client.get("/fr/accounts/login/?next=/fr/plans/").content.decode()
    assert links(html)["ar"] == "/ar/accounts/login/?next=%2Far%2Fplans%2F"
    assert links(html)["en"] == "/en/accounts/login/?next=%2Fen%2Fplans%2F"
    # A page to come back to on another site is dropped, not translated.
    html = client.get("/fr/accounts/login/?next=//evil.example/fr/").content.decode()
    assert links(html)["ar"] == "/ar/accounts/login/"


def test_signing_in_and_out_keeps_the_language(client):
    user = UserFactory(email="nadia@example.org", language="ar")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": "a-long-test-password"})
    assert response.status_code == 302 and response["Location"] == "/fr/"
    response = client.post("/fr/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/fr/"
