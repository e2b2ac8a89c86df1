"""HTTP as monitors, proxies and browsers expect it (issue 18, point 31): HEAD
answers like GET without the body on every page and /healthz (one middleware,
core.middleware.head_as_get); what a signed-in person is shown is never
stored by a cache (`private, no-store`, core.middleware.private_when_signed_in);
the 413 page carries the security headers (tests/core/test_error_pages.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.cache import get_max_age

from tests.core.production import http_get
from tests.factories import CommitmentFactory, IdeaFactory, ThemeFactory, WorkshopFactory
from workshops import registration as seats

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    theme = ThemeFactory()
    return {
        "plan": theme.plan,
        "workshop": WorkshopFactory(theme=theme, starts_at=timezone.now() + timedelta(days=10)),
        "commitment": CommitmentFactory(theme=theme),
        "idea": IdeaFactory(theme=theme),
    }


def public_paths(rows) -> list[str]:
    slug = rows["plan"].slug
    return [
        "/healthz",
        "/ar/",
        "/fr/plans/",
        f"/fr/plans/{slug}/",
        f"/ar/plans/{slug}/ideas/",
        f"/fr/plans/{slug}/statistics/",
        f"/fr/ideas/{rows['idea'].pk}/",
        "/fr/ideas/search/?q=budget",
        f"/fr/plans/{slug}/workshops/",
        f"/fr/workshops/{rows['workshop'].pk}/",
        f"/fr/workshops/{rows['workshop'].pk}/calendar.ics",
        f"/fr/plans/{slug}/workshops/calendar.ics",
        f"/fr/plans/{slug}/commitments/",
        f"/fr/plans/{slug}/dashboard/",
        f"/fr/commitments/{rows['commitment'].pk}/",
        "/fr/open-data/",
        "/fr/open-data/commitments/",
        "/open-data/datapackage.json",
        "/open-data/commitments.csv",
        "/fr/privacy/",
        "/favicon.ico",
    ]


def test_head_answers_every_public_page_like_get_without_the_body(client, rows):
    for path in public_paths(rows):
        get = client.get(path)
        head = client.head(path)
        assert (path, head.status_code) == (path, get.status_code) == (path, 200)
        assert head["Content-Type"] == get["Content-Type"], path
        assert b"".join(head) == b"", path


def test_head_answers_a_signed_in_persons_pages(client, citizen):
    client.force_login(citizen)
    for path in ["/fr/workshops/mine/", "/fr/ideas/mine/", "/fr/account/preferences/"]:
        assert (path, client.head(path).status_code) == (path, 200)


def test_a_post_only_address_still_refuses_head(client, citizen, rows):
    client.force_login(citizen)
    assert client.head(f"/fr/ideas/{rows['idea'].pk}/support/").status_code == 405


PERSONAL = [
    "/fr/workshops/mine/",
    "/fr/ideas/mine/",
    "/fr/account/preferences/",
    "/fr/account/my-data.zip",
    "/fr/account/delete/",
]


def assert_private(response, path):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, (path, response["Cache-Control"])


def test_a_signed_in_persons_pages_are_kept_by_no_cache(client, citizen, rows):
    client.force_login(citizen)
    for path in PERSONAL:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_private(response, path)
    # A public page shows them their name in the header: theirs alone too.
    for path in ["/fr/", f"/fr/plans/{rows['plan'].slug}/ideas/"]:
        assert_private(client.get(path), path)


def test_public_pages_stay_cacheable_for_visitors_who_are_not_signed_in(client, rows):
    response = client.get(f"/fr/plans/{rows['plan'].slug}/ideas/")
    assert "private" not in response.get("Cache-Control", "")
    assert get_max_age(client.get("/favicon.ico")) == 7 * 24 * 3600  # its own header, kept


def test_a_page_opened_by_an_emails_personal_link_is_kept_by_no_cache(client, citizen):
    from core.notifications import unsubscribe_token

    response = client.get(f"/fr/unsubscribe/{unsubscribe_token(citizen, 'commitment_progress')}/")
    assert response.status_code == 200
    assert_private(response, "unsubscribe")
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=10))
    guest = seats.register(workshop, email="guest@example.org", name="Guest")
    response = client.get(seats.link_path(guest, "cancel"))
    assert response.status_code == 200
    assert_private(response, "a workshop's link")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the server process needs a shared database")
def test_under_gunicorn_a_monitors_head_is_answered(production_server):
    for path in ["/healthz", "/fr/"]:
        get = http_get(production_server, path)
        head = http_get(production_server, path, method="HEAD")
        assert (path, head.status) == (path, get.status) == (path, 200)
        assert head.body == b""
        assert head.headers["Content-Length"] == get.headers["Content-Length"] == str(len(get.body))
