"""Signing up: no user-written text in an email to an unverified address
(item 17), and the same work whether the address has an account or not, so
the answer's time tells nothing (item 21)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail

from core.models import Notification, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHISH = "Your bank account is locked, call +212 600 000 000"


def signup(client, email, name="Salma"):
    return client.post(
        "/fr/accounts/signup/",
        {
            "display_name": name,
            "email": email,
            "password1": "une-phrase-longue-9",
            "password2": "une-phrase-longue-9",
        },
    )


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_verification_email_quotes_nothing_the_signer_up_wrote(
    client, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/{language}/accounts/signup/",
            {
                "display_name": PHISH,
                "email": "stranger@example.org",
                "password1": "une-phrase-longue-9",
                "password2": "une-phrase-longue-9",
            },
        )
    assert response.status_code == 302
    assert User.objects.get(email="stranger@example.org").display_name == PHISH
    [message] = mail.outbox
    assert "/accounts/confirm-email/" in message.body
    for text in (PHISH, "bank", "600 000"):
        assert text not in message.subject + message.body


def test_adding_an_address_sends_no_user_text_to_it_either(
    client, citizen, django_capture_on_commit_callbacks
):
    citizen.display_name = PHISH
    citizen.save()
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/accounts/email/", {"action_add": "", "email": "other@example.org"})
    [message] = [m for m in mail.outbox if m.to == ["other@example.org"]]
    assert "/accounts/confirm-email/" in message.body
    assert "bank" not in message.subject + message.body


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how many passwords it hashes."""

    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


def test_an_existing_address_costs_the_same_work_as_a_new_one(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    existing = UserFactory(email="taken@example.org")
    EmailAddress.objects.create(user=existing, email=existing.email, verified=True, primary=True)

    work = {}
    for email in ("new@example.org", "taken@example.org"):
        CountingHasher.calls = 0
        Notification.objects.all().delete()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = signup(client, email)
        client.logout()
        # The same answer, the same hashing, and one email through the outbox.
        work[email] = (
            response.status_code,
            response["Location"],
            CountingHasher.calls,
            Notification.objects.count(),
        )
        assert [m.to for m in mail.outbox] == [[email]]
    assert work["new@example.org"] == work["taken@example.org"]
    assert work["new@example.org"][2] == 1
    # No second account; the email to the existing one (in its holder's
    # language) points to the password reset.
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body
