"""The idea list's results are cached under the plan's generations: every
write (a new idea, a screening move, a support, a comment, moderation, an edit
in the admin) shows on the next request, and a repeated request reads the
results from the cache."""

import pytest
from django.test import Client
from django.urls import reverse

from core import moderation
from ideas import screening
from ideas.models import Comment
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory()
    ThemeFactory(plan=plan)
    return plan


def listing(client, plan, **params) -> str:
    return client.get(f"/en/plans/{plan.slug}/ideas/", params).content.decode()


def test_every_write_shows_on_the_next_request(
    client, plan, citizen, staff, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(theme=plan.themes.get(), title="Publier les budgets communaux")
    assert "budgets communaux" in listing(client, plan)
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(theme=plan.themes.get(), title="Registre ouvert des marchés")
    assert "Registre ouvert des marchés" in listing(client, plan)

    with django_capture_on_commit_callbacks(execute=True):
        screening.accept(idea, by=staff)
    assert "status-accepted" in listing(client, plan)

    visitor = Client()
    visitor.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(reverse("ideas:support", args=[idea.pk]))
    assert "<bdi>1</bdi> support ·" in listing(client, plan)

    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(reverse("ideas:comment", args=[idea.pk]), {"body": "Oui, vite"})
    assert "<bdi>1</bdi> comment<" in listing(client, plan)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(Comment.objects.get(), by=staff, reason="Spam")
    assert "<bdi>1</bdi> comment<" not in listing(client, plan)

    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(idea, by=staff, reason="Données personnelles")
    assert "budgets communaux" not in listing(client, plan)


def test_a_repeated_request_reads_the_results_from_the_cache(client, plan, django_assert_max_num_queries):
    IdeaFactory.create_batch(25, theme=plan.themes.get(), author=UserFactory())
    first = listing(client, plan, page=2)
    with django_assert_max_num_queries(7):
        assert listing(client, plan, page=2) == first


def test_a_hostile_page_number_is_the_first_page_and_is_not_cached_apart(client, plan):
    IdeaFactory(theme=plan.themes.get(), title="Une seule idée publiée")
    for page in ("abc", "9" * 50, "\x00"):
        assert "Une seule idée publiée" in listing(client, plan, page=page)
