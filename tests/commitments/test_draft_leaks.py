"""Nothing of a draft reaches the public: a card that went back to draft
tells its followers nothing (neither when an update is validated nor when
an email queued before is sent), its number is in no idea's open data nor on
an idea's page, it is on no public page or open-data file, the statistics do
not count it, and what was written on it while it was a draft never shows
step by step in its history once it is proposed again."""

import csv
import io
import json
import re
from datetime import date

import pytest
from django.core import mail
from django.utils import translation

from commitments import lifecycle
from commitments.models import Commitment, Follow, Milestone
from core.models import Notification
from core.tasks import send_notification
from ideas import screening
from ideas.models import Idea
from ideas.statistics import plan_statistics
from tests.bidi import visible
from tests.factories import CommitmentFactory, IdeaFactory, InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db
C = Commitment.Status
S = Milestone.Status


@pytest.fixture
def institution():
    return InstitutionFactory(name_fr="Ministère des Finances")


@pytest.fixture
def card(institution):
    """A card in consultation, with a milestone of its institution."""
    card = CommitmentFactory(status=C.PROPOSED, title_fr="Budget ouvert", lead_institution=institution)
    Milestone.objects.create(
        commitment=card,
        description_fr="Publier le budget",
        responsible_institution=institution,
        ends_on=date(2030, 1, 1),
    )
    return card


@pytest.fixture
def focal(institution):
    user = UserFactory(email="focal@example.org", is_staff=True, language="fr")
    institution.focal_points.add(user)
    return user


def back_to_draft_and_rewrite(card):
    """The card goes back to draft and its drafters rewrite it."""
    lifecycle.COMMITMENT.move(card, C.DRAFT, by=None)
    card.refresh_from_db()
    card.title_fr = "Titre de travail confidentiel"
    card.save()
    milestone = card.milestones.get()
    milestone.description_fr = "Jalon en cours de rédaction"
    milestone.save()
    return milestone


def text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return visible(response.content.decode()) if status == 200 else ""


# Emails to followers.


def test_an_update_validated_on_a_card_back_in_draft_tells_no_follower(
    card, focal, citizen, staff, django_capture_on_commit_callbacks
):
    Follow.objects.create(commitment=card, user=citizen)
    update = lifecycle.submit_update(
        card.milestones.get(), by=focal, status=S.IN_PROGRESS, completion=40, text="Texte du brouillon"
    )
    back_to_draft_and_rewrite(card)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.validate(update, by=staff)
    assert mail.outbox == []
    assert not Notification.objects.filter(kind="commitment_progress").exists()


def test_an_email_queued_before_the_card_went_back_to_draft_is_not_sent(
    card, focal, citizen, staff, django_capture_on_commit_callbacks
):
    Follow.objects.create(commitment=card, user=citizen)
    update = lifecycle.submit_update(
        card.milestones.get(), by=focal, status=S.IN_PROGRESS, completion=40, text="Texte validé"
    )
    lifecycle.validate(update, by=staff)  # queued: sent after the commit, which comes later
    queued = Notification.objects.get(kind="commitment_progress")
    back_to_draft_and_rewrite(card)
    mail.outbox.clear()

    assert send_notification(queued.pk) == "failed"
    assert mail.outbox == []
    queued.refresh_from_db()
    assert queued.state == Notification.State.FAILED and "no longer public" in queued.last_error


# Ideas: their open data, their page, the statistics.


def test_a_drafts_number_is_in_no_ideas_open_data_nor_on_its_page(client, card, staff):
    draft = CommitmentFactory(
        theme=card.theme, number=card.number + 1, status=C.DRAFT, title_fr="Engagement en rédaction"
    )
    idea = IdeaFactory(theme=card.theme, status=Idea.Status.SENT)
    screening.integrate(idea, by=staff, commitments=[card, draft])

    response = client.get("/open-data/ideas.csv")
    (row,) = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert row["commitments"] == str(card.number)
    (record,) = json.loads(client.get("/open-data/ideas.json").getvalue())
    assert record["commitments"] == [card.number]
    shown = text(client, f"/fr/ideas/{idea.pk}/")
    assert "Budget ouvert" in shown and "Engagement en rédaction" not in shown
    assert plan_statistics(card.plan)["proposed_commitments"] == 1


# The card's own pages and files while it is back in draft.


def test_a_card_back_in_draft_is_on_no_public_page_nor_file(client, card):
    plan = card.plan.slug
    back_to_draft_and_rewrite(card)
    text(client, f"/fr/commitments/{card.pk}/", status=404)
    for url in (f"/fr/plans/{plan}/commitments/", f"/fr/plans/{plan}/dashboard/"):
        assert "confidentiel" not in text(client, url)
    for url in ("/open-data/commitments.csv", "/open-data/commitments.json"):
        body = client.get(url).getvalue().decode("utf-8-sig")
        assert "confidentiel" not in body and "Budget ouvert" not in body


# The public history.


def history_of(client, card) -> str:
    page = text(client, f"/fr/commitments/{card.pk}/")
    part = page.split('id="history-title"')[1].split("</section>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


def test_what_was_written_in_draft_shows_only_as_it_was_proposed_again(client, card, staff, focal):
    milestone = back_to_draft_and_rewrite(card)
    # More drafting: the title again, a milestone added then dropped, the
    # first milestone reworded once more.
    card.title_fr = "Budget ouvert et citoyen"
    card.save()
    scrap = Milestone.objects.create(commitment=card, description_fr="Idée abandonnée en brouillon")
    scrap.delete()
    milestone.description_fr = "Publier le budget chaque trimestre"
    milestone._history_user = focal
    milestone.save()
    lifecycle.COMMITMENT.move(card, C.PROPOSED, by=staff)

    with translation.override("fr"):
        history = history_of(client, card)
    for draft in ("confidentiel", "Jalon en cours de rédaction", "Idée abandonnée"):
        assert draft not in history
    # The card as proposed again, against the card as it was before: once,
    # by whoever proposed it again.
    assert history.count("Budget ouvert → Budget ouvert et citoyen") == 1
    assert history.count("Publier le budget → Publier le budget chaque trimestre") == 1
    assert "point focal" not in history
    # The moves of the public states stay.
    assert "proposé → brouillon" in history and "brouillon → proposé" in history
