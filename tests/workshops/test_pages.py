"""The workshop page: its figures (derived from the rows, or reported for a
workshop held before the portal), registering, the waiting list, cancelling,
and the emails each move sends."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.bidi import visible
from tests.factories import UserFactory, WorkshopFactory
from workshops import registration as seats
from workshops.models import Registration

pytestmark = pytest.mark.django_db
S = Registration.Status


def verified(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def workshop():
    return WorkshopFactory(
        starts_at=timezone.now() + timedelta(days=10), capacity=1, title_fr="Atelier budget 2026-2027"
    )


def page(client, workshop, language="fr") -> str:
    return visible(client.get(f"/{language}/workshops/{workshop.pk}/").content.decode())


def test_a_workshop_held_before_the_portal_shows_the_reported_figures(client):
    held = WorkshopFactory(registered_count=229, attended_count=87)
    assert "Déclarés par l'organisateur : 229 inscrits, 87 présents." in page(client, held)


def test_register_wait_cancel_and_be_promoted(client, workshop, django_capture_on_commit_callbacks):
    first = verified(UserFactory(language="fr"))
    second = verified(UserFactory(language="ar"))
    client.force_login(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/workshops/{workshop.pk}/register/")
    html = page(client, workshop)
    assert "Vous avez une place." in html and "0 place restante" in html
    assert mail.outbox[-1].to == [first.email]
    assert "Vous avez une place à l'atelier « Atelier budget 2026-2027 »." in visible(mail.outbox[-1].body)

    client.force_login(second)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ar/workshops/{workshop.pk}/register/")
    assert "أنتم رقم 1 في لائحة الانتظار" in page(client, workshop, "ar")
    assert mail.outbox[-1].to == [second.email] and "لائحة الانتظار" in mail.outbox[-1].subject

    client.force_login(first)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/workshops/{workshop.pk}/cancel/", follow=True)
    assert "Votre inscription est annulée." in response.content.decode()
    # The second person is promoted, and told in their language.
    assert Registration.objects.get(user=second).status == S.REGISTERED
    assert mail.outbox[-1].to == [second.email]
    assert "أصبح المقعد لكم" in mail.outbox[-1].subject


def test_registering_twice_or_outside_the_window_is_refused_with_a_message(client, workshop):
    user = verified(UserFactory())
    client.force_login(user)
    client.post(f"/fr/workshops/{workshop.pk}/register/")
    response = client.post(f"/fr/workshops/{workshop.pk}/register/", follow=True)
    assert "Vous êtes déjà inscrit à cet atelier." in response.content.decode()
    past = WorkshopFactory(starts_at=timezone.now() - timedelta(days=1))
    response = client.post(f"/fr/workshops/{past.pk}/register/", follow=True)
    assert "Les inscriptions à cet atelier sont closes." in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_visitor_is_asked_to_sign_in_and_a_draft_plans_workshop_is_not_found(client, workshop):
    assert "Connectez-vous pour vous inscrire." in page(client, workshop)
    hidden = WorkshopFactory(theme__plan__status="draft")
    assert client.get(f"/fr/workshops/{hidden.pk}/").status_code == 404
    assert client.get("/fr/workshops/99999999999999999999/").status_code == 404


def test_the_online_link_is_for_registered_people_only(client, workshop):
    workshop.online_link = "https://meet.example.org/atelier"
    workshop.save()
    assert "https://meet.example.org/atelier" not in page(client, workshop)
    user = verified(UserFactory())
    seats.register(workshop, user=user)
    client.force_login(user)
    assert "https://meet.example.org/atelier" in page(client, workshop)
