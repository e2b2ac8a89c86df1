"""What a focal point writes in the commitments admin (issue 18, points 1
and 2). On a draft they edit their own institution's parts, and a save of
the page unchanged succeeds whoever's milestones it shows. On a public card
nothing they post reaches the public page, the open data or the completion
figure directly: progress goes through updates, and any other change is
held as a proposed change the secretariat validates or returns. Each
forged POST of the security test from outside is here."""

import csv
import io
import json
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from commitments import lifecycle
from commitments.models import ChangeRequest, Commitment, Evidence, Indicator, Measurement, Milestone
from tests.admin.posted import posted
from tests.factories import CommitmentFactory, InstitutionFactory, PlanFactory, ThemeFactory
from tests.workshops.staff import focal_point, secretariat

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def stage():
    """A card led by institution A, with one milestone of A and one of B
    (involved), an indicator with a measurement that came from B's
    validated update; B's milestone half done."""
    plan = PlanFactory(slug="pan-2024")
    lead = InstitutionFactory(member=plan.member, name_fr="Ministère des Finances")
    involved = InstitutionFactory(member=plan.member, name_fr="Ministère de l'Économie")
    card = CommitmentFactory(
        theme=ThemeFactory(plan=plan),
        lead_institution=lead,
        status=Commitment.Status.DRAFT,
        title_fr="Budget",
    )
    card.involved_institutions.add(involved)
    ours = Milestone.objects.create(
        commitment=card,
        position=1,
        description_ar="اعتماد المرسوم",
        description_fr="Adopter le décret",
        responsible_institution=lead,
    )
    theirs = Milestone.objects.create(
        commitment=card,
        position=2,
        description_ar="نشر المعطيات",
        description_fr="Publier les données",
        responsible_institution=involved,
    )
    indicator = Indicator.objects.create(
        commitment=card, name_ar="المجموعات", name_fr="Jeux de données", baseline_value=0, target_value=40
    )
    staff = secretariat()
    lead_focal = focal_point(lead, "focal-finances@example.org")
    involved_focal = focal_point(involved, "focal-economie@example.org")
    update = lifecycle.submit_update(
        theirs,
        by=involved_focal,
        status="in_progress",
        completion=50,
        text="Moitié publiée.",
        measurements=[Measurement(indicator=indicator, measured_on=date(2024, 6, 1), value=12)],
    )
    lifecycle.validate(update, by=staff)
    return SimpleNamespace(
        plan=plan,
        card=card,
        ours=ours,
        theirs=theirs,
        indicator=indicator,
        measurement=Measurement.objects.get(),
        staff=staff,
        lead_focal=lead_focal,
        involved_focal=involved_focal,
    )


def publish(card):
    Commitment.objects.filter(pk=card.pk).update(status=Commitment.Status.IN_IMPLEMENTATION)
    card.refresh_from_db()


def change_url(model, pk):
    return reverse(f"admin:commitments_{model}_change", args=[pk])


def opened(client, user, model, pk):
    client.force_login(user)
    with translation.override("fr"):
        response = client.get(change_url(model, pk))
    assert response.status_code == 200
    return response


def save(client, url, data):
    with translation.override("fr"):
        return client.post(url, data)


def public_figures(client, card) -> dict:
    """What the public reads: the card's completion on its page and in the
    open data, its milestones' texts and weights, its indicators' targets
    and values, its evidence."""
    client.logout()
    page = client.get(card.get_absolute_url()).content.decode()
    response = client.get("/open-data/commitments.json")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    record = next(r for r in json.loads(content) if r["number"] == card.number)
    return {"page": page, "completion": record["completion"], "record": record}


def open_data_csv(client) -> str:
    response = client.get("/open-data/commitments.csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


# A draft: each edits their own parts, and saves the page unchanged.


def test_the_lead_focal_point_saves_its_card_unchanged(client, stage):
    response = opened(client, stage.lead_focal, "commitment", stage.card.pk)
    saved = save(client, change_url("commitment", stage.card.pk), posted(response, "commitment_form"))
    assert saved.status_code == 302, saved.context and saved.context["errors"]


def test_an_involved_focal_point_saves_the_card_unchanged(client, stage):
    response = opened(client, stage.involved_focal, "commitment", stage.card.pk)
    saved = save(client, change_url("commitment", stage.card.pk), posted(response, "commitment_form"))
    assert saved.status_code == 302, saved.context and saved.context["errors"]


def test_on_a_draft_an_involved_focal_point_edits_its_milestone_only(client, stage):
    response = opened(client, stage.involved_focal, "commitment", stage.card.pk)
    data = posted(response, "commitment_form")
    assert "title_fr" not in data  # the card's texts are the lead institution's
    mine = next(k for k, v in data.items() if k.endswith("-id") and v == str(stage.theirs.pk))
    data[mine.replace("-id", "-description_fr")] = "Publier toutes les données"
    # Forged: the card's title, the lead's milestone (read only: not posted).
    data["title_fr"] = "Titre forgé"
    assert save(client, change_url("commitment", stage.card.pk), data).status_code == 302
    stage.card.refresh_from_db()
    stage.theirs.refresh_from_db()
    assert stage.card.title_fr == "Budget"
    assert stage.theirs.description_fr == "Publier toutes les données"
    assert not ChangeRequest.objects.exists()  # a draft: written at once


def test_on_a_draft_another_institutions_milestone_is_read_only(client, stage):
    response = opened(client, stage.involved_focal, "commitment", stage.card.pk)
    formsets = {f.opts.__class__.__name__: f for f in response.context["inline_admin_formsets"]}
    editable = [form.instance for form in formsets["MilestoneInline"].formset.forms]
    read = [form.instance for form in formsets["OtherMilestonesInline"].formset.forms]
    assert (editable, read) == ([stage.theirs], [stage.ours])
    assert not formsets["OtherMilestonesInline"].has_change_permission


def test_an_involved_focal_point_adds_no_indicator_to_the_card(client, stage):
    client.force_login(stage.involved_focal)
    data = {"commitment": stage.card.pk, "position": 2, "name_ar": "مؤشر", "kind": "output"}
    data["measurements-TOTAL_FORMS"] = data["measurements-INITIAL_FORMS"] = 0
    response = save(client, reverse("admin:commitments_indicator_add"), data)
    assert response.status_code == 200 and response.context["adminform"].form.errors["commitment"]
    client.force_login(stage.lead_focal)
    assert save(client, reverse("admin:commitments_indicator_add"), data).status_code == 302
    assert Indicator.objects.filter(commitment=stage.card).count() == 2


# A public card: the forged POSTs of the security test.


def test_a_measurement_from_a_validated_update_cannot_be_rewritten(client, stage):
    publish(stage.card)
    before = public_figures(client, stage.card)
    # The involved focal point may not change the card's indicator at all.
    client.force_login(stage.involved_focal)
    forged = {
        "position": 0,
        "name_ar": "المجموعات",
        "name_fr": "Jeux de données",
        "kind": "output",
        "measurements-TOTAL_FORMS": 1,
        "measurements-INITIAL_FORMS": 1,
        "measurements-0-id": stage.measurement.pk,
        "measurements-0-indicator": stage.indicator.pk,
        "measurements-0-measured_on": "2024-06-01",
        "measurements-0-value": "31337",
    }
    assert save(client, change_url("indicator", stage.indicator.pk), forged).status_code == 403
    # The lead's focal point opens it, but the measurements are read only there.
    response = opened(client, stage.lead_focal, "indicator", stage.indicator.pk)
    data = posted(response, "indicator_form")
    assert "measurements-0-value" not in data
    save(client, change_url("indicator", stage.indicator.pk), {**data, **forged, "commitment": stage.card.pk})
    stage.measurement.refresh_from_db()
    assert stage.measurement.value == Decimal(12)
    after = public_figures(client, stage.card)
    assert "31337" not in after["page"] and after["record"] == before["record"]


def test_a_milestone_weight_waits_for_the_secretariat(client, stage):
    publish(stage.card)
    before = public_figures(client, stage.card)
    assert before["completion"] == 25  # (0 + 50) / 2
    response = opened(client, stage.involved_focal, "milestone", stage.theirs.pk)
    data = posted(response, "milestone_form")
    data["weight"] = "32767"
    saved = save(client, change_url("milestone", stage.theirs.pk), data)
    assert saved.status_code == 302
    stage.theirs.refresh_from_db()
    assert stage.theirs.weight is None
    after = public_figures(client, stage.card)
    assert after["completion"] == 25 and after["record"] == before["record"]
    change = ChangeRequest.objects.get()
    assert (change.author, change.state) == (stage.involved_focal, "submitted")
    with translation.override("en"):
        assert [(str(row[1]), row[2], row[3]) for row in change.rows()] == [("weight", "—", "32767")]

    # Validated by the secretariat: now the figure moves.
    client.force_login(stage.staff)
    with translation.override("fr"):
        assert (
            client.post(reverse("admin:commitments_changerequest_validate", args=[change.pk])).status_code
            == 302
        )
    stage.theirs.refresh_from_db()
    assert stage.theirs.weight == 32767
    assert public_figures(client, stage.card)["completion"] == 49  # 50 × 32767 / 32768


def test_evidence_on_a_public_card_comes_only_with_an_update(client, stage):
    publish(stage.card)
    client.force_login(stage.involved_focal)
    response = opened(client, stage.involved_focal, "milestone", stage.theirs.pk)
    data = posted(response, "milestone_form")
    assert "evidence-TOTAL_FORMS" not in data or "evidence-__prefix__-title" not in response.content.decode()
    data.update(
        {
            "evidence-TOTAL_FORMS": 1,
            "evidence-INITIAL_FORMS": 0,
            "evidence-0-title": "Rapport",
            "evidence-0-file": SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf"),
        }
    )
    save(client, change_url("milestone", stage.theirs.pk), data)
    assert not Evidence.objects.exists()


def test_targets_and_milestones_on_a_public_card_wait_for_the_secretariat(client, stage):
    publish(stage.card)
    before = public_figures(client, stage.card)
    # The lead's focal point changes the title, its milestone and the indicator's target.
    response = opened(client, stage.lead_focal, "commitment", stage.card.pk)
    page = response.content.decode()
    assert "secr" in page and "valid" in page  # the page says saves wait for validation
    data = posted(response, "commitment_form")
    data["title_fr"] = "Budget ouvert pour tous"
    mine = next(k for k, v in data.items() if k.endswith("-id") and v == str(stage.ours.pk))
    data[mine.replace("-id", "-description_fr")] = "Décret modifié"
    target = next(k for k, v in data.items() if k.endswith("-id") and v == str(stage.indicator.pk))
    data[target.replace("-id", "-target_value")] = "4000"
    assert save(client, change_url("commitment", stage.card.pk), data).status_code == 302
    # The involved institution's focal point forges the same through the card.
    response = opened(client, stage.involved_focal, "commitment", stage.card.pk)
    forged = {**posted(response, "commitment_form"), **{k: v for k, v in data.items() if "indicators" in k}}
    forged["title_fr"] = "Forgé"
    save(client, change_url("commitment", stage.card.pk), forged)

    stage.card.refresh_from_db()
    stage.ours.refresh_from_db()
    stage.indicator.refresh_from_db()
    assert stage.card.title_fr == "Budget"
    assert stage.ours.description_fr == "Adopter le décret"
    assert stage.indicator.target_value == 40
    after = public_figures(client, stage.card)
    assert after["record"] == before["record"]
    assert "Budget ouvert pour tous" not in after["page"] and "4000" not in after["page"]

    change = ChangeRequest.objects.get()  # the involved focal point's save changed nothing of theirs
    assert change.author == stage.lead_focal
    assert {row[2] for row in change.rows()} >= {"Budget", "Adopter le décret", "40.00"}

    # Returned with a reason: nothing changes.
    client.force_login(stage.staff)
    url = reverse("admin:commitments_changerequest_return", args=[change.pk])
    with translation.override("fr"):
        assert client.post(url, {"reason": " "}).status_code == 200
        assert client.post(url, {"reason": "Gardez le titre."}).status_code == 302
    change.refresh_from_db()
    assert change.state == "returned" and change.events.get().reason == "Gardez le titre."
    stage.card.refresh_from_db()
    assert stage.card.title_fr == "Budget"


def test_a_validated_change_is_written_in_the_cards_history(client, stage):
    publish(stage.card)
    response = opened(client, stage.lead_focal, "commitment", stage.card.pk)
    data = posted(response, "commitment_form")
    data["title_fr"] = "Budget ouvert"
    save(client, change_url("commitment", stage.card.pk), data)
    change = ChangeRequest.objects.get()
    client.force_login(stage.staff)
    client.post(reverse("admin:commitments_changerequest_validate", args=[change.pk]))
    stage.card.refresh_from_db()
    assert stage.card.title_fr == "Budget ouvert"
    assert stage.card.history.first().history_user == stage.staff
    assert "Budget ouvert" in public_figures(client, stage.card)["page"]


# Point 5: who else drafts.


def test_a_focal_point_creates_a_draft_card_for_its_institution_only(client, stage):
    client.force_login(stage.involved_focal)
    url = reverse("admin:commitments_commitment_add")
    with translation.override("fr"):
        response = client.get(url)
    assert response.status_code == 200
    field = response.context["adminform"].form.fields["lead_institution"]
    assert list(field.queryset) == [stage.theirs.responsible_institution]
    data = posted(response, "commitment_form")
    data.update(plan=stage.plan.pk, theme=stage.card.theme_id, number=7, title_ar="بطاقة جديدة")
    forged = {**data, "lead_institution": stage.card.lead_institution_id, "number": 8}
    assert save(client, url, forged).status_code == 200  # another institution: refused, said
    assert save(client, url, data).status_code == 302
    card = Commitment.objects.get(number=7)
    assert (card.status, card.lead_institution) == ("draft", stage.theirs.responsible_institution)
    assert not Commitment.objects.filter(number=8).exists()


def test_co_drafting_associations_edit_the_card_once_given_the_right(client, stage):
    from tests.factories import AssociationFactory
    from tests.workshops.staff import representative

    association = AssociationFactory()
    stage.card.co_drafting_associations.add(association)
    rep = representative(association, "rep@example.org")
    url = change_url("commitment", stage.card.pk)
    response = opened(client, rep, "commitment", stage.card.pk)
    assert b'name="_save"' not in response.content  # read only until given the right
    assert save(client, url, {"title_fr": "Forgé", "title_ar": "مزور"}).status_code == 403
    Commitment.objects.filter(pk=stage.card.pk).update(co_drafters_edit=True)
    data = posted(opened(client, rep, "commitment", stage.card.pk), "commitment_form")
    data["title_fr"] = "Budget participatif"
    assert save(client, url, data).status_code == 302
    stage.card.refresh_from_db()
    assert stage.card.title_fr == "Budget participatif"
    # Public: held for the secretariat like a focal point's.
    publish(stage.card)
    data["title_fr"] = "Budget participatif et ouvert"
    save(client, url, data)
    stage.card.refresh_from_db()
    assert stage.card.title_fr == "Budget participatif"
    assert ChangeRequest.objects.get().author == rep


def test_supporting_associations_take_part_in_the_draft_thread(client, stage):
    from commitments.models import DraftComment
    from tests.factories import AssociationFactory
    from tests.workshops.staff import representative

    partner = AssociationFactory()
    stage.card.partner_associations.add(partner)
    rep = representative(partner, "partner@example.org")
    client.force_login(rep)
    url = reverse("admin:commitments_commitment_comment", args=[stage.card.pk])
    assert client.post(url, {"text": "Ajoutez un jalon sur les marchés publics."}).status_code == 302
    assert DraftComment.objects.get().author == rep
    page = opened(client, rep, "commitment", stage.card.pk).content.decode()
    assert "Ajoutez un jalon sur les marchés publics." in page
    assert b'name="_save"' not in opened(client, rep, "commitment", stage.card.pk).content


def test_the_institutions_self_assessment_stands_beside_civil_societys(client, stage):
    from commitments.models import Assessment
    from tests.factories import AssociationFactory

    publish(stage.card)
    Assessment.objects.create(
        commitment=stage.card,
        association=AssociationFactory(name_fr="Transparence Maroc"),
        rating="limited",
        text="Moins que ce qui est annoncé.",
    )
    response = opened(client, stage.lead_focal, "commitment", stage.card.pk)
    data = posted(response, "commitment_form")
    data.update(self_rating="substantial", self_assessment="Le décret est adopté, les données suivent.")
    save(client, change_url("commitment", stage.card.pk), data)
    held = public_figures(client, stage.card)
    assert "Le décret est adopté" not in held["page"]  # held: neither on the page nor in the open data
    assert held["record"]["self_assessment"] == {"rating": None, "text": ""}
    assert "Le décret est adopté" not in open_data_csv(client)
    client.force_login(stage.staff)
    client.post(reverse("admin:commitments_changerequest_validate", args=[ChangeRequest.objects.get().pk]))
    client.logout()
    validated = public_figures(client, stage.card)["record"]["self_assessment"]
    assert validated == {"rating": "substantial", "text": "Le décret est adopté, les données suivent."}
    (row,) = csv.DictReader(io.StringIO(open_data_csv(client)))
    assert (row["self_rating"], row["self_assessment"]) == ("substantial", validated["text"])
    with translation.override("fr"):
        page = client.get(stage.card.get_absolute_url()).content.decode()
    progress = page.split('id="progress-title"')[1].split("</section>")[0]
    assert "Le décret est adopté, les données suivent." in progress
    assert "Moins que ce qui est annoncé." in progress
    assert progress.index("Le décret est adopté") < progress.index("Moins que ce qui est annoncé")
