"""Password-reset emails (issue 18, item 28): at most one to an address per
ACCOUNTS_RESET_EMAIL_SECONDS (5 minutes), whoever asks and from wherever
(core.limits.once_per, per address); the form answers the same
whether an email went, was held back, or the address has no account."""

import time

import pytest
from django.test import Client

from core.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/fr/accounts/password/reset/"


def ask(email: str, n: int):
    """A request from a client of its own (its own address, no cookie)."""
    return Client(REMOTE_ADDR=f"203.0.113.{n}").post(URL, {"email": email})


def sent(template: str, email: str) -> int:
    return Notification.objects.filter(
        kind="account", to_email__iexact=email, context__template=f"account/email/{template}"
    ).count()


def answer(response) -> tuple:
    return response.status_code, response.get("Location")


@pytest.mark.parametrize("known", [True, False], ids=["account", "no account"])
def test_one_email_to_an_address_per_interval_from_rotating_clients(known, settings):
    assert settings.ACCOUNTS_RESET_EMAIL_SECONDS == 300  # five minutes, unless configured
    settings.ACCOUNTS_RESET_EMAIL_SECONDS = 2
    email = "nadia@example.org"
    if known:
        UserFactory(email=email)
    template = "password_reset_key" if known else "unknown_account"
    answers = {answer(ask(email if n % 2 else email.upper(), n)) for n in range(6)}
    assert sent(template, email) == 1
    assert answers == {(302, "/fr/accounts/password/reset/done/")}  # the same every time
    time.sleep(1)
    assert answer(ask(email, 50)) == (302, "/fr/accounts/password/reset/done/")
    assert sent(template, email) == 1
    time.sleep(1.5)  # the interval has passed
    ask(email, 51)
    assert sent(template, email) == 2


def test_another_address_is_not_held_back():
    UserFactory(email="a@example.org")
    UserFactory(email="b@example.org")
    ask("a@example.org", 1)
    ask("b@example.org", 1)
    assert sent("password_reset_key", "a@example.org") == sent("password_reset_key", "b@example.org") == 1


def test_the_form_answers_the_same_for_an_unknown_address_and_a_held_back_one():
    UserFactory(email="known@example.org")
    first = ask("known@example.org", 1)
    held_back = ask("known@example.org", 2)
    unknown = ask("personne@example.org", 3)
    assert answer(first) == answer(held_back) == answer(unknown)
    page = Client().get("/fr/accounts/password/reset/done/")
    assert page.status_code == 200


def test_parallel_requests_cannot_both_pass():
    from concurrent.futures import ThreadPoolExecutor

    from core.limits import once_per

    with ThreadPoolExecutor(8) as pool:
        passed = list(pool.map(lambda _n: once_per("test", "nadia@example.org", 60), range(16)))
    assert passed.count(True) == 1
