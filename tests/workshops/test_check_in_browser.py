"""The check-in page on a phone, in Debian's headless Chromium, with
JavaScript off: find a person by code, mark them present, add a walk-in;
nothing runs off the 390 px screen."""

import shutil

import pytest
from django.test import Client

from tests.workshops.staff import stage
from workshops.models import Registration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]


def phone(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar-MA", **options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def test_the_roll_at_the_door_on_a_phone_without_javascript(live_server, browser):
    cast = stage()
    person = Registration.objects.create(
        workshop=cast.workshop, name="فاطمة الزهراء بنعلي", organisation="جمعية تفرة", status="registered"
    )
    url = f"{live_server.url}/ar/admin/workshops/workshop/{cast.workshop.pk}/check-in/"

    page = phone(browser, live_server, cast.rep, java_script_enabled=False)
    page.goto(url)
    page.fill("input[name=q]", person.code)
    page.click("form[role=search] button")
    page.click("button[name=present]")
    assert page.locator("#present-count").inner_text() == "1"
    page.fill("input[name=walk_in-name]", "Youssef Amrani")
    page.click("button[name=add_walk_in]")
    assert page.locator("#present-count").inner_text() == "2"

    # Laid out for the phone: nothing wider than the screen.
    measured = phone(browser, live_server, cast.rep)
    measured.goto(f"{url}?q=فاطمة")
    assert measured.evaluate("document.documentElement.scrollWidth") <= 390
    person.refresh_from_db()
    assert person.attended_at is not None
