"""Absence flags in the admin: the secretariat sees those awaiting the
committee's decision above the committee's lists, records the decision with
its reason (confirmed, the membership ends), and never adds nor deletes a
flag; the reminders sent are read only. Other roles' forged POSTs change
nothing."""

import pytest
from django.urls import reverse

from committee import absences
from committee.models import AbsenceFlag, Decision
from core.models import Reminder
from tests.committee.factories import AttendanceFactory, CommitteeFactory, MeetingFactory, MembershipFactory
from tests.committee.members_cast import admin_url, at, other_roles, secretariat_user, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return secretariat_user()


@pytest.fixture
def flag():
    committee = CommitteeFactory()
    seat = MembershipFactory(committee=committee, name="Nadia")
    for month in (1, 2, 3):
        meeting = MeetingFactory(committee=committee, starts_at=at(2026, month, 10, 10))
        AttendanceFactory(meeting=meeting, member=seat, presence="absent")
    (found,) = absences.check(now=at(2026, 4, 1))
    return found


@pytest.fixture
def decision(flag):
    meeting = MeetingFactory(committee=flag.member.committee, starts_at=at(2026, 4, 20, 10))
    return Decision.objects.create(meeting=meeting, number=1, text="Fin du mandat")


def test_pending_flags_are_shown_above_the_committees_lists(client, secretariat, flag):
    client.force_login(secretariat)
    for page in ("committee_changelist", "membership_changelist", "absenceflag_changelist"):
        shown = words(client.get(admin_url(page)))
        assert "Nadia" in shown and "has three unjustified absences within two calendar years" in shown, page


def test_the_secretariat_records_the_committees_decision(client, secretariat, flag, decision):
    client.force_login(secretariat)
    url = admin_url("absenceflag_change", flag.pk)
    refused = client.post(url, {"outcome": "confirmed", "decision": decision.pk, "reason": ""})
    assert refused.status_code == 200 and "Give the committee's reason." in words(refused)
    response = client.post(
        url, {"outcome": "confirmed", "decision": decision.pk, "reason": "Aucune justification"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    seat = flag.member
    seat.refresh_from_db()
    assert (flag.outcome, flag.decision, flag.reason) == ("confirmed", decision, "Aucune justification")
    assert (str(seat.ends_on), seat.end_reason) == ("2026-04-20", "absences")
    # Decided, the page only reads it; a forged second decision is refused.
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"outcome": "dismissed", "decision": decision.pk, "reason": "Autre"}).status_code
        == 403
    )
    flag.refresh_from_db()
    assert flag.outcome == "confirmed"
    assert "unjustified absences" not in words(client.get(admin_url("committee_changelist")))


def test_a_flag_comes_from_attendance_only_and_stays(client, secretariat, flag):
    client.force_login(secretariat)
    assert client.get(admin_url("absenceflag_add")).status_code == 403
    assert client.get(admin_url("absenceflag_delete", flag.pk)).status_code == 403


def test_the_reminders_are_read_only(client, secretariat):
    # core's since the consultations' reminders claim them too (core.claims).
    reminder = Reminder.objects.create(kind="minutes_due", key="meeting:1")
    client.force_login(secretariat)

    def url(name, *args):
        return reverse(f"admin:core_reminder_{name}", args=args)

    assert client.get(url("changelist")).status_code == 200
    assert client.get(url("change", reminder.pk)).status_code == 200
    assert client.get(url("add")).status_code == 403
    assert client.get(url("delete", reminder.pk)).status_code == 403
    client.post(url("change", reminder.pk), {"kind": "x", "key": "y"})
    reminder.refresh_from_db()
    assert reminder.kind == "minutes_due"


@pytest.mark.parametrize("role", ["focal point", "representative", "citizen", "member"])
def test_other_roles_cannot_decide_a_flag(client, flag, decision, role):
    user = other_roles()[role]
    if role == "member":
        seat = MembershipFactory(committee=flag.member.committee)
        seat.person = user
        seat.save()
    client.force_login(user)
    for url in (admin_url("absenceflag_changelist"), reverse("admin:core_reminder_changelist")):
        assert client.get(url).status_code in (302, 403)
    client.post(
        admin_url("absenceflag_change", flag.pk),
        {"outcome": "confirmed", "decision": decision.pk, "reason": "Forged"},
    )
    flag.refresh_from_db()
    flag.member.refresh_from_db()
    assert flag.outcome == AbsenceFlag.Outcome.PENDING and flag.member.ends_on is None
