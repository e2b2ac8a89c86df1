"""Phases answer from their dates (Africa/Casablanca): a phase is open from
00:00 on its first day to 24:00 on its last, and what it lets the public do
follows what is open now, whatever status is stored."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from plans.models import Plan
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


def open_kinds(plan) -> list[str]:
    plan = Plan.objects.prefetch_related("phases").get(pk=plan.pk)
    return sorted(phase.kind for phase in plan.phases.all() if phase.is_open())


def test_a_phase_is_open_on_its_local_days(plan):
    for moment, kinds in [
        (at(2026, 3, 1, 0, 0), ["collection"]),
        (at(2026, 3, 31, 23, 59), ["collection"]),
        (at(2026, 4, 1, 0, 1), ["analysis"]),
        (at(2026, 5, 15, 12), []),
    ]:
        with time_machine.travel(moment):
            assert open_kinds(plan) == kinds, moment


def test_plans_answer_what_the_public_may_do_now(plan):
    draft = PlanFactory(
        status=Plan.Status.DRAFT, phases={"collection": (date(2026, 3, 1), date(2026, 3, 31))}
    )
    plan, draft = (Plan.objects.prefetch_related("phases").get(pk=p.pk) for p in (plan, draft))
    with time_machine.travel(at(2026, 3, 10, 12)):
        assert plan.allows("submit_idea") and plan.is_running()
        assert not draft.allows("submit_idea") and not draft.is_running()
    with time_machine.travel(at(2026, 4, 10, 12)):
        assert not plan.allows("submit_idea") and plan.allows("comment_idea")
    with time_machine.travel(at(2026, 5, 10, 12)):
        assert not plan.is_running() and not plan.allows("comment_idea")


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
