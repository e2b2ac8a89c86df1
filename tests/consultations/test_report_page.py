"""The report page (consultations:report) and the consultation's PDFs'
addresses (consultations:document): published once the consultation has
closed, a page saying when before; 404 for what is not out, not public, of
another plan, or asked with hostile values; kept whole for visitors and
rebuilt when an answer changes; a fixed number of queries."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from consultations import answers
from consultations.models import Comment
from plans.models import Plan
from tests.conftest import built_once
from tests.factories import PlanFactory, UserFactory
from tests.published import download

from .factories import (
    CommentFactory,
    DraftPlanConsultationFactory,
    TextConsultationFactory,
    open_draft_plan,
    secretary,
)
from .reported import closed_consultation

pytestmark = pytest.mark.django_db


@built_once
def cast():
    return closed_consultation()


def url(consultation, language="fr", slug=None):
    with translation.override(language):
        return reverse("consultations:report", args=[slug or consultation.plan.slug, consultation.pk])


def pdf_url(consultation, kind, doc_lang="fr", language="fr"):
    with translation.override(language):
        return reverse(
            "consultations:document", args=[consultation.plan.slug, consultation.pk, kind, doc_lang]
        )


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_report_shows_the_figures_computed_from_the_data(client, cast):
    response = client.get(url(cast.consultation))
    assert response.status_code == 200
    shown = text(response)
    assert "Ce que nous avons entendu, ce que nous avons fait" in shown or "What we heard" in shown
    html = response.content.decode()
    # Comments, participants, answered: the figures' numbers.
    assert re.search(r'<span class="number">5</span>', html)
    assert re.search(r'<span class="number">3</span>', html)
    assert re.search(r'<span class="number">4</span>', html)
    # The commitments consulted on, each with its comments and answers.
    for title in ("Budget ouvert et citoyen", "Registre des lobbies"):
        assert title in shown
    # What changed in the adopted version: the card's own history, the
    # fields here; the title leads to the card's comparison, with the texts
    # before and after (so does the PDF).
    assert f"Engagement {cast.one.number} : Budget ouvert et citoyen Adopté" in shown
    assert "La fiche : modifié (titre [ar] · titre [fr] · titre [en])" in shown
    with translation.override("fr"):
        card = cast.one.get_absolute_url()
    assert f'<a href="{card}#consulted-title">' in html
    assert "Budget ouvert → Budget ouvert et citoyen" in text(client.get(card))
    assert "Registre des lobbies Proposé Pas encore décidé" in shown
    # The report as PDF in each language.
    for language in ("ar", "fr", "en"):
        assert pdf_url(cast.consultation, "consultation-report", language) in html


def test_the_arabic_report_reads_right_to_left_at_the_default_address(client, cast):
    response = client.get(url(cast.consultation, "ar"))
    html = response.content.decode()
    assert response.status_code == 200 and 'dir="rtl"' in html
    assert "الميزانية المفتوحة والمواطنة" in html
    # A share reads 20%, isolated, not %20.
    assert "<bdi>20%</bdi>" in html


def test_a_hidden_comment_shows_nowhere_in_the_report(client, cast):
    html = client.get(url(cast.consultation)).content.decode()
    assert "hors charte" not in html.lower() and "Omar" not in html


@pytest.mark.parametrize("when", ["upcoming", "open"])
def test_before_it_closes_the_address_says_when_the_report_is_published(client, when):
    cast = open_draft_plan(**({"opens": 3} if when == "upcoming" else {}))
    response = client.get(url(cast.consultation))
    assert response.status_code == 200
    closes = cast.consultation.window()[1]
    with translation.override("fr"):
        day = date_format(closes, "j F Y")
    shown = text(response)
    assert day in shown and "Registre" not in shown
    # Nor the PDF: not out yet.
    assert client.get(pdf_url(cast.consultation, "consultation-report")).status_code == 404


def test_a_consultation_without_dates_another_plans_or_a_draft_plans_is_404(client, cast):
    unscheduled = DraftPlanConsultationFactory(plan__phases={})
    assert client.get(url(unscheduled)).status_code == 404
    other = PlanFactory()
    assert client.get(url(cast.consultation, slug=other.slug)).status_code == 404
    hidden = DraftPlanConsultationFactory(plan__status=Plan.Status.DRAFT)
    assert client.get(url(hidden)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/fr/plans/{slug}/consultations/99999999999999999999999/report/",
        "/fr/plans/{slug}/consultations/9223372036854775808/report/",
        "/fr/plans/%00/consultations/{pk}/report/",
        "/fr/plans/{slug}/consultations/{pk}/documents/consultation-report/xx/",
        "/fr/plans/{slug}/consultations/{pk}/documents/nope/fr/",
        "/fr/plans/{slug}/consultations/{pk}/documents/consultation-report/%E2%80%AEfr/",
        "/fr/plans/{slug}/consultations/99999999999999999999/documents/draft-plan/fr/",
    ],
)
def test_hostile_addresses_are_404(client, cast, path):
    response = client.get(path.format(slug=cast.plan.slug, pk=cast.consultation.pk))
    assert response.status_code == 404


def test_the_page_is_kept_for_visitors_and_rebuilt_when_an_answer_changes(
    client, cast, django_assert_max_num_queries
):
    client.get(url(cast.consultation))
    with django_assert_max_num_queries(0):
        assert client.get(url(cast.consultation)).status_code == 200
    c4 = Comment.objects.get(pk=cast.comments["c4"].pk)
    answers.answer(c4, by=secretary(), disposition="taken", text="Le calendrier est précisé.")
    html = client.get(url(cast.consultation)).content.decode()
    assert re.search(r'<span class="number">5</span>\s*<span class="split"><bdi>100%</bdi>', html)


def test_a_signed_in_visitor_sees_the_same_report(client, cast):
    anonymous = client.get(url(cast.consultation)).content.decode()
    client.force_login(UserFactory())
    signed_in = client.get(url(cast.consultation)).content.decode()
    body = lambda html: html.split('class="report-pdfs"')[1].split("</main>")[0]  # noqa: E731
    assert body(signed_in) == body(anonymous)


def _queries(client, consultation) -> int:
    """The queries of the page built afresh (nothing in the cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(consultation)).status_code == 200
    return len(captured)


def test_the_page_reads_as_many_queries_for_500_comments_as_for_5(client, cast):
    few = _queries(client, cast.consultation)
    people = UserFactory.create_batch(10)
    for index in range(495):
        CommentFactory(consultation=cast.consultation, commitment=cast.two, author=people[index % 10])
    assert _queries(client, cast.consultation) == few


# The PDFs' addresses.


def test_the_report_pdf_is_served_once_closed_under_its_readable_name(client, cast):
    response = download(client, pdf_url(cast.consultation, "consultation-report"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    period = cast.plan.period
    assert response["Content-Disposition"] == f'inline; filename="rapport-consultation-{period}-fr.pdf"'


def test_the_draft_pdf_is_out_once_the_consultation_has_opened(client):
    upcoming = open_draft_plan(opens=2)
    assert client.get(pdf_url(upcoming.consultation, "draft-plan")).status_code == 404
    cast = open_draft_plan()
    response = download(client, pdf_url(cast.consultation, "draft-plan", "ar"))
    assert response.status_code == 200
    period = cast.plan.period
    assert response["Content-Disposition"] == f'inline; filename="draft-action-plan-{period}-ar.pdf"'


def test_a_texts_consultation_has_no_draft_plan_pdf(client):
    consultation = TextConsultationFactory()
    assert client.get(pdf_url(consultation, "draft-plan")).status_code == 404


def test_the_documents_part_offers_the_draft_then_the_report(cast):
    open_cast = open_draft_plan()
    plan = Plan.objects.prefetch_related("phases").get(pk=open_cast.plan.pk)
    open_cast.consultation.plan = plan
    with translation.override("fr"):
        html = render_to_string("consultations/_documents.html", {"consultation": open_cast.consultation})
    assert pdf_url(open_cast.consultation, "draft-plan", "ar") in html
    assert "consultation-report" not in html
    closed_plan = Plan.objects.prefetch_related("phases").get(pk=cast.plan.pk)
    cast.consultation.plan = closed_plan
    with translation.override("fr"):
        html = render_to_string("consultations/_documents.html", {"consultation": cast.consultation})
    assert url(cast.consultation) in html
    assert pdf_url(cast.consultation, "consultation-report", "en") in html
    assert pdf_url(cast.consultation, "draft-plan", "fr") in html
    upcoming = open_draft_plan(opens=3)
    upcoming.consultation.plan = Plan.objects.prefetch_related("phases").get(pk=upcoming.plan.pk)
    assert (
        render_to_string("consultations/_documents.html", {"consultation": upcoming.consultation}).strip()
        == ""
    )


@pytest.mark.parametrize("role", ["anonymous", "citizen", "focal point", "secretariat"])
def test_a_draft_plans_consultation_is_published_to_no_role_and_nothing_is_posted(client, role):
    hidden = open_draft_plan(opens=-30, closes=-2)
    Plan.objects.filter(pk=hidden.plan.pk).update(status=Plan.Status.DRAFT)
    cache.clear()  # the public plans, read before the update
    users = {
        "citizen": UserFactory,
        "focal point": lambda: hidden.focal_first,
        "secretariat": secretary,
    }
    if role != "anonymous":
        client.force_login(users[role]())
    assert client.get(url(hidden.consultation)).status_code == 404
    for kind in ("draft-plan", "consultation-report"):
        assert client.get(pdf_url(hidden.consultation, kind)).status_code == 404
    # GET only: a forged POST changes nothing and is refused.
    assert client.post(url(hidden.consultation)).status_code in (403, 405)
