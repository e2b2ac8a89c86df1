"""The workshop page's public part: the standard programme by default, its
status, and once held its outputs (report, recording, poll results, the
ideas collected); the report is a protected file, public with its plan."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from plans.models import Plan
from tests.bidi import visible
from tests.factories import IdeaFactory, WorkshopFactory
from tests.files import pdf
from workshops.models import Poll, PollOption, ProgrammeItem

pytestmark = pytest.mark.django_db


def page(client, workshop, language="fr") -> str:
    response = client.get(f"/{language}/workshops/{workshop.pk}/")
    assert response.status_code == 200
    # The page's words, without tags and isolates.
    return " ".join(re.sub(r"<[^>]+>", " ", visible(response.content.decode())).split())


def test_a_new_workshop_gets_the_standard_programme_of_140_minutes_in_every_language(client):
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=5))
    workshop.add_standard_programme()
    items = list(workshop.programme.all())
    assert [item.minutes for item in items] == [10, 20, 10, 30, 60, 10]
    # Ends after the standard programme when no end is given.
    assert workshop.ends_at - workshop.starts_at == timedelta(minutes=140)
    text = page(client, workshop, "en")
    assert "Programme" in text
    assert "In all: 140 minutes." in text
    assert "Conclusions and next steps" in text


def test_an_edited_programme_shows_its_items_speakers_and_total(client):
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=5))
    ProgrammeItem.objects.create(workshop=workshop, position=2, title_fr="Débat", minutes=45)
    ProgrammeItem.objects.create(
        workshop=workshop, position=1, title_fr="Ouverture", minutes=15, speaker="Amina Alaoui"
    )
    text = page(client, workshop)
    assert text.index("Ouverture") < text.index("Débat")
    assert "Amina Alaoui" in text
    assert "60 minutes" in text


def test_a_held_workshop_shows_its_outputs_poll_results_and_ideas(client):
    workshop = WorkshopFactory(recording_link="https://video.example.org/atelier-1")
    workshop.report.save("rapport.pdf", ContentFile(pdf()))
    poll = Poll.objects.create(workshop=workshop, question="Quelle priorité ?")
    PollOption.objects.create(poll=poll, position=1, label="Budget ouvert", votes=30)
    PollOption.objects.create(poll=poll, position=2, label="Données ouvertes", votes=10)
    idea = IdeaFactory(
        plan=workshop.plan, theme=workshop.theme, source="workshop", workshop=workshop, title="Budget citoyen"
    )
    text = page(client, workshop)
    assert "Résultats" in text or "Outputs" in text
    assert "Budget ouvert 30 75" in text
    assert "Données ouvertes 10 25" in text
    assert "Budget citoyen" in text
    html = client.get(f"/fr/workshops/{workshop.pk}/").content.decode()
    assert idea.get_absolute_url() in html
    assert "https://video.example.org/atelier-1" in html
    # The report is served through the protected files' view, to everyone
    # once the plan is public.
    response = client.get(workshop.report.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_report_of_a_plan_not_yet_public_is_not_served(client):
    workshop = WorkshopFactory()
    workshop.report.save("rapport.pdf", ContentFile(pdf()))
    Plan.objects.filter(pk=workshop.plan_id).update(status=Plan.Status.DRAFT)
    assert client.get(workshop.report.url).status_code == 404


def test_an_upcoming_workshop_shows_no_outputs_and_its_status(client):
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=5), capacity=10)
    Poll.objects.create(workshop=workshop, question="Question prête d'avance")
    text = page(client, workshop, "en")
    assert "registration open" in text
    assert "Question prête d'avance" not in text


def test_the_public_part_is_recomputed_when_the_programme_changes(client):
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=5))
    assert "Accueil" not in page(client, workshop)
    ProgrammeItem.objects.create(workshop=workshop, title_fr="Accueil", minutes=5)
    assert "Accueil" in page(client, workshop)


def test_the_page_links_its_calendar_file(client):
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=5))
    html = client.get(f"/fr/workshops/{workshop.pk}/").content.decode()
    assert f'href="/fr/workshops/{workshop.pk}/calendar.ics"' in html
