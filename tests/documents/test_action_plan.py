"""The action plan as a PDF (commitments.action_plan): from the demo's
2021–2023 plan in Arabic, French and English (each rendered once for the
module), what a reader finds in it, in order; from factories, what it reads
and from how many queries."""

import re
import subprocess
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from commitments.action_plan import ACTION_PLAN, _timeline, context
from commitments.generations import COMMITMENTS
from commitments.models import Commitment, Indicator, Milestone
from core.documents import render
from ideas.generations import IDEAS
from plans.models import Phase, Plan
from tests.conftest import built_once
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
)
from tests.pdf import _MARKS, in_order, pdf_accessibility, pdf_fonts, pdf_pages, pdf_text, squashed
from workshops.generations import WORKSHOPS

pytestmark = pytest.mark.django_db

SLUG = "nap2-2021-2023"
DRAFT_TITLE = "Engagement encore en brouillon"


@built_once
def rendered(loaded):
    """The demo loaded, a draft card added to its plan, and the plan
    rendered in each language: {language: (pdf, pages)}."""
    plan = Plan.objects.get(slug=SLUG)
    public = Commitment.objects.public().filter(plan=plan).order_by("number").first()
    Commitment.objects.create(
        plan=plan,
        theme=public.theme,
        lead_institution=public.lead_institution,
        number=99,
        title_ar=DRAFT_TITLE,
        title_fr=DRAFT_TITLE,
        title_en=DRAFT_TITLE,
        status=Commitment.Status.DRAFT,
    )
    return {language: render(ACTION_PLAN, plan, language) for language in ("ar", "fr", "en")}


def page_text(pdf: bytes, tmp_path, page: int) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
    )
    return " ".join(_MARKS.sub("", out.stdout.decode("utf-8")).split())


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_plan_title_and_every_public_commitment_title_read_in_order(rendered, language, tmp_path):
    pdf, pages = rendered[language]
    text = pdf_text(pdf, tmp_path)
    plan = Plan.objects.get(slug=SLUG)
    titles = [
        getattr(card, f"title_{language}")
        for card in Commitment.objects.public().filter(plan=plan).order_by("number")
    ]

    assert len(titles) == 24
    # The cover, then the contents listing every card, then the cards themselves.
    title = getattr(plan, f"title_{language}")
    in_order(text, [title, *titles, *titles], squash=language == "ar")
    assert pdf_pages(pdf, tmp_path) == pages
    assert DRAFT_TITLE not in text


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_milestone_reads_with_its_dates_and_responsible_institution(rendered, language, tmp_path):
    pdf, _pages = rendered[language]
    text = pdf_text(pdf, tmp_path)
    milestone = (
        Milestone.objects.filter(commitment__plan__slug=SLUG, commitment__number=2)
        .select_related("responsible_institution", "commitment__lead_institution")
        .order_by("position", "pk")
        .first()
    )
    institution = milestone.responsible_institution or milestone.commitment.lead_institution
    with translation.override(language):
        start, end = (date_format(day, "j F Y") for day in (milestone.starts_on, milestone.ends_on))
        description, institution_name = milestone.description, institution.name
        card_2 = milestone.commitment.title

    # The description, its institution, then its dates, inside card 2 (after
    # the contents and card 1).
    text, card_2 = squashed(text), squashed(card_2)
    card = text.find(card_2, text.find(card_2) + 1)
    in_order(text[card:], [description, institution_name, start, end], squash=True)


def test_the_last_page_says_its_number_out_of_the_pages(rendered, tmp_path):
    for language in ("ar", "fr", "en"):
        pdf, pages = rendered[language]
        last = page_text(pdf, tmp_path, pages)
        # «page 53 sur 53», «صفحة 53 من 53»: in the document's language, Western digits.
        with translation.override(language):
            counter = translation.gettext("page %(page)s of %(pages)s") % {"page": pages, "pages": pages}
        assert squashed(counter) in squashed(last), (language, last[-200:])


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_pdf_is_tagged_in_its_language_with_its_title_and_its_fonts_embedded(
    rendered, language, tmp_path
):
    pdf, _pages = rendered[language]
    accessibility = pdf_accessibility(pdf)
    assert accessibility["tagged"] and accessibility["lang"] == language
    plan = Plan.objects.get(slug=SLUG)
    with translation.override(language):
        assert accessibility["title"] == plan.title  # the plan's title in the document's language
    assert accessibility["display_doc_title"]
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts and all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts)


def test_the_contents_give_the_page_each_card_starts_on(rendered, tmp_path):
    pdf, pages = rendered["fr"]
    contents = page_text(pdf, tmp_path, 2)
    plan = Plan.objects.get(slug=SLUG)
    for number in (1, 12, 24):
        title = Commitment.objects.get(plan=plan, number=number).title_fr
        listed = re.search(rf"{number}\. {re.escape(title)}[ .]*?(\d+)(?!\d)", contents)
        assert listed, (number, contents)
        page = int(listed[1])
        assert 2 < page <= pages
        assert f"Engagement {number} : {title}" in page_text(pdf, tmp_path, page).replace("\u00a0", " ")


def test_the_figures_and_the_funnel_come_from_the_ideas(rendered, tmp_path):
    pdf, _pages = rendered["en"]
    text = pdf_text(pdf, tmp_path)

    # Participants (232 online, 572 in workshops, 804), then the annexes:
    # ideas collected, accepted, integrated, and the institutions.
    figures = ["Participation", "804", "232", "572"]
    in_order(text, [*figures, "What became of the ideas", "143", "77", "The institutions"])


# From factories: what the document reads, and in how many queries.


def plan_with(count: int) -> Plan:
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    association = AssociationFactory()
    for _number in range(count):
        card = CommitmentFactory(theme=theme, plan=plan)
        card.involved_institutions.add(InstitutionFactory())
        card.partner_associations.add(association)
        Milestone.objects.create(
            commitment=card,
            description="Étape",
            responsible_institution=InstitutionFactory(),
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 6, 30),
        )
        Indicator.objects.create(commitment=card, name="Indicateur", baseline_value=0, target_value=10)
    CommitmentFactory(theme=theme, plan=plan, status=Commitment.Status.DRAFT)
    return plan


def queries(plan: Plan) -> int:
    with translation.override("fr"), CaptureQueriesContext(connection) as captured:
        built = context(plan, None)
    assert len(built["commitments"]) == Commitment.objects.public().filter(plan=plan).count()
    return len(captured)


def test_the_context_reads_as_many_queries_for_ten_cards_as_for_two(django_assert_max_num_queries):
    few, many = plan_with(2), plan_with(10)

    assert queries(many) == queries(few)
    with django_assert_max_num_queries(20):
        context(many, None)


def test_the_context_holds_only_public_cards_with_their_rows():
    plan = plan_with(2)
    with translation.override("fr"):
        built = context(plan, None)

    assert [card.status for card in built["commitments"]] == [Commitment.Status.PROPOSED] * 2
    # Each card's lead and the institutions it involves or makes responsible.
    assert len(built["institutions"]) == 6
    assert all(row["leads"] or row["involved"] for row in built["institutions"])
    assert [annex["anchor"] for annex in built["annexes"]] == ["annex-ideas"]
    assert "Participants" in built["figures"]


def test_the_document_follows_the_plan_its_cards_its_ideas_and_workshops():
    plan = PlanFactory(start_year=2021, end_year=2023)
    draft = PlanFactory(status=Plan.Status.DRAFT)

    assert ACTION_PLAN.generations(plan) == [
        "plans",
        COMMITMENTS.name(plan.pk),
        IDEAS.name(plan.pk),
        WORKSHOPS.name(plan.pk),
    ]
    assert [ACTION_PLAN.file_name(plan, language, None) for language in ("ar", "fr", "en")] == [
        "action-plan-2021-2023-ar",
        "plan-action-2021-2023-fr",
        "action-plan-2021-2023-en",
    ]
    # Anyone downloads a public plan's; nobody a draft plan's.
    assert ACTION_PLAN.can_view(AnonymousUser(), plan)
    assert not ACTION_PLAN.can_view(AnonymousUser(), draft)


def test_the_timeline_runs_from_the_right_in_arabic():
    phases = [
        Phase(kind="themes", start=date(2021, 1, 1), end=date(2021, 3, 31)),
        Phase(kind="collection", start=date(2021, 10, 1), end=date(2022, 3, 31)),
    ]
    _timeline(phases, rtl=False)
    ltr = [float(phase.bar["x"]) for phase in phases]
    _timeline(phases, rtl=True)
    rtl = [float(phase.bar["x"]) for phase in phases]

    # Two years drawn: the first phase starts at the start side of each.
    assert ltr[0] == 0 and ltr[0] < ltr[1]
    assert rtl[0] > rtl[1]
    assert rtl[0] + float(phases[0].bar["width"]) == pytest.approx(100, abs=0.01)
