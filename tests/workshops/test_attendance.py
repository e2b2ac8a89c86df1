"""The roll at the door: the check-in page finds a person by name or code,
marks them present once, adds walk-ins; only those who run the workshop
open it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from core import generations
from tests.factories import UserFactory
from tests.workshops.staff import stage
from workshops import registration as seats
from workshops.generations import WORKSHOPS
from workshops.models import Registration

pytestmark = pytest.mark.django_db
S = Registration.Status


def url(workshop):
    return reverse("admin:workshops_workshop_checkin", args=[workshop.pk])


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def cast():
    return stage(capacity=3)


@pytest.fixture
def people(cast):
    workshop = cast.workshop
    return {
        "fatima": Registration.objects.create(
            workshop=workshop, name="فاطمة الزهراء بنعلي", email="f@example.org", status=S.REGISTERED
        ),
        "julien": Registration.objects.create(
            workshop=workshop, name="Julien Martin", organisation="Transparency Maroc", status=S.REGISTERED
        ),
        "gone": Registration.objects.create(workshop=workshop, name="Julie Partie", status=S.CANCELLED),
    }


def found(response) -> list[Registration]:
    return response.context["results"]


def test_the_organisers_representative_finds_people_by_code_and_by_part_of_the_name(client, cast, people):
    client.force_login(cast.rep)
    response = client.get(url(cast.workshop), {"q": people["julien"].code.lower()})
    assert response.status_code == 200
    assert found(response) == [people["julien"]]

    assert found(client.get(url(cast.workshop), {"q": "الزهراء"})) == [people["fatima"]]
    # A cancelled registration is not at the door.
    assert found(client.get(url(cast.workshop), {"q": "juli"})) == [people["julien"]]
    html = client.get(url(cast.workshop), {"q": "فاطمة"}).content.decode()
    assert "فاطمة الزهراء بنعلي" in html
    assert 'name="present"' in html


def test_a_signed_in_persons_account_name_is_found_too(client, cast):
    user = UserFactory(display_name="Amina Idrissi")
    mine = seats.register(cast.workshop, user=user)
    client.force_login(cast.secretariat)
    assert found(client.get(url(cast.workshop), {"q": "amina"})) == [mine]


def test_marking_present_is_counted_and_a_second_tap_changes_nothing(client, cast, people):
    client.force_login(cast.rep)
    before = generations.current(WORKSHOPS.name(cast.workshop.plan_id))
    response = client.post(url(cast.workshop), {"present": people["julien"].pk, "q": "julien"})
    assert response.status_code == 302
    assert response["Location"] == url(cast.workshop) + "?q=julien"
    people["julien"].refresh_from_db()
    first = people["julien"].attended_at
    assert first is not None
    assert generations.current(WORKSHOPS.name(cast.workshop.plan_id)) != before  # public figures refreshed

    response = client.post(url(cast.workshop), {"present": people["julien"].pk})
    people["julien"].refresh_from_db()
    assert people["julien"].attended_at == first
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        already = translation.gettext("%(name)s was already marked present.") % {"name": "Julien Martin"}
    assert already in said(response)

    page = client.get(url(cast.workshop))
    assert page.context["figures"]["attended"] == 1
    assert page.context["figures"]["registered"] == 2


def test_a_walk_in_is_present_at_once_and_takes_no_seat_offered_online(client, cast, people):
    client.force_login(cast.rep)
    response = client.post(
        url(cast.workshop), {"walk_in-name": "Youssef Amrani", "walk_in-organisation": "Jeunes du Souss"}
    )
    assert response.status_code == 302
    walk_in = Registration.objects.get(walk_in=True)
    assert (walk_in.name, walk_in.organisation, walk_in.status, walk_in.email) == (
        "Youssef Amrani",
        "Jeunes du Souss",
        S.REGISTERED,
        "",
    )
    assert walk_in.attended_at is not None
    assert walk_in.events.get().actor == cast.rep  # recorded, like every move
    assert seats.figures(cast.workshop)["attended"] == 1
    # Three seats, two taken online: the walk-in leaves the third to the public.
    assert seats.register(cast.workshop, user=UserFactory()).status == S.REGISTERED


def test_a_walk_in_without_a_name_is_refused_with_what_was_typed(client, cast):
    client.force_login(cast.rep)
    response = client.post(
        url(cast.workshop), {"walk_in-name": "  ", "walk_in-organisation": "Jeunes du Souss"}
    )
    assert response.status_code == 200
    assert response.context["walk_in_form"].errors["name"]
    assert 'value="Jeunes du Souss"' in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize("query", ["\x00", "a" * 500, "\u202e\u0000x"])
def test_a_hostile_search_gets_a_message(client, cast, people, query):
    client.force_login(cast.rep)
    response = client.get(url(cast.workshop), {"q": query})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert said(response)


def test_bidi_controls_pasted_with_a_code_are_ignored(client, cast, people):
    client.force_login(cast.rep)
    response = client.get(url(cast.workshop), {"q": f"\u2067{people['julien'].code}\u2069"})
    assert found(response) == [people["julien"]]


def test_the_arabic_letter_mark_pasted_with_a_name_is_ignored(client, cast, people):
    """U+061C, the mark an Arabic keyboard or a message leaves beside a name,
    as core.text takes out of every one-line field."""
    client.force_login(cast.rep)
    assert found(client.get(url(cast.workshop), {"q": "\u061cفاطمة\u200f"})) == [people["fatima"]]


@pytest.mark.parametrize("value", ["abc", "\x00", "99999999999999999999999", "-1"])
def test_a_hostile_present_button_changes_nothing(client, cast, people, value):
    client.force_login(cast.rep)
    response = client.post(url(cast.workshop), {"present": value})
    assert response.status_code == 302
    assert said(response)
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


def test_a_registration_of_another_workshop_cannot_be_marked_here(client, cast, people):
    elsewhere = Registration.objects.create(workshop=cast.other_workshop, name="X", status=S.REGISTERED)
    client.force_login(cast.secretariat)
    client.post(url(cast.workshop), {"present": elsewhere.pk})
    elsewhere.refresh_from_db()
    assert elsewhere.attended_at is None


def test_who_opens_the_check_in_page(client, cast):
    expected = {
        "secretariat": 200,
        "rep": 200,
        "focal": 403,  # reads the workshop, does not run it
        "other_focal": 404,  # not a workshop of theirs
        "other_rep": 404,
    }
    for role, status in expected.items():
        client.force_login(getattr(cast, role))
        assert client.get(url(cast.workshop)).status_code == status, role
        posted = client.post(url(cast.workshop), {"walk_in-name": "X"}).status_code
        assert posted == (302 if status == 200 else status), role
    assert Registration.objects.filter(name="X").count() == 2  # the secretariat's and the representative's
    client.logout()
    assert client.get(url(cast.workshop)).status_code == 302


def test_the_page_works_on_a_phone_without_javascript(client, cast, people):
    client.force_login(cast.rep)
    html = client.get(url(cast.workshop), {"q": "julien"}).content.decode()
    assert 'name="viewport"' in html
    assert '<form method="get"' in html and html.count('<form method="post"') >= 2
    content = html[html.index('id="content-main"') :]
    assert "<script" not in content
