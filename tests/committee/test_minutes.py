"""The minutes of a meeting (committee.minutes): due 3 working days after
the meeting's day, overdue the next day (the query and its twin agree);
the draft sent to the meeting's members in their language, one working day
for their comments (inside at its last minute, refused after, saying when
it closed); the secretariat answers each comment; the minutes published
only after the window and once every comment is answered."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from committee import minutes
from committee.models import Meeting, MeetingEvent, MinutesComment
from core.transitions import TransitionError
from tests.bidi import visible
from tests.committee.factories import CommitteeFactory, MeetingFactory
from tests.committee.minutes_cast import at, cast, english  # noqa: F401 - english: autouse fixture

pytestmark = pytest.mark.django_db
S = Meeting.Status


@pytest.fixture
def stage():
    return cast()


def overdue_ids(now) -> set[int]:
    return set(Meeting.objects.filter(minutes.overdue(now)).values_list("pk", flat=True))


def send(stage, now, **fields):
    for name, value in fields.items():
        setattr(stage.meeting, name, value)
    stage.meeting.save()
    with time_machine.travel(now, tick=False):
        return minutes.send_draft(stage.meeting, by=stage.superuser, now=now)


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def text(message) -> str:
    return visible(f"{message.subject}\n{message.body}")


# The deadline.


def test_the_minutes_are_due_three_working_days_after_the_meeting_across_a_weekend(stage):
    meeting = stage.meeting  # Thursday 18 June 2026
    assert minutes.minutes_due(meeting) == date(2026, 6, 23)  # Friday, Monday, Tuesday
    last_minute, next_day = at(2026, 6, 23, 23, 59), at(2026, 6, 24, 0, 0)
    assert not minutes.is_overdue(meeting, last_minute) and meeting.pk not in overdue_ids(last_minute)
    assert minutes.is_overdue(meeting, next_day) and meeting.pk in overdue_ids(next_day)


def test_the_minutes_deadline_skips_a_holiday(stage):
    # Wednesday 29 July 2026: Throne Day (Thursday 30) is off.
    meeting = MeetingFactory(committee=stage.committee, starts_at=at(2026, 7, 29, 15))
    assert minutes.minutes_due(meeting) == date(2026, 8, 4)
    assert not minutes.is_overdue(meeting, at(2026, 8, 4, 23, 59))
    assert meeting.pk not in overdue_ids(at(2026, 8, 4, 23, 59))
    assert minutes.is_overdue(meeting, at(2026, 8, 5, 0, 0)) and meeting.pk in overdue_ids(at(2026, 8, 5))
    # Another member's committee, without the holiday: due on Monday 3 August.
    elsewhere = MeetingFactory(committee=CommitteeFactory(), starts_at=at(2026, 7, 29, 15))
    assert minutes.minutes_due(elsewhere) == date(2026, 8, 3)
    assert overdue_ids(at(2026, 8, 4, 12)) & {meeting.pk, elsewhere.pk} == {elsewhere.pk}


def test_the_overdue_query_and_its_twin_agree_in_every_state(stage):
    committee, other = stage.committee, CommitteeFactory()
    meetings = [
        stage.meeting,
        MeetingFactory(committee=committee, starts_at=at(2026, 7, 29, 15)),  # before the holiday
        MeetingFactory(committee=committee, starts_at=at(2026, 6, 20, 10)),  # a Saturday
        MeetingFactory(committee=committee, starts_at=at(2026, 6, 18, 23, 30)),  # late in the day
        MeetingFactory(committee=committee, starts_at=at(2026, 6, 15), minutes_sent_at=at(2026, 6, 16)),
        MeetingFactory(
            committee=committee,
            starts_at=at(2026, 6, 1),
            minutes_sent_at=at(2026, 6, 2),
            minutes_published_at=at(2026, 6, 5),
        ),
        MeetingFactory(committee=committee, starts_at=at(2026, 6, 17), cancelled_at=at(2026, 6, 10)),
        MeetingFactory(committee=committee, starts_at=at(2026, 9, 1), convened_at=at(2026, 8, 1)),
        MeetingFactory(committee=other, starts_at=at(2026, 7, 29, 15)),
    ]
    checked = 0
    for day in [date(2026, 6, 18) + timedelta(days=n) for n in range(0, 90, 1)]:
        for hour, minute in ((0, 0), (12, 0), (23, 59)):
            now = at(day.year, day.month, day.day, hour, minute)
            loaded = Meeting.objects.select_related("committee__plan").filter(pk__in=[m.pk for m in meetings])
            twin = {m.pk for m in loaded if minutes.is_overdue(m, now)}
            assert overdue_ids(now) == twin, now
            checked += len(twin)
    assert checked > 0  # some were overdue, in both


# Sending the draft.


def test_the_draft_goes_to_the_meetings_members_each_in_their_language(
    stage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = send(stage, at(2026, 6, 19, 10))  # Friday
    assert event.to_status == S.MINUTES_SENT and event.actor == stage.superuser
    stage.meeting.refresh_from_db()
    assert stage.meeting.minutes_sent_at == at(2026, 6, 19, 10)
    assert minutes.comments_close(stage.meeting) == date(2026, 6, 22)  # the next working day: Monday
    # The members sitting on the meeting's day, with an account: not the one
    # whose seat had ended, nor the one who joined after.
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "julien@example.org"]
    (arabic,) = to("amina@example.org")
    assert "تمت المصادقة على المنهجية." in text(arabic) and "22 يونيو 2026" in text(arabic)
    assert "الاجتماع الثاني للجنة" in text(arabic)
    assert f"/ar/committee/my/meetings/{stage.meeting.pk}/minutes/" in arabic.body
    (french,) = to("julien@example.org")
    assert "La méthode est adoptée." in text(french) and "22 juin 2026" in text(french)
    assert f"/fr/committee/my/meetings/{stage.meeting.pk}/minutes/" in french.body
    assert arabic.alternatives[0][1] == "text/html"


def test_the_draft_is_refused_before_the_meeting_without_minutes_twice_and_to_others(stage):
    upcoming = MeetingFactory(committee=stage.committee, starts_at=at(2026, 9, 1, 10), minutes_ar="نص")
    with time_machine.travel(at(2026, 8, 1), tick=False), pytest.raises(TransitionError) as refused:
        minutes.send_draft(upcoming, by=stage.superuser, now=at(2026, 8, 1))
    assert "not been held" in str(refused.value)
    with pytest.raises(TransitionError) as refused:
        send(stage, at(2026, 6, 19), minutes_ar="", minutes_fr="  ")
    assert "Write the minutes" in str(refused.value)
    assert Meeting.objects.get(pk=stage.meeting.pk).minutes_sent_at is None
    for someone in (stage.amina.person, stage.stranger.person):
        with pytest.raises(TransitionError):
            minutes.send_draft(stage.meeting, by=someone, now=at(2026, 6, 19))
    send(stage, at(2026, 6, 19), minutes_ar="نص")
    with pytest.raises(TransitionError) as refused:
        send(stage, at(2026, 6, 19, 11))
    assert "already sent" in str(refused.value)
    assert MeetingEvent.objects.filter(meeting=stage.meeting).count() == 1


# The members' comments.


def test_comments_are_taken_until_24_00_of_the_next_working_day_and_refused_after(stage):
    send(stage, at(2026, 6, 19, 10))  # Friday: comments until Monday 22, 24:00
    comment = minutes.comment(stage.meeting, stage.amina, "Ajouter la date.", now=at(2026, 6, 22, 23, 59))
    assert comment.created_at == at(2026, 6, 22, 23, 59) and comment.member == stage.amina
    with translation.override("fr"), pytest.raises(TransitionError) as refused:
        minutes.comment(stage.meeting, stage.julien, "Trop tard ?", now=at(2026, 6, 23, 0, 0))
    assert "22 juin 2026" in visible(str(refused.value))
    assert list(MinutesComment.objects.values_list("text", flat=True)) == ["Ajouter la date."]


def test_the_comment_window_skips_a_holiday(stage):
    meeting = MeetingFactory(committee=stage.committee, starts_at=at(2026, 7, 27, 10), minutes_fr="Texte")
    with time_machine.travel(at(2026, 7, 29, 18), tick=False):
        minutes.send_draft(meeting, by=stage.superuser, now=at(2026, 7, 29, 18))  # Wednesday
    assert minutes.comments_close(meeting) == date(2026, 7, 31)  # Thursday 30 is Throne Day
    assert minutes.comment(meeting, stage.amina, "Le 31", now=at(2026, 7, 31, 23, 59))
    with pytest.raises(TransitionError):
        minutes.comment(meeting, stage.amina, "Le 1er", now=at(2026, 8, 1, 0, 0))


def test_only_the_meetings_members_comment_and_only_on_a_sent_draft(stage):
    with pytest.raises(TransitionError) as refused:
        minutes.comment(stage.meeting, stage.amina, "Déjà ?", now=at(2026, 6, 19))
    assert "not been sent" in str(refused.value)
    send(stage, at(2026, 6, 19, 10))
    for seat in (stage.stranger, stage.gone, stage.later, None):
        with pytest.raises(TransitionError) as refused:
            minutes.comment(stage.meeting, seat, "Moi aussi", now=at(2026, 6, 19, 11))
        assert "Only the members" in str(refused.value)
    with pytest.raises(TransitionError):
        minutes.comment(stage.meeting, stage.amina, "   ", now=at(2026, 6, 19, 11))
    assert not MinutesComment.objects.exists()


def test_the_secretariat_answers_each_comment_and_its_member_is_told(
    stage, django_capture_on_commit_callbacks
):
    send(stage, at(2026, 6, 19, 10))
    comment = minutes.comment(stage.meeting, stage.julien, "Corriger le nom.", now=at(2026, 6, 19, 11))
    with pytest.raises(TransitionError):
        minutes.answer(comment, "Non.", by=stage.amina.person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert minutes.answer(comment, "Corrigé dans le texte.", by=stage.secretariat)
    comment.refresh_from_db()
    assert comment.answer == "Corrigé dans le texte." and comment.answered_by == stage.secretariat
    (told,) = mail.outbox
    assert told.to == ["julien@example.org"]
    assert "Corriger le nom." in text(told) and "Corrigé dans le texte." in text(told)
    with django_capture_on_commit_callbacks(execute=True):
        assert not minutes.answer(comment, "Corrigé dans le texte.", by=stage.secretariat)  # unchanged
    assert len(mail.outbox) == 1


# Publishing.


def test_the_minutes_are_published_after_the_window_once_every_comment_is_answered(
    stage, django_capture_on_commit_callbacks
):
    send(stage, at(2026, 6, 19, 10))
    comment = minutes.comment(stage.meeting, stage.amina, "Une remarque.", now=at(2026, 6, 22, 9))
    early = at(2026, 6, 22, 18)
    french = translation.override("fr")
    with french, time_machine.travel(early, tick=False), pytest.raises(TransitionError) as refused:
        minutes.publish(stage.meeting, by=stage.superuser, now=early)
    assert "22 juin 2026" in visible(str(refused.value))
    with time_machine.travel(at(2026, 6, 23, 9), tick=False), pytest.raises(TransitionError) as refused:
        minutes.publish(stage.meeting, by=stage.superuser, now=at(2026, 6, 23, 9))
    assert "1 comment is not answered" in str(refused.value)
    assert Meeting.objects.get(pk=stage.meeting.pk).minutes_published_at is None
    minutes.answer(comment, "Prise en compte.", by=stage.superuser, now=at(2026, 6, 23, 10))
    mail.outbox.clear()
    later = at(2026, 6, 23, 11)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(TransitionError):
            minutes.publish(stage.meeting, by=stage.julien.person, now=later)
        event = minutes.publish(stage.meeting, by=stage.superuser, now=later)
    assert event.to_status == S.PUBLISHED
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "julien@example.org"]
    assert "الاجتماع الثاني للجنة" in text(to("amina@example.org")[0])
    # Published: no more comment, answer or change to the text.
    with pytest.raises(TransitionError) as refused:
        minutes.comment(stage.meeting, stage.amina, "Encore", now=at(2026, 6, 23, 12))
    assert "published" in str(refused.value)
    with pytest.raises(TransitionError):
        minutes.answer(comment, "Autre réponse", by=stage.superuser)
    with pytest.raises(TransitionError):
        minutes.write(stage.meeting, by=stage.superuser, texts={"minutes_ar": "تغيير"})
    assert Meeting.objects.get(pk=stage.meeting.pk).minutes_ar == "تمت المصادقة على المنهجية."
