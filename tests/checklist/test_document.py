"""The checklist as a published document (plans.documents, core.documents) in
Arabic, French and English, read back as a reader would (poppler): its
title, the plan, each standard and line with its state's word and the
figures read beside their labels, Arabic in logical order, tagged in its
language; listed on the plan's documents page; up to date after its own
render (which changes the repository it counts: no endless "being
prepared"), stale after a change of what it reads, and the next day."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from committee.models import Meeting
from core import documents, generations
from plans import checklist
from plans.documents import CHECKLIST
from plans.models import Plan
from tests.committee.factories import CommitteeFactory, MeetingFactory, MembershipFactory
from tests.conftest import built_once
from tests.documents.test_cocreation_report import lines, row_of, squeezed, translated
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory
from tests.pdf import in_order, pdf_accessibility, pdf_text

pytestmark = pytest.mark.django_db
LANGUAGES = ("ar", "fr", "en")
CASABLANCA = ZoneInfo("Africa/Casablanca")


def plan_with_a_committee() -> Plan:
    """The 2021–2023 plan of a member, its committee (two a side) last met
    on 15 March 2023 (not met as of 31 December 2023), three ideas online."""
    plan = PlanFactory(
        status=Plan.Status.ADOPTED,
        start_year=2021,
        end_year=2023,
        title_ar="الخطة الوطنية الثانية 2021-2023",
        title_fr="Deuxième plan national 2021-2023",
        title_en="Second national plan 2021-2023",
        phases={"collection": (date(2020, 10, 7), date(2020, 11, 3))},
        timeline_published_on=date(2020, 9, 15),
    )
    committee = CommitteeFactory(plan=plan, term_start=date(2021, 1, 1), term_end=date(2023, 12, 31))
    for side in ("public", "public", "civil", "civil"):
        MembershipFactory(committee=committee, side=side, person=None)
    MeetingFactory(committee=committee, starts_at=datetime(2023, 3, 15, 10, tzinfo=CASABLANCA))
    theme = ThemeFactory(plan=plan)
    for _ in range(3):
        IdeaFactory(theme=theme, status="integrated")
    return plan


@built_once
def rendered():
    plan = plan_with_a_committee()
    return plan, {language: documents.render(CHECKLIST, plan, language) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_reads_its_standards_lines_states_and_figures(rendered, language, tmp_path):
    plan, pdfs = rendered
    pdf = pdfs[language].pdf
    rows = lines(pdf, tmp_path)
    text = pdf_text(pdf, tmp_path)
    with translation.override(language):
        assessed = checklist.assess(plan)
        title, meetings, day = translated(
            language,
            "OGP compliance checklist",
            "Last meeting less than six months ago",
            "Space for dialogue",
        )
        states = {checked.line.key: checked for checked in assessed.results()}
        held_label = translation.gettext("Last meeting held on")
        last_day = date_format(date(2023, 12, 31), "j F Y")  # assessed as of the plan's last day
        not_met = str(checklist.State.NOT_MET.label)
    assert squeezed(title) in squeezed(text)
    assert squeezed(plan.title_ar if language == "ar" else getattr(plan, f"title_{language}")) in squeezed(
        text
    )
    in_order(text, [title, day, meetings], squash=True)
    # The meeting's line: not met, its word, and the day of the last meeting beside its label.
    meeting = states["committee.meetings"]
    assert meeting.result.state == checklist.State.NOT_MET
    assert squeezed(not_met) in squeezed(text)
    held = dict(meeting.result.figures)[held_label]
    row_of(rows, held_label, held.split()[-1])  # the year beside the label (pdftotext glues the day)
    # (pdftotext reads the Arabic comma after the date inside it: «31 دجنبر، 2023».)
    assert squeezed(last_day) in squeezed(text.replace("،", ""))


def test_the_arabic_pdf_reads_in_logical_order(rendered, tmp_path):
    plan, pdfs = rendered
    text = pdf_text(pdfs["ar"].pdf, tmp_path)
    # Moroccan month names, the plan's range not reversed.
    assert "مارس 2023" in text and "2021-2023" in text and "2023-2021" not in text
    in_order(text, [plan.title_ar], squash=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_is_tagged_in_its_language(rendered, language):
    plan, pdfs = rendered
    accessibility = pdf_accessibility(pdfs[language].pdf)
    assert accessibility["tagged"] and accessibility["lang"] == language
    with translation.override(language):
        assert str(CHECKLIST.title) in accessibility["title"]


def test_it_is_listed_on_the_plans_documents_page_in_each_language(client):
    plan = PlanFactory()
    html = client.get(reverse("plans:documents", args=[plan.slug])).content.decode()
    for language in LANGUAGES:
        assert reverse("plans:document", args=[plan.slug, CHECKLIST.kind, language]) in html
    assert CHECKLIST.file_name(plan, "fr", None) == f"conformite-ogp-{plan.period}-fr"


def test_its_own_render_leaves_it_up_to_date_and_a_change_makes_it_stale(client):
    plan = plan_with_a_committee()
    url = reverse("plans:document", args=[plan.slug, CHECKLIST.kind, "fr"])
    assert client.get(url).status_code == 302  # rendered at once (tasks in-process), then the file
    # Rendering it bumped the plan's rendered documents, which its repository line counts:
    # it does not read that generation, or it would never be up to date.
    assert documents.generation_of(plan) not in CHECKLIST.generations(plan)
    status = documents.ask(CHECKLIST, plan, "fr")
    assert status.fresh
    # A meeting held: stale, rendered again on the next request.
    MeetingFactory(
        committee=plan.committee,
        kind=Meeting.Kind.REVIEW,
        starts_at=datetime(2023, 6, 15, 10, tzinfo=CASABLANCA),
    )
    assert not documents.statuses(CHECKLIST, plan, [("fr", None)])[0].fresh
    # The next day too: a deadline may have passed at midnight.
    documents.ask(CHECKLIST, plan, "fr")
    assert generations.day() in CHECKLIST.generations(plan)
    tomorrow = generations.day(timezone.localdate() + timedelta(days=1))
    assert tomorrow not in CHECKLIST.generations(plan)
