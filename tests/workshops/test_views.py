import pytest
from django.urls import reverse

from ideas.models import Idea
from tests.bidi import visible
from tests.factories import IdeaFactory, InstitutionFactory, PlanFactory, ThemeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [2, 12])
def test_workshops_show_their_figures_in_constant_queries(client, n, django_assert_max_num_queries):
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    workshops = WorkshopFactory.create_batch(n, theme=theme, registered_count=229, attended_count=87)
    for workshop in workshops:
        workshop.institutions.add(InstitutionFactory(), InstitutionFactory())
    IdeaFactory.create_batch(3, theme=theme, source=Idea.Source.WORKSHOP, workshop=workshops[0], author=None)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("workshops:index", args=[plan.slug]))
    html = response.content.decode()
    assert html.count("<bdi>229</bdi>") == n and html.count("<bdi>87</bdi>") == n
    assert {w.pk: w.idea_count for w in response.context["workshops"]}[workshops[0].pk] == 3
    assert workshops[0].organiser.name_ar in visible(html)


def test_upcoming_workshops_come_first_soonest_first_then_those_held_latest_first(client):
    import re
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import ThemeFactory, WorkshopFactory

    theme = ThemeFactory()
    now = timezone.now()
    for title, days in [("held-long-ago", -60), ("next-month", 30), ("held-last-week", -7), ("next-week", 7)]:
        WorkshopFactory(theme=theme, title_en=title, title_fr=title, starts_at=now + timedelta(days=days))
    html = client.get(f"/en/plans/{theme.plan.slug}/workshops/").content.decode()
    order = re.findall(r"(held-long-ago|next-month|held-last-week|next-week)</bdi>", html)
    assert order == ["next-week", "next-month", "held-last-week", "held-long-ago"]
