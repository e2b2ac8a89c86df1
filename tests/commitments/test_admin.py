"""The commitments' staff side: who sees which card, the quality check on
the draft, the life cycle's buttons, the draft's thread, and progress
submitted by a focal point then validated or returned by the secretariat."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from commitments.models import (
    Commitment,
    CommitmentEvent,
    DraftComment,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
)
from tests.factories import AssociationFactory, CommitmentFactory, InstitutionFactory, ThemeFactory
from tests.workshops.staff import focal_point, representative, secretariat

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage():
    """A draft card led by institution A, involving B, co-drafted by an
    association; another institution's draft; their staff."""
    theme = ThemeFactory()
    lead, involved, other = InstitutionFactory(), InstitutionFactory(), InstitutionFactory()
    association, other_association = AssociationFactory(), AssociationFactory()
    card = CommitmentFactory(theme=theme, lead_institution=lead, status=Commitment.Status.DRAFT)
    card.involved_institutions.add(involved)
    card.co_drafting_associations.add(association)
    others = CommitmentFactory(theme=theme, lead_institution=other, status=Commitment.Status.DRAFT)
    lead_milestone = Milestone.objects.create(
        commitment=card, description_ar="نشر المعطيات", responsible_institution=lead
    )
    involved_milestone = Milestone.objects.create(
        commitment=card, description_ar="تكوين الموظفين", responsible_institution=involved
    )
    indicator = Indicator.objects.create(commitment=card, name_ar="عدد المجموعات")

    class Stage:
        pass

    s = Stage()
    s.card, s.others, s.indicator = card, others, indicator
    s.lead_milestone, s.involved_milestone = lead_milestone, involved_milestone
    s.lead_focal = focal_point(lead, "focal-lead@example.org")
    s.involved_focal = focal_point(involved, "focal-involved@example.org")
    s.other_focal = focal_point(other, "focal-other@example.org")
    s.rep = representative(association, "rep@example.org")
    s.other_rep = representative(other_association, "other-rep@example.org")
    s.secretariat = secretariat()
    return s


def listed(client, user) -> set:
    client.force_login(user)
    response = client.get(reverse("admin:commitments_commitment_changelist"))
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def change_page(card):
    return reverse("admin:commitments_commitment_change", args=[card.pk])


def test_each_staff_member_lists_the_cards_they_work_on(client, stage):
    assert listed(client, stage.lead_focal) == {stage.card}
    assert listed(client, stage.involved_focal) == {stage.card}
    assert listed(client, stage.other_focal) == {stage.others}
    assert listed(client, stage.rep) == {stage.card}
    assert listed(client, stage.other_rep) == set()
    assert listed(client, stage.secretariat) == {stage.card, stage.others}


def test_another_institutions_draft_answers_as_if_it_did_not_exist(client, stage):
    client.force_login(stage.other_focal)
    assert client.get(change_page(stage.card)).status_code == 404
    client.force_login(stage.rep)
    assert client.get(change_page(stage.card)).status_code == 200
    assert client.get(change_page(stage.others)).status_code == 404


def test_a_focal_point_edits_only_the_milestones_of_its_institution(client, stage):
    client.force_login(stage.involved_focal)
    mine = client.get(reverse("admin:commitments_milestone_change", args=[stage.involved_milestone.pk]))
    theirs = client.get(reverse("admin:commitments_milestone_change", args=[stage.lead_milestone.pk]))
    assert mine.status_code == theirs.status_code == 200
    assert b'name="_save"' in mine.content
    assert b'name="_save"' not in theirs.content  # read, not edited
    response = client.post(
        reverse("admin:commitments_milestone_change", args=[stage.lead_milestone.pk]),
        {"description_ar": "تغيير"},
    )
    assert response.status_code == 403
    stage.lead_milestone.refresh_from_db()
    assert stage.lead_milestone.description_ar == "نشر المعطيات"


def test_the_draft_shows_its_blocking_items_and_warnings(client, stage):
    client.force_login(stage.lead_focal)
    with translation.override("en"):
        page = client.get(change_page(stage.card)).content.decode()
    assert "Say which problem the commitment addresses." in page
    assert "Add an indicator with both a baseline and a target." in page
    assert "The description is too short to judge" in page
    assert page.index("Blocking:") < page.index("Warning:")


def test_propose_is_refused_while_a_blocking_item_is_open(client, stage):
    client.force_login(stage.secretariat)
    with translation.override("en"):
        url = reverse("admin:commitments_commitment_move", args=[stage.card.pk, "proposed"])
        response = client.post(url, follow=True)
    assert "This card cannot be proposed yet" in response.content.decode()
    stage.card.refresh_from_db()
    assert stage.card.status == Commitment.Status.DRAFT
    assert not CommitmentEvent.objects.filter(commitment=stage.card).exists()


def test_adopting_is_the_secretariats_move(client, stage):
    Commitment.objects.filter(pk=stage.card.pk).update(status=Commitment.Status.PROPOSED)
    url = reverse("admin:commitments_commitment_move", args=[stage.card.pk, "adopted"])
    client.force_login(stage.lead_focal)
    assert client.post(url).status_code == 403
    client.force_login(stage.secretariat)
    with translation.override("en"):
        assert "Adopt" in client.get(change_page(stage.card)).content.decode()
    client.post(url)
    stage.card.refresh_from_db()
    assert stage.card.status == Commitment.Status.ADOPTED
    assert CommitmentEvent.objects.get(commitment=stage.card).actor == stage.secretariat


def test_the_draft_thread_is_for_drafters_and_the_secretariat(client, stage):
    url = reverse("admin:commitments_commitment_comment", args=[stage.card.pk])
    client.force_login(stage.rep)
    client.post(url, {"text": "Ajoutez un jalon sur les données ouvertes."})
    client.force_login(stage.lead_focal)
    assert (
        "Ajoutez un jalon sur les données ouvertes." in client.get(change_page(stage.card)).content.decode()
    )
    client.force_login(stage.other_focal)
    assert client.post(url, {"text": "Intrus"}).status_code == 404
    assert list(DraftComment.objects.values_list("author__email", flat=True)) == ["rep@example.org"]


def adopt(card):
    Commitment.objects.filter(pk=card.pk).update(status=Commitment.Status.IN_IMPLEMENTATION)


def submit(client, user, milestone, **extra):
    client.force_login(user)
    data = {"milestone": milestone.pk, "status": "in_progress", "completion": 40, "text": "Portail en test."}
    return client.post(reverse("admin:commitments_progressupdate_add"), {**data, **extra})


def test_a_focal_point_reports_only_on_its_institutions_milestones(client, stage):
    adopt(stage.card)
    response = submit(client, stage.involved_focal, stage.lead_milestone)
    assert response.status_code == 200 and response.context["adminform"].form.errors["milestone"]
    assert not ProgressUpdate.objects.exists()


def test_an_update_is_public_only_once_validated(client, stage):
    adopt(stage.card)
    response = submit(
        client,
        stage.lead_focal,
        stage.lead_milestone,
        indicator=stage.indicator.pk,
        measured_on="2026-03-01",
        value="12",
        source="Portail",
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.author == stage.lead_focal and update.state == ProgressUpdate.State.SUBMITTED
    stage.lead_milestone.refresh_from_db()
    assert (stage.lead_milestone.status, stage.lead_milestone.completion) == ("not_started", 0)
    assert not Measurement.objects.public().exists()

    validate = reverse("admin:commitments_progressupdate_validate", args=[update.pk])
    assert client.post(validate).status_code == 403  # not the focal point's decision
    client.force_login(stage.secretariat)
    client.post(validate)
    update.refresh_from_db()
    stage.lead_milestone.refresh_from_db()
    assert update.state == ProgressUpdate.State.VALIDATED
    assert (stage.lead_milestone.status, stage.lead_milestone.completion) == ("in_progress", 40)
    assert Measurement.objects.public().get().value == Decimal(12)
    assert Measurement.objects.get().measured_on == date(2026, 3, 1)


def test_a_returned_update_needs_a_reason_and_changes_nothing_public(client, stage):
    adopt(stage.card)
    submit(client, stage.lead_focal, stage.lead_milestone)
    update = ProgressUpdate.objects.get()
    url = reverse("admin:commitments_progressupdate_return", args=[update.pk])
    client.force_login(stage.secretariat)
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.SUBMITTED
    client.post(url, {"reason": "Joignez le rapport."})
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.RETURNED
    assert update.events.get().reason == "Joignez le rapport."
    stage.lead_milestone.refresh_from_db()
    assert (stage.lead_milestone.status, stage.lead_milestone.completion) == ("not_started", 0)


def test_an_unknown_move_answers_not_found_and_changes_nothing(client, stage):
    client.force_login(stage.secretariat)
    url = reverse("admin:commitments_commitment_move", args=[stage.card.pk, "launched\x00"])
    assert client.post(url).status_code == 404
    stage.card.refresh_from_db()
    assert stage.card.status == Commitment.Status.DRAFT
