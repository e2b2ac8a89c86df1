"""The public history keeps every language of a card's texts, whatever the
language of whoever saved it; and a card changed after its consultation
shows what changed since the consulted version."""

import html
import re
from datetime import datetime

import pytest
from django.utils import timezone, translation

from commitments import lifecycle
from commitments.models import Commitment, Milestone
from tests.bidi import visible
from tests.factories import AssociationFactory, CommitmentFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Commitment.Status


def page(client, card, language="en") -> str:
    response = client.get(f"/{language}/commitments/{card.pk}/")
    assert response.status_code == 200
    return visible(response.content.decode())


def section(html: str, title_id: str) -> str:
    """The section's text as read, tags left out."""
    part = html.split(f'id="{title_id}"')[1].split("</section>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split()).replace(" :", ":")


def test_a_french_text_change_is_recorded_and_shown_whoever_saves_it(client):
    card = CommitmentFactory(title_ar="السجل الوطني", title_fr="Le registre national", status=S.PROPOSED)
    # A French-speaking focal point corrects the French title, then an
    # Arabic-speaking one saves the card with nothing changed.
    with translation.override("fr"):
        card.title = "Le registre national des marchés"
        card.save()
    with translation.override("ar"):
        card.save()
    fr = card.history.values_list("title_fr", flat=True).order_by("history_date", "history_id")
    assert list(fr) == ["Le registre national", "Le registre national des marchés"] + [
        "Le registre national des marchés"
    ]
    assert card.history.latest().title_ar == "السجل الوطني"
    history = section(page(client, card), "history-title")
    assert "Le registre national → Le registre national des marchés" in history
    # The save in Arabic changed nothing, and reads as nothing changed.
    assert history.count("changed") == 1
    assert "السجل الوطني →" not in history


def test_the_consulted_version_against_todays(client):
    partner = AssociationFactory(name_en="Transparency Maroc", name_ar="ترانسبرانسي المغرب")
    card = CommitmentFactory(status=S.DRAFT, title_fr="Budget ouvert", title_ar="الميزانية المفتوحة")
    kept = Milestone.objects.create(
        commitment=card, description_ar="نشر الميزانية", description_fr="Publier le budget"
    )
    dropped = Milestone.objects.create(
        commitment=card, description_ar="تكوين", description_fr="Former les agents"
    )
    card.partner_associations.add(partner)
    # Its moves, as the secretariat's buttons make them (the quality check aside).
    lifecycle.COMMITMENT.move(card, S.PROPOSED, by=None)
    assert 'id="consulted-title"' not in page(client, card)  # still in consultation: nothing to compare yet

    lifecycle.COMMITMENT.move(card, S.ADOPTED, by=None)
    assert "Nothing has changed since the consulted version" in section(page(client, card), "consulted-title")

    # After the consultation: a new title, a partner gone, one milestone
    # reworded, one dropped, one added; and progress reported.
    card.title_fr = "Budget ouvert et citoyen"
    card.save()
    lifecycle.COMMITMENT.move(card, S.IN_IMPLEMENTATION, by=None)
    card.partner_associations.remove(partner)
    kept.description_fr = "Publier le budget chaque trimestre"
    kept.save()
    dropped.delete()
    Milestone.objects.create(
        commitment=card, description_ar="تقييم", description_fr="Évaluer le budget citoyen"
    )
    kept.completion, kept.status = 60, Milestone.Status.IN_PROGRESS
    kept.save()

    changed = section(page(client, card), "consulted-title")
    assert "Budget ouvert → Budget ouvert et citoyen" in changed
    assert "Transparency Maroc → —" in changed
    assert "Publier le budget → Publier le budget chaque trimestre" in changed
    assert "Milestone: تكوين: deleted" in changed and "Milestone: تقييم: added" in changed  # no English text
    # Moving along the life cycle and progress are not changes to the content.
    assert "status" not in changed.lower() and "completion" not in changed.lower()
    # The French page names the milestones in French.
    french = section(page(client, card, "fr"), "consulted-title")
    assert "Former les agents" in french and "Évaluer le budget citoyen" in french


def test_a_card_never_consulted_has_no_comparison(client):
    card = CommitmentFactory(status=S.DRAFT)
    card.status = S.ADOPTED
    card.save()
    assert 'id="consulted-title"' not in page(client, card)


def test_the_history_names_roles_not_people_in_every_language(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    card = CommitmentFactory(status=S.PROPOSED)
    card.title_en = "Open budget"
    card._history_user = staff
    card.save()
    history = section(page(client, card), "history-title")
    assert "the secretariat" in history and staff.display_name not in history


def test_indicators_public_evidence_and_integrated_ideas_are_in_the_history(client):
    from commitments import lifecycle
    from commitments.models import Evidence, Indicator
    from ideas import screening
    from tests.factories import IdeaFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    card = CommitmentFactory(status=S.IN_IMPLEMENTATION)
    step = Milestone.objects.create(commitment=card, description_en="Publish the register")
    indicator = Indicator.objects.create(commitment=card, name_en="Datasets published", target_value=10)
    indicator.target_value = 40
    indicator.save()
    Evidence.objects.create(
        milestone=step, title="Decree in the official bulletin", url="https://example.org/"
    )
    # Evidence carried by an update is public once the update is validated.
    pending = lifecycle.submit_update(
        step,
        by=UserFactory(),
        status=Milestone.Status.IN_PROGRESS,
        completion=50,
        text="fait",
        evidence=[Evidence(title="Pending proof", url="https://pending.example/")],
    )
    idea = IdeaFactory(theme=card.theme, title="Registre ouvert des marchés", status="sent")
    screening.integrate(idea, by=staff, commitments=[card])

    history = section(page(client, card), "history-title")
    assert "Indicator: Datasets published: changed target: 10.00 → 40.00" in history
    assert "Evidence: Decree in the official bulletin: added" in history
    assert "Pending proof" not in history
    assert f"Idea #{idea.pk}: Registre ouvert des marchés: integrated into this commitment" in history
    assert "the secretariat" in history

    lifecycle.validate(pending, by=staff)
    assert "Evidence: Pending proof: added" in section(page(client, card), "history-title")


def test_a_move_appears_once_in_the_history_as_its_recorded_move(client):
    from commitments import history
    from commitments.models import CommitmentEvent

    staff = UserFactory(is_staff=True, is_superuser=True)
    card = CommitmentFactory(status=S.PROPOSED)
    lifecycle.COMMITMENT.move(card, S.ADOPTED, by=staff)
    shown = section(page(client, card), "history-title")
    assert shown.count("status: proposed → adopted") == 1
    # When and who are the move's, not those of the card's saved record
    # (here dated apart, as the demo dates its past).
    card.history.update(history_date=timezone.make_aware(datetime(2021, 9, 1, 10, 0)))
    moved_on = timezone.make_aware(datetime(2022, 3, 1, 10, 0))
    CommitmentEvent.objects.filter(commitment=card).update(created_at=moved_on)
    with translation.override("en"):
        entries = history.public_history(card, card.plan).entries
    moves = [entry for entry in entries if entry.changes and entry.changes[0][0] == "status"]
    assert [(entry.when, str(entry.who), entry.changes) for entry in moves] == [
        (moved_on, "the secretariat", [("status", "proposed", "adopted")])
    ]


@pytest.mark.parametrize(
    "language,focal,representative",
    [
        ("fr", "point focal — Ministère de l'Économie", "représentant d'association — Transparency Maroc"),
        ("ar", "نقطة الاتصال — وزارة الاقتصاد", "ممثل جمعية — ترانسبرانسي المغرب"),
        ("en", "focal point — Ministry of the Economy", "association representative — Transparency Maroc"),
    ],
)
def test_who_is_a_role_and_the_name_it_acts_for_never_a_sentence(client, language, focal, representative):
    from tests.factories import InstitutionFactory

    economy = InstitutionFactory(
        name_fr="Ministère de l'Économie", name_ar="وزارة الاقتصاد", name_en="Ministry of the Economy"
    )
    partner = AssociationFactory(
        name_fr="Transparency Maroc", name_en="Transparency Maroc", name_ar="ترانسبرانسي المغرب"
    )
    card = CommitmentFactory(status=S.PROPOSED, lead_institution=economy)
    someone = UserFactory(is_staff=True)
    economy.focal_points.add(someone)
    card.title_fr = "Budget ouvert"
    card._history_user = someone
    card.save()
    member = UserFactory(is_staff=True)
    partner.representatives.add(member)
    card.summary_fr = "Résumé"
    card._history_user = member
    card.save()

    history = html.unescape(section(page(client, card, language), "history-title"))
    assert focal in history and representative in history
    assert "un point focal de" not in history and "a focal point of" not in history


def test_a_deleted_accounts_changes_and_moves_read_as_a_deleted_users(client):
    from core.personal_data import erase_account

    staff = UserFactory(is_staff=True, is_superuser=True)
    card = CommitmentFactory(status=S.PROPOSED)  # written by the portal (no one signed in)
    card.title_en = "Open budget"
    card._history_user = staff
    card.save()
    lifecycle.COMMITMENT.move(card, S.ADOPTED, by=staff)
    erase_account(staff)

    history = section(page(client, card), "history-title")
    assert history.count("deleted user") == 2  # the change and the move
    assert history.count("the portal") == 1  # the card's creation, which no one made
    assert "the secretariat" not in history
