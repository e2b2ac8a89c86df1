"""Every public page runs the same number of SQL queries whatever the amount
of data (quality.md, performance budgets): each page is requested with a small
and with a larger plan, with the cache empty (cold) and again (warm, what most
requests are: core.generations); the counts must be equal for both plans and
within the page's ceilings. A public page added later joins PAGES."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commitments.views import GLANCE_PER_PAGE, PER_PAGE
from ideas.models import Comment, Support
from tests.conftest import built_once
from tests.factories import (
    CommitmentFactory,
    IdeaFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Registration

pytestmark = pytest.mark.django_db

# name: (path built from the data, queries cold, queries warm). Warm, a
# visitor who is not signed in gets the whole page from the cache: no query.
PAGES = {
    # Cold: the public plans, and the workshops and texts open (open now).
    "home": (lambda d: "/fr/", 6, 0),
    "plans list": (lambda d: "/fr/plans/", 4, 0),
    # With its commitments' overall completion when the plan is in implementation.
    "plan page": (lambda d: f"/fr/plans/{d['plan'].slug}/", 5, 0),
    "idea list": (lambda d: f"/fr/plans/{d['plan'].slug}/ideas/", 9, 0),
    "idea list, page 2": (lambda d: f"/fr/plans/{d['plan'].slug}/ideas/?page=2", 9, 0),
    "idea list, theme and search": (
        lambda d: f"/fr/plans/{d['plan'].slug}/ideas/?theme={d['theme'].pk}&q=budget",
        10,  # and how many ideas of every plan the words find
        0,
    ),
    "idea search across plans": (lambda d: "/fr/ideas/search/?q=budget&status=awaiting_screening", 9, 0),
    "ideas of every plan": (lambda d: "/fr/ideas/search/?page=2", 9, 0),
    "idea page": (lambda d: f"/fr/ideas/{d['busy_idea'].pk}/", 13, 0),
    "statistics": (lambda d: f"/fr/plans/{d['plan'].slug}/statistics/", 12, 0),
    "statistics JSON": (lambda d: f"/open-data/plans/{d['plan'].slug}/statistics.json", 9, 0),
    "workshops list": (lambda d: f"/fr/plans/{d['plan'].slug}/workshops/", 7, 0),
    "workshops list, theme and mode": (
        lambda d: f"/fr/plans/{d['plan'].slug}/workshops/?theme={d['theme'].pk}&mode=in_person&page=2",
        7,
        0,
    ),
    "workshops calendar feed": (lambda d: f"/fr/plans/{d['plan'].slug}/workshops/calendar.ics", 5, 0),
    "workshop calendar": (lambda d: f"/fr/workshops/{d['workshop'].pk}/calendar.ics", 5, 0),
    # Cold: the workshop, the public plans, its figures, programme, polls,
    # institutions and ideas.
    "workshop page": (lambda d: f"/fr/workshops/{d['workshop'].pk}/", 10, 0),
    # Cold: the page's milestones and the member's institutions (the filter) too.
    "commitments list": (lambda d: f"/fr/plans/{d['plan'].slug}/commitments/", 8, 0),
    "commitments list, filtered": (
        lambda d: (
            f"/fr/plans/{d['plan'].slug}/commitments/?theme={d['theme'].pk}"
            f"&institution={d['institution']}&status=in_implementation&level=limited"
        ),
        8,
        0,
    ),
    # Cold: the card with its links, milestones and their evidence,
    # indicators and their measurements, assessments, ideas, and the history
    # (records, links, milestones, indicators, public evidence, the ideas
    # integrated, the roles of who made them), its consultation comments counted.
    "commitment page": (lambda d: f"/fr/commitments/{d['commitment'].pk}/", 29, 0),
    "plan dashboard": (lambda d: f"/fr/plans/{d['plan'].slug}/dashboard/", 9, 0),
    # Cold: the public plans (4), the plan's consultations, their figures (consultations.views).
    "plan's consultations": (lambda d: f"/fr/plans/{d['plan'].slug}/consultations/", 6, 0),
    # Cold: the public plans, the plan's consultations, the figures per target
    # and per institution, the sections counted and a page of them.
    "consultation page": (lambda d: d["consultation"], 9, 0),
    # Cold: the public plans, the plan's consultations, the section, its
    # figures, its comments counted and a page of them.
    "consultation section comments": (lambda d: f"{d['consultation']}sections/1/", 9, 0),
    "consultation whole text comments": (lambda d: f"{d['consultation']}general/?page=2", 8, 0),
    # Cold: the public plans, then each line of the OGP checklist (plans.checklist) its few queries.
    "OGP checklist": (lambda d: f"/fr/plans/{d['plan'].slug}/ogp-checklist/", 30, 0),
    "open data": (lambda d: "/fr/open-data/", 4, 0),
    # Cold: the public plans, a row of files for each.
    "open data, a dataset's page": (lambda d: "/fr/open-data/commitments/", 4, 0),
    "privacy notice": (lambda d: "/fr/privacy/", 4, 0),
}


def build(n: int) -> dict:
    """A plan with n ideas (each with supports and comments), n commitments,
    n workshops, and one idea with 3n comments."""
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    people = UserFactory.create_batch(3)
    ideas = IdeaFactory.create_batch(n, theme=theme, title="Budget citoyen ouvert", author=people[0])
    for idea in ideas:
        for person in people:
            Support.objects.create(idea=idea, user=person)
            Comment.objects.create(idea=idea, author=person, body="D'accord")
    busy = ideas[0]
    Comment.objects.bulk_create(Comment(idea=busy, author=people[1], body=f"Avis {i}") for i in range(3 * n))
    commitments = CommitmentFactory.create_batch(n, theme=theme, status="in_implementation")
    busy.commitments.add(*commitments[:3])
    grow_commitments(commitments, n, people)
    consultation = consultation_with_comments(plan, n, people)
    workshops = WorkshopFactory.create_batch(n, theme=theme)
    Registration.objects.bulk_create(
        Registration(workshop=workshops[0], email=f"p{i}@example.org", status="registered", code=f"C{i:05d}")
        for i in range(n)
    )
    return {
        "plan": plan,
        "theme": theme,
        "busy_idea": busy,
        "commitment": commitments[0],
        "institution": commitments[0].involved_institutions.get().pk,
        "workshop": workshops[0],
        "consultation": f"/fr/plans/{plan.slug}/consultations/{consultation.pk}/",
    }


def consultation_with_comments(plan, n: int, people):
    """A text open to comments with a section: n comments on it, 3n on the
    whole text, a third of them answered."""
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import Comment as Opinion
    from consultations.models import Consultation, Section

    today, now = timezone.localdate(), timezone.now()
    consultation = Consultation.objects.create(
        plan=plan, subject="text", title_ar="استشارة", starts_on=today - timedelta(days=3), ends_on=today
    )
    section = Section.objects.create(consultation=consultation, number=1, title_ar="الباب", body_ar="نص")
    answered = {"answer_status": "answered", "disposition": "taken", "answer": "جواب", "answered_at": now}
    Opinion.objects.bulk_create(
        Opinion(
            consultation=consultation,
            section=section if i < n else None,
            author=people[i % 3],
            body=f"رأي {i}",
            **(answered if i % 3 == 0 else {}),
        )
        for i in range(4 * n)
    )
    return consultation


def grow_commitments(commitments, n: int, people) -> None:
    """Each commitment with milestones (one overdue), an indicator with
    measurements and an assessment; the first with n milestones, n
    measurements, evidence and a history of validated and returned updates."""
    from datetime import date, timedelta

    from commitments import lifecycle
    from commitments.models import Assessment, Commitment, Evidence, Indicator, Measurement, Milestone
    from tests.factories import AssociationFactory, InstitutionFactory

    association = AssociationFactory()
    secretariat = UserFactory(is_staff=True, is_superuser=True)
    first = commitments[0]
    first.involved_institutions.add(InstitutionFactory(member=first.plan.member))
    # The other cards' links in one insert, without a line of history each:
    # no page here reads the history of another card than the first.
    links = Commitment.involved_institutions.through
    links.objects.bulk_create(
        links(commitment=card, institution=InstitutionFactory(member=card.plan.member))
        for card in commitments[1:]
    )
    for number, card in enumerate(commitments):
        count_ = n if number == 0 else 2
        Milestone.objects.bulk_create(
            Milestone(
                commitment=card,
                description_ar=f"مرحلة {i}",
                completion=20,
                status="in_progress",
                ends_on=date(2020, 1, 1) + timedelta(days=i),
            )
            for i in range(count_)
        )
        indicator = Indicator.objects.create(
            commitment=card, name_ar="مؤشر", baseline_value=0, baseline_on=date(2020, 1, 1), target_value=100
        )
        Measurement.objects.bulk_create(
            Measurement(indicator=indicator, measured_on=date(2021, 1, 1) + timedelta(days=i), value=i)
            for i in range(count_)
        )
        Assessment.objects.create(commitment=card, association=association, rating="limited", text="Lent")
    for i, step in enumerate(first.milestones.all()):
        Evidence.objects.create(milestone=step, title=f"Preuve {i}", url="https://example.org/")
        update = lifecycle.submit_update(step, by=people[0], status="in_progress", completion=30, text="Fait")
        if i % 2:
            lifecycle.return_update(update, by=secretariat, reason="Incomplet")
        else:
            lifecycle.validate(update, by=secretariat)
    first.title = "Titre modifié"
    first.save()


def count(path: str, user=None) -> tuple[int, int, int]:
    """(status, queries cold, queries warm), for a visitor not signed in or `user`."""
    from django.core.cache import cache

    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(path)  # per-process caches (content types), then the cache emptied
    cache.clear()
    counts = []
    for _attempt in ("cold", "warm"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts.append(len(queries))
    return response.status_code, *counts


@built_once
def plans():
    """The small and the larger plan, built once for every page."""
    return build(3), build(30)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_runs_a_constant_number_of_queries(name, plans):
    path_for, cold_ceiling, warm_ceiling = PAGES[name]
    small, large = plans
    status_small, *small_counts = count(path_for(small))
    status_large, *large_counts = count(path_for(large))
    assert status_small == status_large == 200
    assert small_counts == large_counts, (
        f"{name}: {small_counts} queries with 3 ideas, {large_counts} with 30"
    )
    assert large_counts[0] <= cold_ceiling
    assert large_counts[1] <= warm_ceiling


def build_commitments(n: int) -> dict:
    """A plan in implementation with n commitments grown as above, the first
    with n milestones, and an idea integrated into three of them."""
    plan = PlanFactory(status="adopted")
    theme = ThemeFactory(plan=plan)
    people = UserFactory.create_batch(3)
    commitments = CommitmentFactory.create_batch(n, theme=theme, status="in_implementation")
    idea = IdeaFactory(theme=theme, author=people[0])
    idea.commitments.add(*commitments[:3])
    grow_commitments(commitments, n, people)
    return {
        "plan": plan,
        "theme": theme,
        "commitment": commitments[0],
        "institution": commitments[0].involved_institutions.get().pk,
    }


COMMITMENT_PAGES = [
    "plan page",
    "commitments list",
    "commitments list, filtered",
    "commitment page",
    "plan dashboard",
]


def test_the_commitment_pages_run_as_many_queries_for_10_as_for_40_commitments():
    # A national plan's size and a larger one: more cards than a page of the
    # list or of the dashboard shows (30), the first with 40 milestones,
    # measurements and updates. A query per row would add 30 on the list and
    # 40 on the card's page (300 cards proved no more, for 15 s).
    many = max(PER_PAGE, GLANCE_PER_PAGE) + 10
    small, large = build_commitments(10), build_commitments(many)
    for name in COMMITMENT_PAGES:
        path_for, cold_ceiling, warm_ceiling = PAGES[name]
        status_small, *small_counts = count(path_for(small))
        status_large, *large_counts = count(path_for(large))
        assert status_small == status_large == 200, name
        assert small_counts == large_counts, f"{name}: {small_counts} with 10, {large_counts} with {many}"
        assert large_counts[0] <= cold_ceiling and large_counts[1] <= warm_ceiling, name


# The committee's pages (c-public): a committee with n published meetings
# (each with its attendance, a guest and a decision by vote) and n seats on
# each side, against one with 3n.
COMMITTEE_PAGES = {
    # Cold: the public plans (4), the committee, its seats, their attendance, the parity, the handbook.
    "committee page": (lambda d: f"/fr/plans/{d['plan'].slug}/committee/", 9, 0),
    # Cold: the committee, the upcoming meetings, a page of the past ones (counted), the reviews per year.
    "committee meetings": (lambda d: f"/fr/plans/{d['plan'].slug}/committee/meetings/", 9, 0),
    # Cold: the meeting, its agenda, attendance, guests, decisions and their two bases, documents.
    "committee meeting": (lambda d: f"/fr/plans/{d['plan'].slug}/committee/meetings/{d['first'].pk}/", 12, 0),
    # Cold: the committee, the decisions counted, a page of them, their two bases.
    "committee decisions": (lambda d: f"/fr/plans/{d['plan'].slug}/committee/decisions/?page=2", 9, 0),
    "committee handbook": (lambda d: f"/fr/plans/{d['plan'].slug}/committee/handbook/", 5, 0),
}


def test_the_committee_pages_run_as_many_queries_for_n_as_for_3n_meetings_members_and_decisions():
    from tests.committee.factories import committee_with_meetings

    small, large = committee_with_meetings(extra=8), committee_with_meetings(extra=24)
    for name, (path_for, cold_ceiling, warm_ceiling) in COMMITTEE_PAGES.items():
        status_small, *small_counts = count(path_for(small))
        status_large, *large_counts = count(path_for(large))
        assert status_small == status_large == 200, name
        assert small_counts == large_counts, f"{name}: {small_counts} with 8, {large_counts} with 24"
        assert large_counts[0] <= cold_ceiling and large_counts[1] <= warm_ceiling, (name, large_counts)
