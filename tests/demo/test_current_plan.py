"""The demo's illustrative current national plan (issue 18, point 11): the
portal shows its main job the moment it starts. It collects ideas from the
day of the first load, has upcoming workshops open for registration, says
on its pages that it is illustrative, and the home page and the main menu
lead to it."""

import pytest
from django.utils import timezone

from demo.builders.current import CURRENT_PLAN_SLUG
from plans.models import Plan
from tests.bidi import visible
from tests.test_generations import main_menu
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

ILLUSTRATIVE = {"ar": "توضيحية", "fr": "illustratif", "en": "illustrative"}


def test_the_illustrative_plan_collects_ideas_today_with_upcoming_workshops(loaded, client):
    plan = Plan.objects.get(slug=CURRENT_PLAN_SLUG)
    assert plan.member.slug == "morocco" and plan.collection_open
    workshops = list(Workshop.objects.with_stage().filter(plan=plan))
    assert len(workshops) >= 2
    for workshop in workshops:
        assert workshop.stage == "upcoming" and workshop.registration == "open"
        assert workshop.starts_at > timezone.now()

    # Marked as illustrative on its pages, in every language.
    for language, word in ILLUSTRATIVE.items():
        for path in (f"/{language}/plans/{plan.slug}/", f"/{language}/plans/{plan.slug}/ideas/"):
            assert word in visible(client.get(path).content.decode()), path
        assert word in visible(client.get(f"/{language}/workshops/{workshops[0].pk}/").content.decode())


def test_the_home_page_and_the_menu_lead_to_what_is_open(loaded, client):
    html = client.get("/fr/").content.decode()
    open_now = html.split('id="open-now"', 1)[1].split("</section>", 1)[0]
    assert f'href="/fr/plans/{CURRENT_PLAN_SLUG}/ideas/"' in open_now
    assert 'href="/fr/plans/tetouan-local-plan/ideas/"' in open_now
    for workshop in Workshop.objects.filter(plan__slug__in=[CURRENT_PLAN_SLUG, "tetouan-local-plan"]):
        assert f'href="/fr/workshops/{workshop.pk}/"' in open_now
    menu = main_menu(html)
    assert f'href="/fr/plans/{CURRENT_PLAN_SLUG}/ideas/"' in menu
    assert "nap2-2021-2023/ideas" not in menu
    assert client.get("/fr/ideas/")["Location"] == f"/fr/plans/{CURRENT_PLAN_SLUG}/ideas/"
    assert client.get("/fr/workshops/")["Location"] == f"/fr/plans/{CURRENT_PLAN_SLUG}/workshops/"
    # No plan drafts or follows commitments today: the chooser leads to 2021–2023's.
    assert 'href="/fr/plans/nap2-2021-2023/commitments/"' in client.get("/fr/commitments/").content.decode()


def test_loading_again_keeps_the_illustrative_plan_as_it_was(loaded):
    from .conftest import load_demo

    plan = Plan.objects.get(slug=CURRENT_PLAN_SLUG)

    def state():
        phases = list(plan.phases.values_list("kind", "start", "end"))
        return phases, plan.workshops.count(), plan.themes.count()

    before = state()
    load_demo()
    assert state() == before
