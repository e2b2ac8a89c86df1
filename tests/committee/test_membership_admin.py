"""The seats in the admin: the rules said on the form (never a 500), both
sides' counts and the warning on the committees' and the members' lists,
and each other role's forged POSTs changing nothing."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from committee import membership
from committee.models import Membership
from core.bidi import strip_isolates
from tests.admin.posted import posted
from tests.committee.factories import AttendanceFactory, CommitteeFactory, MeetingFactory, MembershipFactory
from tests.committee.members_cast import admin_url, other_roles, secretariat_user, words
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return secretariat_user()


@pytest.fixture
def committee():
    return CommitteeFactory(term_start=date(2026, 1, 1), term_end=date(2099, 12, 31))


def seat_post(committee, **changes) -> dict:
    data = {
        "committee": committee.pk,
        "side": "civil",
        "person": "",
        "name": "Nadia Bennani",
        "institution": "",
        "association": AssociationFactory().pk,
        "role": "member",
        "deputy_of": "",
        "designated_on": "2026-01-05",
        "starts_on": "2026-01-10",
        "ends_on": "",
        "end_reason": "",
    }
    data.update(changes)
    return data


def test_the_secretariat_designates_a_public_member_of_a_leading_institution_only(
    client, secretariat, committee
):
    idle = InstitutionFactory(member=committee.plan.member, name_en="Ministry of Idleness")
    lead = InstitutionFactory(member=committee.plan.member)
    CommitmentFactory(theme=ThemeFactory(plan=committee.plan), lead_institution=lead)
    client.force_login(secretariat)
    url = admin_url("membership_add")
    refused = client.post(url, seat_post(committee, side="public", association="", institution=idle.pk))
    assert refused.status_code == 200
    assert "Ministry of Idleness leads no commitment of" in words(refused)
    assert not Membership.objects.exists()
    accepted = client.post(url, seat_post(committee, side="public", association="", institution=lead.pk))
    assert accepted.status_code == 302
    assert Membership.objects.get().institution == lead


def test_a_second_seat_for_one_person_is_refused_in_words(client, secretariat, committee):
    seat = MembershipFactory(committee=committee)
    client.force_login(secretariat)
    response = client.post(admin_url("membership_add"), seat_post(committee, person=seat.person.pk))
    assert response.status_code == 200
    assert "This account already holds a seat on this committee: one seat per person." in words(response)
    assert Membership.objects.count() == 1


def test_a_second_seat_added_by_a_parallel_request_is_refused_in_words(
    client, secretariat, committee, monkeypatch
):
    # The form's check passed (the other request had not committed yet):
    # the database's constraint refuses, and the admin says why.
    seat = MembershipFactory(committee=committee)
    monkeypatch.setattr(membership, "problems", lambda seat: {})
    monkeypatch.setattr(Membership, "validate_constraints", lambda seat, exclude=None: None)
    client.force_login(secretariat)
    response = client.post(
        admin_url("membership_add"), seat_post(committee, person=seat.person.pk), follow=True
    )
    assert response.status_code == 200
    assert "one seat per person" in words(response)
    assert Membership.objects.count() == 1


def test_the_committees_list_shows_both_counts_and_warns_when_unbalanced(client, secretariat, committee):
    lead = InstitutionFactory(member=committee.plan.member)
    MembershipFactory(committee=committee, side="public", institution=lead)
    MembershipFactory(committee=committee)
    client.force_login(secretariat)
    response = client.get(admin_url("committee_changelist"))
    row = response.context["cl"].result_list[0]
    assert (row.public_count, row.civil_count) == (1, 1)
    assert "do not balance" not in words(response)
    MembershipFactory(committee=committee)
    response = client.get(admin_url("committee_changelist"))
    assert "do not balance today (public administration: 1, civil society: 2)" in words(response)
    page = client.get(admin_url("committee_change", committee.pk))
    assert "public administration: 1 · civil society: 2" in words(page)
    assert 'id="parity-warning"' in page.content.decode()


def test_the_members_list_shows_both_counts(client, secretariat, committee):
    MembershipFactory(committee=committee, side="public", institution=InstitutionFactory())
    MembershipFactory(committee=committee)
    client.force_login(secretariat)
    response = client.get(admin_url("membership_changelist"))
    assert "members today: public administration 1, civil society 1; the sides balance." in words(response)


def test_a_seat_with_a_record_is_ended_not_deleted(client, secretariat, committee):
    seat = MembershipFactory(committee=committee)
    AttendanceFactory(member=seat, meeting=MeetingFactory(committee=committee))
    empty = MembershipFactory(committee=committee)
    client.force_login(secretariat)
    assert client.get(admin_url("membership_delete", seat.pk)).status_code == 403
    assert client.get(admin_url("membership_delete", empty.pk)).status_code == 200


@pytest.mark.parametrize("role", ["focal point", "representative", "citizen", "member"])
def test_other_roles_forge_the_secretariats_posts_in_vain(client, secretariat, committee, role):
    lead = InstitutionFactory(member=committee.plan.member)
    CommitmentFactory(theme=ThemeFactory(plan=committee.plan), lead_institution=lead)
    seat = MembershipFactory(committee=committee, name="Nadia")
    client.force_login(secretariat)
    change = admin_url("membership_change", seat.pk)
    forged = {
        admin_url("membership_add"): seat_post(committee, side="public", association="", institution=lead.pk),
        change: {**posted(client.get(change), "membership_form"), "name": "Forged"},
        admin_url("committee_change", committee.pk): {"plan": committee.plan.pk, "term_start": "2020-01-01"},
    }
    user = other_roles()[role]
    if role == "member":
        MembershipFactory(committee=committee, person=user)
    seats = Membership.objects.count()
    client.force_login(user)
    for url, data in forged.items():
        assert client.post(url, data).status_code in (302, 403)
    seat.refresh_from_db()
    committee.refresh_from_db()
    assert seat.name == "Nadia" and committee.term_start == date(2026, 1, 1)
    assert Membership.objects.count() == seats
    # The same POSTs from the secretariat do change things: they were complete.
    client.force_login(secretariat)
    assert client.post(change, forged[change]).status_code == 302
    seat.refresh_from_db()
    assert seat.name == "Forged"


def test_the_account_picker_searches_and_finds_accounts(client, secretariat, committee):
    UserFactory(email="nadia@example.org", display_name="Nadia")
    client.force_login(secretariat)
    with translation.override("en"):
        url = reverse("admin:autocomplete")
    response = client.get(
        url, {"app_label": "committee", "model_name": "membership", "field_name": "person", "term": "nadia"}
    )
    assert response.status_code == 200
    assert [strip_isolates(r["text"]) for r in response.json()["results"]] == ["nadia@example.org — Nadia"]
