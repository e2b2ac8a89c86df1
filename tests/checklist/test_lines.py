"""Each line of the OGP checklist (plans.checklist and the apps' lines) at
its boundaries, on a plan of 2025–2026 assessed on days of 2025 and 2026
(the days given: past days are assessed at their end, whatever today is):

- the committee's last meeting: met until a month before six months have
  passed, at risk in that month (five months: the committee's own warning,
  committee.tasks.WARN_BEFORE) unless a meeting is planned by then, at risk
  on the day six months are up, not met the day after;
- the timeline's notice: 14 days met, 13 not (OGP_TIMELINE_NOTICE_DAYS);
- the implementation reviews: 2 in a past year met, 1 not met;
- the repository: met until six months without an addition, at risk from
  then, not met from twelve;
- one idea without its outcome, one comment without its answer: at risk
  until the day owed, not met after;
- the milestones' evidence and six-monthly updates, the plan's length, the
  IRM lens count, the forum's two sides and the handbook."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from commitments import lifecycle
from commitments.models import Commitment, Evidence, Milestone
from committee.models import HandbookVersion, Meeting
from consultations.models import AnswerStatus
from core.models import Moderation
from ideas.models import Idea
from plans import checklist
from plans.models import Member, Plan, PlanDocument
from tests.committee.factories import CommitteeFactory, MeetingFactory, MembershipFactory
from tests.consultations.factories import CommentFactory, TextConsultationFactory, secretary
from tests.factories import (
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    MemberFactory,
    PlanFactory,
    ThemeFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db
MET, AT_RISK, NOT_MET = checklist.State.MET, checklist.State.AT_RISK, checklist.State.NOT_MET
CASABLANCA = ZoneInfo("Africa/Casablanca")
PHASES = {
    "themes": (date(2024, 9, 1), date(2024, 9, 30)),
    "collection": (date(2024, 10, 15), date(2024, 11, 15)),
    "analysis": (date(2024, 11, 16), date(2024, 12, 15)),
    "drafting": (date(2024, 12, 16), date(2025, 1, 31)),
    "consultation": (date(2025, 2, 1), date(2025, 2, 28)),
}


@pytest.fixture(autouse=True)
def english():
    # The figures' labels and values are compared as written in English.
    with translation.override("en"):
        yield


def check(key: str, plan: Plan, day: date) -> checklist.Result:
    line = next(line for line in checklist.lines() if line.key == key)
    return line.check(plan, day)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CASABLANCA)


@pytest.fixture
def plan():
    return PlanFactory(
        status=Plan.Status.ADOPTED,
        start_year=2025,
        end_year=2026,
        timeline_published_on=date(2024, 9, 1),
        phases=PHASES,
    )


def test_every_app_registers_its_lines_under_a_known_standard():
    keys = [line.key for line in checklist.lines()]
    assert keys == [
        "committee.forum",
        "committee.meetings",
        "committee.handbook",
        "plans.repository",
        "plans.timeline",
        "ideas.sources",
        "ideas.outcomes",
        "consultations.answers",
        "committee.reviews",
        "commitments.evidence",
        "plans.length",
        "commitments.lenses",
    ]
    standards = [standard.key for standard in checklist.STANDARDS]
    assert [line.standard for line in checklist.lines()] == sorted(
        (line.standard for line in checklist.lines()), key=standards.index
    )
    with pytest.raises(ValueError):
        checklist.register(checklist.Line("nowhere", "x.y", "x", lambda p, d: None, lambda p: []))


# --- Standard 1: the committee's last meeting ---------------------------------------


@pytest.fixture
def committee(plan):
    committee = CommitteeFactory(plan=plan, term_start=date(2025, 1, 1), term_end=date(2026, 12, 31))
    MeetingFactory(committee=committee, starts_at=at(date(2025, 6, 15)))  # held; due again by 15 December
    return committee


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (date(2025, 11, 14), MET),  # a month and a day before the six months are up
        (date(2025, 11, 15), AT_RISK),  # five months: the month before, nothing planned
        (date(2025, 12, 15), AT_RISK),  # six months to the day: the last day it may meet
        (date(2025, 12, 16), NOT_MET),  # six months and a day
    ],
)
def test_the_last_meeting_at_five_and_six_months(committee, plan, day, state):
    result = check("committee.meetings", plan, day)
    assert result.state == state, result.summary
    assert ("Last meeting held on", "15 June 2025") in result.figures
    assert ("Next meeting due by", "15 December 2025") in result.figures


def test_a_meeting_planned_in_time_keeps_it_met_and_a_cancelled_one_does_not(committee, plan):
    planned = MeetingFactory(committee=committee, starts_at=at(date(2025, 12, 10)))
    assert check("committee.meetings", plan, date(2025, 11, 20)).state == MET
    planned.cancelled_at = at(date(2025, 11, 1))
    planned.save()
    assert check("committee.meetings", plan, date(2025, 11, 20)).state == AT_RISK
    # Planned after the day it is due: no help.
    MeetingFactory(committee=committee, starts_at=at(date(2025, 12, 20)))
    assert check("committee.meetings", plan, date(2025, 11, 20)).state == AT_RISK


def test_a_meeting_held_later_the_same_day_counts_at_its_end(committee, plan):
    MeetingFactory(committee=committee, starts_at=at(date(2025, 12, 16), 18))
    result = check("committee.meetings", plan, date(2025, 12, 16))
    assert result.state == MET
    assert ("Last meeting held on", "16 December 2025") in result.figures


def test_without_a_committee_every_committee_line_is_not_met(plan):
    for key in ("committee.forum", "committee.meetings", "committee.reviews"):
        assert check(key, plan, date(2025, 6, 1)).state == NOT_MET
    assert check("committee.handbook", plan, date(2025, 6, 1)).state == NOT_MET


def test_the_forum_needs_both_sides_on_the_day(committee, plan):
    assert check("committee.forum", plan, date(2025, 3, 1)).state == NOT_MET
    MembershipFactory(committee=committee, side="public", person=None)
    assert check("committee.forum", plan, date(2025, 3, 1)).state == NOT_MET
    MembershipFactory(
        committee=committee, side="civil", person=None, ends_on=date(2025, 2, 28), end_reason="withdrawal"
    )
    assert check("committee.forum", plan, date(2025, 3, 1)).state == NOT_MET  # ended the day before
    assert check("committee.forum", plan, date(2025, 2, 28)).state == MET


def test_the_handbook_counts_once_adopted(plan):
    HandbookVersion.objects.create(member=plan.member, number=1, adopted_on=date(2025, 3, 1))
    assert check("committee.handbook", plan, date(2025, 2, 28)).state == NOT_MET
    result = check("committee.handbook", plan, date(2025, 3, 1))
    assert result.state == MET and ("Version", "1") in result.figures


# --- Standard 5: the implementation reviews ------------------------------------------


@pytest.mark.parametrize(("reviews", "state"), [(1, NOT_MET), (2, MET)])
def test_one_or_two_implementation_reviews_in_a_past_year(plan, reviews, state):
    committee = CommitteeFactory(plan=plan, term_start=date(2025, 1, 1), term_end=date(2026, 12, 31))
    for month in range(3, 3 + reviews):
        MeetingFactory(committee=committee, kind=Meeting.Kind.REVIEW, starts_at=at(date(2025, month, 10)))
    MeetingFactory(committee=committee, kind=Meeting.Kind.REGULAR, starts_at=at(date(2025, 9, 10)))
    # Early in 2026: 2025 is over, 2026 has two planned.
    for month in (5, 10):
        MeetingFactory(committee=committee, kind=Meeting.Kind.REVIEW, starts_at=at(date(2026, month, 10)))
    result = check("committee.reviews", plan, date(2026, 1, 15))
    assert result.state == state, result.summary
    assert result.figures[0][0] == "2025" and result.figures[0][1].startswith(str(reviews))


def test_the_current_year_is_at_risk_until_two_reviews_are_held_or_planned(plan):
    committee = CommitteeFactory(plan=plan, term_start=date(2025, 1, 1), term_end=date(2026, 12, 31))
    review = MeetingFactory(committee=committee, kind=Meeting.Kind.REVIEW, starts_at=at(date(2025, 3, 10)))
    assert check("committee.reviews", plan, date(2025, 4, 1)).state == AT_RISK
    MeetingFactory(committee=committee, kind=Meeting.Kind.REVIEW, starts_at=at(date(2025, 10, 10)))
    assert check("committee.reviews", plan, date(2025, 4, 1)).state == MET
    review.cancelled_at = at(date(2025, 3, 1))
    review.save()
    assert check("committee.reviews", plan, date(2025, 4, 1)).state == AT_RISK


# --- Standard 3: the timeline's notice, the ideas' two sources ----------------------------


@pytest.mark.parametrize(("notice", "state"), [(14, MET), (13, NOT_MET)])
def test_the_timeline_published_14_or_13_days_before_the_collection(plan, notice, state):
    plan.timeline_published_on = PHASES["collection"][0] - timedelta(days=notice)
    plan.save()
    result = check("plans.timeline", plan, date(2025, 6, 1))
    assert result.state == state, result.summary
    assert ("Notice given", f"{notice} days") in result.figures


def test_the_notice_is_a_setting(plan, settings):
    plan.timeline_published_on = PHASES["collection"][0] - timedelta(days=14)
    plan.save()
    settings.OGP_TIMELINE_NOTICE_DAYS = 15
    assert check("plans.timeline", plan, date(2025, 6, 1)).state == NOT_MET


def test_a_timeline_not_published_is_at_risk_until_the_notice_runs_out(plan):
    plan.timeline_published_on = None
    plan.save()
    latest = PHASES["collection"][0] - timedelta(days=14)
    assert check("plans.timeline", plan, latest).state == AT_RISK
    assert check("plans.timeline", plan, latest + timedelta(days=1)).state == NOT_MET


def test_ideas_from_both_sources_by_the_end_of_the_collection(plan):
    theme = ThemeFactory(plan=plan)
    IdeaFactory(theme=theme)
    end = PHASES["collection"][1]
    assert check("ideas.sources", plan, end).state == AT_RISK
    assert check("ideas.sources", plan, end + timedelta(days=1)).state == NOT_MET
    IdeaFactory(theme=theme, source=Idea.Source.WORKSHOP, workshop=WorkshopFactory(theme=theme), author=None)
    result = check("ideas.sources", plan, end + timedelta(days=1))
    assert result.state == MET
    assert result.figures == [("Ideas proposed online", "1"), ("Ideas from workshops", "1")]


# --- Standard 4: the reasoned response ----------------------------------------------------


def test_one_idea_without_its_outcome(plan):
    theme = ThemeFactory(plan=plan)
    IdeaFactory(theme=theme, status=Idea.Status.INTEGRATED)
    waiting = IdeaFactory(theme=theme, status=Idea.Status.SENT)
    due = PHASES["drafting"][1]
    assert check("ideas.outcomes", plan, due).state == AT_RISK
    result = check("ideas.outcomes", plan, due + timedelta(days=1))
    assert result.state == NOT_MET
    assert ("Waiting for the institution's decision", "1") in result.figures
    assert any("status=awaiting_decision" in url for _label, url in result.links)
    # Hidden by moderation: off the lists, not counted.
    waiting.moderation = Moderation.HIDDEN
    waiting.save()
    assert check("ideas.outcomes", plan, due + timedelta(days=1)).state == MET


def test_one_consultation_comment_without_its_answer(plan, settings):
    consultation = TextConsultationFactory(plan=plan, starts_on=date(2025, 2, 1), ends_on=date(2025, 2, 28))
    CommentFactory(
        consultation=consultation,
        answer_status=AnswerStatus.ANSWERED,
        disposition="taken",
        answer="Merci, retenu.",
        answered_at=timezone.now(),
    )
    awaiting = CommentFactory(consultation=consultation)
    due = date(2025, 2, 28) + timedelta(days=settings.CONSULTATION_ANSWER_DAYS)
    assert check("consultations.answers", plan, due).state == AT_RISK
    result = check("consultations.answers", plan, due + timedelta(days=1))
    assert result.state == NOT_MET
    assert ("Awaiting after the day they were owed", "1") in result.figures
    awaiting.moderation = Moderation.HIDDEN  # owed no answer
    awaiting.save()
    assert check("consultations.answers", plan, due + timedelta(days=1)).state == MET


# --- Standard 2: the repository ---------------------------------------------------------


def test_the_repository_over_six_and_twelve_months(plan):
    added = date(2025, 3, 10)
    PlanDocument.objects.create(
        plan=plan,
        title="Méthode",
        kind="method",
        date=added,
        language="fr",
        url="https://example.org/methode.pdf",
    )
    assert check("plans.repository", plan, date(2025, 9, 9)).state == MET
    assert check("plans.repository", plan, date(2025, 9, 10)).state == AT_RISK  # six months without
    assert check("plans.repository", plan, date(2026, 3, 9)).state == AT_RISK
    assert check("plans.repository", plan, date(2026, 3, 10)).state == NOT_MET  # twelve
    # A document dated after the day assessed does not count for it.
    assert check("plans.repository", plan, date(2025, 3, 9)).state == NOT_MET


def test_an_empty_repository_is_at_risk_for_six_months_from_the_first_phase(plan):
    began = PHASES["themes"][0]
    assert check("plans.repository", plan, began + timedelta(days=100)).state == AT_RISK
    assert check("plans.repository", plan, date(2025, 3, 1)).state == NOT_MET


# --- Standard 5: the milestones --------------------------------------------------------


@pytest.fixture
def milestone(plan):
    institution = InstitutionFactory(member=plan.member)
    card = CommitmentFactory(
        theme=ThemeFactory(plan=plan),
        lead_institution=institution,
        status=Commitment.Status.IN_IMPLEMENTATION,
    )
    return Milestone.objects.create(
        commitment=card,
        description_fr="Publier",
        starts_on=date(2025, 3, 1),
        ends_on=date(2026, 6, 30),
        responsible_institution=institution,
    )


def test_a_milestone_under_way_is_updated_every_six_months(milestone, plan):
    assert check("commitments.evidence", plan, date(2025, 2, 28)).state == MET  # not begun
    assert check("commitments.evidence", plan, date(2025, 8, 1)).state == MET
    assert check("commitments.evidence", plan, date(2025, 8, 2)).state == AT_RISK  # 30 days before
    assert check("commitments.evidence", plan, date(2025, 9, 1)).state == AT_RISK  # six months to the day
    result = check("commitments.evidence", plan, date(2025, 9, 2))
    assert result.state == NOT_MET
    assert any(url.endswith(f"/commitments/{milestone.commitment_id}/") for _label, url in result.links)


def test_a_milestone_done_shows_its_evidence(milestone, plan):
    update = lifecycle.submit_update(milestone, by=secretary(), status="done", completion=100, text="Fait")
    lifecycle.validate(update, by=secretary(email="other@example.org"))
    assert check("commitments.evidence", plan, date(2025, 9, 2)).state == NOT_MET
    Evidence.objects.create(milestone=milestone, title="Rapport", url="https://example.org/rapport.pdf")
    result = check("commitments.evidence", plan, date(2025, 9, 2))
    assert result.state == MET, result.summary
    assert ("Milestones done", "1") in result.figures


def test_evidence_awaiting_validation_does_not_count(milestone, plan):
    update = lifecycle.submit_update(
        milestone,
        by=secretary(),
        status="done",
        completion=100,
        text="Fait",
        evidence=[Evidence(title="Rapport", url="https://example.org/r.pdf")],
    )
    milestone.status = Milestone.Status.DONE  # as if validated, its evidence still waiting
    milestone.save()
    assert update.state == "submitted"
    assert check("commitments.evidence", plan, date(2025, 9, 2)).state == NOT_MET


# --- The plan rules -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "years", "implementation", "state"),
    [
        (Member.Kind.NATIONAL, (2021, 2023), None, MET),  # OGP's 2021–2023: two years
        (Member.Kind.NATIONAL, (2021, 2021), None, NOT_MET),
        (Member.Kind.NATIONAL, (2021, 2027), None, NOT_MET),
        (Member.Kind.NATIONAL, (2022, 2024), (date(2022, 9, 1), date(2024, 8, 31)), MET),  # 24 months
        (Member.Kind.NATIONAL, (2022, 2023), (date(2022, 9, 1), date(2023, 12, 31)), NOT_MET),  # 16
        (Member.Kind.NATIONAL, (2022, 2026), (date(2022, 9, 1), date(2026, 8, 31)), MET),  # 48
        (Member.Kind.COMMUNE, (2022, 2023), (date(2022, 9, 1), date(2023, 12, 31)), MET),
        (Member.Kind.COMMUNE, (2022, 2027), (date(2022, 9, 1), date(2027, 12, 31)), NOT_MET),
        (Member.Kind.PARLIAMENT, (2023, 2026), None, MET),
    ],
)
def test_the_plans_length(kind, years, implementation, state):
    phases = {"implementation": implementation} if implementation else {}
    plan = PlanFactory(member=MemberFactory(kind=kind), start_year=years[0], end_year=years[1], phases=phases)
    assert check("plans.length", plan, date(2025, 1, 1)).state == state


def test_the_lens_rule_counts_the_cards_rated(plan):
    theme = ThemeFactory(plan=plan)
    CommitmentFactory(theme=theme, irm_transparency=True, irm_inclusion=True)
    CommitmentFactory(theme=theme)
    result = check("commitments.lenses", plan, date(2025, 6, 1))
    assert result.state == MET
    assert result.figures == [
        ("Public commitments", "2"),
        ("With the IRM's lenses recorded", "1"),
        ("Inclusion or technology alone", "0"),
    ]


# --- The whole -----------------------------------------------------------------------


def test_a_past_plan_is_assessed_as_of_its_last_day():
    plan = PlanFactory(start_year=2021, end_year=2023, phases=PHASES)
    assessed = checklist.assess(plan)
    assert assessed.day == date(2023, 12, 31) and assessed.past
    running = checklist.assess(PlanFactory(start_year=2025, end_year=timezone.localdate().year + 1))
    assert running.day == timezone.localdate() and not running.past
    # A standard is as far as its worst line.
    dialogue = assessed.standards[0]
    assert dialogue.standard.key == "dialogue" and dialogue.state == NOT_MET
    assert sum(assessed.counts().values()) == len(checklist.lines())
