"""A visitor without an account registers with their name and email, confirms
by a signed link (counted from then), cancels by a link, and their personal
data is erased a set time after the workshop."""

import html
import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from core.models import Notification
from tests.bidi import visible
from tests.factories import UserFactory, WorkshopFactory
from workshops import registration as seats
from workshops.models import Registration
from workshops.tasks import erase_guest_data

pytestmark = pytest.mark.django_db
S = Registration.Status

GUEST = {"name": "Nadia Bennani", "email": "Nadia@Example.org", "organisation": "Association Tafra"}


@pytest.fixture
def workshop():
    return WorkshopFactory(starts_at=timezone.now() + timedelta(days=10), capacity=1, title_en="Open budget")


def text(response) -> str:
    return html.unescape(visible(response.content.decode()))


def link_in(message, action: str) -> str:
    """The path of the signed link for `action` in an email."""
    url = re.search(rf"http\S+/workshops/\d+/{action}/\S+/", message.body).group(0)
    return urlparse(url).path


def committed():
    """Runs what waits for the commit (the emails) as the test's own
    transaction cannot commit: as django_capture_on_commit_callbacks does."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def register_as_guest(client, workshop, language="en", **fields):
    with committed():
        return client.post(
            f"/{language}/workshops/{workshop.pk}/register/guest/", {**GUEST, **fields}, follow=True
        )


def post(client, path):
    with committed():
        return client.post(path, follow=True)


def test_a_visitor_sees_the_guest_form_and_a_sign_in_link(client, workshop):
    page = text(client.get(f"/en/workshops/{workshop.pk}/"))
    assert "Sign in to register." in page and "Or register without an account:" in page
    assert 'name="email"' in page and "erased 30 days after the workshop" in page
    # No registration yet: its own zeros, not "reported by the organiser".
    assert "0 people registered · 1 seat left" in page and "Reported" not in page


def test_a_guest_counts_only_once_confirmed_and_is_told_in_their_language(
    client, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register_as_guest(client, workshop, language="fr")
    guest = Registration.objects.get(workshop=workshop)
    assert (guest.status, guest.user, guest.language) == (S.PENDING, None, "fr")
    assert "nous avons envoyé un lien à Nadia@Example.org" in text(response)
    # Pending: no seat taken, nothing counted.
    assert seats.figures(workshop)["registered"] == 0
    assert "1 seat left" in text(client.get(f"/en/workshops/{workshop.pk}/"))
    [email] = mail.outbox
    assert email.to == ["Nadia@Example.org"]
    confirm = link_in(email, "confirm")

    # Opening the link (a mail scanner would) changes nothing: it shows a button.
    page = client.get(confirm)
    assert page.status_code == 200 and "Confirmer mon inscription" in text(page)
    guest.refresh_from_db()
    assert guest.status == S.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm, follow=True)
    assert "Votre adresse est confirmée et vous avez une place." in text(response)
    guest.refresh_from_db()
    assert guest.status == S.REGISTERED
    assert seats.figures(workshop)["registered"] == 1
    # The seat email goes to the visitor too, in the language they registered in.
    seat_email = mail.outbox[-1]
    assert seat_email.to == ["Nadia@Example.org"]
    assert "Bonjour Nadia Bennani" in visible(seat_email.body)
    assert "Vous avez une place à l'atelier" in visible(seat_email.body)
    assert guest.code in seat_email.body
    # Confirming twice changes nothing and sends nothing more.
    client.post(confirm)
    assert len(mail.outbox) == 2


def test_a_confirmed_guest_on_a_full_workshop_waits_in_line(client, workshop):
    seats.register(workshop, user=UserFactory())
    register_as_guest(client, workshop)
    confirm = link_in(mail.outbox[-1], "confirm")
    response = post(client, confirm)
    assert "you are number 1 on the waiting list" in text(response)
    assert Registration.objects.get(email="Nadia@Example.org").status == S.WAITING


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "1:1tAmPeReD:abc",
        "%00",
        "a%00b:c",
        "\u202e1",
        "9" * 300,
    ],
)
def test_a_hostile_or_tampered_link_is_refused_with_a_message(client, workshop, token):
    for action in ("confirm", "cancel", "keep", "release"):
        for response in (
            client.get(f"/en/workshops/{action}/{token}/"),
            client.post(f"/en/workshops/{action}/{token}/"),
        ):
            assert response.status_code == 400
            assert "This link is not valid" in text(response)


def test_a_link_for_one_action_or_one_registration_does_not_work_for_another(client, workshop):
    register_as_guest(client, workshop)
    guest = Registration.objects.get()
    confirm = link_in(mail.outbox[-1], "confirm")
    token = confirm.rstrip("/").rsplit("/", 1)[1]
    # The confirmation token is no cancellation token, nor a release one.
    assert client.post(f"/en/workshops/{workshop.pk}/cancel/{token}/").status_code == 400
    assert client.post(f"/en/workshops/{workshop.pk}/release/{token}/").status_code == 400
    # A character changed in the signature: refused.
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.post(f"/en/workshops/{workshop.pk}/confirm/{tampered}/").status_code == 400
    # Under another workshop's address: refused.
    other = WorkshopFactory(starts_at=workshop.starts_at)
    assert client.post(f"/en/workshops/{other.pk}/confirm/{token}/").status_code == 400
    guest.refresh_from_db()
    assert guest.status == S.PENDING


def answer(response, address: str) -> tuple[int, str]:
    """What the poster of a guest form reads, their address left out."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text(response))
    return response.status_code, page.replace(address, "ADDRESS")


def test_the_guest_form_answers_the_same_whatever_the_address_and_touches_no_other_row(client, workshop):
    workshop.capacity = 10
    workshop.save()
    leila = UserFactory(email="leila@example.org", language="en")
    seats.register(workshop, user=leila, organisation="Ministère")
    UserFactory(email="omar@example.org")  # an account, not registered
    seats.register(workshop, email="pending@example.org", name="Pending")
    seats.confirm(seats.register(workshop, email="seated@example.org", name="Seated"))
    before = list(Registration.objects.order_by("pk").values())
    addresses = ["fresh@example.org", "LEILA@example.org", "omar@example.org", "pending@example.org"]
    answers = {
        answer(register_as_guest(client, workshop, email=address, name="Someone Else"), address)
        for address in [*addresses, "seated@example.org"]
    }
    # No enumeration: one answer, "we have sent a link", for every address.
    [(status, page)] = answers
    assert status == 200 and "we have sent a link to ADDRESS" in page
    # Every form made a new row of its own, which holds no seat; no row was changed.
    assert list(Registration.objects.order_by("pk").values())[: len(before)] == before
    new = Registration.objects.exclude(pk__in=[row["id"] for row in before])
    assert sorted(new.values_list("status", "name", "user")) == [(S.PENDING, "Someone Else", None)] * 5
    assert seats.figures(workshop)["registered"] == 2


def test_an_unconfirmed_guest_never_takes_the_place_of_the_account_owning_the_address(client, workshop):
    leila = UserFactory(email="leila@example.org", language="en")
    register_as_guest(client, workshop, email="Leila@Example.org", name="Someone Else")
    # The account is not refused: the visitor's registration holds nothing.
    assert seats.register(workshop, user=leila).status == S.REGISTERED
    # Opening the link sent to Leila's address confirms nothing: she holds the place.
    response = post(client, link_in(mail.outbox[0], "confirm"))
    assert "This email address is already registered for this workshop." in text(response)
    assert Registration.objects.get(name="Someone Else").status == S.PENDING
    assert Registration.objects.get(user=leila).status == S.REGISTERED


def test_a_guest_form_never_touches_the_cancelled_registration_of_an_account(client, workshop):
    leila = UserFactory(email="leila@example.org", language="en")
    mine = seats.register(workshop, user=leila, organisation="Ministère")
    seats.give_up(mine, by=leila)
    register_as_guest(client, workshop, email="leila@example.org", name="Someone Else", organisation="Other")
    mine.refresh_from_db()
    assert (mine.user, mine.name, mine.organisation, mine.status) == (leila, "", "Ministère", S.CANCELLED)
    # Her row is still hers, to register again.
    assert seats.register(workshop, user=leila).pk == mine.pk


def test_the_same_address_twice_makes_two_unconfirmed_rows_and_one_place_once_confirmed(client, workshop):
    register_as_guest(client, workshop)
    register_as_guest(client, workshop, email="nadia@EXAMPLE.org", name="Someone Else")
    assert Registration.objects.filter(status=S.PENDING).count() == 2
    first, second = (link_in(message, "confirm") for message in mail.outbox)
    assert "you have a seat" in text(post(client, second))
    response = post(client, first)
    assert "This email address is already registered for this workshop." in text(response)
    assert sorted(Registration.objects.values_list("name", "status")) == [
        ("Nadia Bennani", S.PENDING),
        ("Someone Else", S.REGISTERED),
    ]
    assert seats.figures(workshop)["registered"] == 1


def test_a_link_acts_only_on_the_registration_it_was_issued_for(client, workshop):
    register_as_guest(client, workshop)
    old_confirm = link_in(mail.outbox[-1], "confirm")
    post(client, old_confirm)
    post(client, link_in(mail.outbox[-1], "cancel"))  # in the seat email
    register_as_guest(client, workshop, name="Nadia B.")
    new_confirm = link_in(mail.outbox[-1], "confirm")
    # The link sent before the cancellation does not confirm the new registration.
    response = post(client, old_confirm)
    assert "This registration is cancelled." in text(response)
    again = Registration.objects.get(status=S.PENDING)
    assert again.name == "Nadia B."
    post(client, new_confirm)
    again.refresh_from_db()
    assert again.status == S.REGISTERED


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, workshop):
    response = register_as_guest(client, workshop, email="not-an-address", organisation="", name="Na\x00dia")
    assert response.status_code == 400
    page = text(response)
    assert "Please correct the fields marked below. Nothing was saved." in page
    assert 'value="not-an-address"' in page
    assert not Registration.objects.exists() and not Notification.objects.exists()


def test_a_guest_cancels_by_the_link_in_their_email_and_the_first_waiting_is_promoted(
    client, workshop, django_capture_on_commit_callbacks
):
    register_as_guest(client, workshop)
    post(client, link_in(mail.outbox[-1], "confirm"))
    with committed():
        waiting = seats.register(workshop, user=UserFactory(language="en"))
    assert waiting.status == S.WAITING
    cancel = link_in(mail.outbox[1], "cancel")  # in the seat email
    assert Registration.objects.get(email="Nadia@Example.org").status == S.REGISTERED  # the GET did nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel, follow=True)
    assert "Your registration is cancelled." in text(response)
    waiting.refresh_from_db()
    assert waiting.status == S.REGISTERED
    assert mail.outbox[-1].to == [waiting.user.email]


def test_a_confirmation_after_registration_closed_is_refused(client, workshop):
    register_as_guest(client, workshop)
    confirm = link_in(mail.outbox[-1], "confirm")
    with time_machine.travel(workshop.starts_at + timedelta(minutes=1)):
        response = client.post(confirm, follow=True)
    assert "Registration for this workshop is closed." in text(response)
    assert Registration.objects.get().status == S.PENDING


def test_guest_posts_are_flood_limited(client, workshop, settings):
    settings.WORKSHOPS_RATE_GUEST = "2/h"
    register_as_guest(client, workshop, email="a@example.org")
    register_as_guest(client, workshop, email="b@example.org")
    response = register_as_guest(client, workshop, email="c@example.org")
    assert response.status_code == 429
    assert "Too many registrations were sent from your connection." in text(response)
    assert Registration.objects.count() == 2


def test_guest_data_is_erased_a_set_time_after_the_workshop_and_the_figures_stay(settings):
    settings.WORKSHOP_GUEST_DATA_DAYS = 30
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=2), capacity=10)
    guest = seats.register(
        workshop, email="nadia@example.org", name="Nadia", organisation="Tafra", region="Fès"
    )
    seats.confirm(guest)
    member = seats.register(workshop, user=UserFactory(), organisation="Institution")
    assert seats.figures(workshop)["registered"] == 2
    ended = workshop.ends_at
    with time_machine.travel(ended + timedelta(days=29)):
        assert erase_guest_data() == 0
    guest.refresh_from_db()
    assert guest.email == "nadia@example.org"
    with time_machine.travel(ended + timedelta(days=31)):
        assert erase_guest_data() == 1
        assert erase_guest_data() == 0  # nothing left to erase
    guest.refresh_from_db()
    member.refresh_from_db()
    assert (guest.name, guest.email, guest.organisation, guest.region) == ("", "", "", "")
    assert guest.status == S.REGISTERED
    assert member.organisation == "Institution"  # an account's data follows the account, not this rule
    assert seats.figures(workshop)["registered"] == 2


def test_a_link_cut_short_says_so_and_leads_to_its_workshop(client, workshop):
    register_as_guest(client, workshop)
    confirm = link_in(mail.outbox[-1], "confirm")
    for broken in (confirm[:-12] + "/", confirm.rsplit("/", 2)[0] + "/x/"):
        response = client.get(broken)
        assert response.status_code == 400
        page = text(response)
        assert "This link is not valid" in page
        assert f'href="/en/workshops/{workshop.pk}/"' in page and "Open budget" in page
    assert Registration.objects.get().status == S.PENDING


def test_organisation_is_optional_for_a_guest_as_for_an_account_and_the_form_says_so(client, workshop):
    page = client.get(f"/en/workshops/{workshop.pk}/").content.decode()
    form = page[page.index(f'action="/en/workshops/{workshop.pk}/register/guest/"') :]
    required, optional = form.split("Tell the organiser more (optional)", 1)
    # What is asked of everyone comes first; the optional details apart, as an account's.
    assert 'name="name"' in required and 'name="email"' in required
    assert 'name="organisation"' not in required and 'name="organisation"' in optional.split("</details>")[0]
    assert "Optional: the association, institution or company you come from." in optional
    response = register_as_guest(client, workshop, organisation="")
    assert response.status_code == 200
    assert Registration.objects.get().organisation == ""
