"""Every error is the portal's page in the visitor's language (issue 18, point
8): 400, 403 (the admin's included), 404, 413 and 500, in Arabic and French;
and a disallowed Host header is a 400, not a 500 (point 26)."""

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from tests.core.production import http_get

pytestmark = pytest.mark.django_db

LANGUAGES = [("ar", "rtl"), ("fr", "ltr")]
HOST = "gouvernement-ouvert.ma"


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def assert_portal_page(response, status, language, direction, heading, *, whole_page=True):
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"<h1>{translated(language, heading)}</h1>" in html
    assert "403 Forbidden" not in html and "Bad Request (400)" not in html
    if whole_page:  # the site's header, menu and language switch (500: a page that needs no database)
        assert translated(language, "Open Government Portal") in html
        assert 'class="site-header"' in html
    # The security headers the other pages carry.
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.fixture
def production_hosts(settings):
    # As in production: ALLOWED_HOSTS set, without the test client's "testserver".
    settings.ALLOWED_HOSTS = [HOST]
    return Client(HTTP_HOST=HOST, raise_request_exception=False)


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_a_disallowed_host_is_a_bad_request_in_the_visitors_language(production_hosts, language, direction):
    assert production_hosts.get(f"/{language}/").status_code == 200
    response = production_hosts.get(f"/{language}/", HTTP_HOST="attacker.example")
    assert_portal_page(response, 400, language, direction, "Bad request")
    # The page names no address built from the refused host.
    assert "attacker.example" not in response.content.decode()


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_a_citizen_opening_the_admin_is_refused_on_the_portals_page(client, citizen, language, direction):
    client.force_login(citizen)
    response = client.get(f"/{language}/admin/", follow=True)
    assert response.redirect_chain == [(f"/{language}/admin/login/?next=/{language}/admin/", 302)]
    assert_portal_page(response, 403, language, direction, "Access denied")
    assert citizen.display_name in response.content.decode()  # still signed in, in the site's header


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_a_form_sent_without_its_csrf_token_is_refused_in_the_visitors_language(citizen, language, direction):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(f"/{language}/account/preferences/", {"profile-display_name": "Changed"})
    assert_portal_page(response, 403, language, direction, "The form could not be sent")
    citizen.refresh_from_db()
    assert citizen.display_name == "Amina"


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_a_missing_page_is_the_portals_page(client, language, direction):
    assert_portal_page(client.get(f"/{language}/no-such-page/"), 404, language, direction, "Page not found")


@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_a_body_too_large_is_the_portals_page(client, settings, language, direction):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.generic(
        "POST",
        f"/{language}/account/preferences/",
        b"x" * 2000,
        content_type="application/x-www-form-urlencoded",
    )
    assert_portal_page(response, 413, language, direction, "What you sent is too large")


@pytest.mark.urls("tests.core.boom_urls")
@pytest.mark.parametrize("language,direction", LANGUAGES)
def test_a_server_error_is_the_portals_page(settings, language, direction):
    settings.ADMINS = []
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE=language)
    assert_portal_page(response, 500, language, direction, "Server error", whole_page=False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the server process needs a shared database")
def test_under_gunicorn_in_production_a_disallowed_host_is_a_400_page(production_server):
    response = http_get(production_server, "/fr/", headers={"Host": "attacker.example"})
    assert response.status == 400
    html = response.body.decode()
    assert '<html lang="fr" dir="ltr">' in html and "attacker.example" not in html
    assert f"<h1>{translated('fr', 'Bad request')}</h1>" in html
