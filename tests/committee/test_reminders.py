"""The secretariat's reminders (committee.tasks): the draft minutes due on
the working day before their deadline, then overdue; the next meeting due
within six months of the last one held. Each goes once, even when beat runs
twice, also at the same moment, to each member of the secretariat in their
language."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from committee import minutes, tasks
from core.models import Notification, Reminder
from tests.bidi import visible
from tests.committee.factories import CommitteeFactory, MeetingFactory
from tests.committee.minutes_cast import at, cast
from tests.core.test_transitions import in_parallel

pytestmark = pytest.mark.django_db


def run(task, now, capture) -> int:
    with time_machine.travel(now, tick=False), capture(execute=True):
        return task()


def emails(kind: str) -> list:
    return sorted(Notification.objects.filter(kind=kind).values_list("to_email", flat=True))


SECRETARIAT = ["chief@example.org", "salma@example.org"]


# The minutes.


def test_the_draft_minutes_are_reminded_the_working_day_before_their_deadline_then_when_overdue(
    django_capture_on_commit_callbacks,
):
    stage = cast()  # Thursday 18 June 2026: due by Tuesday 23, 24:00
    capture = django_capture_on_commit_callbacks
    assert run(tasks.send_minutes_reminders, at(2026, 6, 19, 8, 5), capture) == 0  # Friday
    assert run(tasks.send_minutes_reminders, at(2026, 6, 21, 23, 59), capture) == 0  # Sunday
    assert run(tasks.send_minutes_reminders, at(2026, 6, 22, 7, 5), capture) == 2  # Monday
    assert emails("committee_reminder_minutes_due") == SECRETARIAT
    (arabic,) = [m for m in mail.outbox if m.to == ["salma@example.org"]]
    assert "23 يونيو 2026" in visible(arabic.subject) and "الاجتماع الثاني للجنة" in visible(arabic.body)
    assert reverse("admin:committee_meeting_minutes", args=[stage.meeting.pk]) in arabic.body
    (french,) = [m for m in mail.outbox if m.to == ["chief@example.org"]]
    assert "23 juin 2026" in visible(french.subject)
    # Beat runs again that day and the next: nothing more until it is overdue.
    assert run(tasks.send_minutes_reminders, at(2026, 6, 22, 8, 5), capture) == 0
    assert run(tasks.send_minutes_reminders, at(2026, 6, 23, 23, 59), capture) == 0
    assert run(tasks.send_minutes_reminders, at(2026, 6, 24, 0, 0), capture) == 2
    assert emails("committee_reminder_minutes_overdue") == SECRETARIAT
    assert run(tasks.send_minutes_reminders, at(2026, 6, 25, 9), capture) == 0
    assert Reminder.objects.count() == 2


def test_the_reminder_before_a_holiday_comes_on_the_last_working_day_before_the_deadline(
    django_capture_on_commit_callbacks,
):
    stage = cast(meeting_at=at(2026, 7, 28, 10))  # Tuesday: Wednesday, Friday (30 July is off), Monday
    assert minutes.minutes_due(stage.meeting) == date(2026, 8, 3)
    capture = django_capture_on_commit_callbacks
    assert run(tasks.send_minutes_reminders, at(2026, 7, 30, 18), capture) == 0
    assert run(tasks.send_minutes_reminders, at(2026, 7, 31, 7, 5), capture) == 2  # Friday


def test_minutes_sent_in_time_are_never_reminded(django_capture_on_commit_callbacks):
    stage = cast()
    with time_machine.travel(at(2026, 6, 19, 10), tick=False):
        minutes.send_draft(stage.meeting, by=stage.superuser, now=at(2026, 6, 19, 10))
    capture = django_capture_on_commit_callbacks
    for now in (at(2026, 6, 22, 8), at(2026, 6, 24, 8)):
        assert run(tasks.send_minutes_reminders, now, capture) == 0
    assert not Reminder.objects.exists()


def test_a_reminder_written_before_the_draft_went_out_is_not_sent(django_capture_on_commit_callbacks):
    stage = cast()
    with time_machine.travel(at(2026, 6, 22, 8), tick=False):
        assert tasks.send_minutes_reminders() == 2  # written, not yet sent (no commit here)
        minutes.send_draft(stage.meeting, by=stage.superuser, now=at(2026, 6, 22, 8, 1))
    from core.tasks import send_notification

    for pk in Notification.objects.filter(kind="committee_reminder_minutes_due").values_list("pk", flat=True):
        assert send_notification(pk) == "failed"
    assert not [m for m in mail.outbox if "salma@example.org" in m.to]


# At least one meeting every six months.


def test_the_next_meeting_is_due_six_months_after_the_last_one():
    assert tasks.next_meeting_due(date(2026, 6, 15), date(2026, 1, 1)) == date(2026, 12, 15)
    assert tasks.next_meeting_due(date(2026, 8, 31), date(2026, 1, 1)) == date(2027, 2, 28)
    assert tasks.next_meeting_due(date(2027, 8, 31), date(2026, 1, 1)) == date(2028, 2, 29)
    assert tasks.next_meeting_due(None, date(2026, 1, 1)) == date(2026, 7, 1)  # from the term's start


def due(now) -> list:
    return [(d.committee, d.last_held, d.due_by) for d in tasks.meetings_due(now)]


def test_the_warning_comes_a_month_before_the_day_unless_a_meeting_is_planned_by_then():
    committee = CommitteeFactory()  # its term: 2026-01-01 to 2027-12-31
    MeetingFactory(committee=committee, starts_at=at(2026, 6, 15, 10))
    assert due(at(2026, 11, 14, 23, 59)) == []
    assert due(at(2026, 11, 15)) == [(committee, date(2026, 6, 15), date(2026, 12, 15))]
    # A meeting planned on the last day is in time; the day after is not.
    late = MeetingFactory(committee=committee, starts_at=at(2026, 12, 16, 10))
    assert [d[2] for d in due(at(2026, 11, 20))] == [date(2026, 12, 15)]
    late.starts_at = at(2026, 12, 15, 18)
    late.save()
    assert due(at(2026, 11, 20)) == []
    # A cancelled meeting counts for nothing.
    late.cancelled_at = at(2026, 11, 25)
    late.save()
    assert [d[2] for d in due(at(2026, 11, 26))] == [date(2026, 12, 15)]
    # Still said once the day has passed; not once the term has ended.
    assert [d[2] for d in due(at(2027, 1, 10))] == [date(2026, 12, 15)]
    assert due(at(2028, 1, 2)) == []


def test_a_committee_that_never_met_is_due_six_months_after_its_term_began():
    committee = CommitteeFactory()
    assert due(at(2026, 5, 31, 23, 59)) == []
    assert due(at(2026, 6, 1)) == [(committee, None, date(2026, 7, 1))]


def test_the_secretariat_is_warned_once_per_due_day(django_capture_on_commit_callbacks):
    stage = cast()  # the committee met on 18 June 2026: next by 18 December
    stranger = stage.stranger.committee  # never met: out of the way, its term ended
    stranger.term_end = date(2026, 5, 31)
    stranger.save()
    capture = django_capture_on_commit_callbacks
    assert run(tasks.warn_meetings_due, at(2026, 11, 17, 7, 35), capture) == 0
    assert run(tasks.warn_meetings_due, at(2026, 11, 18, 7, 35), capture) == 2
    assert run(tasks.warn_meetings_due, at(2026, 11, 19, 7, 35), capture) == 0
    assert emails("committee_six_months") == SECRETARIAT
    (french,) = [m for m in mail.outbox if m.to == ["chief@example.org"]]
    assert "18 décembre 2026" in visible(french.subject) and "18 juin 2026" in visible(french.body)
    (arabic,) = [m for m in mail.outbox if m.to == ["salma@example.org"]]
    assert "18 دجنبر 2026" in visible(arabic.subject)
    # A meeting held since moves the day: warned again when the next one comes near.
    MeetingFactory(committee=stage.committee, starts_at=at(2026, 12, 10, 10))
    assert run(tasks.warn_meetings_due, at(2027, 5, 10, 7, 35), capture) == 0  # due 10 June 2027
    assert run(tasks.warn_meetings_due, at(2027, 5, 11, 7, 35), capture) == 2


def test_the_meetings_list_warns_of_a_meeting_due(client, django_capture_on_commit_callbacks):
    stage = cast()
    client.force_login(stage.secretariat)
    with translation.override("fr"), time_machine.travel(at(2026, 11, 20), tick=False):
        page = visible(client.get(reverse("admin:committee_meeting_changelist")).content.decode())
    assert "18 décembre 2026" in page and "18 juin 2026" in page
    with translation.override("fr"), time_machine.travel(at(2026, 11, 17), tick=False):
        page = visible(client.get(reverse("admin:committee_meeting_changelist")).content.decode())
    assert "18 décembre 2026" not in page


def test_beat_runs_the_reminders(settings):
    from ogp_portal.celery import app

    for name, task in [
        ("committee-minutes-reminders", tasks.send_minutes_reminders),
        ("committee-meetings-due", tasks.warn_meetings_due),
    ]:
        entry = settings.CELERY_BEAT_SCHEDULE[name]
        assert app.tasks[entry["task"]].name == task.name


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_the_same_moment_write_each_reminder_once(monkeypatch):
    cast()
    MeetingFactory(committee=CommitteeFactory(), starts_at=at(2026, 6, 18, 10))  # another one due
    # The outbox rows are what is sent (each once: tests/core); kept from
    # eager Celery here, whose join guard is a global that threads race on.
    monkeypatch.setattr("core.notifications.enqueue", lambda pk: None)
    with time_machine.travel(at(2026, 6, 22, 8), tick=False):
        results = in_parallel(tasks.send_minutes_reminders, count=4)
    assert sum(results) == 2 * 2  # two meetings, two members of the secretariat
    assert Reminder.objects.filter(kind="minutes_due").count() == 2
    assert emails("committee_reminder_minutes_due") == sorted(SECRETARIAT * 2)
    with time_machine.travel(at(2026, 11, 18, 8), tick=False):
        results = in_parallel(tasks.warn_meetings_due, count=4)
    # Both committees met on 18 June; the third (the stranger's) never met.
    assert sum(results) == 3 * 2
    assert Reminder.objects.filter(kind="six_months").count() == 3
