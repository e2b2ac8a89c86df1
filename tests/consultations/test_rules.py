"""The consultation's rules at their boundaries, below any page: the window
(a draft plan's from its phase, a text's its own; its first and last day),
the due date, routing, who answers, what an answer needs, and the answer
as a recorded move that tells the author."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultations import answers, routing
from consultations.models import Comment, CommentEvent, Consultation
from consultations.opening import open_due
from core.models import Notification
from core.transitions import TransitionError
from plans.models import Phase
from tests.factories import UserFactory

from .factories import (
    CommentFactory,
    DraftPlanConsultationFactory,
    SectionFactory,
    TextConsultationFactory,
    consultation_phases,
    open_draft_plan,
    secretary,
)

pytestmark = pytest.mark.django_db

REASONS = (
    "Cette proposition relève d'un autre programme du ministère, déjà financé et en cours de mise en œuvre."
)


def states(consultation, today):
    """The state and window as the query says, and as the Python twin says."""
    row = Consultation.objects.with_window().get(pk=consultation.pk)
    twin = (
        Consultation.objects.select_related("plan").prefetch_related("plan__phases").get(pk=consultation.pk)
    )
    assert (row.opens_on, row.closes_on) == twin.window()
    assert row.due_on == twin.due()
    in_query = Consultation.objects.open_on(today).filter(pk=consultation.pk).exists()
    assert in_query == twin.is_open(today)
    return twin.state(today)


def test_a_draft_plans_window_is_its_phase_first_and_last_day_included():
    consultation = DraftPlanConsultationFactory()
    phase = Phase.objects.get(plan=consultation.plan, kind="consultation")
    assert states(consultation, phase.start - timedelta(days=1)) == "upcoming"
    assert states(consultation, phase.start) == "open"
    assert states(consultation, phase.end) == "open"
    assert states(consultation, phase.end + timedelta(days=1)) == "closed"
    # One source of dates: moving the phase moves the consultation.
    Phase.objects.filter(pk=phase.pk).update(end=phase.end + timedelta(days=7))
    assert states(consultation, phase.end + timedelta(days=1)) == "open"


def test_a_texts_window_is_its_own_and_the_answers_are_due_fifteen_days_after(settings):
    consultation = TextConsultationFactory()
    assert states(consultation, consultation.starts_on) == "open"
    assert states(consultation, consultation.ends_on + timedelta(days=1)) == "closed"
    row = Consultation.objects.with_window().get(pk=consultation.pk)
    assert row.due_on == consultation.ends_on + timedelta(days=15)
    assert list(Consultation.objects.due_before(row.due_on)) == []
    assert list(Consultation.objects.due_before(row.due_on + timedelta(days=1))) == [row]


def test_a_draft_plan_without_a_consultation_phase_is_unscheduled():
    consultation = DraftPlanConsultationFactory(plan__phases={})
    assert consultation.state() == "unscheduled"
    assert not Consultation.objects.open_on(timezone.localdate()).filter(pk=consultation.pk).exists()


def test_a_text_needs_its_dates_and_a_plan_one_draft_plan_consultation():
    consultation = DraftPlanConsultationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(plan=consultation.plan, subject="draft_plan", title="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(plan=consultation.plan, subject="text", title="x")


def test_opening_records_the_commitments_proposed_that_day_once():
    cast = open_draft_plan(opens=0)
    assert set(cast.consultation.commitments.all()) == {cast.one, cast.two}
    # A card proposed after the opening is not consulted on, and opening again changes nothing.
    cast.draft.status = "proposed"
    cast.draft.save()
    assert open_due() == 0
    assert cast.draft not in cast.consultation.commitments.all()


def test_an_upcoming_consultation_is_opened_by_beat_on_its_first_day():
    cast = open_draft_plan(opens=1)
    assert open_due() == 0 and cast.consultation.commitments.count() == 0
    assert open_due(timezone.localdate() + timedelta(days=1)) == 1
    assert cast.consultation.commitments.count() == 2


def test_a_comment_on_a_commitment_is_owed_by_its_lead_institution_whose_focal_point_is_told():
    cast = open_draft_plan()
    citizen = UserFactory()
    comment = routing.post(
        cast.consultation, author=citizen, body="Ajouter un jalon de publication.", commitment=cast.one
    )
    assert comment.owed_by == cast.first and comment.language == "fr"
    told = Notification.objects.filter(kind="consultation_comment_owed")
    assert list(told.values_list("recipient", flat=True)) == [cast.focal_first.pk]


def test_a_comment_on_the_whole_text_or_a_section_is_the_secretariats():
    section = SectionFactory()
    whole = routing.post(section.consultation, author=UserFactory(), body="نص عام")
    on_section = routing.post(section.consultation, author=UserFactory(), body="تعليق", section=section)
    assert whole.owed_by is None and on_section.owed_by is None
    assert not Notification.objects.filter(kind="consultation_comment_owed").exists()


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_the_window_a_comment_is_refused_and_nothing_saved(when):
    cast = open_draft_plan(**({"opens": 1} if when == "before" else {"opens": -30, "closes": -1}))
    with pytest.raises(ValidationError):
        routing.post(
            cast.consultation, author=UserFactory(), body="Trop tôt ou trop tard", commitment=cast.one
        )
    assert not Comment.objects.exists()


def test_a_comment_on_a_card_not_consulted_on_or_anothers_milestone_is_refused():
    cast = open_draft_plan()
    with pytest.raises(ValidationError):
        routing.post(cast.consultation, author=UserFactory(), body="x", commitment=cast.draft)
    other = SectionFactory()
    with pytest.raises(ValidationError):
        routing.post(cast.consultation, author=UserFactory(), body="x", section=other)
    assert not Comment.objects.exists()


def test_a_focal_point_answers_their_institutions_comments_only():
    cast = open_draft_plan()
    comment = routing.post(cast.consultation, author=UserFactory(), body="Un avis", commitment=cast.one)
    with pytest.raises(PermissionDenied):
        answers.answer(comment, by=cast.focal_second, disposition="taken", text="Merci, retenu.")
    comment.refresh_from_db()
    assert comment.answer_status == "awaiting" and not CommentEvent.objects.exists()
    answers.answer(comment, by=cast.focal_first, disposition="taken", text="Merci, le jalon est ajouté.")
    comment.refresh_from_db()
    assert (comment.answer_status, comment.disposition) == ("answered", "taken")


def test_a_plan_level_comment_is_answered_by_the_secretariat_not_a_focal_point():
    cast = open_draft_plan()
    comment = routing.post(cast.consultation, author=UserFactory(), body="Sur l'ensemble du plan")
    with pytest.raises(PermissionDenied):
        answers.answer(comment, by=cast.focal_first, disposition="taken", text="Merci.")
    answers.answer(comment, by=secretary(), disposition="partly", text="En partie : voir l'engagement 3.")
    assert Comment.objects.get(pk=comment.pk).disposition == "partly"


def test_an_answer_needs_a_disposition_and_a_reason_long_enough_when_not_taken(settings):
    cast = open_draft_plan()
    comment = routing.post(cast.consultation, author=UserFactory(), body="Un avis", commitment=cast.one)
    for disposition, text in [("", "Merci."), ("taken", "   "), ("nonsense", "Merci.")]:
        with pytest.raises(ValidationError):
            answers.answer(comment, by=cast.focal_first, disposition=disposition, text=text)
    short = "x" * (settings.CONSULTATION_NOT_TAKEN_MIN_LENGTH - 1)
    with pytest.raises(ValidationError) as refused:
        answers.answer(comment, by=cast.focal_first, disposition="not_taken", text=short)
    assert "answer" in refused.value.message_dict
    assert not CommentEvent.objects.exists()
    answers.answer(comment, by=cast.focal_first, disposition="not_taken", text=REASONS)
    assert CommentEvent.objects.get().answer == REASONS


def test_an_answer_is_recorded_public_and_told_to_its_author_and_a_changed_answer_keeps_the_first():
    cast = open_draft_plan()
    author = UserFactory(language="fr")
    comment = routing.post(cast.consultation, author=author, body="Un avis", commitment=cast.one)
    answers.answer(comment, by=cast.focal_first, disposition="partly", text="En partie.")
    answers.answer(comment, by=cast.focal_first, disposition="taken", text="Finalement retenu.")
    events = list(
        CommentEvent.objects.order_by("pk").values_list("from_status", "to_status", "disposition", "actor")
    )
    assert events == [
        ("awaiting", "answered", "partly", cast.focal_first.pk),
        ("answered", "answered", "taken", cast.focal_first.pk),
    ]
    told = Notification.objects.filter(kind="consultation_answered", recipient=author)
    assert told.count() == 2 and {n.language for n in told} == {"fr"}


def test_a_hidden_comment_is_owed_no_answer():
    comment = CommentFactory(moderation="hidden")
    assert not Comment.objects.awaiting().filter(pk=comment.pk).exists()
    with pytest.raises(TransitionError):
        answers.answer(comment, by=secretary(), disposition="taken", text="Merci.")


def test_an_answer_is_complete_or_absent_in_the_database():
    comment = CommentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(answer_status="answered")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(disposition="taken", answer="x")


def test_consultation_phases_helper_really_closes_in_the_past():
    assert consultation_phases(opens=-30, closes=-1)["consultation"][1] < timezone.localdate()


def test_figures_count_answers_per_institution_and_overdue_ones_after_the_due_date():
    from consultations import figures

    cast = open_draft_plan()
    post = lambda **target: routing.post(cast.consultation, author=UserFactory(), body="Avis", **target)  # noqa: E731
    first = [post(commitment=cast.one) for _ in range(3)]
    post(commitment=cast.two)
    post()
    CommentFactory(consultation=cast.consultation, commitment=cast.one, moderation="hidden")
    answers.answer(first[0], by=cast.focal_first, disposition="taken", text="Retenu.")
    total = figures.total(cast.consultation)
    assert (total.comments, total.answered, total.overdue, total.rate) == (5, 1, 0, 20)
    rows = [
        (t.institution, t.comments, t.answered, t.rate) for t in figures.by_institution(cast.consultation)
    ]
    assert rows == [(cast.first, 3, 1, 33), (cast.second, 1, 0, 0), (None, 1, 0, 0)]
    after = cast.consultation.due() + timedelta(days=1)
    assert [t.overdue for t in figures.by_institution(cast.consultation, after)] == [2, 1, 1]
    assert figures.total(cast.consultation, cast.consultation.due()).overdue == 0
    per_card = figures.by_target(cast.consultation)
    assert (per_card[cast.one.pk].comments, per_card[cast.one.pk].answered, per_card[0].comments) == (3, 1, 1)
