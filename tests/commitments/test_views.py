import pytest
from django.urls import reverse

from ideas import screening
from tests.bidi import visible
from tests.factories import CommitmentFactory, IdeaFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [2, 30])
def test_the_list_shows_each_commitment_with_its_ideas_in_constant_queries(
    client, staff, n, django_assert_max_num_queries
):
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    commitments = CommitmentFactory.create_batch(n, theme=theme)
    idea = IdeaFactory(theme=theme, status="sent")
    screening.integrate(idea, by=staff, commitments=[commitments[0]])
    # One more than before pagination: the count; one more for the page's
    # milestones (each row's completion).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("commitments:index", args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert all(c.get_absolute_url() in html for c in commitments)
    listed = {c.pk: c.idea_count for c in response.context["commitments"]}
    assert listed[commitments[0].pk] == 1 and listed[commitments[1].pk] == 0


def test_the_commitment_page_links_back_to_the_ideas_it_integrated(client, staff):
    commitment = CommitmentFactory()
    idea = IdeaFactory(theme=commitment.theme, status="sent")
    other = IdeaFactory(theme=commitment.theme, status="sent")
    screening.integrate(idea, by=staff, commitments=[commitment])
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert idea.get_absolute_url() in html
    assert other.get_absolute_url() not in html
    assert commitment.lead_institution.name_ar in visible(html)


def test_a_draft_plans_commitment_is_not_public(client):
    commitment = CommitmentFactory(theme__plan__status="draft")
    assert client.get(commitment.get_absolute_url()).status_code == 404


def test_the_list_shows_thirty_commitments_a_page(client):
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    numbers = sorted(c.number for c in CommitmentFactory.create_batch(65, theme=theme))
    url = reverse("commitments:index", args=[plan.slug])
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert [c.number for c in first.context["commitments"]] == numbers[:30]
    assert 'href="?page=2" rel="next"' in first.content.decode()
    last = client.get(url + "?page=3", HTTP_ACCEPT_LANGUAGE="fr")
    assert [c.number for c in last.context["commitments"]] == numbers[60:]
    assert 'href="?page=2" rel="prev"' in last.content.decode()


def test_a_draft_card_is_not_public(client):
    from commitments.models import Commitment
    from tests.factories import CommitmentFactory

    draft = CommitmentFactory(status=Commitment.Status.DRAFT, title_fr="Brouillon confidentiel")
    shown = CommitmentFactory(theme=draft.theme, title_fr="Engagement proposé")
    listing = client.get(f"/fr/plans/{draft.plan.slug}/commitments/").content.decode()
    assert "Engagement proposé" in listing and "Brouillon confidentiel" not in listing
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200
