"""load_demo --scale N: a separate plan with N times the real plan's volume."""

import pytest
from django.apps import apps
from django.db.models import Count, F
from django.test import override_settings

from commitments.models import Milestone
from core.models import User
from ideas.models import Comment, Idea, IdeaEvent, Support
from ideas.statistics import plan_statistics
from plans.models import Plan
from plans.queries import plan_for
from tests.conftest import built_once

from .conftest import load_demo

pytestmark = pytest.mark.django_db

# One unit: the real plan's 232 ideas and funnel (143 accepted, 89 not), some still on their way.
UNIT_STATES = {
    "submitted": 9,
    "not_accepted": 80,
    "accepted": 7,
    "sent": 8,
    "integrated": 69,
    "not_integrated": 59,
}
PATHS = {
    "submitted": [],
    "not_accepted": ["not_accepted"],
    "accepted": ["accepted"],
    "sent": ["accepted", "sent"],
    "integrated": ["accepted", "sent", "integrated"],
    "not_integrated": ["accepted", "sent", "not_integrated"],
}


def figures(slug: str) -> dict:
    stats = plan_statistics(Plan.objects.get(slug=slug))
    del stats["generated_at"]
    return stats


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@built_once
def scaled(loaded):
    with override_settings(DEBUG=True):
        load_demo("--scale", "1")
    return Plan.objects.get(slug="scale-test")


def test_one_unit_holds_the_real_plans_ideas_in_every_screening_state(scaled):
    ideas = scaled.ideas.all()
    assert ideas.count() == 232
    assert dict(ideas.values_list("status").annotate(n=Count("pk"))) == UNIT_STATES
    assert ideas.filter(source="portal").count() == 179 and ideas.filter(source="workshop").count() == 53
    assert ideas.values("theme").distinct().count() == 10
    stats = plan_statistics(scaled)
    assert stats["funnel"]["accepted"] == 143
    assert stats["funnel"]["not_accepted"] + stats["funnel"]["awaiting_screening"] == 89

    events = {}
    for idea_id, from_status, to_status in IdeaEvent.objects.filter(idea__plan=scaled).values_list(
        "idea", "from_status", "to_status"
    ):
        events.setdefault(idea_id, []).append((from_status, to_status))
    for idea in ideas:
        path = PATHS[idea.status]
        assert events.get(idea.pk, []) == list(zip(["submitted", *path], path, strict=False))
    sent = ideas.filter(status__in=["sent", "integrated", "not_integrated"])
    assert not sent.filter(sent_to=None).exists()
    integrated = ideas.filter(status="integrated")
    assert not integrated.filter(commitments=None).exists()
    assert not integrated.exclude(commitments__plan=scaled).exists()
    assert not ideas.exclude(status="integrated").exclude(commitments=None).exists()


def test_one_unit_has_its_comments_supports_commitments_and_workshop(scaled):
    comments = Comment.objects.filter(idea__plan=scaled)
    supports = Support.objects.filter(idea__plan=scaled)
    assert comments.count() == 232 * 5 + 300
    assert max(comments.values("idea").annotate(n=Count("pk")).values_list("n", flat=True)) >= 300
    assert supports.count() == 580  # 2.5 per idea
    assert supports.values("idea", "user").distinct().count() == 580
    assert not supports.filter(user=F("idea__author")).exists()
    assert not comments.filter(author=F("idea__author")).exists()
    assert scaled.commitments.count() == 4 and scaled.workshops.count() == 1
    adopted = scaled.commitments.filter(status="adopted").annotate(
        milestones_count=Count("milestones", distinct=True),
        indicators_count=Count("indicators", distinct=True),
    )
    assert adopted and all((c.milestones_count, c.indicators_count) == (3, 1) for c in adopted)
    statuses = set(Milestone.objects.filter(commitment__plan=scaled).values_list("status", flat=True))
    assert {"done", "in_progress", "not_started"} <= statuses
    people = User.objects.filter(email__startswith="scale-")
    assert people.count() == 232
    assert not any(user.has_usable_password() for user in people)
    assert scaled.title_en == "Demo at scale (1×)" and scaled.title_fr and scaled.title_ar


def test_running_it_twice_adds_nothing_and_a_larger_n_tops_up(scaled):
    scaled = Plan.objects.get(pk=scaled.pk)  # refreshed below: this test's copy
    before = row_counts()
    load_demo("--scale", "1")
    assert row_counts() == before

    load_demo("--scale", "2")
    scaled.refresh_from_db()
    assert scaled.ideas.count() == 2 * 232
    assert scaled.workshops.count() == 2 and scaled.commitments.count() == 7
    assert Comment.objects.filter(idea__plan=scaled).count() == 2 * 232 * 5 + 300
    assert Support.objects.filter(idea__plan=scaled).count() == 2 * 580
    assert dict(scaled.ideas.values_list("status").annotate(n=Count("pk"))) == {
        status: 2 * count for status, count in UNIT_STATES.items()
    }
    assert scaled.title_en == "Demo at scale (2×)"
    # A smaller N later removes nothing and keeps the title true.
    load_demo("--scale", "1")
    scaled.refresh_from_db()
    assert scaled.ideas.count() == 2 * 232 and scaled.title_en == "Demo at scale (2×)"


def test_the_real_plan_and_the_commune_plan_are_untouched(loaded, client):
    national, commune = figures("nap2-2021-2023"), figures("tetouan-local-plan")
    rows = {
        model: model.objects.exclude(plan__slug="scale-test").count()
        for model in (Idea, apps.get_model("commitments.Commitment"), apps.get_model("workshops.Workshop"))
    }
    load_demo("--scale", "1")
    assert figures("nap2-2021-2023") == national
    assert figures("tetouan-local-plan") == commune
    assert {model: model.objects.exclude(plan__slug="scale-test").count() for model in rows} == rows
    # The main menu never opens the scale plan (its timeline is the real
    # plan's, past); the scale plan is public.
    assert "scale-test" not in {plan_for(section).slug for section in ("ideas", "workshops")}
    assert client.get("/fr/plans/scale-test/statistics/").status_code == 200
