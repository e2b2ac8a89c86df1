"""What commitments holds about a person, in their download and handled when
they delete their account (law 09-08, core.personal_data): the cards they
follow and their weekly digests go; what they wrote or changed for others
(assessments, progress updates, comments on drafts, moves, the history)
stays, pointing to nobody."""

from datetime import date
from decimal import Decimal

import pytest

from commitments import lifecycle
from commitments.generations import COMMITMENTS
from commitments.models import (
    Assessment,
    Commitment,
    CommitmentEvent,
    DigestSent,
    DraftComment,
    Evidence,
    Follow,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
    ProgressUpdateEvent,
)
from core import generations
from core.personal_data import erase_account, export_all
from tests.factories import AssociationFactory, CommitmentFactory, UserFactory
from tests.files import pdf, upload
from tests.test_personal_data import pointing_at

pytestmark = pytest.mark.django_db


def saved_by(row, user):
    """Saved as the history middleware would for a signed-in user."""
    row._history_user = user
    row.save()
    return row


@pytest.fixture
def person():
    # A former focal point and association representative: their role was
    # taken away (staff cannot delete their own account), their work stays.
    return UserFactory(email="ancien.point-focal@example.org", display_name="Hamid")


@pytest.fixture
def their_work(person):
    secretariat = UserFactory(is_staff=True, is_superuser=True)
    card = saved_by(CommitmentFactory(status="draft", summary="Un registre ouvert"), person)
    milestone = saved_by(Milestone(commitment=card, description="Publier le registre"), person)
    indicator = saved_by(Indicator(commitment=card, name="Marchés publiés"), person)
    saved_by(Measurement(indicator=indicator, measured_on=date(2026, 1, 5), value=Decimal(3)), person)
    saved_by(Evidence(milestone=milestone, title="Le registre", url="https://registre.example.ma/"), person)
    DraftComment.objects.create(commitment=card, author=person, text="Ajoutons un indicateur.")
    card.status = "adopted"  # through proposal, by others
    card.save()
    lifecycle.move(card, "in_implementation", by=person)
    update = lifecycle.submit_update(
        milestone,
        by=person,
        status="done",
        completion=100,
        text="Le registre est en ligne.",
        evidence=[Evidence(title="Arrêté", file=upload("arrete.pdf", pdf()))],
    )
    lifecycle.validate(update, by=secretariat)
    assessment = saved_by(
        Assessment(
            commitment=card, association=AssociationFactory(), author=person, rating="limited", text="Lent."
        ),
        person,
    )
    Follow.objects.create(commitment=card, user=person)
    DigestSent.objects.create(user=person, week=date(2026, 11, 23))
    return {"card": card, "update": update, "assessment": assessment, "secretariat": secretariat}


def test_the_download_holds_every_commitments_row_of_theirs(person, their_work):
    card, update = their_work["card"], their_work["update"]
    data = export_all(person)
    mine = data["commitments"]
    assert [row["commitment"] for row in mine["following"]] == [card.pk]
    assert [(row["id"], row["state"], row["text"]) for row in mine["progress_updates"]] == [
        (update.pk, "validated", "Le registre est en ligne.")
    ]
    assert [row["title"] for row in mine["progress_updates"][0]["evidence"]] == ["Arrêté"]
    assert [(row["commitment"], row["rating"]) for row in mine["assessments"]] == [(card.pk, "limited")]
    assert [row["text"] for row in mine["draft_comments"]] == ["Ajoutons un indicateur."]
    assert mine["weekly_digests"] == ["2026-11-23"]
    # Every history they wrote in: the card, its rows, the assessment.
    assert {row["record"] for row in mine["changes"]} == {
        "commitment",
        "milestone",
        "indicator",
        "measurement",
        "evidence",
        "assessment",
    }
    # The card they moved (core's part of every recorded move).
    moves = [(row["record"], row["to"]) for row in data["moves"]]
    assert moves == [("commitments.commitmentevent", "in_implementation")]


def test_deleting_the_account_forgets_what_is_theirs_and_keeps_what_they_wrote_for_others(person, their_work):
    card, update, assessment = their_work["card"], their_work["update"], their_work["assessment"]
    before = generations.current(COMMITMENTS.name(card.plan_id))

    erase_account(person)

    # Theirs alone: gone.
    assert not Follow.objects.exists()
    assert not DigestSent.objects.exists()
    # For others: kept, by nobody (on purpose).
    assert ProgressUpdate.objects.get(pk=update.pk).author is None
    assert Assessment.objects.get(pk=assessment.pk).author is None
    assert DraftComment.objects.get(commitment=card).author is None
    assert CommitmentEvent.objects.get(commitment=card, to_status="in_implementation").actor is None
    assert ProgressUpdateEvent.objects.get(update=update).actor == their_work["secretariat"]
    for model in (Commitment, Milestone, Indicator, Measurement, Evidence, Assessment):
        assert model.history.filter(history_user=None).exists(), model
    assert not Assessment.history.exclude(author=None).exists()
    # No row of commitments points at them any more, nor anything else.
    assert pointing_at(person.pk) == set()
    # The plan's cached pages (the history names who changed what) are rebuilt.
    assert generations.current(COMMITMENTS.name(card.plan_id)) != before
