"""The progress update's form in the admin: many cards have a milestone of
the same name ("Diagnostic de la situation actuelle"), so each milestone and
indicator choice names its commitment's number and title, grouped by
commitment, and lists only what the user reports on; the update's page
names the commitment too."""

import re
import shutil
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from commitments import lifecycle
from commitments.models import Commitment, Indicator, Milestone
from tests.bidi import visible
from tests.factories import CommitmentFactory, InstitutionFactory, PlanFactory, ThemeFactory
from tests.workshops.staff import focal_point, secretariat

pytestmark = pytest.mark.django_db
C = Commitment.Status
SAME = "Diagnostic de la situation actuelle"


@pytest.fixture
def stage():
    plan = PlanFactory(slug="nap-test")
    theme = ThemeFactory(plan=plan)
    finance, health = InstitutionFactory(), InstitutionFactory()
    cards = [
        CommitmentFactory(theme=theme, number=1, title_fr="Budget ouvert", lead_institution=finance),
        CommitmentFactory(theme=theme, number=2, title_fr="Santé transparente", lead_institution=health),
        CommitmentFactory(theme=theme, number=3, title_fr="Marchés publics", lead_institution=finance),
    ]
    for card in cards:
        card.status = C.IN_IMPLEMENTATION
        card.save()
        for position in (2, 1):
            Milestone.objects.create(
                commitment=card,
                position=position,
                description_fr=SAME if position == 1 else f"Étape {position} de {card.number}",
                responsible_institution=card.lead_institution,
            )
        Indicator.objects.create(commitment=card, name_fr="Jeux de données publiés")
    draft = CommitmentFactory(
        theme=theme, number=4, title_fr="Brouillon", lead_institution=finance, status=C.DRAFT
    )
    Milestone.objects.create(commitment=draft, description_fr=SAME, responsible_institution=finance)
    return {
        "cards": cards,
        "secretariat": secretariat(),
        "finance": focal_point(finance, "focal-finance@example.org"),
    }


def groups(html: str, name: str) -> dict[str, list[str]]:
    """The <optgroup>s of the select `name`: label → its options' texts."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    found = {}
    for label, options in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S):
        found[unescape(label)] = [
            unescape(text) for text in re.findall(r"<option [^>]*>([^<]*)</option>", options)
        ]
    return found


def add_page(client, user) -> str:
    client.force_login(user)
    response = client.get("/fr" + reverse("admin:commitments_progressupdate_add").removeprefix("/ar"))
    assert response.status_code == 200
    return visible(response.content.decode())


def test_each_choice_names_its_commitment_grouped_by_commitment(client, stage):
    html = add_page(client, stage["secretariat"])
    milestones = groups(html, "milestone")
    assert list(milestones) == [
        "nap-test · 1. Budget ouvert",
        "nap-test · 2. Santé transparente",
        "nap-test · 3. Marchés publics",
    ]  # the draft card is not reported on
    assert milestones["nap-test · 2. Santé transparente"] == [
        f"2. Santé transparente — {SAME}",
        "2. Santé transparente — Étape 2 de 2",
    ]
    indicators = groups(html, "indicator")
    assert indicators["nap-test · 3. Marchés publics"] == ["3. Marchés publics — Jeux de données publiés"]
    assert len(indicators) == 3


def test_a_focal_point_chooses_among_their_institutions_milestones_only(client, stage):
    html = add_page(client, stage["finance"])
    assert list(groups(html, "milestone")) == ["nap-test · 1. Budget ouvert", "nap-test · 3. Marchés publics"]
    assert list(groups(html, "indicator")) == ["nap-test · 1. Budget ouvert", "nap-test · 3. Marchés publics"]


def test_the_update_page_names_the_commitment(client, stage):
    card = stage["cards"][1]
    update = lifecycle.submit_update(
        card.milestones.get(position=1), by=stage["finance"], status="in_progress", completion=10, text="fait"
    )
    client.force_login(stage["secretariat"])
    response = client.get(f"/fr/admin/commitments/progressupdate/{update.pk}/change/")
    page = " ".join(re.sub(r"<[^>]+>", " ", visible(response.content.decode())).split())
    assert "Engagement : 2. Santé transparente" in page or "engagement : 2. Santé transparente" in page
    assert SAME in page


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")
@pytest.mark.parametrize("language,width", [("fr", 1280), ("ar", 390)])
def test_long_choices_keep_to_the_forms_width(live_server, browser, language, width):
    """A choice named with its commitment is long: its list stays within
    the form, at 1280 px in French and on a phone in Arabic."""
    theme = ThemeFactory(plan=PlanFactory(slug="nap-test"))
    card = CommitmentFactory(
        theme=theme, status=C.IN_IMPLEMENTATION, title_fr="Très " * 40, title_ar="طويل " * 40
    )
    Milestone.objects.create(commitment=card, description_fr=SAME, description_ar="تشخيص الوضعية الحالية")
    Indicator.objects.create(commitment=card, name_fr="Jeux de données publiés", name_ar="عدد المجموعات")
    client = Client()
    client.force_login(secretariat())
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/admin/commitments/progressupdate/add/")
    form = page.locator("fieldset.module").first.bounding_box()
    for name in ("milestone", "indicator"):
        box = page.locator(f"select[name={name}]").bounding_box()
        assert form["x"] <= box["x"] and box["x"] + box["width"] <= form["x"] + form["width"], name
    assert page.evaluate("document.documentElement.scrollWidth") <= width
