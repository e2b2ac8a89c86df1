"""The organiser cancels a workshop, or publishes its outputs: the right
people are told, once, each in their language, after the commit."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.models import Notification
from core.personal_data import erase_account
from tests.bidi import visible
from tests.core.test_transitions import moves_in_parallel
from tests.factories import UserFactory, WorkshopFactory
from tests.workshops.staff import stage
from workshops import notices
from workshops.models import Poll, Registration, Workshop, WorkshopEvent

pytestmark = pytest.mark.django_db
S = Registration.Status


def cancel_url(workshop):
    return reverse("admin:workshops_workshop_cancel", args=[workshop.pk])


def publish_url(workshop):
    return reverse("admin:workshops_workshop_publish", args=[workshop.pk])


@pytest.fixture
def cast():
    cast = stage(title_ar="الشفافية في الصفقات العمومية", title_fr="Transparence des marchés publics")
    workshop = cast.workshop
    cast.seated = UserFactory(email="seated@example.org", display_name="Amina", language="ar")
    cast.waiting = UserFactory(email="waiting@example.org", display_name="Julien", language="fr")
    cast.gone = UserFactory(email="gone@example.org", language="fr")
    Registration.objects.create(workshop=workshop, user=cast.seated, status=S.REGISTERED)
    Registration.objects.create(workshop=workshop, user=cast.waiting, status=S.WAITING)
    Registration.objects.create(workshop=workshop, user=cast.gone, status=S.CANCELLED)
    # A visitor without an account, confirmed; another who never confirmed.
    Registration.objects.create(
        workshop=workshop, name="Karim", email="guest@example.org", status=S.REGISTERED
    )
    Registration.objects.create(workshop=workshop, name="Lina", email="pending@example.org", status=S.PENDING)
    # Someone of another workshop.
    Registration.objects.create(
        workshop=cast.other_workshop, name="Other", email="other@example.org", status=S.REGISTERED
    )
    return cast


def test_cancelling_tells_every_seat_and_waiting_place_once_each_in_their_language(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.rep)
    confirm = client.get(cancel_url(cast.workshop))
    assert confirm.status_code == 200
    assert confirm.context["count"] == 3
    assert not mail.outbox  # the GET only asks

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(cast.workshop))
    assert response.status_code == 302
    cast.workshop.refresh_from_db()
    assert cast.workshop.cancelled_at is not None
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["guest@example.org", "seated@example.org", "waiting@example.org"]
    assert "الشفافية في الصفقات العمومية" in visible(by_address["seated@example.org"].subject)
    assert "Transparence des marchés publics" in by_address["waiting@example.org"].subject
    assert "Julien" in by_address["waiting@example.org"].body
    assert Notification.objects.get(to_email="waiting@example.org").language == "fr"
    guest = Notification.objects.get(to_email="guest@example.org")
    assert guest.recipient is None and guest.language == "ar"
    assert "Karim" in visible(by_address["guest@example.org"].body)

    # Again (a second click, another tab): nobody is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_url(cast.workshop))
    assert len(mail.outbox) == 3
    assert Notification.objects.filter(kind="workshop_cancelled").count() == 3


def test_the_emails_wait_for_the_commit(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.secretariat)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(cancel_url(cast.workshop))
    assert not mail.outbox
    assert callbacks


def test_the_changelist_action_cancels_only_what_the_user_runs(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.rep)
    data = {"action": "cancel_workshops", "_selected_action": [cast.workshop.pk, cast.other_workshop.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:workshops_workshop_changelist"), data)
    cast.workshop.refresh_from_db()
    cast.other_workshop.refresh_from_db()
    assert cast.workshop.cancelled_at is not None
    assert cast.other_workshop.cancelled_at is None  # not in the representative's rows
    assert "other@example.org" not in [message.to[0] for message in mail.outbox]


def test_a_focal_point_cannot_cancel(client, cast):
    client.force_login(cast.focal)
    assert client.post(cancel_url(cast.workshop)).status_code == 403
    client.force_login(cast.other_rep)
    assert client.post(cancel_url(cast.workshop)).status_code == 404
    cast.workshop.refresh_from_db()
    assert cast.workshop.cancelled_at is None
    assert not Notification.objects.exists()


def held(cast):
    workshop = cast.workshop
    workshop.starts_at = timezone.now() - timedelta(days=2)
    workshop.ends_at = None
    workshop.save()
    now = timezone.now()
    Registration.objects.filter(user=cast.seated).update(attended_at=now)
    Registration.objects.filter(name="Karim").update(attended_at=now)
    Registration.objects.create(
        workshop=workshop, name="Walk In", walk_in=True, status=S.REGISTERED, attended_at=now
    )
    return workshop


def test_publishing_the_outputs_tells_the_attendees_once(client, cast, django_capture_on_commit_callbacks):
    workshop = held(cast)
    client.force_login(cast.rep)
    # Nothing to publish yet: refused, nobody told.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(workshop))
    workshop.refresh_from_db()
    assert workshop.outputs_published_at is None and not mail.outbox

    Poll.objects.create(workshop=workshop, question="Quelle priorité ?")
    assert client.get(publish_url(workshop)).context["count"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(workshop))
    workshop.refresh_from_db()
    assert workshop.outputs_published_at is not None
    # Those who attended and can be written to (the walk-in left no address).
    assert sorted(message.to[0] for message in mail.outbox) == ["guest@example.org", "seated@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(workshop))
        client.post(
            reverse("admin:workshops_workshop_changelist"),
            {"action": "publish_outputs", "_selected_action": [workshop.pk]},
        )
    assert len(mail.outbox) == 2


def test_outputs_of_a_workshop_not_held_are_not_published(client, cast):
    Poll.objects.create(workshop=cast.workshop, question="?")
    client.force_login(cast.secretariat)
    client.post(publish_url(cast.workshop))
    cast.workshop.refresh_from_db()
    assert cast.workshop.outputs_published_at is None
    assert not Notification.objects.exists()


def change_page(client, workshop) -> str:
    return client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk])).content.decode()


def test_each_move_is_recorded_once_with_who_and_why_and_read_in_the_workshops_admin(client, cast):
    client.force_login(cast.rep)
    assert cancel_url(cast.workshop) in change_page(client, cast.workshop)  # the button
    client.post(cancel_url(cast.workshop), {"reason": "La salle est indisponible."})
    client.post(cancel_url(cast.workshop), {"reason": "Une seconde fois"})  # refused: nothing recorded

    event = WorkshopEvent.objects.get(workshop=cast.workshop)
    assert (event.actor, event.from_status, event.to_status, event.reason) == (
        cast.rep,
        Workshop.Stage.UPCOMING,
        Workshop.Stage.CANCELLED,
        "La salle est indisponible.",
    )
    html = change_page(client, cast.workshop)
    history = visible(html.split('id="events-group"')[1])
    assert "La salle est indisponible." in history and "Une seconde fois" not in history
    assert cast.rep.display_name in history
    # Cancelled: neither button any more (a cancelled workshop has no outputs to publish).
    assert cancel_url(cast.workshop) not in html and publish_url(cast.workshop) not in html


def test_publishing_is_recorded_once_from_held(client, cast):
    workshop = held(cast)
    Poll.objects.create(workshop=workshop, question="Quelle priorité ?")
    client.force_login(cast.secretariat)
    assert cancel_url(workshop) not in change_page(client, workshop)  # begun: no cancelling
    assert publish_url(workshop) in change_page(client, workshop)
    client.post(publish_url(workshop))
    client.post(publish_url(workshop))
    event = WorkshopEvent.objects.get(workshop=workshop)
    assert (event.actor, event.from_status, event.to_status) == (
        cast.secretariat,
        Workshop.Stage.HELD,
        Workshop.Stage.PUBLISHED,
    )
    assert publish_url(workshop) not in change_page(client, workshop)


def test_the_refusals_say_what_stands_in_the_way(client, cast):
    client.force_login(cast.secretariat)
    client.post(publish_url(cast.workshop))  # not held yet
    client.post(cancel_url(cast.workshop))
    client.post(cancel_url(cast.workshop))  # again
    said = " ".join(str(message) for message in get_messages(client.get("/").wsgi_request))
    with translation.override("ar"):  # the admin's language here
        assert gettext("This workshop has not been held yet.") in said
        assert gettext("This workshop was already cancelled.") in said
    assert not WorkshopEvent.objects.filter(to_status=Workshop.Stage.PUBLISHED).exists()


@pytest.mark.django_db(transaction=True)
def test_two_cancellations_at_once_make_one_move():
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=10))
    staff = UserFactory(is_staff=True, is_superuser=True)

    outcomes = moves_in_parallel(lambda: notices.cancel(Workshop.objects.get(pk=workshop.pk), by=staff))
    assert outcomes == ["moved", "refused", "refused", "refused"]
    assert WorkshopEvent.objects.filter(workshop=workshop).count() == 1


def test_a_deleted_account_leaves_the_move_in_the_history_without_its_name(client, cast):
    client.force_login(cast.rep)
    client.post(cancel_url(cast.workshop), {"reason": "Intempéries"})
    erase_account(cast.rep)
    event = WorkshopEvent.objects.get(workshop=cast.workshop)
    assert (event.actor, event.to_status, event.reason) == (None, Workshop.Stage.CANCELLED, "Intempéries")
