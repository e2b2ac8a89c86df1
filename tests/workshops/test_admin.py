"""The workshops' admin: the programme a new workshop gets, the derived
figures of the list, who edits what, the registrations' roll and contact
details, and the polls of a representative's own workshops."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import generations
from tests.factories import UserFactory, WorkshopFactory
from tests.workshops.staff import stage
from workshops import registration as seats
from workshops.generations import WORKSHOPS
from workshops.models import STANDARD_MINUTES, Poll, Registration, RegistrationEvent

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def cast():
    return stage(capacity=2)


def changelist(client, model="workshop", **query):
    return client.get(reverse(f"admin:workshops_{model}_changelist"), query)


def test_a_new_workshop_saved_without_a_programme_gets_the_standard_six_items(client, cast):
    client.force_login(cast.secretariat)
    starts = timezone.localtime() + timedelta(days=30)
    data = {
        "plan": cast.workshop.plan_id,
        "theme": cast.workshop.theme_id,
        "number": 40,
        "title_ar": "الحق في الحصول على المعلومات",
        "title_fr": "Accès à l'information",
        "organiser": cast.workshop.organiser_id,
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": "10:00",
        "mode": "in_person",
        "place_ar": "الرباط",
        "capacity": "60",
        "reserved_seats": "10",
        "reminder_hours": "48",
        "registered_count": "0",
        "attended_count": "0",
        "programme-TOTAL_FORMS": "0",
        "programme-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:workshops_workshop_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    workshop = cast.workshop.plan.workshops.get(number=40)
    items = list(workshop.programme.all())
    assert len(items) == 6
    assert sum(item.minutes for item in items) == STANDARD_MINUTES == 140
    assert all(item.title_ar and item.title_fr for item in items)
    assert workshop.ends_at - workshop.starts_at == timedelta(minutes=140)


def test_the_list_shows_figures_from_the_rows_else_the_reported_ones_in_one_query(client, cast):
    seats.register(cast.workshop, user=UserFactory())
    seats.register(cast.workshop, user=UserFactory())
    waiting = seats.register(cast.workshop, user=UserFactory())
    assert waiting.status == S.WAITING
    Registration.objects.filter(workshop=cast.workshop, status=S.REGISTERED).update(
        attended_at=timezone.now()
    )
    old = WorkshopFactory(theme=cast.workshop.theme, registered_count=229, attended_count=87)

    client.force_login(cast.secretariat)
    response = changelist(client)
    rows = {workshop.pk: workshop.figures for workshop in response.context["cl"].result_list}
    assert rows[cast.workshop.pk] == {
        "reported": False,
        "registered": 2,
        "waiting": 1,
        "attended": 2,
        "seats_left": 0,
    }
    assert rows[old.pk]["reported"] and (rows[old.pk]["registered"], rows[old.pk]["attended"]) == (229, 87)
    html = response.content.decode()
    assert "229 <small>(" in html

    # One query for the figures, however many workshops are listed.
    def count():
        with CaptureQueriesContext(connection) as queries:
            changelist(client)
        return len(queries)

    before = count()
    for _ in range(4):
        seats.register(
            WorkshopFactory(theme=cast.workshop.theme, starts_at=cast.workshop.starts_at), user=UserFactory()
        )
    assert count() == before


def test_the_list_links_each_workshop_to_its_registrations_and_sheet_and_check_in_for_who_runs_it(
    client, cast
):
    checkin = reverse("admin:workshops_workshop_checkin", args=[cast.workshop.pk])
    registrations = (
        reverse("admin:workshops_registration_changelist") + f"?workshop__id__exact={cast.workshop.pk}"
    )
    client.force_login(cast.rep)
    html = changelist(client).content.decode()
    assert checkin in html and registrations in html
    assert reverse("admin:workshops_workshop_sign_in_sheet", args=[cast.workshop.pk]) + "?language=fr" in html
    client.force_login(cast.focal)
    html = changelist(client).content.decode()
    assert registrations in html and checkin not in html


def test_a_representative_edits_the_outputs_only(client, cast):
    client.force_login(cast.rep)
    url = reverse("admin:workshops_workshop_change", args=[cast.workshop.pk])
    form = client.get(url).context["adminform"].form
    assert sorted(form.fields) == ["recording_link", "report"]
    # The management forms the page carries (the programme, the history).
    data = {
        f"{prefix}-{name}": "0"
        for prefix in ("programme", "events")
        for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    response = client.post(
        url, {"recording_link": "https://video.example.org/atelier", "capacity": "500", **data}
    )
    assert response.status_code == 302
    cast.workshop.refresh_from_db()
    assert cast.workshop.recording_link == "https://video.example.org/atelier"
    assert cast.workshop.capacity == 2


def test_a_focal_point_reads_the_workshop_without_changing_it(client, cast):
    client.force_login(cast.focal)
    url = reverse("admin:workshops_workshop_change", args=[cast.workshop.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"recording_link": "https://video.example.org/x"})
    cast.workshop.refresh_from_db()
    assert cast.workshop.recording_link == ""


# Registrations.


@pytest.fixture
def booked(cast):
    people = [
        Registration.objects.create(
            workshop=cast.workshop,
            name="Zineb",
            email="zineb@example.org",
            status=S.REGISTERED,
            accessibility="Fauteuil roulant",
        ),
        Registration.objects.create(
            workshop=cast.workshop, name="Omar", email="omar@example.org", status=S.REGISTERED
        ),
        Registration.objects.create(
            workshop=cast.workshop, name="Hind", email="hind@example.org", status=S.WAITING
        ),
        Registration.objects.create(
            workshop=cast.workshop, name="Samir", email="samir@example.org", status=S.CANCELLED
        ),
    ]
    return people


def test_the_address_shows_to_who_runs_the_workshop_not_to_a_focal_point(client, cast, booked):
    change = reverse("admin:workshops_registration_change", args=[booked[0].pk])
    for user in (cast.secretariat, cast.rep):
        client.force_login(user)
        assert "zineb@example.org" in changelist(client, "registration").content.decode()
        html = client.get(change).content.decode()
        assert "zineb@example.org" in html and "Fauteuil roulant" in html
    client.force_login(cast.focal)
    listing = changelist(client, "registration")
    assert {r.name for r in listing.context["cl"].result_list} == {"Zineb", "Omar", "Hind", "Samir"}
    assert "@example.org" not in listing.content.decode()
    html = client.get(change).content.decode()
    assert "Zineb" in html and "zineb@example.org" not in html and "Fauteuil" not in html


def test_registrations_are_searched_by_name_code_and_organisation_and_filtered(client, cast, booked):
    client.force_login(cast.rep)
    found = lambda **q: {r.name for r in changelist(client, "registration", **q).context["cl"].result_list}  # noqa: E731
    assert found(q=booked[1].code) == {"Omar"}
    assert found(q="zin") == {"Zineb"}
    assert found(status="waiting") == {"Hind"}
    Registration.objects.filter(pk=booked[0].pk).update(attended_at=timezone.now())
    assert found(attended="yes") == {"Zineb"}
    assert found(attended="no") == {"Omar", "Hind", "Samir"}


def act(client, action, rows):
    return client.post(
        reverse("admin:workshops_registration_changelist"),
        {"action": action, "_selected_action": [row.pk for row in rows]},
    )


def test_the_roll_marks_attended_and_absent_and_refreshes_the_public_figures(client, cast, booked):
    client.force_login(cast.rep)
    name = WORKSHOPS.name(cast.workshop.plan_id)
    before = generations.current(name)
    response = act(client, "mark_attended", booked)
    assert response.status_code == 302
    attended = set(Registration.objects.filter(attended_at__isnull=False).values_list("name", flat=True))
    assert attended == {"Zineb", "Omar", "Hind"}  # not the cancelled registration
    assert generations.current(name) != before
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 2  # three marked; one left as it was

    before = generations.current(name)
    act(client, "mark_absent", booked[:1])
    assert set(Registration.objects.filter(attended_at__isnull=False).values_list("name", flat=True)) == {
        "Omar",
        "Hind",
    }
    assert generations.current(name) != before


def test_a_focal_point_has_no_roll_actions(client, cast, booked):
    client.force_login(cast.focal)
    assert "mark_attended" not in changelist(client, "registration").content.decode()
    act(client, "mark_attended", booked)
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


def test_a_representative_cannot_mark_another_associations_registrations(client, cast):
    elsewhere = Registration.objects.create(workshop=cast.other_workshop, name="X", status=S.REGISTERED)
    client.force_login(cast.rep)
    act(client, "mark_attended", [elsewhere])
    elsewhere.refresh_from_db()
    assert elsewhere.attended_at is None


def test_the_status_is_never_edited_in_the_form_a_cancellation_is_a_recorded_move(client, cast, booked):
    zineb, omar, hind, _samir = booked
    client.force_login(cast.rep)
    url = reverse("admin:workshops_registration_change", args=[zineb.pk])
    client.post(url, {"status": S.CANCELLED, "attended_at_0": "", "attended_at_1": ""})
    zineb.refresh_from_db()
    assert zineb.status == S.REGISTERED

    act(client, "cancel_registrations", [zineb])
    zineb.refresh_from_db()
    hind.refresh_from_db()
    assert zineb.status == S.CANCELLED
    assert hind.status == S.REGISTERED  # the first person waiting takes the seat
    event = RegistrationEvent.objects.get(registration=zineb)
    assert (event.actor, event.from_status, event.to_status) == (cast.rep, S.REGISTERED, S.CANCELLED)


def test_nobody_adds_a_registration_in_the_admin(client, cast):
    client.force_login(cast.secretariat)
    assert client.get(reverse("admin:workshops_registration_add")).status_code == 403


# Polls.


def test_a_representative_adds_a_poll_to_their_workshop_only(client, cast):
    client.force_login(cast.rep)
    url = reverse("admin:workshops_poll_add")
    page = client.get(url)
    assert list(page.context["adminform"].form.fields["workshop"].queryset) == [cast.workshop]
    options = {
        "options-TOTAL_FORMS": "2",
        "options-INITIAL_FORMS": "0",
        "options-0-position": "1",
        "options-0-label": "Publier les marchés",
        "options-0-votes": "31",
        "options-1-position": "2",
        "options-1-label": "Former les élus",
        "options-1-votes": "12",
    }
    refused = client.post(
        url, {"workshop": cast.other_workshop.pk, "position": "1", "question": "Q?", **options}
    )
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["workshop"]
    assert not Poll.objects.exists()

    response = client.post(
        url, {"workshop": cast.workshop.pk, "position": "1", "question": "Priorité ?", **options}
    )
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert poll.workshop == cast.workshop
    assert [(o.label, o.votes) for o in poll.options.all()] == [
        ("Publier les marchés", 31),
        ("Former les élus", 12),
    ]


def test_a_signed_in_registrant_is_listed_and_found_under_their_accounts_name(client, cast):
    seats.register(cast.workshop, user=UserFactory(display_name="Amina Idrissi"))
    client.force_login(cast.rep)
    response = changelist(client, "registration", q="idriss")
    assert len(response.context["cl"].result_list) == 1
    assert "Amina Idrissi" in response.content.decode()
