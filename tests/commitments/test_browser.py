"""Progress, reported then validated, in Debian's headless Chromium: a focal
point submits an update for a milestone of their institution through the
admin's form, the public dashboard does not move; the secretariat validates
it with the button on the update's page, and the dashboard's overall
completion and the commitment's public history show it."""

import re
import shutil

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from commitments.models import Milestone, ProgressUpdate
from tests.factories import CommitmentFactory, InstitutionFactory, PlanFactory, ThemeFactory
from tests.workshops.staff import focal_point, secretariat

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]


def signed_in(browser, live_server, user):
    """A browser page of its own, signed in as `user` by its session cookie."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def overall(page, url: str) -> int:
    """The dashboard's overall completion, as its bar and its words show it."""
    page.goto(url)
    section = page.locator('section[aria-labelledby="overall-title"]')
    value = int(section.locator("progress").get_attribute("value"))
    assert re.search(rf"\b{value}\s*%", section.inner_text())
    return value


def test_a_validated_update_moves_the_public_dashboard(live_server, browser):
    plan = PlanFactory(slug="pan-2021")
    institution = InstitutionFactory(member=plan.member, name_fr="Ministère des Finances")
    card = CommitmentFactory(
        theme=ThemeFactory(plan=plan),
        lead_institution=institution,
        status="in_implementation",
        title_fr="Budget ouvert",
    )
    Milestone.objects.create(
        commitment=card,
        description_fr="Adopter le décret",
        responsible_institution=institution,
        completion=100,
    )
    milestone = Milestone.objects.create(
        commitment=card, description_fr="Publier les données budgétaires", responsible_institution=institution
    )
    focal = focal_point(institution, "focal-finance@example.org")
    staff = secretariat()
    with translation.override("fr"):
        dashboard = live_server.url + reverse("commitments:dashboard", args=[plan.slug])
        card_page = live_server.url + card.get_absolute_url()
        add = live_server.url + reverse("admin:commitments_progressupdate_add")
        queue = live_server.url + reverse("admin:commitments_progressupdate_changelist")

    public = browser.new_context(locale="fr-FR").new_page()
    assert overall(public, dashboard) == 50  # (100 + 0) / 2

    # The focal point reports through the admin's form.
    reporter = signed_in(browser, live_server, focal)
    reporter.goto(add)
    reporter.select_option("#id_milestone", str(milestone.pk))
    reporter.select_option("#id_status", "in_progress")
    reporter.fill("#id_completion", "60")
    reporter.fill("#id_text", "Les données 2022 sont publiées sur data.gov.ma.")
    reporter.locator('input[name="_save"]').click()
    reporter.wait_for_load_state()
    assert reporter.locator("ul.messagelist .success").count() == 1
    update = ProgressUpdate.objects.get()
    assert (update.author, update.state, update.completion) == (focal, "submitted", 60)

    # Awaiting validation: nothing public has moved.
    assert overall(public, dashboard) == 50

    # The secretariat opens it from the queue and validates it.
    validator = signed_in(browser, live_server, staff)
    validator.goto(queue + "?state=submitted")
    validator.locator("#result_list tbody th a").first.click()
    validator.locator('form[action$="/validate/"] button[type="submit"]').click()
    validator.wait_for_load_state()
    assert validator.locator("ul.messagelist .success").count() == 1
    update.refresh_from_db()
    assert update.state == "validated"

    assert overall(public, dashboard) == 80  # (100 + 60) / 2

    # The commitment's public history: the milestone's new figures, by the secretariat.
    public.goto(card_page)
    entries = public.locator('section[aria-labelledby="history-title"] ol.history > li')
    newest = entries.filter(has_text="Publier les données budgétaires").first.inner_text()
    assert "le secrétariat" in newest
    assert re.search(r"avancement \(%\)\s*:\s*0\s*→\s*60", newest)
    assert re.search(r"pas commencé\s*→\s*en cours", newest)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["lead", "involved"])
def test_a_focal_point_saves_its_card_unchanged(live_server, browser, kind):
    """A card led by A with one milestone of B: each one's focal point
    opens it in the French admin and saves it as it is (the other
    institution's milestone is shown read only, neither posted nor checked)."""
    plan = PlanFactory(slug="pan-2024")
    lead = InstitutionFactory(member=plan.member, name_fr="Ministère des Finances")
    involved = InstitutionFactory(member=plan.member, name_fr="Ministère de l'Économie")
    card = CommitmentFactory(theme=ThemeFactory(plan=plan), lead_institution=lead, status="draft")
    card.involved_institutions.add(involved)
    for institution, text in ((lead, "Adopter le décret"), (involved, "Publier les données")):
        Milestone.objects.create(
            commitment=card, description_ar=text, description_fr=text, responsible_institution=institution
        )
    user = focal_point(lead if kind == "lead" else involved, f"focal-{kind}@example.org")
    with translation.override("fr"):
        url = live_server.url + reverse("admin:commitments_commitment_change", args=[card.pk])
    page = signed_in(browser, live_server, user)
    page.goto(url)
    page.locator('input[name="_save"]').click()
    page.wait_for_load_state()
    assert page.locator(".errornote, .errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()
    assert page.locator("ul.messagelist .success").count() == 1


@pytest.mark.slow
def test_a_drafter_submits_the_draft_and_the_secretariat_finds_it(live_server, browser):
    """On a phone, the lead's focal point submits the draft with the button
    on its page (once: the button then gives way to the note saying when);
    the secretariat finds it under the list's filter of submitted drafts."""
    plan = PlanFactory(slug="pan-2024")
    lead = InstitutionFactory(member=plan.member, name_fr="Ministère des Finances")
    card = CommitmentFactory(
        theme=ThemeFactory(plan=plan), lead_institution=lead, status="draft", title_fr="Budget ouvert"
    )
    CommitmentFactory(theme=card.theme, lead_institution=lead, status="draft", title_fr="Autre brouillon")
    focal = focal_point(lead, "focal-finance@example.org")
    with translation.override("ar"):
        url = live_server.url + reverse("admin:commitments_commitment_change", args=[card.pk])
    with translation.override("fr"):
        changelist = live_server.url + reverse("admin:commitments_commitment_changelist")

    page = signed_in(browser, live_server, focal)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url)
    button = page.locator('form[action$="/review/"] button[type="submit"]')
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    button.click()
    page.wait_for_load_state()
    assert page.locator("ul.messagelist .success").count() == 1
    assert page.locator(".submitted-for-review").count() == 1
    assert page.locator('form[action$="/review/"]').count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    card.refresh_from_db()
    assert card.submitted_for_review_by == focal

    secretariat_page = signed_in(browser, live_server, secretariat())
    secretariat_page.goto(changelist)
    secretariat_page.locator("#changelist-filter a[href*='review=submitted']").click()
    secretariat_page.wait_for_load_state()
    titles = secretariat_page.locator("#result_list tbody tr").all_inner_texts()
    assert len(titles) == 1 and "Budget ouvert" in titles[0]
