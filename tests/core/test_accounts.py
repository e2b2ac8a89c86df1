import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

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
    assert "Saisissez une adresse de courriel valide" in html
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
