"""The progress report at a date: the plan's figures as they stood at the end
of that day (what the dashboard showed then), today's equal to today's
dashboard; an update validated since changes today's report and not the
past one, one never validated changes neither; overdue milestones then;
civil society's assessment beside the official figure; drafts never; the
dates offered; the demo's report in ar, fr, en read in logical order."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from commitments import lifecycle
from commitments.models import Assessment, Commitment, Milestone
from commitments.progress_report import PROGRESS_REPORT, dates
from commitments.views import _dashboard_context
from core.documents import render
from core.pdf import Rendered
from demo.builders.commitments import CARD_PROPOSED_ON
from plans.models import Plan
from tests.conftest import built_once
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
)
from tests.pdf import pdf_accessibility, pdf_fonts, pdf_text

# The module's database is a copy of the demo (its last tests read it), so
# the demo comes before the plan built once below.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded")]
S = Milestone.Status
C = Commitment.Status
D = date(2025, 6, 30)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def report(plan, language: str, day: date | None, tmp_path) -> str:
    return pdf_text(render(PROGRESS_REPORT, plan, language, day).pdf, tmp_path)


# The reports of the plans built once for the module, as they were built.
_rendered: dict[tuple, Rendered] = {}


def rendered_pdf(plan, language: str, day: date | None) -> Rendered:
    if (plan.pk, language, day) not in _rendered:
        _rendered[plan.pk, language, day] = render(PROGRESS_REPORT, plan, language, day)
    return _rendered[plan.pk, language, day]


def rendered(plan, language: str, day: date | None, tmp_path) -> str:
    return pdf_text(rendered_pdf(plan, language, day).pdf, tmp_path)


def figures(context: dict, cards, overdue: int) -> dict:
    """The figures a page or a report shows, side by side comparable."""
    return {
        "overall": context["overall"],
        "commitments": {row["number"]: row["percent"] for row in cards},
        "themes": sorted((row["label"], row["count"], row["percent"]) for row in context["themes"]),
        "institutions": [
            (row["label"], row["count"], row["milestones"], row["percent"]) for row in context["institutions"]
        ],
        "comparison": [(row["label"], row["official"], row["assessed"]) for row in context["comparison"]],
        "overdue": overdue,
    }


def figures_of_report(plan, day: date | None) -> dict:
    with translation.override("fr"):
        context = PROGRESS_REPORT.context(plan, day)
    return figures(context, context["commitments"], len(context["overdue"]))


def figures_of_dashboard(plan) -> dict:
    with translation.override("fr"):
        context = _dashboard_context(plan, "1")
    return figures(context, context["glance_page"], context["overdue_count"])


def report_progress(milestone, status, completion, text, *, validated=True):
    update = lifecycle.submit_update(
        milestone, by=UserFactory(), status=status, completion=completion, text=text
    )
    if validated:
        lifecycle.validate(update, by=UserFactory())
    return update


def assess(card, rating, text):
    assessment = Assessment(commitment=card, association=AssociationFactory(), rating=rating, text=text)
    return lifecycle.file_assessment(assessment, by=UserFactory())


@built_once
def plan():
    """A plan of 2025–2026 whose implementation went on after 30 June 2025 (D)."""
    plan = PlanFactory(start_year=2025, end_year=2026, status=Plan.Status.ADOPTED)
    with time_machine.travel(at(date(2025, 3, 10))):
        other = InstitutionFactory(name_fr="Agence du numérique")
        first = CommitmentFactory(
            theme=ThemeFactory(plan=plan),
            number=1,
            status=C.IN_IMPLEMENTATION,
            title_fr="Budget ouvert",
            lead_institution=InstitutionFactory(name_fr="Ministère des Finances"),
        )
        second = CommitmentFactory(
            theme=ThemeFactory(plan=plan),
            number=2,
            status=C.IN_IMPLEMENTATION,
            title_fr="Données ouvertes",
            lead_institution=InstitutionFactory(name_fr="Ministère du Numérique"),
        )
        m1 = Milestone.objects.create(
            commitment=first, description_fr="Diagnostic", ends_on=date(2025, 4, 30)
        )
        m2 = Milestone.objects.create(
            commitment=first,
            description_fr="Consultation des associations",
            responsible_institution=other,
            ends_on=date(2025, 5, 31),
        )
        m3 = Milestone.objects.create(
            commitment=first, description_fr="Publication", ends_on=date(2025, 9, 30)
        )
        m4 = Milestone.objects.create(commitment=second, description_fr="Portail", weight=3)
        Milestone.objects.create(commitment=second, description_fr="Abandonné", status=S.CANCELLED)
        report_progress(m1, S.IN_PROGRESS, 50, "Diagnostic à mi-parcours.")
        report_progress(m2, S.IN_PROGRESS, 30, "Première réunion tenue.")
        report_progress(m4, S.IN_PROGRESS, 40, "Portail en recette.")
    with time_machine.travel(at(date(2025, 5, 1))):
        assess(first, "limited", "Peu de progrès visibles.")
    # What its dashboard showed at the end of D.
    with time_machine.travel(at(D, 23)):
        plan.dashboard_on_d = figures_of_dashboard(plan)
    with time_machine.travel(at(date(2025, 7, 15))):
        report_progress(m1, S.DONE, 100, "Diagnostic publié après la date.")
        report_progress(m2, S.DONE, 100, "Consultation close après la date.")
        report_progress(m3, S.IN_PROGRESS, 80, "Rapport jamais validé.", validated=False)
        returned = report_progress(m4, S.DONE, 100, "Rapport renvoyé.", validated=False)
        lifecycle.return_update(returned, by=UserFactory(), reason="Sans preuve.")
        assess(second, "substantial", "Le portail avance bien.")
        CommitmentFactory(theme=first.theme, number=3, status=C.PROPOSED, title_fr="Proposé après la date")
    return plan


def test_the_report_at_a_past_date_is_what_the_dashboard_showed_that_day(plan, tmp_path):
    then, now = plan.dashboard_on_d, figures_of_dashboard(plan)
    # The update validated since changed the figures (otherwise this proves nothing).
    assert then["commitments"] == {1: 26, 2: 40} and now["commitments"] == {1: 66, 2: 40, 3: None}
    assert figures_of_report(plan, D) == then
    # Today's report is today's dashboard, whether asked for today or for no date.
    assert figures_of_report(plan, None) == now
    assert figures_of_report(plan, timezone.localdate()) == now
    assert figures_of_report(plan, date(2099, 1, 1)) == now

    # What a reader sees (pdftotext reads a table column by column).
    past, today = rendered(plan, "fr", D, tmp_path), rendered(plan, "fr", None, tmp_path)
    assert "30 juin 2025" in past
    assert "Avancement global: 33 % · limité" in past and "Avancement global: 35 % · limité" in today
    assert "26 % · limité" in past and "66 % · substantiel" not in past
    assert "66 % · substantiel" in today and "26 % · limité" not in today
    assert "Proposé après la date" not in past and "3. Proposé après la date" in today
    assert "Première réunion tenue." in past and "Consultation close après la date." not in past
    assert "Consultation close après la date." in today and "15 juillet 2025" in today
    # Never validated (waiting, or returned): in neither report, and their
    # milestones' figures did not move (Publication 0 %, Portail 40 %).
    assert "Rapport jamais validé" not in past + today and "Rapport renvoyé" not in past + today


def test_overdue_milestones_are_those_of_that_day(plan, tmp_path):
    past, today = rendered(plan, "fr", D, tmp_path), rendered(plan, "fr", None, tmp_path)
    # Diagnostic and Consultation were due before D and in progress on D,
    # done since; Publication, due 30 September 2025, is overdue today only.
    with translation.override("fr"):
        updates = translation.gettext("Last validated updates")
    overdue_then = past[past.index("2 jalons en retard") : past.index(updates)]
    assert "Diagnostic — 30 avril 2025 en cours · 50 %" in overdue_then
    assert "Consultation des associations Agence du numérique 31 mai 2025 en cours · 30 %" in overdue_then
    assert "Publication" not in overdue_then
    overdue_now = today[today.index("1 jalon en retard") : today.index(updates)]
    assert "Publication" in overdue_now and "30 septembre 2025" in overdue_now
    assert "Diagnostic" not in overdue_now and "Consultation" not in overdue_now


def test_civil_societys_assessment_beside_the_official_figure_as_of_that_day(plan, tmp_path):
    first, second = (
        Assessment.objects.filter(commitment__plan=plan).order_by("pk").select_related("association")
    )
    past, today = rendered(plan, "fr", D, tmp_path), rendered(plan, "fr", None, tmp_path)
    first_name, second_name = first.association.name_fr, second.association.name_fr
    assert f"1. Budget ouvert Ministère des Finances 26 % · limité {first_name} : limité" in past
    assert "2. Données ouvertes Ministère du Numérique 40 % · limité —" in past
    assert second_name not in past
    assert f"2. Données ouvertes Ministère du Numérique 40 % · limité {second_name} : substantiel" in today
    # Per level: official, then civil society's.
    assert "limité 2 1 substantiel 0 0" in past
    assert "limité 1 1 substantiel 1 1" in today


def test_a_draft_card_is_in_no_report_even_one_public_on_that_date(plan, tmp_path):
    with time_machine.travel(at(date(2025, 3, 10))):
        withdrawn = CommitmentFactory(
            theme=ThemeFactory(plan=plan), number=4, title_fr="Retourné en brouillon"
        )
        Milestone.objects.create(commitment=withdrawn, description_fr="Étude", completion=90)
        CommitmentFactory(theme=withdrawn.theme, number=5, status=C.DRAFT, title_fr="Brouillon secret")
    with time_machine.travel(at(date(2025, 8, 1))):
        lifecycle.move(withdrawn, C.DRAFT, by=UserFactory())
    past, today = report(plan, "fr", D, tmp_path), report(plan, "fr", None, tmp_path)
    for text in (past, today):
        assert "Retourné en brouillon" not in text and "Brouillon secret" not in text
    assert figures_of_report(plan, D)["commitments"] == {1: 26, 2: 40}


def test_the_dates_offered_are_the_past_half_year_ends():
    plan = Plan(start_year=2025, end_year=2027)
    with time_machine.travel(at(date(2026, 6, 30), 23)):
        # 30 June 2026 is not over yet.
        assert dates(plan) == [date(2025, 6, 30), date(2025, 12, 31)]
    with time_machine.travel(at(date(2026, 7, 1), 0)):
        assert dates(plan) == [date(2025, 6, 30), date(2025, 12, 31), date(2026, 6, 30)]
    with time_machine.travel(at(date(2030, 1, 1))):
        assert dates(plan)[-1] == date(2027, 12, 31) and len(dates(plan)) == 6
    with time_machine.travel(at(date(2025, 3, 1))):
        assert dates(plan) == []
    assert PROGRESS_REPORT.dates is dates


def test_file_names_are_readable_and_carry_the_date():
    plan = Plan(start_year=2021, end_year=2023)
    assert (
        PROGRESS_REPORT.file_name(plan, "fr", date(2022, 6, 30))
        == "rapport-avancement-2021-2023-2022-06-30-fr"
    )
    assert (
        PROGRESS_REPORT.file_name(plan, "ar", date(2022, 6, 30)) == "progress-report-2021-2023-2022-06-30-ar"
    )
    assert (
        PROGRESS_REPORT.file_name(plan, "en", date(2022, 12, 31)) == "progress-report-2021-2023-2022-12-31-en"
    )


def _queries(plan, day) -> int:
    with CaptureQueriesContext(connection) as queries, translation.override("fr"):
        PROGRESS_REPORT.context(plan, day)
    return len(queries)


def test_the_context_reads_as_many_queries_whatever_the_number_of_cards(plan):
    counts = {day: _queries(plan, day) for day in (D, None)}
    with time_machine.travel(at(date(2025, 3, 11))):
        for number in range(10, 18):
            card = CommitmentFactory(theme=ThemeFactory(plan=plan), number=number, status=C.ADOPTED)
            milestone = Milestone.objects.create(
                commitment=card, description_fr="Étape", ends_on=date(2025, 4, 1)
            )
            report_progress(milestone, S.IN_PROGRESS, 10, "En cours.")
            assess(card, "limited", "Lent.")
    assert {day: _queries(plan, day) for day in (D, None)} == counts


def demo_report(language: str, tmp_path) -> str:
    return rendered(Plan.objects.get(slug="nap2-2021-2023"), language, None, tmp_path)


def demo_pdf(language: str) -> bytes:
    return rendered_pdf(Plan.objects.get(slug="nap2-2021-2023"), language, None).pdf


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_demo_report_reads_in_order_in_each_language(language, tmp_path):
    plan = Plan.objects.get(slug="nap2-2021-2023")
    text = demo_report(language, tmp_path)
    with translation.override(language):
        context = PROGRESS_REPORT.context(plan, None)
        titles = [row["title"] for row in context["commitments"]]
        first_overdue = context["overdue"][0]
        due = formats.date_format(first_overdue["ends_on"], "j F Y")
    assert plan.title_ar in text if language == "ar" else plan.title_fr in text or plan.title_en in text
    assert len(titles) == 22 and all(titles)
    # Every counted commitment's title, in the commitments' order (spaces
    # left out: pdftotext splits some Arabic words, «الإدار ية»).
    letters = "".join(text.split())
    positions = [letters.index("".join(title.split())) for title in titles]
    assert positions == sorted(positions)
    # A milestone's due date as the language writes it (Moroccan months in Arabic).
    assert "".join(due.split()) in letters
    if language == "ar":
        assert "يناير" in due or "فبراير" in due or "ماي" in due or "يونيو" in due
        assert "2021-2023" in text and "2023-2021" not in text
    # Tagged, in its language, titled; every font embedded and subset.
    pdf = demo_pdf(language)
    accessibility = pdf_accessibility(pdf)
    assert accessibility["tagged"] and accessibility["lang"] == language
    assert accessibility["title"] == context["document_title"]
    assert getattr(plan, f"title_{language}") in accessibility["title"]
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts and all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts)
    # The completion bars grow from the start side: the right in Arabic.
    bar, percent = context["overall_bar"], context["overall"]
    assert bar == {"x": str(100 - percent) if language == "ar" else "0", "width": str(percent)}


def test_the_demo_reports_figures_are_the_dashboards(tmp_path):
    plan = Plan.objects.get(slug="nap2-2021-2023")
    dashboard = figures_of_dashboard(plan)
    assert figures_of_report(plan, None) == dashboard
    text = demo_report("fr", tmp_path)
    assert f"Avancement global: {dashboard['overall']} %" in text
    # Each card's line reads the dashboard's figure and level.
    with translation.override("fr"):
        lines = [
            f"{r['number']}. {r['title']} {r['lead_institution']} {r['percent']} % · {r['level_label']}"
            for r in _dashboard_context(plan, "1")["glance_page"]
        ]
    letters = "".join(text.split())
    assert len(lines) == 22 and all("".join(line.split()) in letters for line in lines)
    # At a past half-year's end, fewer milestones were done than today.
    then = figures_of_report(plan, date(2022, 6, 30))
    assert (
        then["overall"] < dashboard["overall"]
        and then["commitments"].keys() == dashboard["commitments"].keys()
    )
    # The day before its cards were proposed, none counts; once proposed, all
    # (the dashboard counts a proposed card, at 0 % until it has milestones).
    assert figures_of_report(plan, CARD_PROPOSED_ON - timedelta(days=1))["commitments"] == {}
    assert len(figures_of_report(plan, CARD_PROPOSED_ON)["commitments"]) == plan.commitments.count()
