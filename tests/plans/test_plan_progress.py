"""The plan page leads to the plan's dashboard and, for a plan in
implementation, shows its commitments' overall completion: the dashboard's
own figure (commitments.progress.overall), kept with the page and renewed
as soon as a commitment's progress changes."""

import re

import pytest
from django.test import Client

from commitments import lifecycle
from commitments.models import Commitment, Milestone
from plans.models import Plan
from tests.bidi import visible
from tests.factories import CommitmentFactory, PlanFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db
C = Commitment.Status


@pytest.fixture
def plan():
    plan = PlanFactory(slug="pan-2021", status=Plan.Status.ADOPTED)
    theme = ThemeFactory(plan=plan)
    for status, completions in [
        (C.IN_IMPLEMENTATION, [100, 0]),  # 50 %
        (C.COMPLETED, [100]),  # 100 %
        (C.ADOPTED, []),  # no milestone yet: counts 0 %
        (C.WITHDRAWN, [100]),  # left out, as on the dashboard
        (C.DRAFT, [100]),  # never public
    ]:
        card = CommitmentFactory(theme=theme, status=status)
        for completion in completions:
            Milestone.objects.create(commitment=card, description_fr="Étape", completion=completion)
    return plan


def completion(html: str, section: str) -> int:
    """The overall completion a section shows, as its bar and its words say it."""
    part = html.split(f'aria-labelledby="{section}"')[1].split("</section>")[0]
    value = int(re.search(r'<progress max="100" value="(\d+)"', part).group(1))
    assert re.search(rf"{value}\s*%", re.sub(r"<[^>]+>", "", part))
    return value


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return visible(response.content.decode())


def test_a_plan_in_implementation_shows_its_dashboards_overall_completion(client, plan):
    shown = page(client, "/fr/plans/pan-2021/")
    assert 'href="/fr/plans/pan-2021/dashboard/"' in shown
    dashboard = page(client, "/fr/plans/pan-2021/dashboard/")
    assert (
        completion(shown, "completion-title") == completion(dashboard, "overall-title") == 50
    )  # (50+100+0)/3
    assert "3 engagements" in re.sub(r"<[^>]+>", "", shown.split('id="completion-title"')[1])


def test_the_figure_is_renewed_when_progress_is_validated(plan):
    visitor = Client()  # not signed in: the whole page is kept
    assert completion(page(visitor, "/fr/plans/pan-2021/"), "completion-title") == 50
    card = Commitment.objects.get(plan=plan, status=C.ADOPTED)
    step = Milestone.objects.create(commitment=card, description_fr="Étape")
    focal = UserFactory(is_staff=True)
    update = lifecycle.submit_update(step, by=focal, status="done", completion=100, text="Fait")
    assert completion(page(visitor, "/fr/plans/pan-2021/"), "completion-title") == 50  # not validated yet
    lifecycle.validate(update, by=UserFactory(is_staff=True, is_superuser=True))
    assert completion(page(visitor, "/fr/plans/pan-2021/"), "completion-title") == 83  # (50+100+100)/3


def test_a_plan_in_co_creation_links_its_dashboard_but_shows_no_completion(client):
    plan = PlanFactory(slug="pan-2027")
    CommitmentFactory(theme=ThemeFactory(plan=plan), status=C.PROPOSED)
    shown = page(client, "/fr/plans/pan-2027/")
    assert 'href="/fr/plans/pan-2027/dashboard/"' in shown
    assert "completion-title" not in shown
