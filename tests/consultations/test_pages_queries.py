"""The consultation's pages run as many SQL queries with 500 comments on a
commitment as with 20 (quality.md, performance budgets): cold (the cache
empty), warm (a visitor who is not signed in: the kept page, no query), and
for a signed-in author who sees their hidden comments (uncached)."""

import pytest
from django.utils import timezone

from commitments.models import Milestone
from consultations.models import Comment
from tests.conftest import built_once
from tests.factories import AssociationFactory, UserFactory
from tests.test_query_counts import count

from .cast import verified
from .factories import open_draft_plan

pytestmark = pytest.mark.django_db


def build(n: int) -> dict:
    """A draft plan consultation open today whose first commitment has n
    comments (a third answered, some on a milestone, on behalf of an
    association, hidden), as many on the whole plan, all by one author."""
    cast = open_draft_plan()
    author = verified(UserFactory())
    association = AssociationFactory()
    milestone = Milestone.objects.create(commitment=cast.one, description_ar="مرحلة")
    now = timezone.now()

    def comment(i: int, **target) -> Comment:
        answered = i % 3 == 0
        return Comment(
            consultation=cast.consultation,
            author=author,
            body=f"تعليق {i}",
            owed_by=cast.first if target else None,
            association=association if i % 7 == 0 else None,
            milestone=milestone if target and i % 5 == 0 else None,
            moderation="hidden" if i % 11 == 0 else "published",
            answer_status="answered" if answered else "awaiting",
            disposition="taken" if answered else "",
            answer="جواب معلل" if answered else "",
            answered_at=now if answered else None,
            created_at=now,
            **target,
        )

    Comment.objects.bulk_create(
        [*(comment(i, commitment=cast.one) for i in range(n)), *(comment(i) for i in range(n))]
    )
    consultation = cast.consultation
    base = f"/fr/plans/{consultation.plan.slug}/consultations/{consultation.pk}/"
    return {
        "author": author,
        "pages": {
            "plan tab": f"/fr/plans/{consultation.plan.slug}/consultations/",
            "consultation": base,
            "commitment comments": f"{base}commitments/{cast.one.number}/",
            "commitment comments, page 2": f"{base}commitments/{cast.one.number}/?page=2",
            "whole text comments": f"{base}general/",
            "commitment page": cast.one.get_absolute_url().replace("/ar/", "/fr/"),
            "entry": "/fr/consultations/",
        },
    }


@built_once
def sizes():
    return build(20), build(500)


PAGES = [
    "plan tab",
    "consultation",
    "commitment comments",
    "commitment comments, page 2",
    "whole text comments",
    "commitment page",
    "entry",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_runs_as_many_queries_with_500_comments_as_with_20(sizes, name):
    small, large = sizes
    status_small, *small_counts = count(small["pages"][name])
    status_large, *large_counts = count(large["pages"][name])
    assert status_small == status_large and status_small in (200, 302)
    assert small_counts == large_counts, (name, small_counts, large_counts)
    assert large_counts[1] == 0  # warm: the kept page


@pytest.mark.parametrize("name", ["commitment comments", "whole text comments"])
def test_for_a_signed_in_author_the_comment_pages_run_as_many_queries_too(sizes, name):
    small, large = sizes
    small_counts = count(small["pages"][name], small["author"])
    large_counts = count(large["pages"][name], large["author"])
    assert small_counts == large_counts, (name, small_counts, large_counts)
    assert large_counts[0] == 200


def test_my_comments_runs_as_many_queries_with_1000_comments_as_with_40(sizes):
    small, large = sizes
    counts = [count("/fr/consultations/mine/", size["author"]) for size in sizes]
    assert counts[0] == counts[1] and counts[0][0] == 200
    assert small["author"] != large["author"]
