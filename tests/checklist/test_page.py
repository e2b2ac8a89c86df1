"""The plan's OGP checklist as the public and the secretariat read it: its
page (linked from the plan's page), each line with its state as a sign and
a word, its figures, evidence and the day assessed; a constant number of
queries whatever the plan's size, none when kept; hostile addresses not
found; in the admin, from the plan's page, for the secretariat only (a
draft plan's too)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from commitments.models import Commitment, Evidence, Milestone
from committee.models import HandbookVersion, Meeting
from consultations.models import AnswerStatus
from core.permissions import MODERATORS_GROUP
from ideas.models import Idea
from plans import checklist
from plans.models import Plan
from tests.committee.factories import CommitteeFactory, MeetingFactory, MembershipFactory
from tests.consultations.factories import CommentFactory, TextConsultationFactory
from tests.factories import (
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.test_query_counts import count
from tests.workshops.staff import focal_point, secretariat

pytestmark = pytest.mark.django_db
CASABLANCA = ZoneInfo("Africa/Casablanca")


def grown(n: int) -> Plan:
    """A running plan with a committee (n seats a side, n meetings, n reviews),
    n online and n workshop ideas, a consultation with 3n comments, n
    commitments with 2 milestones each (one done with its evidence)."""
    today = timezone.localdate()
    plan = PlanFactory(status=Plan.Status.ADOPTED, start_year=today.year - 1, end_year=today.year + 1)
    theme = ThemeFactory(plan=plan)
    committee = CommitteeFactory(
        plan=plan, term_start=date(today.year - 1, 1, 1), term_end=date(today.year + 1, 12, 31)
    )
    for _ in range(n):
        MembershipFactory(committee=committee, side="public", person=None)
        MembershipFactory(committee=committee, side="civil", person=None)
    for i in range(n):
        starts = datetime.combine(today - timedelta(days=10 + i), datetime.min.time(), tzinfo=CASABLANCA)
        MeetingFactory(
            committee=committee, starts_at=starts, kind=Meeting.Kind.REVIEW if i % 2 else "regular"
        )
    HandbookVersion.objects.create(member=plan.member, number=1, adopted_on=date(today.year - 1, 2, 1))
    workshop = WorkshopFactory(theme=theme)
    for _ in range(n):
        IdeaFactory(theme=theme, status=Idea.Status.INTEGRATED)
        IdeaFactory(theme=theme, source="workshop", workshop=workshop, author=None, status="submitted")
    consultation = TextConsultationFactory(
        plan=plan, starts_on=today - timedelta(days=20), ends_on=today - timedelta(days=5)
    )
    for i in range(3 * n):
        answered = {"answer_status": AnswerStatus.ANSWERED, "disposition": "taken", "answer": "Retenu.",
                    "answered_at": timezone.now()} if i % 2 else {}  # fmt: skip
        CommentFactory(consultation=consultation, **answered)
    institution = InstitutionFactory(member=plan.member)
    for _ in range(n):
        card = CommitmentFactory(
            theme=theme, lead_institution=institution, status=Commitment.Status.IN_IMPLEMENTATION
        )
        done = Milestone.objects.create(commitment=card, description_fr="Fait", status="done", completion=100,
                                        starts_on=today - timedelta(days=100))  # fmt: skip
        Evidence.objects.create(milestone=done, title="Preuve", url="https://example.org/p.pdf")
        Milestone.objects.create(
            commitment=card, description_fr="En cours", starts_on=today - timedelta(days=10)
        )
    return plan


def test_the_page_runs_a_constant_number_of_queries_as_the_plan_grows():
    small, large = grown(2), grown(12)
    status_small, *small_counts = count(f"/fr/plans/{small.slug}/ogp-checklist/")
    status_large, *large_counts = count(f"/fr/plans/{large.slug}/ogp-checklist/")
    assert status_small == status_large == 200
    assert small_counts == large_counts, (small_counts, large_counts)
    cold, warm = large_counts
    assert cold <= 30 and warm == 0


def test_the_page_shows_each_line_with_its_sign_word_figures_and_evidence(client):
    plan = grown(2)
    with translation.override("fr"):
        page = client.get(reverse("plans:checklist", args=[plan.slug]))
        assessed = checklist.assess(plan)
        text = page.content.decode()
        for checked in assessed.results():
            result = checked.result
            assert escape(str(checked.line.label)) in text
            for _label, url in result.links:
                assert f'href="{escape(url)}"' in text
        labels = [str(state.label) for state in checklist.State]
    assert page.status_code == 200
    # Each state drawn as a sign beside its word, never colour alone.
    assert text.count('class="state state-') == len(assessed.results()) + len(assessed.standards) + 3
    for state in checklist.State.values:
        assert f'<use href="#checklist-sign-{state}"/>' in text
    assert all(escape(label) in text for label in labels)
    assert "Évaluée à ce jour" in text or "Assessed as of today" in text  # the day assessed
    # Awaiting ideas and comments: not met or at risk, and said.
    states = {checked.line.key: checked.result.state for checked in assessed.results()}
    assert states["ideas.outcomes"] != checklist.State.MET
    assert states["consultations.answers"] == checklist.State.AT_RISK
    assert states["committee.meetings"] == checklist.State.MET


def test_the_plans_page_links_to_it_and_it_offers_its_pdfs_and_data(client):
    plan = grown(1)
    url = reverse("plans:checklist", args=[plan.slug])
    assert f'href="{url}"' in client.get(plan.get_absolute_url()).content.decode()
    text = client.get(url).content.decode()
    for language in ("ar", "fr", "en"):
        assert reverse("plans:document", args=[plan.slug, "ogp-checklist", language]) in text
    assert reverse("opendata:dataset", args=["ogp-checklist"]) in text


@pytest.mark.parametrize(
    "path",
    [
        "/fr/plans/no-such-plan/ogp-checklist/",
        "/fr/plans/plan%00/ogp-checklist/",
        "/fr/plans/%E2%80%AEplan/ogp-checklist/",
        "/fr/plans/" + "p" * 10_000 + "/ogp-checklist/",
        "/fr/plans/99999999999999999999/ogp-checklist/",
    ],
)
def test_a_hostile_address_is_not_found(client, path):
    PlanFactory(slug="plan")
    assert client.get(path).status_code == 404


def test_hostile_query_values_are_ignored(client):
    plan = PlanFactory()
    url = reverse("plans:checklist", args=[plan.slug])
    for value in ("\x00", "99999999999999999999", "\u202e", "-1"):
        assert client.get(url, {"page": value, "plan": value}).status_code == 200


def test_a_draft_plan_has_no_public_checklist(client):
    draft = PlanFactory(status=Plan.Status.DRAFT)
    assert client.get(reverse("plans:checklist", args=[draft.slug])).status_code == 404
    assert client.get(reverse("plans:document", args=[draft.slug, "ogp-checklist", "fr"])).status_code == 404


# --- The admin ---------------------------------------------------------------------


def test_the_secretariat_reads_it_from_the_plans_admin_page_a_drafts_too(client):
    draft = PlanFactory(status=Plan.Status.DRAFT)
    client.force_login(secretariat())
    with translation.override("fr"):
        change = client.get(reverse("admin:plans_plan_change", args=[draft.pk])).content.decode()
        url = reverse("admin:plans_plan_checklist", args=[draft.pk])
        assert f'href="{url}"' in change
        page = client.get(url)
    assert page.status_code == 200
    assert page.context["checklist"].plan.pk == draft.pk
    assert "checklist-sign-" in page.content.decode()
    # A GET reads; nothing changes a plan there.
    assert client.post(url).status_code in (200, 405)


def test_nobody_else_reads_it_in_the_admin(client):
    plan = PlanFactory()
    url = reverse("admin:plans_plan_checklist", args=[plan.pk])
    assert client.get(url).status_code == 302  # to the sign-in
    client.force_login(UserFactory())  # a citizen
    assert client.get(url).status_code == 302
    client.force_login(focal_point(InstitutionFactory(member=plan.member), "focal@example.org"))
    assert client.get(url).status_code == 403
    moderator = UserFactory(email="moderator@example.org", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    client.force_login(moderator)
    assert client.get(url).status_code == 403
    client.force_login(secretariat())
    assert client.get(reverse("admin:plans_plan_checklist", args=[99999999])).status_code in (302, 404)


@pytest.mark.parametrize("object_id", ["%00", "abc", "99999999999999999999", "%E2%80%AE1", "-1"])
def test_a_hostile_plan_id_in_the_admin_is_not_found(client, object_id):
    client.force_login(secretariat())
    assert client.get(f"/fr/admin/plans/plan/{object_id}/checklist/").status_code == 404
