"""Every public list that belongs to a plan takes the plan from its URL, in one
layout: the plan's tabs, the same list for the other plans; the main menu
opens the current plan of the default member. The lists with filters read
them, page and cache in one way (plans.lists), the same on each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from plans.models import Member, Plan
from tests.bidi import visible
from tests.factories import (
    CommitmentFactory,
    IdeaFactory,
    MemberFactory,
    PlanFactory,
    ThemeFactory,
    WorkshopFactory,
)

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
    assert f'href="{reverse("ideas:index", args=[commune.slug])}"' in html


def test_links_from_a_plans_page_carry_the_plan(client, national, commune):
    html = client.get(commune.get_absolute_url()).content.decode()
    for name in LISTS:
        assert f'href="{reverse(name, args=[commune.slug])}' in html


# The lists with filters (plans.lists), each with a filter besides the theme
# and that filter's label.
FILTERED = {
    "ideas:index": ("source", "Source"),
    "workshops:index": ("mode", "Mode"),
    "commitments:index": ("status", "Status"),
}


@pytest.fixture
def two_of_each(monkeypatch, settings):
    """A plan with two ideas, two workshops and two commitments of one
    theme, each list showing one row a page."""
    plan = PlanFactory(slug="nap-lists")
    theme = ThemeFactory(plan=plan)
    for factory in (IdeaFactory, WorkshopFactory, CommitmentFactory):
        factory.create_batch(2, theme=theme)
    settings.IDEAS_PER_PAGE = 1
    monkeypatch.setattr("workshops.views.PER_PAGE", 1)
    monkeypatch.setattr("commitments.views.PER_PAGE", 1)
    return plan


def url_of(name: str, plan) -> str:
    with translation.override("en"):
        return reverse(name, args=[plan.slug])


def main(response) -> str:
    """The page's content (the head's alternate links repeat the address)."""
    html = response.content.decode()
    return html[html.index('<main id="main">') : html.index("</main>")]


@pytest.mark.parametrize("name", FILTERED)
def test_a_hostile_page_number_is_the_first_page_read_from_its_cache(
    client, two_of_each, name, django_assert_num_queries
):
    url = url_of(name, two_of_each)
    first = main(client.get(url))
    assert 'href="?page=2" rel="next"' in first and 'rel="prev"' not in first
    for number in ("abc", "9" * 50, "\x00", "-1"):
        with django_assert_num_queries(0):
            assert main(client.get(url, {"page": number})) == first, number


@pytest.mark.parametrize("name", FILTERED)
def test_an_unreadable_filter_is_left_out_and_said_and_the_pages_keep_the_others(client, two_of_each, name):
    theme = two_of_each.themes.get()
    other, label = FILTERED[name]
    html = client.get(url_of(name, two_of_each), {other: "\x00", "theme": theme.pk}).content.decode()
    assert f"could not be read and were left out: {label}<" in html
    # The next page keeps the theme (both rows are of it), not the value left out.
    assert f'href="?theme={theme.pk}&amp;page=2" rel="next"' in html


@pytest.mark.parametrize("name", FILTERED)
def test_a_query_with_an_unreadable_value_fills_no_cache(client, two_of_each, name):
    other, _label = FILTERED[name]
    url = url_of(name, two_of_each)
    client.get(url)  # the plans and the filters' choices, cached
    for _attempt in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {other: "9" * 30}).status_code == 200
        assert queries.captured_queries  # the list is read again each time


@pytest.mark.parametrize("name", FILTERED)
def test_the_same_filters_written_another_way_are_read_from_the_same_cache(
    client, two_of_each, name, django_assert_num_queries
):
    theme = two_of_each.themes.get()
    other, _label = FILTERED[name]
    url = url_of(name, two_of_each)
    first = main(client.get(url, {"theme": theme.pk}))
    with django_assert_num_queries(0):
        again = main(client.get(f"{url}?{other}=&utm_source=newsletter&theme={theme.pk}"))
    assert again == first
