"""Civil society's parallel assessment, filed in the admin by a
representative of an association: for their association only, on a public
card only, once per association and card; shown on the public page with its
association; the secretariat reads (and may delete) but never writes it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from commitments.models import Assessment, Commitment
from tests.bidi import visible
from tests.core.test_transitions import in_parallel
from tests.factories import AssociationFactory, CommitmentFactory, InstitutionFactory, ThemeFactory
from tests.workshops.staff import focal_point, representative, secretariat

pytestmark = pytest.mark.django_db

ADD = "admin:commitments_assessment_add"


@pytest.fixture
def stage():
    class Stage:
        pass

    s = Stage()
    theme = ThemeFactory()
    s.institution = InstitutionFactory()
    s.card = CommitmentFactory(theme=theme, lead_institution=s.institution, status="in_implementation")
    s.draft = CommitmentFactory(theme=theme, lead_institution=s.institution, status="draft")
    s.association = AssociationFactory(name_fr="Observatoire citoyen", name_en="Observatoire citoyen")
    s.other_association = AssociationFactory(name_fr="Transparency Maroc")
    s.rep = representative(s.association, "rep@example.org")
    s.other_rep = representative(s.other_association, "other-rep@example.org")
    s.focal = focal_point(s.institution, "focal@example.org")
    s.secretariat = secretariat()
    return s


def file(client, user, card, association, fields: dict | None = None):
    client.force_login(user)
    data = {"commitment": card.pk, "association": association.pk, "rating": "limited", "text": "Peu visible."}
    with translation.override("en"):
        url = reverse(ADD)
    return client.post(url, {**data, **(fields or {})})


def page(client, card) -> str:
    with translation.override("fr"):
        url = card.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return visible(response.content.decode())


def test_a_representative_files_for_their_association_and_the_public_page_shows_it(client, stage):
    assert "Observatoire citoyen" not in page(client, stage.card)
    response = file(
        client, stage.rep, stage.card, stage.association, {"text": "Les jalons publiés sont en retard."}
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.commitment, assessment.association, assessment.author) == (
        stage.card,
        stage.association,
        stage.rep,
    )
    # Recorded (who, when) by the card's history library, for the public history.
    assert assessment.history.get().history_user == stage.rep
    client.logout()
    html = page(client, stage.card)
    assert "Observatoire citoyen" in html and "Les jalons publiés sont en retard." in html


def test_the_form_offers_public_cards_and_ones_own_associations_only(client, stage):
    client.force_login(stage.rep)
    form = client.get(reverse(ADD)).context["adminform"].form
    assert list(form.fields["association"].queryset) == [stage.association]
    assert form.initial["association"] == stage.association.pk
    assert stage.card in form.fields["commitment"].queryset
    assert stage.draft not in form.fields["commitment"].queryset

    for card, association, refused in [
        (stage.draft, stage.association, "commitment"),
        (stage.card, stage.other_association, "association"),
    ]:
        response = file(client, stage.rep, card, association)
        assert response.status_code == 200
        assert set(response.context["adminform"].form.errors) == {refused}
    assert not Assessment.objects.exists()


def test_a_second_assessment_of_the_same_card_is_a_clear_form_error(client, stage):
    assert file(client, stage.rep, stage.card, stage.association).status_code == 302
    colleague = representative(stage.association, "colleague@example.org")
    response = file(client, colleague, stage.card, stage.association, {"text": "Un autre avis."})
    assert response.status_code == 200
    html = visible(response.content.decode())
    assert "Observatoire citoyen has already filed its assessment of this commitment" in html
    assert "Un autre avis." in html  # what was typed is kept
    assert Assessment.objects.get().text == "Peu visible."


def test_a_representative_changes_their_own_and_nothing_else(client, stage):
    mine = Assessment.objects.create(
        commitment=stage.card, association=stage.association, rating="limited", text="Peu visible."
    )
    theirs = Assessment.objects.create(
        commitment=stage.card, association=stage.other_association, rating="complete", text="Fait."
    )
    client.force_login(stage.rep)
    changelist = client.get(reverse("admin:commitments_assessment_changelist"))
    assert list(changelist.context["cl"].result_list) == [mine]
    url = reverse("admin:commitments_assessment_change", args=[mine.pk])
    response = client.post(url, {"rating": "substantial", "text": "Mieux depuis mars."})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.rating, mine.text) == ("substantial", "Mieux depuis mars.")
    assert client.get(reverse("admin:commitments_assessment_change", args=[theirs.pk])).status_code == 404
    # Not deleted by its association: the secretariat's, and kept in the history.
    assert client.get(reverse("admin:commitments_assessment_delete", args=[mine.pk])).status_code == 403


def test_a_card_back_in_draft_takes_its_assessment_off_the_representatives_list(client, stage):
    assessment = Assessment.objects.create(
        commitment=stage.card, association=stage.association, rating="limited", text="Peu visible."
    )
    Commitment.objects.filter(pk=stage.card.pk).update(status="draft")
    client.force_login(stage.rep)
    assert client.get(reverse("admin:commitments_assessment_change", args=[assessment.pk])).status_code == 404


def test_the_secretariat_reads_and_may_delete_but_never_writes(client, stage):
    assessment = Assessment.objects.create(
        commitment=stage.card, association=stage.association, rating="limited", text="Peu visible."
    )
    client.force_login(stage.secretariat)
    url = reverse("admin:commitments_assessment_change", args=[assessment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"rating": "complete", "text": "Tout va bien."}).status_code == 403
    assert client.get(reverse(ADD)).status_code == 403
    assessment.refresh_from_db()
    assert assessment.text == "Peu visible."
    response = client.post(
        reverse("admin:commitments_assessment_delete", args=[assessment.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Assessment.objects.exists()


def test_a_focal_point_has_no_assessments_in_the_admin(client, stage):
    client.force_login(stage.focal)
    assert client.get(reverse("admin:commitments_assessment_changelist")).status_code == 403
    assert client.get(reverse(ADD)).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_representatives_filing_at_once_make_one_assessment_and_one_clear_refusal():
    card = CommitmentFactory(status="adopted")
    association = AssociationFactory()
    reps = [representative(association, f"rep-{n}@example.org") for n in range(4)]
    clients = []
    for rep in reps:
        client = Client()
        client.force_login(rep)
        clients.append(client)
    data = {"commitment": card.pk, "association": association.pk, "rating": "limited", "text": "Avis."}

    def post():
        return clients.pop().post(reverse(ADD), data).status_code

    assert sorted(in_parallel(post)) == [200, 200, 200, 302]
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    "hostile",
    [
        {"commitment": "99999999999999999999999"},
        {"association": "\x00"},
        {"rating": "excellent"},
        {"text": "Avis\x00"},
    ],
)
def test_hostile_input_is_a_form_error_and_saves_nothing(client, stage, hostile):
    response = file(client, stage.rep, stage.card, stage.association, hostile)
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == set(hostile)
    assert not Assessment.objects.exists()
