"""The convocation (ten days' notice), the members' proposals window (three
days), the secretariat's answers, the agenda's changes and the
cancellation: each rule at its boundary, with the moment given (`now=`),
and what each member receives, once, in their language."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.utils import translation

from committee import convocation
from committee.models import AgendaItem, Meeting, MeetingEvent, Proposal, ProposalEvent
from core.bidi import strip_isolates
from core.models import Notification
from core.transitions import TransitionError
from tests.committee.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    ProposalFactory,
)
from tests.conftest import built_once
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CASABLANCA = ZoneInfo("Africa/Casablanca")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=CASABLANCA)


# The meeting of the tests: Saturday 20 March 2027 at 10:00, Casablanca.
MEETING_AT = at(2027, 3, 20, 10, 0)


@built_once
def cast():
    committee = CommitteeFactory(
        plan__title_fr="Plan d'action 2026-2028", plan__title_ar="خطة العمل 2026-2028", plan__slug="nap-conv"
    )
    civil = MembershipFactory(
        committee=committee,
        name="Nadia Benali",
        person=UserFactory(email="nadia@example.org", language="ar"),
    )
    public = MembershipFactory(
        committee=committee,
        side="public",
        name="Karim Alaoui",
        person=UserFactory(email="karim@example.org", language="fr"),
    )
    deputy = MembershipFactory(
        committee=committee,
        name="Leila Haddad",
        role="deputy",
        deputy_of=civil,
        association=civil.association,
        person=UserFactory(email="leila@example.org", language="en"),
    )
    # Not told: a seat ended before the meeting, a seat without an account,
    # a member of another committee.
    MembershipFactory(
        committee=committee,
        name="Ancien membre",
        person=UserFactory(email="former@example.org"),
        ends_on=date(2027, 1, 31),
        end_reason="withdrawal",
    )
    MembershipFactory(committee=committee, name="Sans compte", person=None)
    other = MembershipFactory(name="Autre comité", person=UserFactory(email="other@example.org"))
    secretariat = UserFactory(email="salma@example.org", is_staff=True, is_superuser=True, language="fr")
    return {
        "committee": committee,
        "civil": civil,
        "public": public,
        "deputy": deputy,
        "other": other,
        "secretariat": secretariat,
    }


@pytest.fixture
def meeting(cast):
    meeting = MeetingFactory(
        committee=cast["committee"],
        starts_at=MEETING_AT,
        ends_at=at(2027, 3, 20, 13, 0),
        place="Rabat, ministère",
        online_link="https://meet.example.org/comite",
    )
    AgendaItemFactory(meeting=meeting, number=1, title_ar="تتبع الالتزامات", title_fr="Suivi des engagements")
    return meeting


def convened(meeting, cast, when=None):
    """Convened on 1 March 2027 at 15:00 (or `when`): the window runs to the 4th."""
    convocation.convene(meeting, by=cast["secretariat"], now=when or at(2027, 3, 1, 15, 0))
    meeting.refresh_from_db()
    return meeting


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# Ten days' notice.


def test_the_deadline_is_24_00_on_the_tenth_day_before_the_meetings_day(meeting):
    assert convocation.notice_last_day(meeting) == date(2027, 3, 10)
    assert convocation.notice_deadline(meeting) == at(2027, 3, 11, 0, 0)
    # The hour of the meeting does not matter: the day does.
    meeting.starts_at = at(2027, 3, 20, 23, 30)
    assert convocation.notice_deadline(meeting) == at(2027, 3, 11, 0, 0)


def test_ten_days_before_the_convocation_goes_out_until_midnight(meeting, cast):
    told = convocation.convene(meeting, by=cast["secretariat"], now=at(2027, 3, 10, 23, 59))
    assert told == 3
    meeting.refresh_from_db()
    assert meeting.convened_at == at(2027, 3, 10, 23, 59)
    assert meeting.status_at(at(2027, 3, 11, 9, 0)) == Meeting.Status.CONVENED
    event = MeetingEvent.objects.get(meeting=meeting)
    assert (event.to_status, event.created_at) == ("convened", at(2027, 3, 10, 23, 59))


@pytest.mark.parametrize(
    "language, words",
    [("fr", "avoir été envoyée au plus tard le 10 mars 2027"), ("ar", "10 مارس 2027")],
)
def test_nine_days_before_it_is_refused_saying_by_when_it_had_to_go_out(meeting, cast, language, words):
    with translation.override(language), pytest.raises(TransitionError) as refused:
        convocation.convene(meeting, by=cast["secretariat"], now=at(2027, 3, 11, 0, 0))
    assert words in str(refused.value)
    meeting.refresh_from_db()
    assert meeting.convened_at is None
    assert not Notification.objects.exists()
    assert not MeetingEvent.objects.filter(meeting=meeting).exists()


def test_an_empty_agenda_is_not_sent(meeting, cast):
    meeting.agenda_items.all().delete()
    with translation.override("fr"), pytest.raises(TransitionError, match="ordre du jour est vide"):
        convocation.convene(meeting, by=cast["secretariat"], now=at(2027, 3, 1, 9, 0))
    assert not Notification.objects.exists()


def test_a_convocation_goes_once(meeting, cast):
    convened(meeting, cast)
    with pytest.raises(TransitionError):
        convocation.convene(meeting, by=cast["secretariat"], now=at(2027, 3, 2, 9, 0))
    assert Notification.objects.filter(kind="committee_convocation").count() == 3


def test_every_member_sitting_on_the_day_receives_it_in_their_language_with_the_ics(
    meeting, cast, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://portal.example.ma"
    AgendaItemFactory(
        meeting=meeting, number=2, title_ar="المقترحات", title_fr="Propositions", title_en="Proposals"
    )
    with django_capture_on_commit_callbacks(execute=True):
        convened(meeting, cast)
    # Deputies included; not the seat ended, the seat without an account, another committee.
    assert recipients() == ["karim@example.org", "leila@example.org", "nadia@example.org"]
    by_address = {message.to[0]: message for message in mail.outbox}

    french = by_address["karim@example.org"]
    assert "Convocation" in french.subject and "20 mars 2027" in french.subject
    assert "Karim Alaoui" in french.body
    assert "1. Suivi des engagements" in french.body and "2. Propositions" in french.body
    assert "Rabat, ministère" in french.body and "https://meet.example.org/comite" in french.body
    # The window: three days after the day it was sent, the 1st.
    assert "Jusqu’au 4 mars 2027 inclus" in french.body or "4 mars 2027" in french.body
    assert f"https://portal.example.ma/fr/committee/my/meetings/{meeting.pk}/" in french.body
    [(name, content, mimetype)] = french.attachments
    assert name == f"committee-meeting-{meeting.pk}.ics" and mimetype == "text/calendar"
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event["UID"] == f"committee-meeting-{meeting.pk}@portal.example.ma"
    assert event["DTSTART"].dt.astimezone(CASABLANCA) == MEETING_AT
    assert event["DTEND"].dt.astimezone(CASABLANCA) == at(2027, 3, 20, 13, 0)
    assert event["STATUS"] == "CONFIRMED"
    assert "Suivi des engagements" in event["DESCRIPTION"]
    assert event["URL"] == f"https://portal.example.ma/fr/committee/my/meetings/{meeting.pk}/"

    arabic = by_address["nadia@example.org"]
    assert "تتبع الالتزامات" in arabic.body and "Suivi" not in arabic.body
    [event] = icalendar.Calendar.from_ical(arabic.attachments[0][1]).walk("VEVENT")
    assert "تتبع الالتزامات" in event["DESCRIPTION"]
    [(html, _type)] = arabic.alternatives
    assert 'dir="rtl"' in html and "تتبع الالتزامات" in html

    english = by_address["leila@example.org"]
    assert "2. Proposals" in english.body
    # An item without an English title reads in Arabic (the default language).
    assert "تتبع الالتزامات" in english.body


# The proposals window: three days after the convocation's day.


def test_the_window_closes_at_24_00_on_the_third_day_after_the_convocations_day(meeting, cast):
    assert convocation.proposals_close(meeting) is None
    convened(meeting, cast, at(2027, 3, 1, 23, 50))
    assert convocation.proposals_last_day(meeting) == date(2027, 3, 4)
    assert convocation.proposals_close(meeting) == at(2027, 3, 5, 0, 0)


def test_a_member_proposes_on_the_third_day(meeting, cast):
    convened(meeting, cast)
    proposal = convocation.propose(
        meeting, cast["civil"], "item", "  L'évaluation à mi-parcours  ", now=at(2027, 3, 4, 23, 59)
    )
    assert proposal.state == Proposal.State.PENDING
    assert proposal.text == "L'évaluation à mi-parcours"
    assert proposal.proposed_date is None
    assert convocation.proposals_open(meeting, at(2027, 3, 4, 23, 59))


@pytest.mark.parametrize("language, words", [("fr", "le 4 mars 2027"), ("ar", "4 مارس 2027")])
def test_on_the_fourth_day_a_proposal_is_refused_saying_when_the_window_closed(
    meeting, cast, language, words
):
    convened(meeting, cast)
    with translation.override(language), pytest.raises(TransitionError) as refused:
        convocation.propose(meeting, cast["public"], "item", "Trop tard", now=at(2027, 3, 5, 0, 0))
    assert words in str(refused.value)
    assert not Proposal.objects.exists()
    assert not convocation.proposals_open(meeting, at(2027, 3, 5, 0, 0))


def test_another_date_is_proposed_with_its_date_in_the_future(meeting, cast):
    convened(meeting, cast)
    now = at(2027, 3, 2, 9, 0)
    with pytest.raises(TransitionError):
        convocation.propose(meeting, cast["deputy"], "date", "Le 27, plutôt", None, now=now)
    with pytest.raises(TransitionError):
        convocation.propose(meeting, cast["deputy"], "date", "Hier", at(2027, 3, 1, 9, 0), now=now)
    proposal = convocation.propose(
        meeting, cast["deputy"], "date", "Le 27, plutôt", at(2027, 3, 27, 10), now=now
    )
    assert proposal.proposed_date == at(2027, 3, 27, 10)
    # An item carries no date, whatever is posted.
    item = convocation.propose(meeting, cast["civil"], "item", "Un point", at(2027, 3, 27, 10), now=now)
    assert item.proposed_date is None


def test_only_the_committees_members_sitting_that_day_propose(meeting, cast):
    convened(meeting, cast)
    now = at(2027, 3, 2, 9, 0)
    former = meeting.committee.memberships.get(name="Ancien membre")
    for seat in (cast["other"], former, None):
        with pytest.raises(TransitionError):
            convocation.propose(meeting, seat, "item", "Un point", now=now)
    assert not Proposal.objects.exists()


def test_no_proposal_before_the_convocation_nor_on_a_cancelled_meeting(meeting, cast):
    with pytest.raises(TransitionError):
        convocation.propose(meeting, cast["civil"], "item", "Un point", now=at(2027, 3, 2, 9, 0))
    convened(meeting, cast)
    convocation.cancel(meeting, by=cast["secretariat"], reason="Report", now=at(2027, 3, 2, 8, 0))
    with pytest.raises(TransitionError):
        convocation.propose(meeting, cast["civil"], "item", "Un point", now=at(2027, 3, 2, 9, 0))
    assert not Proposal.objects.exists()


# The secretariat's answers.


def test_an_accepted_item_is_added_at_the_end_of_the_agenda_and_everyone_is_told_once(
    meeting, cast, django_capture_on_commit_callbacks
):
    convened(meeting, cast)
    proposal = convocation.propose(meeting, cast["public"], "item", "Budget ouvert", now=at(2027, 3, 2, 9, 0))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item = convocation.accept(
            proposal,
            by=cast["secretariat"],
            reason="Bonne idée",
            titles={"title_ar": "الميزانية المفتوحة", "title_fr": "Budget ouvert"},
            now=at(2027, 3, 3, 9, 0),
        )
    assert (item.number, item.proposal) == (2, proposal)
    assert list(meeting.agenda_items.values_list("number", flat=True)) == [1, 2]
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ACCEPTED
    assert ProposalEvent.objects.get(proposal=proposal).reason == "Bonne idée"
    # The proposer is answered; the others are told the agenda changed: one email each.
    assert recipients() == ["karim@example.org", "leila@example.org", "nadia@example.org"]
    by_address = {message.to[0]: message for message in mail.outbox}
    answer = by_address["karim@example.org"]
    assert "acceptée" in answer.subject
    assert "point 2 de l’ordre du jour" in answer.body and "Bonne idée" in answer.body
    changed = by_address["nadia@example.org"]
    assert "الميزانية المفتوحة" in changed.body
    assert changed.attachments == []  # the date and place did not change


def test_an_accepted_item_worded_by_nobody_takes_the_members_text(meeting, cast):
    convened(meeting, cast)
    proposal = ProposalFactory(meeting=meeting, member=cast["civil"], text="x" * 400)
    item = convocation.accept(proposal, by=cast["secretariat"], now=at(2027, 3, 3, 9, 0))
    assert item.title_ar == "x" * 255


def test_declining_needs_a_reason_which_the_member_reads(meeting, cast, django_capture_on_commit_callbacks):
    convened(meeting, cast)
    proposal = convocation.propose(meeting, cast["civil"], "item", "Hors sujet", now=at(2027, 3, 2, 9, 0))
    with pytest.raises(TransitionError):
        convocation.decline(proposal, by=cast["secretariat"], reason="   ")
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        convocation.decline(proposal, by=cast["secretariat"], reason="Déjà traité en janvier")
    [answer] = mail.outbox
    assert answer.to == ["nadia@example.org"]
    assert "Déjà traité en janvier" in answer.body
    assert "رفضت الكتابة" in answer.body  # in Arabic, her language
    assert not AgendaItem.objects.filter(proposal=proposal).exists()
    with pytest.raises(TransitionError):
        convocation.accept(proposal, by=cast["secretariat"])


def test_another_date_accepted_is_recorded_without_touching_the_agenda(
    meeting, cast, django_capture_on_commit_callbacks
):
    convened(meeting, cast)
    proposal = convocation.propose(
        meeting, cast["public"], "date", "Le 27", at(2027, 3, 27, 10, 0), now=at(2027, 3, 2, 9, 0)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert convocation.accept(proposal, by=cast["secretariat"], now=at(2027, 3, 3, 9, 0)) is None
    assert meeting.agenda_items.count() == 1
    [answer] = mail.outbox
    assert answer.to == ["karim@example.org"] and "autre date" in answer.body


# Changes after the convocation, and the cancellation.


def test_a_change_is_told_only_between_the_convocation_and_the_meeting(meeting, cast):
    item = meeting.agenda_items.get()
    assert convocation.agenda_changed(meeting, changed=[item], now=at(2027, 3, 1, 9, 0)) == 0  # planned
    convened(meeting, cast)
    assert convocation.agenda_changed(meeting, now=at(2027, 3, 2, 9, 0)) == 0  # nothing changed
    assert convocation.agenda_changed(meeting, changed=[item], now=at(2027, 3, 2, 9, 0)) == 3
    assert convocation.agenda_changed(meeting, changed=[item], now=at(2027, 3, 20, 11, 0)) == 0  # held


def test_a_new_date_is_told_with_the_old_one_and_a_new_ics(meeting, cast, django_capture_on_commit_callbacks):
    convened(meeting, cast)
    removed = AgendaItemFactory(meeting=meeting, number=2, title_fr="Divers", title_ar="متفرقات")
    removed.delete()
    before = meeting.starts_at
    meeting.starts_at = at(2027, 3, 27, 10, 0)
    meeting.ends_at = None
    meeting.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = convocation.agenda_changed(
            meeting, removed=[removed], moved_from=before, now=at(2027, 3, 5, 9, 0)
        )
    assert told == 3
    french = next(message for message in mail.outbox if message.to == ["karim@example.org"])
    assert "27 mars 2027" in french.body and "20 mars 2027" in french.body
    assert "2. Divers" in french.body
    [(_name, content, _type)] = french.attachments
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event["DTSTART"].dt.astimezone(CASABLANCA) == at(2027, 3, 27, 10, 0)
    # A new version of the event the convocation's .ics gave (RFC 5545): calendars replace it.
    assert event["SEQUENCE"] == 1
    arabic = next(message for message in mail.outbox if message.to == ["nadia@example.org"])
    assert "متفرقات" in arabic.body


@pytest.mark.parametrize("convene_first", [False, True])
def test_cancelling_with_a_reason_tells_the_members(
    meeting, cast, convene_first, django_capture_on_commit_callbacks
):
    if convene_first:
        convened(meeting, cast)
    with pytest.raises(TransitionError):
        convocation.cancel(meeting, by=cast["secretariat"], reason=" ", now=at(2027, 3, 2, 9, 0))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = convocation.cancel(
            meeting, by=cast["secretariat"], reason="Le quorum ne sera pas atteint", now=at(2027, 3, 2, 9, 0)
        )
    assert told == 3 and len(mail.outbox) == 3
    meeting.refresh_from_db()
    assert meeting.status_at(at(2027, 3, 2, 9, 0)) == Meeting.Status.CANCELLED
    assert MeetingEvent.objects.get(meeting=meeting, to_status="cancelled").reason == (
        "Le quorum ne sera pas atteint"
    )
    french = next(message for message in mail.outbox if message.to == ["karim@example.org"])
    assert "annulée" in french.body and "Le quorum ne sera pas atteint" in french.body
    if convene_first:  # the event in their calendar is marked cancelled
        [event] = icalendar.Calendar.from_ical(french.attachments[0][1]).walk("VEVENT")
        assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
    else:  # they had no event to cancel
        assert french.attachments == []


def test_a_held_meeting_is_not_cancelled(meeting, cast):
    convened(meeting, cast)
    with pytest.raises(TransitionError):
        convocation.cancel(meeting, by=cast["secretariat"], reason="Trop tard", now=at(2027, 3, 20, 10, 0))
    assert not Notification.objects.filter(kind="committee_convocation_cancelled").exists()


def test_an_email_written_for_a_seat_since_deleted_is_not_sent(
    meeting, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        convened(meeting, cast)
    cast["deputy"].delete()
    for callback in callbacks:
        callback()
    assert recipients() == ["karim@example.org", "nadia@example.org"]
    assert Notification.objects.filter(state="failed").count() == 1


# The secretariat's reminder of a convocation to send.


@pytest.mark.parametrize(
    "days_before, due",
    [(9, False), (10, True), (11, True), (12, True), (13, False)],
)
def test_the_secretariat_is_reminded_from_three_days_before_the_last_day(cast, days_before, due):
    now = at(2027, 3, 1, 8, 15)
    # The meeting's day, `days_before` days after today; late at night or early, the day counts.
    for hour in (0, 23):
        meeting = MeetingFactory(
            committee=cast["committee"], starts_at=at(2027, 3, 1 + days_before, hour, 30)
        )
        assert (meeting in convocation.convocation_due(now)) is due
        last_day = convocation.notice_last_day(meeting)
        assert due is (0 <= (last_day - date(2027, 3, 1)).days < convocation.REMIND_DAYS)


def test_a_convened_or_cancelled_meeting_is_not_reminded(meeting, cast):
    now = at(2027, 3, 8, 9, 0)
    assert list(convocation.convocation_due(now)) == [meeting]
    Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=now)
    assert not convocation.convocation_due(now).exists()
    Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=None, convened_at=now)
    assert not convocation.convocation_due(now).exists()


def test_the_reminder_goes_once_to_the_secretariat_and_again_if_the_meeting_moves(
    meeting, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert convocation.remind(at(2027, 3, 8, 8, 15)) == 1
        assert convocation.remind(at(2027, 3, 9, 8, 15)) == 0  # beat again, the next day
    [message] = mail.outbox
    assert message.to == ["salma@example.org"]
    body = strip_isolates(message.body)
    assert "au plus tard le 10 mars 2027 à 24 h" in body and "1. Suivi des engagements" in body
    assert f"/fr/admin/committee/meeting/{meeting.pk}/convene/" in body
    # Moved a week later: its new deadline is reminded.
    meeting.starts_at, meeting.ends_at = at(2027, 3, 27, 10, 0), None
    meeting.save()
    assert convocation.remind(at(2027, 3, 15, 8, 15)) == 1
