"""CSRF on every state-changing view (issue 23, "Hostile input"): every route
of the URL configuration, the admin's included, filled by the walk
(tests/resilience/urlwalk.py), gets a POST without its token from a
signed-in person (a member of the public on the site, a superuser in the
admin): the portal's 403 page in the visitor's language, and not a row
saved anywhere. The one exemption is said and checked: the one-click
unsubscribe of RFC 8058, which mail clients post without a token, acts only
on its signed token."""

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import translation

from core.models import EmailPreference
from core.notifications import optional_kinds, unsubscribe_token
from tests.conftest import built_once, make_staff
from tests.resilience import urlwalk

pytestmark = pytest.mark.django_db

# Views that take a POST without a token, and why.
EXEMPT = {
    "core:unsubscribe": "RFC 8058: mail clients post the one-click unsubscribe without a token",
}
# Views that must be among those taking a POST (the walk must find them).
KNOWN_POSTS = {
    "ideas:submit",
    "ideas:comment",
    "ideas:support",
    "workshops:register",
    "workshops:register_guest",
    "workshops:cancel",
    "commitments:follow",
    "consultations:commitment",
    "consultations:general",
    "committee:apply",
    "committee:vote",
    "committee:candidacy",
    "core:preferences",
    "core:delete_account",
    "account_signup",
    "account_login",
    "account_reset_password",
}


@built_once
def walked(loaded):
    walk, member = urlwalk.walk_the_site()
    staff = make_staff()
    staff.emailaddress_set.create(email=staff.email, verified=True, primary=True)
    return {"walk": walk, "member": member, "staff": staff}


def without_token(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def refused(response) -> bool:
    with translation.override("ar"):
        heading = translation.gettext("The form could not be sent")
    return response.status_code == 403 and heading in response.content.decode()


def takes_posts(path: str, user) -> bool:
    """Whether the view acts on a POST that has its token (405 otherwise):
    tried in a savepoint rolled back, so that it acts on nothing."""
    from django.db import transaction

    client = Client()
    client.force_login(user)
    with transaction.atomic():
        status = client.post(path, {}).status_code
        transaction.set_rollback(True)
    return status != 405


def test_every_post_without_its_token_is_refused_and_saves_nothing(walked):
    walk, member, staff = walked["walk"], walked["member"], walked["staff"]
    assert walk.unfilled == []
    site, admin = without_token(member), without_token(staff)
    addresses = [(hit.route.name, hit.member_path or hit.path, site) for hit in walk.found]
    addresses += [(route.name, path, admin) for route, path in urlwalk.admin_paths()]
    before = urlwalk.row_counts()
    accepted = []
    for name, path, client in addresses:
        if name in EXEMPT:
            continue
        response = client.post(path, {"body": "Un commentaire", "title": "Une idée sans jeton"})
        if not refused(response):
            accepted.append((name, path, response.status_code))
    assert accepted == []
    assert urlwalk.changed(before, urlwalk.row_counts()) == {}
    assert len(addresses) > 300  # every route of the site and of the admin


def test_the_walk_finds_the_views_that_take_posts(walked):
    walk, member = walked["walk"], walked["member"]
    posting = {hit.route.name for hit in walk.found if takes_posts(hit.member_path or hit.path, member)}
    assert posting >= KNOWN_POSTS, KNOWN_POSTS - posting
    assert set(EXEMPT) <= posting


def test_only_the_named_views_are_exempt_from_the_check(walked):
    callbacks = [hit.route for hit in walked["walk"].found] + [route for route, _ in urlwalk.admin_paths()]
    exempt = {route.name for route in callbacks if getattr(route.callback, "csrf_exempt", False)}
    assert exempt == set(EXEMPT)


def test_the_exempt_unsubscribe_acts_only_on_its_signed_token(walked):
    member = walked["member"]
    kind = optional_kinds()[0].key
    client = Client(enforce_csrf_checks=True)
    token = unsubscribe_token(member, kind)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    path = reverse("core:unsubscribe", args=[forged])
    assert resolve(path).url_name == "unsubscribe"
    assert client.post(path).status_code == 400
    assert not EmailPreference.objects.filter(user=member).exists()
    assert client.post(reverse("core:unsubscribe", args=[token])).status_code == 200
    assert EmailPreference.objects.get(user=member, kind=kind).enabled is False
