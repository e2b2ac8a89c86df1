"""Nobody reads an email anywhere in the admin, superusers included. Before, a
secretariat member could ask a password reset for the superuser, open the
notification and follow the link in its stored body: account takeover. The
outbox now stores no message; the link exists only in the email sent."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.models import Notification, User
from core.permissions import secretariat_group
from tests.admin.conftest import grant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://\S+/accounts/password/reset/key/(\S+)/")
VERIFY_LINK = re.compile(r"https?://\S+/accounts/confirm-email/(\S+)/")


@pytest.fixture(autouse=True)
def _language_back():
    # The test client leaves its last request's language active in the thread.
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def superuser(db):
    user = UserFactory(
        email="root@example.org", display_name="Root", is_staff=True, is_superuser=True, language="fr"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def readers(secretariat, superuser):
    """Everyone who may open the outbox in the admin."""
    grant(secretariat_group(), "core.view_notification", "core.change_notification")
    return [secretariat, superuser]


def admin_pages(viewer: User) -> str:
    """Every admin page the viewer may open: the index, and for every admin
    registered on the site its changelist and the change and history pages of
    its rows (the outbox's among them, read-only)."""
    client = Client()
    client.force_login(viewer)
    pages = [client.get(reverse("admin:index"))]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = client.get(reverse(f"{prefix}_changelist"))
        if changelist.status_code != 200:
            continue
        pages.append(changelist)
        for pk in model._default_manager.values_list("pk", flat=True)[:50]:
            change = client.get(reverse(f"{prefix}_change", args=[pk]))
            history = client.get(reverse(f"{prefix}_history", args=[pk]))
            assert change.status_code == history.status_code == 200
            if model is Notification:
                assert 'name="_save"' not in change.content.decode()  # read-only
            pages += [change, history]
    html = "".join(page.content.decode() for page in pages)
    assert reverse("admin:core_notification_changelist") in html  # the outbox was read
    assert html.count("root@example.org") + html.count("salma@example.org") >= 3  # its rows are shown
    return html


def test_no_reader_sees_a_password_reset_link_nor_a_verification_link(
    readers, superuser, django_capture_on_commit_callbacks, settings
):
    # One walk through every admin page per reader (the costly part) looks
    # for both kinds of secret.
    settings.ACCOUNTS_RESET_EMAIL_SECONDS = 0  # two reset emails in a row to one address
    for requester in readers:  # the secretariat member, then the superuser
        client = Client()
        client.force_login(requester)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/fr/accounts/password/reset/", {"email": superuser.email})
        assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[superuser.email]] * 2
    assert Notification.objects.filter(kind="account", recipient=superuser).count() == 2

    # The link rebuilt at send time is the real one. (Only the last: logging
    # in, as the superuser just did, voids the reset links sent before.)
    link = RESET_LINK.search(mail.outbox[-1].body).group(0)
    page = Client().get(link, follow=True)
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()

    secrets = set()
    for message in mail.outbox:
        link = RESET_LINK.search(message.body)
        uid_and_key = link.group(1)
        secrets |= {link.group(0), uid_and_key, uid_and_key.rsplit("-", 1)[1]}

    visitor = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            "/fr/accounts/signup/",
            {
                "display_name": "Salma",
                "email": "salma@example.org",
                "password1": "une-phrase-longue-9",
                "password2": "une-phrase-longue-9",
            },
        )
    assert response.status_code == 302
    [message] = [message for message in mail.outbox if message.to == ["salma@example.org"]]
    link = VERIFY_LINK.search(message.body)
    activate_url, key = link.group(0), link.group(1)

    for viewer in readers:
        html = admin_pages(viewer)
        assert not [secret for secret in secrets if secret in html]
        assert activate_url not in html
        assert key not in html

    # The link rebuilt at send time verifies the address.
    assert visitor.post(activate_url).status_code == 302
    assert EmailAddress.objects.get(email="salma@example.org").verified
