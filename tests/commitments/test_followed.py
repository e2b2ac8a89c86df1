"""Issue 18, point 33: a signed-in citizen's "Commitments I follow": in the
account menu, only public cards, with their completion, private to the
browser (Cache-Control: private, no-store), in as many queries for one card
as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Follow
from tests.factories import CommitmentFactory, PlanFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return UserFactory(language="fr")


def followed(client):
    return client.get(reverse("commitments:followed"))


def test_a_citizen_reads_the_public_commitments_they_follow_and_only_theirs(client, citizen):
    theme = ThemeFactory(plan=PlanFactory())
    mine = CommitmentFactory(theme=theme, status="in_implementation", title_ar="الميزانية المفتوحة")
    draft = CommitmentFactory(theme=theme, status="draft", title_ar="مسودة سرية")
    other = CommitmentFactory(theme=theme, status="in_implementation", title_ar="يتابعه شخص آخر")
    Follow.objects.create(commitment=mine, user=citizen)
    Follow.objects.create(commitment=draft, user=citizen)  # followed, then back to draft
    Follow.objects.create(commitment=other, user=UserFactory())
    client.force_login(citizen)
    response = followed(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "الميزانية المفتوحة" in html and mine.get_absolute_url() in html
    assert "مسودة سرية" not in html and "يتابعه شخص آخر" not in html
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    # Listed in the account menu, on every page.
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("commitments:followed")}"' in home


def test_a_visitor_is_asked_to_sign_in(client):
    response = followed(client)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_costs_the_same_queries_for_one_card_or_many(client, citizen):
    theme = ThemeFactory(plan=PlanFactory())
    client.force_login(citizen)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert followed(client).status_code == 200
        return len(queries)

    Follow.objects.create(commitment=CommitmentFactory(theme=theme, status="adopted"), user=citizen)
    one = count()
    for _ in range(4):
        Follow.objects.create(
            commitment=CommitmentFactory(theme=ThemeFactory(plan=PlanFactory()), status="adopted"),
            user=citizen,
        )
    assert count() == one
