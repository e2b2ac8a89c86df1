"""The co-creation report (ideas.cocreation_report): on the demo data, the
figures of Morocco's 2021–2023 co-creation report read back from the PDF in
Arabic, French and English, each beside its label; the statistics' figures,
nothing else."""

import re
import subprocess

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from core import moderation
from core.documents import render
from ideas.cocreation_report import COCREATION_REPORT
from ideas.generations import IDEAS
from ideas.statistics import plan_statistics
from plans.models import Plan
from tests.conftest import built_once
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, WorkshopFactory
from tests.pdf import pdf_accessibility, pdf_fonts, pdf_text
from workshops.generations import WORKSHOPS

pytestmark = pytest.mark.django_db

LANGUAGES = ("ar", "fr", "en")
MARKS = re.compile("[\u202a-\u202e\u200e\u200f]")


@built_once
def reports(loaded):
    """The demo plan's report in each language, rendered once for the module."""
    plan = Plan.objects.get(slug="nap2-2021-2023")
    return {language: render(COCREATION_REPORT, plan, language) for language in LANGUAGES}


def lines(pdf: bytes, tmp_path) -> list[str]:
    """The PDF's text line by line as laid out on the page: a table's row on
    one line, its cells in visual order (the figure left of its label in Arabic)."""
    path = tmp_path / "layout.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    )
    return MARKS.sub("", out.stdout.decode("utf-8")).splitlines()


def squeezed(text: str) -> str:
    # pdftotext splits some Arabic words of the Amiri font and loses or
    # doubles the lam of its lam ligatures (التعليق → التع يق): compared
    # without spaces and lams, a label still reads as a whole.
    return re.sub(r"[\sل]", "", text)


def row_of(rows: list[str], label: str, *figures: str, start: int = 0) -> int:
    """The index of the first line from `start` with `label` and `figures` on it."""
    for index in range(start, len(rows)):
        if squeezed(label) in squeezed(rows[index]) and all(f in rows[index].split() for f in figures):
            return index
    raise AssertionError(f"no line with {label!r} and {figures} in:\n" + "\n".join(rows))


def translated(language: str, *msgids: str) -> list[str]:
    with translation.override(language):
        return [translation.gettext(msgid) for msgid in msgids]


PARTICIPANTS = [
    ("Online participants", "232"),
    ("of whom proposed an idea", "179"),
    ("of whom supported or commented an idea", "53"),
    ("Workshop participants", "572"),
    ("All participants", "804"),
]
# The screening funnel's table: stage, ideas, share of the ideas collected.
FUNNEL = [
    ("Ideas collected", "232", "100%"),
    ("Accepted at screening", "143", "62%"),
    ("Not accepted", "89", "38%"),
    ("Integrated into a commitment", "77", "33%"),
    ("Accepted but not integrated", "66", "28%"),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_participants_read_beside_their_labels_in_order(reports, language, tmp_path):
    rows = lines(reports[language].pdf, tmp_path)
    found = [
        row_of(rows, label, figure)
        for (label, figure) in zip(
            translated(language, *(msgid for msgid, _ in PARTICIPANTS)),
            (figure for _, figure in PARTICIPANTS),
            strict=True,
        )
    ]
    assert found == sorted(found) and len(set(found)) == len(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_funnel_table_lists_its_stages_in_order_with_their_shares(reports, language, tmp_path):
    rows = lines(reports[language].pdf, tmp_path)
    (caption,) = translated(language, "Screening funnel")
    table = row_of(rows, caption)
    found = [
        row_of(rows, label, *figures, start=table)
        for label, figures in zip(
            translated(language, *(stage for stage, *_ in FUNNEL)),
            ((ideas, share) for _, ideas, share in FUNNEL),
            strict=True,
        )
    ]
    assert found == sorted(found) and len(set(found)) == len(found)
    # Then what came of it: the proposed commitments and the institutions.
    commitments, institutions = translated(language, "Proposed commitments", "Institutions involved")
    assert row_of(rows, commitments, "24", start=found[-1]) < row_of(
        rows, institutions, "11", start=found[-1]
    )


def test_the_workshops_and_the_themes_read_as_in_the_published_report(reports, tmp_path):
    text = pdf_text(reports["fr"].pdf, tmp_path)
    # The first workshop: its date, title, organiser, institutions, registered, attended, ideas.
    assert re.search(
        r"9 octobre 2020 Atelier thématique : Démocratie participative\* Espace Associatif "
        r"Ministère de l'Intérieur / Direction générale des collectivités territoriales · .*? 229 87 5 ",
        text,
    )
    # The totals: registered, attended (the 572 participants), ideas.
    row_of(lines(reports["fr"].pdf, tmp_path), "Tous les ateliers", "3100", "572", "53")
    # Ideas by theme and source: the 179 online and 53 in workshops of the report.
    assert "2 Égalité entre les sexes 52 2 54" in text
    assert "Tous les axes 179 53 232" in text
    english = pdf_text(reports["en"].pdf, tmp_path)
    # A name without its English form reads as written in Arabic (the project's fallback), in its place.
    assert (
        "9 October 2020 Thematic workshop: Participatory democracy* الفضاء الجمعوي Ministry of the Interior"
        in english
    )


def test_the_arabic_report_reads_right_to_left_with_its_names_and_dates(reports, tmp_path):
    text = pdf_text(reports["ar"].pdf, tmp_path)
    for words in ("تقرير الإعداد المشترك", "الفضاء الجمعوي", "أكتوبر 2020", "الديمقراطية التشاركية"):
        assert squeezed(words) in squeezed(text)
    # The plan's period reads 2021-2023, not reversed.
    assert "2021-2023" in text and "2023-2021" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_is_embedded_and_the_pdf_tagged_in_its_language(reports, language, tmp_path):
    fonts = pdf_fonts(reports[language].pdf, tmp_path)
    assert fonts and all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts)
    accessibility = pdf_accessibility(reports[language].pdf)
    assert accessibility["tagged"] and accessibility["lang"] == language
    with translation.override(language):
        assert accessibility["title"] == str(COCREATION_REPORT.title)


def chart(plan: Plan, language: str) -> str:
    with translation.override(language):
        return render_to_string(COCREATION_REPORT.template, COCREATION_REPORT.context(plan, None))


def test_the_funnel_is_drawn_as_svg_bars_mirrored_in_arabic(reports):
    plan = Plan.objects.get(slug="nap2-2021-2023")
    # 143 of 232 ideas accepted: the bar spans 143/232 of 85 % of the width,
    # from the left in French, from the right in Arabic.
    width = f"{100 * 0.85 * 143 / 232:.2f}"
    assert f'<rect class="bar accepted" x="0%" y="2" width="{width}%"' in chart(plan, "fr")
    assert f'<rect class="bar accepted" x="{100 - float(width):.2f}%" y="2" width="{width}%"' in chart(
        plan, "ar"
    )


def test_it_follows_the_plan_its_ideas_workshops_and_commitments():
    plan = Plan.objects.get(slug="nap2-2021-2023")
    names = COCREATION_REPORT.generations(plan)
    assert {"plans", IDEAS.name(plan.pk), WORKSHOPS.name(plan.pk)} <= set(names)


def test_its_file_names_are_readable_and_language_specific():
    plan = Plan.objects.get(slug="nap2-2021-2023")
    assert [COCREATION_REPORT.file_name(plan, language, None) for language in LANGUAGES] == [
        "cocreation-report-2021-2023-ar",
        "rapport-co-creation-2021-2023-fr",
        "cocreation-report-2021-2023-en",
    ]


def test_a_hidden_idea_is_not_shown_and_counts_as_the_statistics_count_it(staff, tmp_path):
    plan = PlanFactory(slug="report-test", start_year=2024, end_year=2026)
    theme = ThemeFactory(plan=plan, number=1, name_fr="Axe unique")
    WorkshopFactory(theme=theme, title_fr="Atelier sans idées", attended_count=12)
    IdeaFactory.create_batch(2, theme=theme)
    hidden = IdeaFactory(theme=theme, title="Un titre que la modération a masqué")
    moderation.hide(hidden, by=staff, reason="Spam")

    text = pdf_text(render(COCREATION_REPORT, plan, "fr").pdf, tmp_path)
    assert "Un titre que la modération" not in text
    # The statistics page's figures: the hidden idea was collected (its note says so).
    stats = plan_statistics(plan)
    assert stats["funnel"]["collected"] == 3 and stats["participants"]["online"] == 3
    assert "Participants en ligne 3 " in text and "Participants aux ateliers 12 " in text
    assert "Idées recueillies 3 100%" in text
