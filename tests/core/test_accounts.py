import re
from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sites.models import Site
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.adapters import PLAIN, AccountAdapter
from core.models import Notification, User

pytestmark = pytest.mark.django_db


def test_the_signup_page_is_the_sites_own_in_arabic(client):
    html = client.get("/ar/accounts/signup/").content.decode()
    assert 'dir="rtl"' in html
    assert 'class="site-header"' in html
    assert 'name="display_name"' in html
    with translation.override("ar"):
        assert translation.gettext("Public name") in html


def test_bad_signup_input_is_answered_in_the_users_language_and_kept(client):
    response = client.post(
        "/fr/accounts/signup/",
        {"display_name": "Salma", "email": "pas-une-adresse", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Salma"' in html
    assert 'value="pas-une-adresse"' in html
    assert "Saisissez une adresse électronique valide" in html  # the portal's word, as on the sign-in form
    assert not User.objects.exists()


def test_signup_verifies_the_email_through_the_outbox_then_logs_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ar/accounts/signup/",
            {
                "display_name": "سلمى",
                "email": "salma@example.org",
                "password1": "une-phrase-longue-9",
                "password2": "une-phrase-longue-9",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="salma@example.org")
    assert (user.display_name, user.language) == ("سلمى", "ar")

    row = Notification.objects.get(to_email=user.email)
    assert (row.kind, row.language, row.state) == ("account", "ar", Notification.State.SENT)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    # Not verified yet: cannot sign in.
    assert (
        not client.login(email=user.email, password="une-phrase-longue-9")
        or not EmailAddress.objects.get(email=user.email).verified
    )
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=user.email).verified
    assert client.get(reverse("core:preferences")).status_code == 200  # signed in


def test_login_is_refused_until_the_email_is_verified(client):
    user = User.objects.create_user("late@example.org", "une-phrase-longue-9", display_name="L")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": "une-phrase-longue-9"})
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/confirm-email/")
    assert client.get(reverse("core:preferences")).status_code == 302  # not signed in


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_verification_email_names_the_portal_never_example_com(
    language, client, settings, django_capture_on_commit_callbacks
):
    # The Site row as Django creates it: the email must not depend on it.
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    Site.objects.clear_cache()
    settings.SITE_URL = "https://gouvernement-ouvert.ma:8443"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/{language}/accounts/signup/",
            {
                "display_name": "Salma",
                "email": "salma@example.org",
                "password1": "une-phrase-longue-9",
                "password2": "une-phrase-longue-9",
            },
        )
    [message] = mail.outbox
    with translation.override(language):
        portal_name = translation.gettext("Open Government Portal")
    assert portal_name != "Open Government Portal" or language == "en"
    assert portal_name in message.body
    assert "gouvernement-ouvert.ma:8443" in message.body  # the domain allauth writes at the bottom
    assert f"https://gouvernement-ouvert.ma:8443/{language}/accounts/confirm-email/" in message.body
    assert "example.com" not in message.subject + message.body


@pytest.mark.parametrize(
    "portal_name,expected",
    [("", None), ("Portail de la Commune de Tétouan", "Portail de la Commune de Tétouan")],
)
def test_migrate_names_the_site_after_the_portal(portal_name, expected, settings):
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    settings.SITE_URL = "https://gouvernement-ouvert.ma:8443/"
    settings.PORTAL_NAME = portal_name
    for _twice in range(2):  # idempotent
        call_command("migrate", verbosity=0)
    with translation.override(settings.LANGUAGE_CODE):
        expected = expected or translation.gettext("Open Government Portal")
    [site] = Site.objects.all()
    assert (site.pk, site.domain, site.name) == (settings.SITE_ID, "gouvernement-ouvert.ma:8443", expected)
    assert Site.objects.get_current().domain == "gouvernement-ouvert.ma:8443"


SECRET = "s3cr3t-k3y"
ALLAUTH_CONTEXT = {  # what allauth passes, secrets included
    "key": SECRET,
    "uid": "1",
    "code": SECRET,
    "password_reset_url": f"https://h/accounts/password/reset/key/1-{SECRET}/",
    "activate_url": f"https://h/accounts/confirm-email/{SECRET}/",
    "signup_url": "https://h/accounts/signup/",
    "timestamp": datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    "ip": "192.0.2.7",
    "user_agent": "Firefox",
    "from_email": "old@example.org",
    "to_email": "new@example.org",
    "deleted_email": "old@example.org",
}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_every_account_email_is_sent_from_a_row_without_secrets(
    name, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        AccountAdapter().send_mail(
            f"account/email/{name}", citizen.email, {"user": citizen, **ALLAUTH_CONTEXT}
        )
    row = Notification.objects.get()
    assert (row.kind, row.recipient, row.language, row.state) == ("account", citizen, "ar", "sent")
    assert SECRET not in str(row.context)
    assert set(row.context) <= {"template", "user", *PLAIN[name]}
    [message] = mail.outbox
    assert message.to == [citizen.email]
    assert message.subject and SECRET not in message.body  # rebuilt, not copied
    if name == "password_reset_key":
        assert f"{settings.SITE_URL}/ar/accounts/password/reset/key/" in message.body


@pytest.mark.parametrize("name", ["login_code", "password_reset_code"])
def test_an_account_email_whose_secret_cannot_be_rebuilt_is_refused(name, citizen):
    with pytest.raises(ImproperlyConfigured):
        AccountAdapter().send_mail(f"account/email/{name}", citizen.email, {"user": citizen, "code": SECRET})
    assert not Notification.objects.exists()


def test_a_verification_for_an_address_deleted_since_is_marked_failed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            "/fr/accounts/signup/",
            {
                "display_name": "Salma",
                "email": "salma@example.org",
                "password1": "une-phrase-longue-9",
                "password2": "une-phrase-longue-9",
            },
        )
    EmailAddress.objects.filter(email="salma@example.org").delete()
    for callback in callbacks:
        callback()
    row = Notification.objects.get()
    assert row.state == Notification.State.FAILED
    assert "no longer exists" in row.last_error
    assert mail.outbox == []
