"""The consultation's report (consultations.report): every figure computed
from the comments and answers of the closed consultation of reported.py,
hidden comments counted nowhere; what changed in each commitment read from
its history; a fixed number of queries whatever the number of comments."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from consultations import report
from consultations.models import Consultation
from tests.conftest import built_once
from tests.factories import UserFactory

from .factories import CommentFactory, SectionFactory, TextConsultationFactory
from .reported import OPENS, closed_consultation

pytestmark = pytest.mark.django_db


@built_once
def cast():
    return closed_consultation()


def built(consultation, today=None):
    consultation = (
        Consultation.objects.select_related("plan").prefetch_related("plan__phases").get(pk=consultation.pk)
    )
    with translation.override("fr"):
        return report.build(consultation, today)


def test_the_duration_is_the_window_first_and_last_day_included(cast):
    duration = built(cast.consultation).duration
    assert duration.opens_on == timezone.localdate() + timedelta(days=OPENS)
    assert duration.days == 28


def test_participants_are_counted_once_people_and_associations_hidden_comments_left_out(cast):
    participants = built(cast.consultation).participants
    # Amina (twice), Karim, Salma; Omar's only comment is hidden; one deleted account.
    assert (participants.people, participants.erased) == (3, 1)
    # Transparency Maroc (listed) and «Espace Associatif», declared twice in two spellings.
    assert participants.associations == 2


def test_a_declared_name_of_a_listed_association_is_that_association(cast):
    CommentFactory(consultation=cast.consultation, commitment=cast.two, association_name="TRANSPARENCY MAROC")
    assert built(cast.consultation).participants.associations == 2


def test_the_comments_answered_and_the_dispositions_with_their_shares(cast):
    built_report = built(cast.consultation)
    assert (built_report.total.comments, built_report.total.answered, built_report.total.rate) == (5, 4, 80)
    shares = [(share.key, share.count, share.percent) for share in built_report.dispositions]
    assert shares == [
        ("taken", 1, 20),
        ("partly", 1, 20),
        ("not_taken", 1, 20),
        ("out_of_scope", 1, 20),
        ("awaiting", 1, 20),
    ]


def test_answer_times_median_longest_late_and_overdue(cast):
    times = built(cast.consultation).times
    # 2, 6 and 4 days, and the comment of day 4 answered today, 47 days later.
    assert (times.answered, times.median_days, times.longest_days) == (4, 5, 47)
    assert (times.late, times.overdue) == (1, 1)
    assert times.due_on == timezone.localdate() + timedelta(days=-23 + 15)


def test_before_the_due_date_nothing_is_late_or_overdue(cast):
    due = cast.consultation.due()
    times = built(cast.consultation, today=due).times
    assert times.overdue == 0


def test_comments_per_commitment_per_theme_and_on_the_whole_plan(cast):
    built_report = built(cast.consultation)
    rows = [(row.number, row.tally.comments, row.tally.answered) for row in built_report.targets]
    assert rows == [(cast.one.number, 2, 2), (cast.two.number, 2, 2)]
    assert [(row.tally.comments, row.tally.answered) for row in built_report.themes] == [(4, 4)]
    assert (built_report.general.comments, built_report.general.answered) == (1, 0)
    institutions = [(t.institution, t.comments, t.answered, t.overdue) for t in built_report.by_institution]
    assert institutions == [(cast.first, 2, 2, 0), (cast.second, 2, 2, 0), (None, 1, 0, 1)]


def test_what_changed_is_the_cards_history_since_the_consulted_version(cast):
    changes = {change.commitment.pk: change for change in built(cast.consultation).changes}
    adopted = changes[cast.one.pk]
    assert adopted.compared and adopted.consulted_on is not None
    assert ("Budget ouvert", "Budget ouvert et citoyen") in [
        (before, after) for entry in adopted.entries for _label, before, after in entry.changes
    ]
    # Commitment two is still proposed: nothing adopted to compare with.
    assert changes[cast.two.pk].state == "undecided" and changes[cast.two.pk].entries == []


def test_a_card_back_in_drafting_shows_nothing_of_its_draft(cast):
    from commitments import lifecycle

    lifecycle.COMMITMENT.move(cast.two, "draft", by=cast.staff)
    change = next(c for c in built(cast.consultation).changes if c.commitment.pk == cast.two.pk)
    assert change.state == "drafting" and change.entries == []


def test_a_card_decided_without_a_recorded_move_out_of_the_consultation_is_said_so(cast):
    from commitments.models import Commitment

    Commitment.objects.filter(pk=cast.two.pk).update(status="adopted")  # as an import would
    change = next(c for c in built(cast.consultation).changes if c.commitment.pk == cast.two.pk)
    assert change.state == "unrecorded" and change.entries == []


def test_a_texts_report_counts_per_section():
    consultation = TextConsultationFactory(
        starts_on=timezone.localdate() - timedelta(days=40), ends_on=timezone.localdate() - timedelta(days=10)
    )
    first, second = SectionFactory(consultation=consultation), SectionFactory(consultation=consultation)
    CommentFactory.create_batch(2, consultation=consultation, section=first)
    CommentFactory(consultation=consultation)
    built_report = built(consultation)
    assert not built_report.on_draft_plan and built_report.themes == [] and built_report.changes == []
    assert [(row.number, row.tally.comments) for row in built_report.targets] == [
        (first.number, 2),
        (second.number, 0),
    ]
    assert built_report.general.comments == 1 and built_report.duration.days == 31


def queries(consultation) -> int:
    with CaptureQueriesContext(connection) as captured:
        built(consultation)
    return len(captured)


def test_the_report_reads_as_many_queries_for_500_comments_as_for_5(cast):
    few = queries(cast.consultation)
    people = UserFactory.create_batch(20)
    for index in range(495):
        CommentFactory(
            consultation=cast.consultation,
            commitment=cast.one if index % 2 else None,
            author=people[index % 20],
            association_name=f"Association {index % 7}",
        )
    assert queries(cast.consultation) == few
    assert built(cast.consultation).total.comments == 500


def test_what_changed_is_what_each_cards_page_says(cast):
    from commitments.history import consulted_versions, public_history

    cards = [cast.one, cast.two]
    versions = consulted_versions(cards, cast.plan)
    with translation.override("fr"):
        one = public_history(cast.one, cast.plan)
    assert versions[cast.one.pk].consulted_on == one.consulted_on
    with translation.override("fr"):
        assert consulted_versions(cards, cast.plan)[cast.one.pk].since_consulted == one.since_consulted
    assert cast.two.pk not in versions  # still proposed


def _changes_queries(count: int) -> int:
    from commitments import lifecycle
    from commitments.models import Milestone
    from tests.factories import CommitmentFactory

    from .factories import open_draft_plan, secretary

    cast = open_draft_plan(opens=-50, closes=-23)
    staff = secretary()
    cards = [cast.one, cast.two]
    for _index in range(count - 2):
        cards.append(CommitmentFactory(theme=cast.one.theme))
    cast.consultation.commitments.set(cards)
    for card in cards:
        Milestone.objects.create(commitment=card, description_fr="Publier")
        lifecycle.COMMITMENT.move(card, "adopted", by=staff)
        card.refresh_from_db()
        card.title_fr = f"{card.title_fr} (adopté)"
        card.save()
    consultation = (
        Consultation.objects.select_related("plan")
        .prefetch_related("plan__phases")
        .get(pk=cast.consultation.pk)
    )
    with translation.override("fr"), CaptureQueriesContext(connection) as captured:
        found = report.changes(consultation, report._commitments(consultation))
    assert [change.state for change in found] == ["compared"] * count
    assert all(change.entries for change in found)
    return len(captured)


def test_what_changed_reads_as_many_queries_for_ten_cards_as_for_two():
    assert _changes_queries(10) == _changes_queries(2)
