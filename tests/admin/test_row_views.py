"""The admin's pages of one row beyond its own (ScopedAdmin.row_view): those
that change something take a POST only, so a link followed or prefetched
changes nothing; a row outside the user's scope is not found."""

import pytest
from django.urls import reverse

from commitments import lifecycle
from commitments.models import Commitment, DraftComment, Milestone, ProgressUpdate
from tests.factories import CommitmentFactory, InstitutionFactory
from tests.workshops.staff import focal_point, secretariat

pytestmark = pytest.mark.django_db


@pytest.fixture
def update():
    institution = InstitutionFactory()
    card = CommitmentFactory(lead_institution=institution, status=Commitment.Status.PROPOSED)
    milestone = Milestone.objects.create(
        commitment=card, description_ar="نشر المعطيات", responsible_institution=institution
    )
    focal = focal_point(institution, "focal@example.org")
    return lifecycle.submit_update(milestone, by=focal, status="in_progress", completion=40, text="Fait.")


def test_a_get_moves_nothing_and_posts_nothing(client, update):
    card = update.milestone.commitment
    client.force_login(secretariat())
    for url in (
        reverse("admin:commitments_commitment_move", args=[card.pk, Commitment.Status.ADOPTED]),
        reverse("admin:commitments_commitment_comment", args=[card.pk]),
        reverse("admin:commitments_progressupdate_validate", args=[update.pk]),
    ):
        assert client.get(url, {"text": "Un avis."}).status_code == 405
    card.refresh_from_db()
    update.refresh_from_db()
    assert card.status == Commitment.Status.PROPOSED
    assert update.state == ProgressUpdate.State.SUBMITTED
    assert not DraftComment.objects.exists()
    # Returning an update asks why first: its form, on a GET.
    response = client.get(reverse("admin:commitments_progressupdate_return", args=[update.pk]))
    assert response.status_code == 200 and "reason" in response.context["form"].fields


def test_a_post_moves_and_a_row_outside_the_scope_is_not_found(client, update):
    card = update.milestone.commitment
    client.force_login(secretariat())
    url = reverse("admin:commitments_commitment_move", args=[card.pk, Commitment.Status.ADOPTED])
    assert client.post(url).status_code == 302
    card.refresh_from_db()
    assert card.status == Commitment.Status.ADOPTED

    client.force_login(focal_point(InstitutionFactory(), "other-focal@example.org"))
    url = reverse("admin:commitments_commitment_comment", args=[card.pk])
    assert client.post(url, {"text": "Un avis."}).status_code == 404
    assert not DraftComment.objects.exists()
