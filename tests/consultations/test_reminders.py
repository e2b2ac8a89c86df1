"""The consultations' periodic work (consultations.tasks): opening on the
first day, and the answers owed — reminded to each institution owing some
from CONSULTATION_REMINDER_DAYS before the due day, to the secretariat once
that day has passed — each once, even when beat runs twice, also at the
same moment (a core Reminder row claims it), each email in its reader's
language with what is still awaited when it is sent."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from consultations import answers, tasks
from consultations.models import Consultation
from core.models import Notification, Reminder
from tests.bidi import visible
from tests.core.test_transitions import in_parallel

from .factories import CommentFactory, open_draft_plan, secretary

pytestmark = pytest.mark.django_db


def at(day, hour=7, minute=50):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def run(day, capture=None, **when) -> int:
    """Beat's daily run on `day`; the emails sent if `capture` is given."""
    with time_machine.travel(at(day, **when), tick=False):
        if capture is None:
            return tasks.remind_answers()
        with capture(execute=True):
            return tasks.remind_answers()


def recipients(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("to_email", flat=True))


def build():
    """A draft plan consultation closing in ten days (answers due 25 days
    from today, reminded from 20): two comments on the first institution's
    commitment, one answered comment on the second's, one on the plan (the
    secretariat's). Two focal points of the first, one in Arabic."""
    cast = open_draft_plan(closes=10)
    cast.chief = secretary(email="chief@example.org", language="fr")
    from .factories import focal_point

    cast.focal_first.email, cast.focal_first.language = "focal-one@example.org", "ar"
    cast.focal_first.save()
    cast.other_focal = focal_point(cast.first, email="focal-one-fr@example.org", language="fr")
    cast.focal_second.email = "focal-two@example.org"
    cast.focal_second.save()
    for n in (1, 2):
        CommentFactory(consultation=cast.consultation, commitment=cast.one, body=f"Avis {n}")
    answered = CommentFactory(consultation=cast.consultation, commitment=cast.two)
    answers.answer(answered, by=cast.focal_second, disposition="taken", text="Retenu.")
    CommentFactory(consultation=cast.consultation, body="Sur l'ensemble")
    cast.due = cast.consultation.due()
    cast.reminder_day = cast.due - timedelta(days=5)
    return cast


@pytest.fixture
def cast(settings):
    settings.CONSULTATION_REMINDER_DAYS = 5
    return build()


def test_the_institutions_owing_answers_are_reminded_on_the_day_once(
    cast, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert cast.due == timezone.localdate() + timedelta(days=25)
    assert run(cast.reminder_day - timedelta(days=1)) == 0
    # The day: the first institution's two focal points (the second owes
    # nothing), and the secretariat for the comment on the whole plan.
    assert run(cast.reminder_day, capture) == 3
    assert recipients(tasks.DUE) == ["chief@example.org", "focal-one-fr@example.org", "focal-one@example.org"]
    assert run(cast.reminder_day, hour=18) == 0  # beat again that day
    assert run(cast.reminder_day + timedelta(days=1)) == 0  # and the next
    assert run(cast.due) == 0
    assert Reminder.objects.filter(kind=tasks.DUE).count() == 2
    assert len(mail.outbox) == 3


def test_a_reminder_day_beat_missed_is_caught_up_before_the_due_day(cast):
    assert run(cast.reminder_day + timedelta(days=2)) == 3
    assert run(cast.reminder_day + timedelta(days=3)) == 0


def test_the_reminders_say_how_many_by_when_and_where_in_each_readers_language(
    cast, django_capture_on_commit_callbacks
):
    run(cast.reminder_day, django_capture_on_commit_callbacks)
    by_reader = {message.to[0]: message for message in mail.outbox}
    arabic = by_reader["focal-one@example.org"]
    with translation.override("ar"):
        day = date_format(cast.due, "DATE_FORMAT")
    assert day in visible(arabic.subject) and "2" in arabic.subject
    assert str(cast.first.name_ar) in visible(arabic.body)
    assert f"/ar/admin/consultations/comment/?consultation__id__exact={cast.consultation.pk}" in arabic.body
    assert f"owed_by={cast.first.pk}" in arabic.body and "answer=awaiting" in arabic.body
    french = by_reader["focal-one-fr@example.org"]
    with translation.override("fr"):
        assert date_format(cast.due, "DATE_FORMAT") in visible(french.subject)
    secretariat = by_reader["chief@example.org"]
    assert "owed_by=secretariat" in secretariat.body
    assert {part[1] for part in arabic.alternatives} == {"text/html"}


def test_comments_answered_before_the_reminder_is_sent_make_it_moot(cast):
    from core.tasks import send_notification

    with time_machine.travel(at(cast.reminder_day), tick=False):
        tasks.remind_answers()  # written; sent after the commit, here by hand
    for comment in cast.consultation.comments.awaiting().filter(owed_by=cast.first):
        answers.answer(comment, by=cast.focal_first, disposition="taken", text="Retenu.")
    for notification in Notification.objects.filter(kind=tasks.DUE):
        send_notification(notification.pk)
    assert [message.to for message in mail.outbox] == [["chief@example.org"]]
    moot = Notification.objects.filter(kind=tasks.DUE, to_email__startswith="focal-one")
    assert {n.state for n in moot} == {Notification.State.FAILED}


def test_the_secretariat_is_told_of_the_overdue_answers_once_the_due_day_has_passed(
    cast, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    run(cast.reminder_day)
    assert Notification.objects.filter(kind=tasks.OVERDUE).count() == 0
    assert run(cast.due) == 0  # still the day answers are due
    mail.outbox.clear()
    assert run(cast.due + timedelta(days=1), capture) == 1
    [email] = mail.outbox
    assert email.to == ["chief@example.org"]
    text = visible(email.body)
    # Per institution: the first owes two, the secretariat one; the second answered its own.
    assert str(cast.first.name_fr) in text and str(cast.second.name_fr) not in text
    assert "answer=overdue" in email.body
    assert run(cast.due + timedelta(days=2)) == 0
    assert run(cast.due + timedelta(days=20)) == 0
    assert Reminder.objects.filter(kind=tasks.OVERDUE).count() == 1


def test_a_consultation_long_overdue_at_deployment_is_not_mailed(cast):
    assert run(cast.due + tasks.OVERDUE_HORIZON + timedelta(days=1)) == 0
    assert not Reminder.objects.exists()


def test_a_consultation_whose_dates_move_is_reminded_for_its_new_due_day(cast):
    assert run(cast.reminder_day) == 3
    phase = cast.plan.phases.get(kind="consultation")
    phase.end += timedelta(days=7)
    phase.save()
    assert run(cast.reminder_day + timedelta(days=7)) == 3
    assert Reminder.objects.filter(kind=tasks.DUE).count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_the_same_moment_write_each_reminder_once(settings, monkeypatch):
    settings.CONSULTATION_REMINDER_DAYS = 5
    cast = build()
    # The outbox rows are what is sent (each once: tests/core); kept from
    # eager Celery here, whose join guard is a global that threads race on.
    monkeypatch.setattr("core.notifications.enqueue", lambda pk: None)
    with time_machine.travel(at(cast.reminder_day), tick=False):
        results = in_parallel(tasks.remind_answers, count=4)
    # Each reminder claimed by one run, whichever: three in all, none twice.
    assert sum(results) == 3
    assert recipients(tasks.DUE) == ["chief@example.org", "focal-one-fr@example.org", "focal-one@example.org"]
    with time_machine.travel(at(cast.due + timedelta(days=1)), tick=False):
        results = in_parallel(tasks.remind_answers, count=4)
    assert sum(results) == 1
    assert recipients(tasks.OVERDUE) == ["chief@example.org"]
    assert Reminder.objects.count() == 3


def test_beat_runs_the_consultations_tasks(settings):
    from ogp_portal.celery import app

    for name, task in [
        ("consultations-open-due", tasks.open_due),
        ("consultations-remind-answers", tasks.remind_answers),
    ]:
        entry = settings.CELERY_BEAT_SCHEDULE[name]
        assert app.tasks[entry["task"]].name == task.name


def test_beat_opens_a_consultation_on_its_first_day():
    cast = open_draft_plan(opens=1)
    assert tasks.open_due() == 0
    with time_machine.travel(at(timezone.localdate() + timedelta(days=1), hour=0, minute=2), tick=False):
        assert tasks.open_due() == 1
        assert tasks.open_due() == 0
    consultation = Consultation.objects.get(pk=cast.consultation.pk)
    assert consultation.opened_at is not None
    assert set(consultation.commitments.all()) == {cast.one, cast.two}
