"""Every public list that belongs to a plan takes the plan from its URL, in one
layout: the plan's tabs, the same list for the other plans; the main menu
opens the current plan of the default member."""

import pytest
from django.urls import reverse

from plans.models import Member, Plan
from tests.bidi import visible
from tests.factories import MemberFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db
LISTS = ["ideas:index", "workshops:index", "commitments:index", "ideas:statistics"]


@pytest.fixture
def national():
    member = MemberFactory(kind=Member.Kind.NATIONAL, slug="morocco")
    old = PlanFactory(member=member, slug="nap1", number=1, start_year=2018, end_year=2020, phases={})
    current = PlanFactory(member=member, slug="nap3", number=3)
    ThemeFactory(plan=current)
    return old, current


@pytest.fixture
def commune():
    return PlanFactory(member=MemberFactory(kind=Member.Kind.COMMUNE, slug="tetouan"), slug="tetouan-1")


@pytest.mark.parametrize("name", LISTS)
def test_the_plan_comes_from_the_url(client, national, commune, name):
    old, current = national
    html = client.get(reverse(name, args=[commune.slug])).content.decode()
    assert commune.title_ar in visible(html)
    # The same list for each other plan, and the plan's own tabs.
    for other in (old, current):
        assert f'href="{reverse(name, args=[other.slug])}"' in html
    for tab in LISTS:
        assert f'href="{reverse(tab, args=[commune.slug])}"' in html
    assert f'href="{reverse(name, args=[commune.slug])}" aria-current="page"' in html


@pytest.mark.parametrize("name", LISTS)
def test_a_draft_or_unknown_plan_is_404(client, national, name):
    draft = PlanFactory(status=Plan.Status.DRAFT, slug="draft-plan")
    assert client.get(reverse(name, args=[draft.slug])).status_code == 404
    assert client.get(reverse(name, args=["no-such-plan"])).status_code == 404


@pytest.mark.parametrize(
    "path", ["/fr/plans/%00/ideas/", "/fr/plans/\u202ex/workshops/", "/fr/plans/" + "a" * 5000 + "/"]
)
def test_hostile_slugs_are_404_not_500(client, national, path):
    assert client.get(path).status_code == 404


def test_the_main_menu_opens_the_default_members_current_plan(client, national, commune, settings):
    old, current = national
    html = client.get("/fr/").content.decode()
    assert f'href="{reverse("ideas:index", args=[current.slug])}"' in html
    assert f'href="{reverse("workshops:index", args=[current.slug])}"' in html
    settings.PORTAL_MEMBER = "tetouan"  # a commune running its own portal
    html = client.get("/fr/").content.decode()
    assert f'href="{reverse("commitments:index", args=[commune.slug])}"' in html


def test_links_from_a_plans_page_carry_the_plan(client, national, commune):
    html = client.get(commune.get_absolute_url()).content.decode()
    for name in LISTS:
        assert f'href="{reverse(name, args=[commune.slug])}' in html
