"""In Debian's headless Chromium, driven by Playwright."""

import shutil

import pytest
from django.utils import translation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]


def test_home_is_right_to_left_in_arabic_and_left_to_right_in_french(live_server, page):
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/ar/"
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    with translation.override("ar"):
        assert page.locator("h1").inner_text() == translation.gettext("Co-creating open government, together")
    # Mirrored: the brand sits at the right edge in Arabic.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2

    page.goto(live_server.url + "/fr/")
    assert html.get_attribute("dir") == "ltr"
    assert page.locator(".brand").bounding_box()["x"] < page.viewport_size["width"] / 2


def test_the_language_switch_keeps_the_page(live_server, page):
    page.goto(live_server.url + "/ar/plans/")
    page.locator('.languages a[hreflang="fr"]').click()
    assert page.url == live_server.url + "/fr/plans/"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Plans d'action"
    page.locator('.languages a[hreflang="en"]').click()
    assert page.url == live_server.url + "/en/plans/"
    page.locator('.languages a[hreflang="ar"]').click()
    assert page.url == live_server.url + "/ar/plans/"
    assert page.locator("html").get_attribute("dir") == "rtl"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_open_account_menu_stays_on_a_phones_screen(live_server, page, language):
    from django.test import Client

    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(display_name="Secrétariat (démo)"))
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"{live_server.url}/{language}/")
    page.locator(".account summary").click()
    menu = page.locator(".account details ul")
    box = menu.bounding_box()
    # Every item readable: the list within the 390 px of the screen, "My ideas" first.
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    assert menu.locator("a").first.get_attribute("href") == f"/{language}/ideas/mine/"
