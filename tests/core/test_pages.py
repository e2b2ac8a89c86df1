import re

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def translated(language: str, message: str) -> str:
    with translation.override(language):
        text = translation.gettext(message)
    assert text != message or language == "en", f"no {language} translation for {message!r}"
    return text


def test_the_root_redirects_to_the_visitors_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")["Location"] == "/fr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/ar/"  # Arabic is the default


@pytest.mark.parametrize("language,direction", [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_home_says_what_the_portal_is_in_each_language(client, language, direction):
    response = client.get(f"/{language}/")
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert translated(language, "Co-creating open government, together") in html
    assert translated(language, "How a plan is made") in html
    # The switch links to this same page in the other languages.
    for other in ("ar", "fr", "en"):
        assert f'href="/{other}/" lang="{other}"' in html


def test_the_language_switch_points_to_the_same_page(client):
    html = client.get("/fr/committee/").content.decode()
    assert 'href="/ar/committee/" lang="ar"' in html
    assert 'href="/en/committee/" lang="en"' in html


def test_healthz(client):
    assert client.get("/healthz").content == b"ok"


def test_pages_send_security_headers(client):
    response = client.get("/ar/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_stylesheet_mirrors_by_logical_properties_only():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)|(?<![\w-])(?:left|right)\s*:|text-align:\s*(?:left|right)",
        css,
    )
    assert physical == []


def test_the_admin_carries_the_portals_name_in_the_visitors_language(client, staff):
    client.force_login(staff)
    html = client.get("/fr/admin/").content.decode()
    assert translated("fr", "Open Government Portal") in html
    assert "Django" not in html.split("<title>")[1].split("</title>")[0]
