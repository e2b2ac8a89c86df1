"""The waiting list in Debian's headless Chromium: one person takes the last
seat, a second sees their place on the waiting list, the first cancels, and
the second has the seat."""

import shutil
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory, WorkshopFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]


def signed_in(browser, live_server, user):
    """A browser context of its own, signed in as `user`."""
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def test_a_full_workshops_waiting_list_promotes_on_cancel(live_server, browser):
    workshop = WorkshopFactory(
        starts_at=timezone.now() + timedelta(days=7), capacity=1, title_fr="Atelier budget"
    )
    url = f"{live_server.url}/fr/workshops/{workshop.pk}/"
    first = signed_in(browser, live_server, UserFactory(language="fr"))
    second = signed_in(browser, live_server, UserFactory(language="fr"))

    first.goto(url)
    first.get_by_role("button", name="M'inscrire").click()
    assert "Vous avez une place." in first.locator("#registration").inner_text()

    second.goto(url)
    second.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    assert "Vous êtes numéro 1 sur la liste d'attente" in second.locator("#registration").inner_text()

    first.get_by_role("button", name="Annuler mon inscription").click()
    assert "Votre inscription est annulée." in first.locator(".messages").inner_text()

    second.reload()
    assert "Vous avez une place." in second.locator("#registration").inner_text()
