"""Every public page runs the same number of SQL queries whatever the amount
of data (quality.md, performance budgets): each page is requested with a small
and with a larger plan, and both counts must be equal and under its ceiling.
A public page added later joins PAGES."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ideas.models import Comment, Support
from tests.factories import (
    CommitmentFactory,
    IdeaFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

# name: (path built from the data, the most queries it may run)
PAGES = {
    "home": (lambda d: "/fr/", 1),
    "plans list": (lambda d: "/fr/plans/", 3),
    "plan page": (lambda d: f"/fr/plans/{d['plan'].slug}/", 5),
    "idea list": (lambda d: f"/fr/plans/{d['plan'].slug}/ideas/", 10),
    "idea list, page 2": (lambda d: f"/fr/plans/{d['plan'].slug}/ideas/?page=2", 10),
    "idea list, theme and search": (
        lambda d: f"/fr/plans/{d['plan'].slug}/ideas/?theme={d['theme'].pk}&q=budget",
        10,
    ),
    "idea page": (lambda d: f"/fr/ideas/{d['busy_idea'].pk}/", 9),
    "statistics": (lambda d: f"/fr/plans/{d['plan'].slug}/statistics/", 4),
    "statistics JSON": (lambda d: f"/open-data/plans/{d['plan'].slug}/statistics.json", 2),
    "workshops list": (lambda d: f"/fr/plans/{d['plan'].slug}/workshops/", 5),
    "commitments list": (lambda d: f"/fr/plans/{d['plan'].slug}/commitments/", 5),
    "commitment page": (lambda d: f"/fr/commitments/{d['commitment'].pk}/", 3),
    "open data": (lambda d: "/fr/open-data/", 2),
}


def build(n: int) -> dict:
    """A plan with n ideas (each with supports and comments), n commitments,
    n workshops, and one idea with 3n comments."""
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    people = UserFactory.create_batch(3)
    ideas = IdeaFactory.create_batch(n, theme=theme, title="Budget citoyen ouvert", author=people[0])
    for idea in ideas:
        for person in people:
            Support.objects.create(idea=idea, user=person)
            Comment.objects.create(idea=idea, author=person, body="D'accord")
    busy = ideas[0]
    Comment.objects.bulk_create(Comment(idea=busy, author=people[1], body=f"Avis {i}") for i in range(3 * n))
    commitments = CommitmentFactory.create_batch(n, theme=theme)
    busy.commitments.add(*commitments[:3])
    WorkshopFactory.create_batch(n, theme=theme)
    return {"plan": plan, "theme": theme, "busy_idea": busy, "commitment": commitments[0]}


def count(path: str) -> tuple[int, int]:
    client = Client()
    client.get(path)  # warm-up: per-process caches, and the statistics' cache entry
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_runs_a_constant_number_of_queries(name):
    path_for, ceiling = PAGES[name]
    small, large = build(3), build(30)
    status_small, small_count = count(path_for(small))
    status_large, large_count = count(path_for(large))
    assert status_small == status_large == 200
    assert small_count == large_count, f"{name}: {small_count} queries with 3 ideas, {large_count} with 30"
    assert large_count <= ceiling
