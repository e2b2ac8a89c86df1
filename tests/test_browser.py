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
