"""My registrations: a person's workshops, upcoming first, with the state of
each, their place on the waiting list, their check-in code and what they may
still do; optional details given when registering."""

import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.bidi import visible
from tests.factories import UserFactory, WorkshopFactory
from workshops import registration as seats
from workshops.models import Registration

pytestmark = pytest.mark.django_db
S = Registration.Status


def text(response) -> str:
    return html.unescape(visible(response.content.decode()))


def soon(days, **kwargs):
    return WorkshopFactory(starts_at=timezone.now() + timedelta(days=days), **kwargs)


def test_it_lists_upcoming_workshops_first_with_status_position_and_code(client, citizen):
    past = WorkshopFactory(title_en="held-last-month", starts_at=timezone.now() - timedelta(days=30))
    Registration.objects.create(workshop=past, user=citizen, email=citizen.email, status=S.REGISTERED)
    later = soon(20, title_en="next-month", capacity=1)
    seats.register(later, user=UserFactory())
    waiting = seats.register(later, user=citizen)
    sooner = soon(5, title_en="next-week", capacity=10)
    seated = seats.register(sooner, user=citizen)
    cancelled = soon(8, title_en="cancelled-one")
    seats.give_up(seats.register(cancelled, user=citizen), by=citizen)
    seats.register(soon(3, title_en="someone-elses"), user=UserFactory())

    client.force_login(citizen)
    response = client.get("/en/workshops/mine/")
    page = text(response)
    order = [page.index(t) for t in ("next-week", "cancelled-one", "next-month", "held-last-month")]
    assert order == sorted(order)
    assert "someone-elses" not in page
    assert f"Your code, for the check-in: <strong>{seated.code}</strong>" in page
    assert "You are number 1 on the waiting list" in page
    assert "This registration is cancelled." in page
    assert f'href="/en/workshops/{sooner.pk}/"' in response.content.decode()
    # Cancel buttons for the two active upcoming ones only.
    assert response.content.decode().count('name="from" value="mine"') == 2
    assert waiting.status == S.WAITING


def test_cancelling_from_the_page_comes_back_to_it_and_promotes(client, citizen):
    workshop = soon(5, capacity=1)
    seats.register(workshop, user=citizen)
    other = seats.register(workshop, user=UserFactory())
    client.force_login(citizen)
    response = client.post(f"/en/workshops/{workshop.pk}/cancel/", {"from": "mine"}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/workshops/mine/"
    assert "Your registration is cancelled." in text(response)
    other.refresh_from_db()
    assert other.status == S.REGISTERED


def test_the_page_asks_to_sign_in_and_the_account_menu_links_to_it(client, citizen):
    response = client.get("/en/workshops/mine/")
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(citizen)
    assert 'href="/en/workshops/mine/"' in client.get("/en/").content.decode()


def test_its_queries_do_not_grow_with_the_rows(client, citizen):
    def count(n):
        for _ in range(n):
            workshop = soon(5, capacity=1)
            seats.register(workshop, user=UserFactory())
            seats.register(workshop, user=citizen)  # waiting: a position each
            seats.register(soon(6), user=citizen)
        client.force_login(citizen)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/workshops/mine/")
        assert response.status_code == 200
        return len(queries), len(response.context["registrations"])

    few, rows = count(1)
    many, more_rows = count(5)
    assert (rows, more_rows) == (2, 12)
    assert few == many


def test_optional_details_are_saved_and_bad_ones_refused_with_what_was_typed(client, citizen):
    workshop = soon(5, capacity=5)
    client.force_login(citizen)
    response = client.post(
        f"/en/workshops/{workshop.pk}/register/", {"organisation": "x" * 300, "region": "Fès-Meknès"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "Please correct the fields marked below. Nothing was saved." in page
    assert 'value="Fès-Meknès"' in page
    assert not Registration.objects.exists()
    client.post(
        f"/en/workshops/{workshop.pk}/register/",
        {"organisation": " Association  Tafra ", "region": "Fès-Meknès", "accessibility": "Rampe d'accès"},
    )
    row = Registration.objects.get(user=citizen)
    assert (row.status, row.organisation, row.region, row.accessibility) == (
        S.REGISTERED,
        "Association Tafra",
        "Fès-Meknès",
        "Rampe d'accès",
    )
    # Registering needs none of them.
    other = soon(5)
    client.post(f"/en/workshops/{other.pk}/register/")
    assert Registration.objects.filter(user=citizen, workshop=other, status=S.REGISTERED).exists()
