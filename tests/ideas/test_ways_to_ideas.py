"""Issue 18, point 33: the plans page searches the ideas of every plan, and
each row of the statistics' funnel opens the plan's ideas at that stage
(the idea list's own filters: plans.lists.FilterForm)."""

import re

import pytest
from django.urls import reverse

from ideas import funnel
from ideas.models import Idea
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db
S = Idea.Status


@pytest.fixture
def plan():
    plan = PlanFactory(slug="nap-test")
    theme = ThemeFactory(plan=plan)
    IdeaFactory(
        theme=theme, title="Idée acceptée budget", status=S.ACCEPTED, language="fr", search_config="french"
    )
    IdeaFactory(
        theme=theme, title="Idée refusée budget", status=S.NOT_ACCEPTED, language="fr", search_config="french"
    )
    IdeaFactory(
        theme=theme, title="Idée intégrée", status=S.INTEGRATED, language="fr", search_config="french"
    )
    return plan


def test_the_plans_page_searches_the_ideas_of_every_plan(client, plan):
    html = client.get("/fr/plans/").content.decode()
    form = re.search(r'<form method="get" action="([^"]+)"[^>]*role="search">(.*?)</form>', html, re.S)
    assert form and form.group(1) == "/fr/ideas/search/" and 'name="q"' in form.group(2)
    found = client.get(form.group(1), {"q": "budget"}).content.decode()
    assert "Idée acceptée budget" in found and "Idée refusée budget" in found and "Idée intégrée" not in found


def test_each_funnel_row_opens_the_plans_ideas_at_that_stage(client, plan):
    html = client.get(reverse("ideas:statistics", args=[plan.slug])).content.decode()
    table = html.split('id="funnel-title"')[1].split("</table>")[0]
    links = dict(re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', table))
    index = reverse("ideas:index", args=[plan.slug])
    # "Ideas collected": every idea; each other stage, the list's filter of that name.
    assert set(links) == {index, *(f"{index}?status={key}" for key, _label in funnel.FILTERS)}
    refused = client.get(f"{index}?status=not_accepted").content.decode()
    assert "Idée refusée budget" in refused and "Idée acceptée budget" not in refused
    everything = client.get(index).content.decode()
    assert all(
        title in everything for title in ("Idée acceptée budget", "Idée refusée budget", "Idée intégrée")
    )
