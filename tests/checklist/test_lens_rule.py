"""The IRM lens rule (spec ogp.md): inclusion and technology are recorded only
on top of transparency, participation or accountability — refused by the
model's clean() beside the boxes, by the card's admin form as the
secretariat posts it (nothing saved), by the database, and out of reach of
an import (its columns carry no IRM rating; its rows go through full_clean)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from commitments.models import LENS_RULE, Commitment
from commitments.resources import COMMITMENT_COLUMNS, CommitmentResource
from tests.admin.posted import posted
from tests.commitments import test_import
from tests.commitments.test_import import card as card_row
from tests.commitments.test_import import import_file, rows_file
from tests.factories import CommitmentFactory, InstitutionFactory, PlanFactory, ThemeFactory
from tests.workshops.staff import secretariat

pytestmark = pytest.mark.django_db
# The commitments import's plan, institutions and cards (a fixture).
stage = test_import.stage


@pytest.fixture
def card():
    plan = PlanFactory(slug="nap3")
    theme = ThemeFactory(plan=plan, number=1)
    lead = InstitutionFactory(member=plan.member, slug="finance")
    return CommitmentFactory(theme=theme, number=1, lead_institution=lead, title_fr="Budget ouvert")


@pytest.mark.parametrize(
    ("lenses", "refused_on"),
    [
        ({"irm_inclusion": True}, "irm_inclusion"),
        ({"irm_technology": True}, "irm_technology"),
        ({"irm_inclusion": True, "irm_technology": True}, "irm_inclusion"),
    ],
)
def test_the_model_refuses_an_added_lens_alone_beside_its_box(card, lenses, refused_on):
    for name, value in lenses.items():
        setattr(card, name, value)
    with pytest.raises(ValidationError) as refused:
        card.full_clean()
    assert refused.value.message_dict == {refused_on: [str(LENS_RULE)]}


@pytest.mark.parametrize("core", ["irm_transparency", "irm_participation", "irm_accountability"])
def test_on_top_of_any_core_value_it_is_recorded(card, core):
    card.irm_inclusion = card.irm_technology = True
    setattr(card, core, True)
    card.full_clean()
    card.save()
    assert Commitment.objects.filter(pk=card.pk, irm_inclusion=True, irm_technology=True).exists()


def test_the_database_refuses_it_where_no_form_is(card):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=card.pk).update(irm_technology=True)
    card.refresh_from_db()
    assert not card.irm_technology


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_card_form_refuses_it_with_its_message_and_saves_nothing(client, card, language):
    client.force_login(secretariat())
    url = reverse("admin:commitments_commitment_change", args=[card.pk])
    with translation.override(language):
        data = posted(client.get(url), "commitment_form")
        data["irm_inclusion"] = "on"
        data["title_fr"] = "Budget ouvert à tous"
        response = client.post(url, data)
        message = translation.gettext(LENS_RULE)
    assert response.status_code == 200  # the form again, with its error
    assert message in response.content.decode()
    assert response.context["adminform"].form.errors["irm_inclusion"] == [message]
    card.refresh_from_db()
    assert not card.irm_inclusion and card.title_fr == "Budget ouvert"
    # Ticked with a core value, it is saved.
    data["irm_participation"] = "on"
    assert client.post(url, data).status_code == 302
    card.refresh_from_db()
    assert card.irm_inclusion and card.irm_participation


def test_an_import_cannot_set_a_lens_and_cleans_each_row(client, stage):
    assert not any(column.startswith("irm_") for column in COMMITMENT_COLUMNS)
    assert CommitmentResource._meta.clean_model_instances  # full_clean(): clean() and the constraint
    plan, *_ = stage
    client.force_login(secretariat())
    columns = [*COMMITMENT_COLUMNS, "irm_inclusion", "irm_technology"]
    row = card_row(irm_inclusion="1", irm_technology="1")
    assert import_file(client, Commitment, rows_file(columns, row)).status_code == 302
    imported = Commitment.objects.get(plan=plan, number=3)
    assert imported.title_fr == "Transparence des marchés"
    assert not imported.irm_inclusion and not imported.irm_technology
