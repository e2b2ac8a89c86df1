"""The members' area: who gets in (the members sitting today, each to their
own committee's convened meetings), the proposals form inside the window
and refused after it (nothing saved, the date it closed said), what was
typed kept, forged posts by every other role, hostile addresses."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from committee import convocation
from committee.models import Attendance, Proposal
from core.transitions import TransitionError
from tests.committee.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
)
from tests.conftest import built_once
from tests.factories import InstitutionFactory, UserFactory
from tests.workshops.staff import focal_point, secretariat

pytestmark = pytest.mark.django_db


@built_once
def cast():
    now = timezone.now()
    committee = CommitteeFactory(plan__title_fr="Plan d'action national")
    other_committee = CommitteeFactory(plan__title_fr="Plan d'une région")
    member = MembershipFactory(
        committee=committee, name="Nadia Benali", person=UserFactory(email="nadia@example.org", language="fr")
    )
    other_member = MembershipFactory(
        committee=other_committee, name="Omar", person=UserFactory(email="omar@example.org", language="fr")
    )
    former = MembershipFactory(
        committee=committee,
        name="Ancien",
        person=UserFactory(email="former@example.org", language="fr"),
        ends_on=timezone.localdate() - timedelta(days=1),
        end_reason="withdrawal",
    )
    # Convened yesterday: the window is open. Convened five days ago: closed.
    open_meeting = MeetingFactory(
        committee=committee,
        title_fr="Réunion ordinaire de printemps",
        starts_at=now + timedelta(days=20),
        convened_at=now - timedelta(days=1),
        online_link="https://meet.example.org/comite",
    )
    AgendaItemFactory(meeting=open_meeting, number=1, title_fr="Suivi des engagements")
    closed_meeting = MeetingFactory(
        committee=committee, starts_at=now + timedelta(days=8), convened_at=now - timedelta(days=5)
    )
    planned = MeetingFactory(committee=committee, starts_at=now + timedelta(days=40))
    AgendaItemFactory(meeting=planned, number=1, title_fr="Brouillon du secrétariat")
    other_meeting = MeetingFactory(
        committee=other_committee, starts_at=now + timedelta(days=20), convened_at=now - timedelta(days=1)
    )
    held = MeetingFactory(
        committee=committee, starts_at=now - timedelta(days=30), convened_at=now - timedelta(days=45)
    )
    AttendanceFactory(
        meeting=held, member=member, presence=Attendance.Presence.EXCUSED, justification="Mission"
    )
    return {
        "member": member,
        "other_member": other_member,
        "former": former,
        "open": open_meeting,
        "closed": closed_meeting,
        "planned": planned,
        "other": other_meeting,
        "held": held,
    }


def url(meeting, name="area_meeting") -> str:
    with translation.override("fr"):
        return reverse(f"committee:{name}", args=[meeting.pk])


def page(client, user, meeting, **post):
    client.force_login(user)
    if post:
        return client.post(f"/fr/committee/my/meetings/{meeting.pk}/", post)
    return client.get(f"/fr/committee/my/meetings/{meeting.pk}/")


# Who gets in.


def test_a_member_reads_their_committees_convened_meetings_only(client, cast):
    client.force_login(cast["member"].person)
    html = client.get("/fr/committee/my/").content.decode()
    assert "Espace des membres" in html
    assert "Réunion ordinaire de printemps" in html and "Suivi des engagements" in html
    assert url(cast["closed"]) in html and url(cast["held"]) in html
    # Not a meeting of another committee, nor a planned one (the secretariat's draft).
    assert url(cast["other"]) not in html
    assert url(cast["planned"]) not in html and "Brouillon du secrétariat" not in html
    # Their attendance record.
    attendance = html[html.index('id="attendance"') :]
    assert "Mission" in attendance and "excusé" in attendance
    assert "Présent·e à 0 réunion sur 1 enregistrée." in attendance


@pytest.mark.parametrize("which", ["other", "planned"])
def test_another_committees_meeting_or_a_planned_one_is_not_found(client, cast, which):
    client.force_login(cast["member"].person)
    for name in ("area_meeting", "area_ics"):
        assert client.get(url(cast[which], name)).status_code == 404
    assert client.post(url(cast[which]), {"kind": "item", "text": "Intrus"}).status_code == 404
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", ["citizen", "former", "secretariat", "focal_point"])
def test_anyone_not_sitting_on_the_committee_finds_nothing(client, cast, who):
    user = {
        "citizen": lambda: UserFactory(email="amina@example.org"),
        "former": lambda: cast["former"].person,
        "secretariat": lambda: secretariat(),
        "focal_point": lambda: focal_point(InstitutionFactory(), "focal@example.org"),
    }[who]()
    client.force_login(user)
    assert client.get("/fr/committee/my/").status_code == 404
    assert client.get(url(cast["open"])).status_code == 404
    assert client.get(url(cast["open"], "area_ics")).status_code == 404
    # A forged proposal saves nothing.
    assert client.post(url(cast["open"]), {"kind": "item", "text": "Intrus"}).status_code == 404
    assert not Proposal.objects.exists()


def test_an_anonymous_visitor_is_asked_to_sign_in(client, cast):
    for address in ("/fr/committee/my/", url(cast["open"]), url(cast["open"], "area_ics")):
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(url(cast["open"]), {"kind": "item", "text": "Anonyme"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/fr/committee/my/meetings/99999999999999999999/",
        "/fr/committee/my/meetings/0/",
        "/fr/committee/my/meetings/-1/",
        "/fr/committee/my/meetings/1%00/",
        "/fr/committee/my/meetings/%E2%80%AE1/calendar.ics",
        "/fr/committee/my/meetings/" + "9" * 5000 + "/",
    ],
)
def test_hostile_addresses_are_not_found(client, cast, path):
    client.force_login(cast["member"].person)
    assert client.get(path).status_code == 404
    assert client.post(path, {"kind": "item", "text": "x"}).status_code == 404


# Proposing.


def test_inside_the_window_the_form_says_until_when_and_the_proposal_is_sent(client, cast):
    meeting = cast["open"]
    html = page(client, cast["member"].person, meeting).content.decode()
    last = convocation.proposals_last_day(meeting)
    assert f"jusqu’au {last.day} " in html and " inclus" in html
    assert 'name="text"' in html and "https://meet.example.org/comite" in html
    response = page(client, cast["member"].person, meeting, kind="item", text="Le budget \u202eouvert")
    assert response.status_code == 302 and response["Location"] == url(meeting)
    proposal = Proposal.objects.get()
    assert (proposal.member, proposal.kind, proposal.state) == (cast["member"], "item", "pending")
    assert proposal.text == "Le budget ouvert"  # the direction control is not kept
    html = client.get(url(meeting)).content.decode()
    assert "Votre proposition est envoyée au secrétariat" in html
    assert "Le budget ouvert" in html and "En attente du secrétariat" in html.replace(
        "en attente", "En attente"
    )


def test_a_date_proposed_without_its_date_is_sent_back_with_what_was_typed(client, cast):
    response = page(client, cast["member"].person, cast["open"], kind="date", text="Plutôt le mardi suivant")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indiquez la date que vous proposez." in html
    assert "Plutôt le mardi suivant</textarea>" in html
    assert 'value="date" checked' in html or "checked" in html.split('value="date"')[1][:40]
    assert not Proposal.objects.exists()
    when = timezone.localtime(cast["open"].starts_at + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = page(
        client,
        cast["member"].person,
        cast["open"],
        kind="date",
        text="Plutôt le mardi suivant",
        proposed_date=when,
    )
    assert response.status_code == 302
    assert Proposal.objects.get().proposed_date is not None


def test_after_the_window_the_page_says_when_it_closed_and_a_post_is_refused(client, cast):
    meeting = cast["closed"]
    last = convocation.proposals_last_day(meeting)
    html = page(client, cast["member"].person, meeting).content.decode()
    assert f"Le délai des propositions s’est clos le {last.day} " in html
    assert 'name="text"' not in html
    response = page(client, cast["member"].person, meeting, kind="item", text="Une idée tardive")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Le délai des propositions s’est clos le {last.day} " in html
    assert "Une idée tardive" in html  # shown back, not lost
    assert not Proposal.objects.exists()


def test_a_member_of_another_committee_cannot_propose_through_their_own_seat(cast):
    with pytest.raises(TransitionError):
        convocation.propose(cast["open"], cast["other_member"], "item", "Intrus")
    assert not Proposal.objects.exists()


def test_the_answers_reach_the_members_pages(client, cast):
    proposal = convocation.propose(cast["open"], cast["member"], "item", "Le budget ouvert")
    convocation.decline(proposal, by=UserFactory(is_staff=True), reason="Déjà à l'ordre du jour de juin")
    client.force_login(cast["member"].person)
    for address in ("/fr/committee/my/", url(cast["open"])):
        html = client.get(address).content.decode()
        assert "Le budget ouvert" in html and "Déjà à l&#x27;ordre du jour de juin" in html


# The calendar and the minutes.


def test_a_member_downloads_the_meetings_ics(client, cast, settings):
    settings.SITE_URL = "https://portal.example.ma"
    client.force_login(cast["member"].person)
    response = client.get(url(cast["open"], "area_ics"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="committee-meeting-{cast["open"].pk}.ics"' in response["Content-Disposition"]
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert "Réunion ordinaire de printemps" in event["SUMMARY"]
    assert "Suivi des engagements" in event["DESCRIPTION"]


def test_the_draft_minutes_are_linked_once_sent_if_their_page_exists(client, cast):
    meeting = cast["held"]
    client.force_login(cast["member"].person)
    assert "Projet de procès-verbal" not in client.get(url(meeting)).content.decode()
    meeting.minutes_sent_at = timezone.now()
    meeting.save()
    html = client.get(url(meeting)).content.decode()
    try:
        minutes = reverse("committee:area_minutes", args=[meeting.pk])
    except NoReverseMatch:  # the minutes' part of the area is not there
        assert "Projet de procès-verbal" not in html
    else:
        assert f'href="{minutes}"' in html
