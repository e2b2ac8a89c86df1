"""The daily watch of the checklists (plans.tasks.watch_checklists): the
secretariat is told once when a line of a running plan's checklist turns at
risk — not on the first day a plan is watched, not again the next day, again
when it comes back after being met; never about a plan whose years are over;
once whichever of two simultaneous beats claims it; and what the email says
is checked when it is sent."""

from datetime import date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from committee.models import Meeting
from core.models import Notification
from core.notifications import build_message
from plans import tasks
from plans.models import ChecklistState, Plan
from tests.committee.factories import CommitteeFactory, MeetingFactory
from tests.core.test_transitions import in_parallel
from tests.factories import PlanFactory
from tests.workshops.staff import secretariat

pytestmark = pytest.mark.django_db
CASABLANCA = ZoneInfo("Africa/Casablanca")
# 25 days before the committee must meet again (last met 15 June: by 15 December).
NOW = datetime(2026, 11, 20, 7, 40, tzinfo=CASABLANCA)


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=CASABLANCA)


def build() -> SimpleNamespace:
    with time_machine.travel(NOW, tick=False):
        plan = PlanFactory(
            status=Plan.Status.ADOPTED, start_year=2026, end_year=2027, title_fr="Plan en cours"
        )
        committee = CommitteeFactory(plan=plan, term_start=date(2026, 1, 1), term_end=date(2027, 12, 31))
        MeetingFactory(committee=committee, starts_at=at(date(2026, 6, 15)))
        planned = MeetingFactory(committee=committee, starts_at=at(date(2026, 12, 10)))
        past = PlanFactory(status=Plan.Status.ADOPTED, start_year=2021, end_year=2023)
        chief = secretariat("chief@example.org")
    return SimpleNamespace(plan=plan, committee=committee, planned=planned, past=past, chief=chief)


@pytest.fixture
def cast():
    return build()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def watch() -> int:
        with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
            return tasks.watch_checklists()

    return watch


def meetings_line(plan) -> str:
    return ChecklistState.objects.get(plan=plan, line="committee.meetings").state


def cancel(meeting: Meeting) -> None:
    meeting.cancelled_at = NOW
    meeting.save()


def test_a_line_turning_at_risk_is_told_once(cast, run):
    assert run() == 0  # the first day: every line recorded, nobody told
    assert ChecklistState.objects.filter(plan=cast.plan).count() == 12
    assert not ChecklistState.objects.filter(plan=cast.past).exists()  # over: not watched
    assert meetings_line(cast.plan) == "met"
    cancel(cast.planned)  # nothing planned by the day it is due any more
    assert run() == 1
    assert meetings_line(cast.plan) == "at_risk"
    (email,) = mail.outbox
    assert email.to == ["chief@example.org"]
    assert "Plan en cours" in email.subject
    assert "15 décembre 2026" in email.body  # in the secretariat member's language (fr)
    assert "/ogp-checklist/" in email.body and "/checklist/" in email.alternatives[0][0]
    assert run() == 0  # the next beat: nothing new
    assert len(mail.outbox) == 1


def test_a_line_met_again_then_at_risk_again_is_told_again(cast, run):
    run()
    cancel(cast.planned)
    assert run() == 1
    again = MeetingFactory(committee=cast.committee, starts_at=at(date(2026, 12, 12)))
    assert run() == 0  # met again: recorded, nobody told
    assert meetings_line(cast.plan) == "met"
    cancel(again)
    assert run() == 1
    assert len(mail.outbox) == 2


def test_what_the_email_says_is_checked_when_it_is_sent(cast, run, monkeypatch):
    run()
    cancel(cast.planned)
    monkeypatch.setattr("core.notifications.enqueue", lambda pk: None)  # held in the outbox
    assert run() == 1
    notification = Notification.objects.get(kind="ogp_checklist_at_risk")
    MeetingFactory(committee=cast.committee, starts_at=at(date(2026, 12, 12)))  # met again meanwhile
    with time_machine.travel(NOW, tick=False), pytest.raises(ChecklistState.DoesNotExist):
        build_message(notification)


def test_beat_runs_the_watch(settings):
    from ogp_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["plans-watch-checklists"]
    assert app.tasks[entry["task"]].name == tasks.watch_checklists.name


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_the_same_moment_tell_once(monkeypatch):
    cast = build()
    monkeypatch.setattr("core.notifications.enqueue", lambda pk: None)  # the outbox rows are what is sent
    with time_machine.travel(NOW, tick=False):
        tasks.watch_checklists()
        cancel(cast.planned)
        results = in_parallel(tasks.watch_checklists, count=4)
    assert sum(results) == 1
    assert Notification.objects.filter(kind="ogp_checklist_at_risk").count() == 1
