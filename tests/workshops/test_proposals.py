"""Associations propose workshops, the secretariat publishes them: a
representative adds a workshop for their association in the admin (it is
proposed, nobody outside the staff sees it), the secretariat publishes it
(a recorded move). Whatever the role, a workshop's theme belongs to its plan
and its registration closes before it starts: said in the user's language,
held by the database too. Every POST below is one a browser would not send."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from tests.factories import ThemeFactory
from tests.workshops.staff import stage
from workshops.models import (
    REGISTRATION_CLOSES_LATE,
    REGISTRATION_OPENS_LATE,
    THEME_OF_ANOTHER_PLAN,
    Workshop,
    WorkshopEvent,
)

pytestmark = pytest.mark.django_db
ADD = "admin:workshops_workshop_add"
FORMSETS = {
    f"{prefix}-{name}": "0" for prefix in ("programme", "events") for name in ("TOTAL_FORMS", "INITIAL_FORMS")
}


@pytest.fixture
def cast():
    return stage(capacity=20)


def proposal(cast, **fields) -> dict:
    starts = timezone.localtime() + timedelta(days=30)
    data = {
        "plan": cast.workshop.plan_id,
        "theme": cast.workshop.theme_id,
        "number": 41,
        "title_ar": "الشفافية في الجماعات الترابية",
        "title_fr": "La transparence des communes",
        "organiser": cast.workshop.organiser_id,
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": "10:00",
        "mode": "in_person",
        "place_ar": "تطوان",
        "capacity": "40",
        "reserved_seats": "0",
        "reminder_hours": "48",
        "registered_count": "0",
        "attended_count": "0",
        **FORMSETS,
    }
    data.update(fields)
    return data


def errors(response) -> str:
    form = response.context["adminform"].form
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def test_a_representative_proposes_a_workshop_that_stays_off_the_public_site(client, cast):
    client.force_login(cast.rep)
    # The published date is not theirs to set, even forged.
    response = client.post(reverse(ADD), proposal(cast, published_at_0="2026-01-01", published_at_1="10:00"))
    assert response.status_code == 302, errors(response)
    workshop = Workshop.objects.with_stage().get(number=41)
    assert workshop.organiser == cast.workshop.organiser
    assert workshop.published_at is None and workshop.stage == Workshop.Stage.PROPOSED
    assert workshop.programme.count() == 6  # the standard programme, as the secretariat's

    # Nowhere public: the page, its calendar, the plan's list, feed and open data.
    client = Client()  # a visitor (no message left from the admin)
    assert client.get(reverse("workshops:detail", args=[workshop.pk])).status_code == 404
    assert client.get(reverse("workshops:ics", args=[workshop.pk])).status_code == 404
    plan = cast.workshop.plan
    listing = client.get(reverse("workshops:index", args=[plan.slug])).content.decode()
    assert "الشفافية في الجماعات الترابية" not in listing
    assert reverse("workshops:detail", args=[cast.workshop.pk]) in listing
    # An invalid link under its address names no proposal.
    assert "الشفافية" not in client.get(f"/ar/workshops/{workshop.pk}/confirm/x/").content.decode()
    feed = client.get(reverse("workshops:feed", args=[plan.slug])).content.decode()
    assert "transparence" not in feed
    assert "transparence" not in client.get("/open-data/workshops.csv").getvalue().decode()


def test_a_representative_proposes_for_their_own_association_only(client, cast):
    client.force_login(cast.rep)
    response = client.post(reverse(ADD), proposal(cast, organiser=cast.other_workshop.organiser_id))
    assert response.status_code == 200
    assert "organiser" in response.context["adminform"].form.errors
    assert not Workshop.objects.filter(number=41).exists()


@pytest.mark.parametrize("role", ["focal", "anonymous", "citizen"])
def test_who_represents_no_association_proposes_nothing(client, cast, role):
    from tests.factories import UserFactory

    if role == "focal":
        client.force_login(cast.focal)
    elif role == "citizen":
        client.force_login(UserFactory())
    response = client.post(reverse(ADD), proposal(cast))
    assert response.status_code in (302, 403)
    assert not Workshop.objects.filter(number=41).exists()


def test_the_secretariat_publishes_a_proposal_as_a_recorded_move_and_only_the_secretariat(client, cast):
    client.force_login(cast.rep)
    client.post(reverse(ADD), proposal(cast))
    workshop = Workshop.objects.get(number=41)
    publish = reverse("admin:workshops_workshop_announce", args=[workshop.pk])
    change = reverse("admin:workshops_workshop_change", args=[workshop.pk])

    # Its association edits its proposal whole; the other association finds nothing.
    page = client.get(change)
    assert "title_fr" in page.context["adminform"].form.fields and publish not in page.content.decode()
    for user in (cast.rep, cast.other_rep, cast.focal):
        client.force_login(user)
        assert client.post(publish).status_code in (403, 404)
    client.force_login(cast.other_rep)
    assert client.get(change).status_code == 404
    workshop.refresh_from_db()
    assert workshop.published_at is None

    client.force_login(cast.secretariat)
    assert publish in client.get(change).content.decode()
    assert client.post(publish).status_code == 302
    workshop.refresh_from_db()
    assert workshop.published_at is not None
    event = WorkshopEvent.objects.get(workshop=workshop)
    assert (event.actor, event.from_status, event.to_status) == (cast.secretariat, "proposed", "upcoming")
    assert Client().get(reverse("workshops:detail", args=[workshop.pk])).status_code == 200

    # Published, it is the secretariat's again: the representative edits its outputs only.
    client.force_login(cast.rep)
    assert sorted(client.get(change).context["adminform"].form.fields) == ["recording_link", "report"]


def test_a_workshop_created_by_the_secretariat_is_published_at_once(client, cast):
    client.force_login(cast.secretariat)
    assert client.post(reverse(ADD), proposal(cast)).status_code == 302
    assert Workshop.objects.get(number=41).published_at is not None


@pytest.mark.parametrize("role", ["rep", "secretariat"])
def test_a_theme_of_another_plan_is_refused_in_the_users_language(client, cast, role):
    elsewhere = ThemeFactory()
    client.force_login(getattr(cast, role))
    with translation.override("fr"):
        url = reverse(ADD)
        expected = str(THEME_OF_ANOTHER_PLAN)
    response = client.post(url, proposal(cast, theme=elsewhere.pk))
    assert response.status_code == 200
    assert expected in response.context["adminform"].form.errors["theme"]
    assert url.startswith("/fr/") and escape(expected) in response.content.decode()
    assert not Workshop.objects.filter(number=41).exists()


@pytest.mark.parametrize("role", ["rep", "secretariat"])
def test_registration_must_close_before_the_workshop_starts(client, cast, role):
    client.force_login(getattr(cast, role))
    data = proposal(cast)
    after = {"registration_closes_at_0": data["starts_at_0"], "registration_closes_at_1": "12:00"}
    with translation.override("fr"):
        url = reverse(ADD)
        closes_late, opens_late = str(REGISTRATION_CLOSES_LATE), str(REGISTRATION_OPENS_LATE)
    response = client.post(url, {**data, **after})
    assert response.status_code == 200 and closes_late in errors(response)
    opens = {"registration_opens_at_0": data["starts_at_0"], "registration_opens_at_1": "11:00"}
    response = client.post(url, {**data, **opens})
    assert response.status_code == 200 and opens_late in errors(response)
    assert not Workshop.objects.filter(number=41).exists()


def test_the_database_holds_both_rules_whatever_writes(cast):
    workshop = cast.workshop
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(
            registration_closes_at=workshop.starts_at + timedelta(hours=1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(theme=ThemeFactory())
