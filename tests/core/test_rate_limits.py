"""Every rate limit counts per client: the admin signs in through the site's
rate-limited login, and behind a trusted reverse proxy each visitor has the
address the proxy saw (core.clientip), never one the visitor wrote."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django_ratelimit.core import is_ratelimited

from core.clientip import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def login(client, email, password) -> str:
    """Signs in on the site's login form: "in", "wrong" or "locked"."""
    response = client.post("/fr/accounts/login/", {"login": email, "password": password})
    if response.status_code == 302:
        return "in"
    if response.status_code == 429:
        return "locked"
    codes = [error.code for error in response.context["form"].non_field_errors().as_data()]
    return "locked" if "too_many_login_attempts" in codes else "wrong"


def test_the_admin_signs_in_through_the_sites_login_in_the_pages_language(client):
    response = client.get("/ar/admin/ideas/idea/", follow=True)
    assert response.redirect_chain[-1][0] == "/ar/accounts/login/?next=%2Far%2Fadmin%2Fideas%2Fidea%2F"
    assert response.status_code == 200


def test_the_admin_has_no_password_form_of_its_own(client, staff):
    staff.set_password("right-password-2026")
    staff.save()
    data = {"username": staff.email, "password": "right-password-2026", "next": "/fr/admin/"}
    response = client.post(reverse("admin:login"), data)
    assert response.status_code == 302 and response["Location"].startswith("/ar/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_rate_limited(client, staff):
    """30 wrong passwords, then the right one: still refused."""
    staff.set_password("right-password-2026")
    staff.save()
    response = client.get("/fr/admin/login/?next=/fr/admin/")
    assert response["Location"] == "/fr/accounts/login/?next=%2Ffr%2Fadmin%2F"
    answers = [login(client, staff.email, f"wrong-{n}") for n in range(30)]
    assert answers[:5] == ["wrong"] * 5 and answers[-1] == "locked"
    assert login(client, staff.email, "right-password-2026") == "locked"
    assert "_auth_user_id" not in client.session
    assert client.get("/fr/admin/").status_code == 302


def test_a_signed_in_citizen_is_refused_the_admin_without_a_loop(client, citizen):
    client.force_login(citizen)
    response = client.get("/fr/admin/", follow=True)
    assert response.status_code == 403


def fail_logins(client, times) -> list[str]:
    # Another email each time: only the per-address limit (10 a minute) counts.
    return [login(client, f"nobody{n}@example.org", "wrong") for n in range(times)]


def test_two_visitors_behind_a_trusted_proxy_are_limited_separately(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": "203.0.113.7"})
    visitor = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": "198.51.100.23"})
    assert fail_logins(attacker, 12)[-1] == "locked"
    assert fail_logins(visitor, 1) == ["wrong"]  # not locked out by the other


def test_an_address_written_by_the_client_is_not_believed(settings):
    """Without the setting the header is ignored; with it, only the entry the
    proxy added counts, whatever the client put before it."""
    settings.TRUSTED_PROXY_COUNT = 0
    one = Client(REMOTE_ADDR="192.0.2.10", headers={"x-forwarded-for": "203.0.113.7"})
    other = Client(REMOTE_ADDR="192.0.2.10", headers={"x-forwarded-for": "198.51.100.23"})
    assert fail_logins(one, 12)[-1] == "locked"
    assert fail_logins(other, 1) == ["locked"]

    settings.TRUSTED_PROXY_COUNT = 1
    spoofing = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": "1.1.1.1, 203.0.113.99"})
    again = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": "2.2.2.2, 203.0.113.99"})
    assert fail_logins(spoofing, 12)[-1] == "locked"
    assert fail_logins(again, 1) == ["locked"]


@pytest.mark.parametrize(
    "count,remote,forwarded,expected",
    [
        (0, "192.0.2.1", "203.0.113.7", "192.0.2.1"),
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        (2, PROXY, "1.1.1.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, PROXY, "203.0.113.7", PROXY),  # fewer entries than proxies: not through them all
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "", PROXY),
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_the_portals_rate_limits_count_per_client_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def limited(forwarded):
        request = RequestFactory().post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        return is_ratelimited(request, group="test", key="ip", rate="1/m", increment=True)

    assert [limited("203.0.113.7"), limited("203.0.113.7"), limited("198.51.100.23")] == [False, True, False]
