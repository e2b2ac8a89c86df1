"""What a citizen is told to expect (issue 8, item 7): a plan's idea list
offers "Propose an idea" only while ideas are collected, and otherwise says
when the collection opens or closed; an idea sent to institutions waits for
their decision, not for screening."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideas import screening
from tests.factories import IdeaFactory, InstitutionFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def plan_with_collection(start_days: int, end_days: int):
    today = timezone.localdate()
    plan = PlanFactory(
        phases={"collection": (today + timedelta(days=start_days), today + timedelta(days=end_days))}
    )
    ThemeFactory(plan=plan)
    return plan


def listing(client, plan) -> str:
    return client.get(f"/en/plans/{plan.slug}/ideas/").content.decode()


def test_the_list_offers_to_propose_an_idea_while_ideas_are_collected(client):
    plan = plan_with_collection(-3, 10)
    html = listing(client, plan)
    assert f'href="/en/plans/{plan.slug}/ideas/new/"' in html


def test_a_closed_plans_list_says_when_collection_closed_instead_of_a_button_that_refuses(client):
    plan = plan_with_collection(-60, -5)
    html = listing(client, plan)
    submit = f"/en/plans/{plan.slug}/ideas/new/"
    assert f'href="{submit}"' not in html
    closed = (timezone.localdate() - timedelta(days=5)).strftime("%-d %B %Y")
    assert f"The collection of ideas closed on {closed}." in html
    # What the button led to: signing in first (then the refusal that
    # test_views.py::test_no_idea_outside_the_collection_phase reads).
    assert client.get(submit)["Location"] == f"/en/accounts/login/?next={submit}"


def test_a_plan_not_yet_collecting_says_when_collection_opens(client):
    plan = plan_with_collection(12, 40)
    html = listing(client, plan)
    assert f'href="/en/plans/{plan.slug}/ideas/new/"' not in html
    opens = (timezone.localdate() + timedelta(days=12)).strftime("%-d %B %Y")
    assert f"The collection of ideas opens on {opens}." in html


def next_step(client, idea) -> str:
    html = client.get(f"/en/ideas/{idea.pk}/").content.decode()
    found = [line for line in html.splitlines() if 'class="next"' in line]
    return found[0] if found else ""


def test_an_idea_sent_to_an_institution_waits_for_its_decision(client, staff):
    idea = IdeaFactory()
    assert "the screening goes on" in next_step(client, idea)
    screening.accept(idea, by=staff)
    assert "the screening goes on" in next_step(client, idea)
    screening.send_to(idea, by=staff, institutions=[InstitutionFactory()])
    step = next_step(client, idea)
    assert "the screening goes on" not in step
    assert "the institution it was sent to decides" in step
