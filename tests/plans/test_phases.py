"""Phases answer in queries, from their dates (Africa/Casablanca): what is open
now, what opens or closes within N hours — what a periodic reminder asks —
and what a phase lets the public do."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from plans.models import Phase, Plan
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db
CASABLANCA = ZoneInfo("Africa/Casablanca")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CASABLANCA)


@pytest.fixture
def plan():
    return PlanFactory(
        phases={
            "collection": (date(2026, 3, 1), date(2026, 3, 31)),
            "analysis": (date(2026, 4, 1), date(2026, 4, 30)),
            "consultation": (date(2026, 6, 1), date(2026, 6, 28)),
        }
    )


def kinds(queryset) -> list[str]:
    return sorted(queryset.values_list("kind", flat=True))


def test_open_now_follows_the_local_day(plan):
    assert kinds(Phase.objects.open_now(at(2026, 3, 1, 0, 0))) == ["collection"]
    assert kinds(Phase.objects.open_now(at(2026, 3, 31, 23, 59))) == ["collection"]
    assert kinds(Phase.objects.open_now(at(2026, 4, 1, 0, 1))) == ["analysis"]
    assert kinds(Phase.objects.open_now(at(2026, 5, 15, 12))) == []


def test_closing_within_counts_to_midnight_after_the_last_day(plan):
    # The collection closes at 00:00 on 1 April.
    assert kinds(Phase.objects.closing_within(48, at(2026, 3, 30, 0, 1))) == ["collection"]
    assert kinds(Phase.objects.closing_within(48, at(2026, 3, 29, 23, 59))) == []
    assert kinds(Phase.objects.closing_within(1, at(2026, 3, 31, 23, 30))) == ["collection"]
    # A phase already closed is not "closing".
    assert kinds(Phase.objects.closing_within(48, at(2026, 4, 1, 0, 1))) == []


def test_opening_within_leaves_out_what_is_already_open(plan):
    assert kinds(Phase.objects.opening_within(24, at(2026, 5, 31, 0, 1))) == ["consultation"]
    assert kinds(Phase.objects.opening_within(24, at(2026, 5, 30, 23, 59))) == []
    assert kinds(Phase.objects.opening_within(24, at(2026, 6, 1, 0, 1))) == []


def test_plans_answer_what_the_public_may_do_now(plan):
    draft = PlanFactory(
        status=Plan.Status.DRAFT, phases={"collection": (date(2026, 3, 1), date(2026, 3, 31))}
    )
    assert list(Plan.objects.allowing("submit_idea", at(2026, 3, 10, 12))) == [plan]
    assert list(Plan.objects.allowing("submit_idea", at(2026, 4, 10, 12))) == []
    assert list(Plan.objects.allowing("comment_idea", at(2026, 4, 10, 12))) == [plan]
    assert list(Plan.objects.running(at(2026, 5, 10, 12))) == []
    assert draft not in Plan.objects.running(at(2026, 3, 10, 12))


def test_supports_and_comments_follow_the_phase_not_a_stored_status(client, citizen, plan):
    idea = IdeaFactory(theme=ThemeFactory(plan=plan))
    client.force_login(citizen)
    with time_machine.travel(at(2026, 4, 20, 12)):  # analysis: still open to supports
        assert idea.open_for_interaction
        client.post(reverse("ideas:support", args=[idea.pk]))
        assert idea.supports.count() == 1
    with time_machine.travel(at(2026, 5, 10, 12)):  # between phases: closed
        idea = type(idea).objects.get(pk=idea.pk)
        assert not idea.open_for_interaction
        client.post(reverse("ideas:comment", args=[idea.pk]), {"body": "Trop tard ?"})
        assert not idea.comments.exists()
