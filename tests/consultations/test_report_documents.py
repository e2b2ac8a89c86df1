"""The consultation's PDFs (consultations.documents) and the co-creation
report's consultation table (consultations.slots): read back from the PDF
as a reader would, in Arabic, French and English — the figures from the
data beside their labels, Arabic in logical order, fonts embedded, tagged
in the document's language, "page X of Y"; the draft plan with the
commitments consulted on only, marked as a draft, asked for at opening and
standing once the consultation has closed."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from consultations.documents import DRAFT_PLAN, REPORT
from consultations.generations import CONSULTATIONS
from consultations.models import AnswerStatus, Consultation
from consultations.opening import open_one
from core import documents
from core.documents import render
from core.models import Rendition
from ideas.cocreation_report import COCREATION_REPORT
from tests.conftest import built_once
from tests.documents.test_cocreation_report import lines, squeezed, translated
from tests.factories import CommitmentFactory
from tests.pdf import in_order, pdf_accessibility, pdf_fonts, pdf_lines, pdf_pages, pdf_text

from .factories import CommentFactory, DraftPlanConsultationFactory, consultation_phases, open_draft_plan
from .reported import closed_consultation

pytestmark = pytest.mark.django_db
LANGUAGES = ("ar", "fr", "en")
# pdftotext splits some Arabic words, loses or doubles the lam of Amiri's
# ligatures, moves the short vowels and doubles a hamza's carrier («أُخذ»
# reads «أُأخذ»): compared without any of them.
LOOSE = re.compile("[\\s\u0644\u064b-\u0652\u0621-\u0626]")


def loose(text: str) -> str:
    return LOOSE.sub("", text)


def row_of(rows: list[str], label: str, *figures: str, start: int = 0) -> int:
    """The index of the first line from `start` with `label` and `figures` on it."""
    for index in range(start, len(rows)):
        if LOOSE.sub("", label) in LOOSE.sub("", rows[index]) and all(
            f in rows[index].split() for f in figures
        ):
            return index
    raise AssertionError(f"no line with {label!r} and {figures} in:\n" + "\n".join(rows))


@built_once
def rendered():
    """The closed consultation of reported.py and its report in each language."""
    cast = closed_consultation()
    cast.reports = {language: render(REPORT, cast.consultation, language) for language in LANGUAGES}
    return cast


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_reads_its_figures_beside_their_labels(rendered, language, tmp_path):
    rows = lines(rendered.reports[language].pdf, tmp_path)
    # The commitments consulted on, each with its comments and answers; then every comment.
    with translation.override(language):
        one, two = (card.title for card in (rendered.one, rendered.two))
    (caption, whole, every) = translated(
        language, "Comments per commitment", "The plan as a whole", "All comments"
    )
    table = row_of(rows, caption)
    found = [
        row_of(rows, one, "2", start=table),
        row_of(rows, two, "2", start=table),
        row_of(rows, whole, "1", "0", start=table),
        row_of(rows, every, "5", "4", start=table),
    ]
    assert found == sorted(found)
    # Each disposition with its count and share (of 5 comments, 1 each: 20 %).
    labels = translated(
        language,
        "taken into account",
        "partly taken into account",
        "not taken into account",
        "outside the plan's scope",
    )
    with translation.override(language):  # the answer's state, as the model names it (with its context)
        labels = [*labels, str(AnswerStatus.AWAITING.label)]
    (dispositions,) = translated(language, "How the comments were taken into account")
    start = row_of(rows, dispositions)
    places = [row_of(rows, label[:1].upper() + label[1:], "1", "20%", start=start) for label in labels]
    assert places == sorted(places)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_report_says_the_duration_the_answer_times_and_what_changed(rendered, language, tmp_path):
    text = pdf_text(rendered.reports[language].pdf, tmp_path)
    rows = lines(rendered.reports[language].pdf, tmp_path)
    median, longest, late, overdue = translated(
        language,
        "Days from a comment to its answer: median",
        "Days from a comment to its answer: longest",
        "Answered after the due date",
        "Still awaiting an answer after the due date",
    )
    row_of(rows, median, "5")
    row_of(rows, longest, "47")
    row_of(rows, late, "1")
    row_of(rows, overdue, "1")
    assert " 28 " in text  # days open
    # Commitment one as consulted on, and as adopted: its own history.
    with translation.override(language):
        adopted = rendered.one.title
    consulted = {"fr": "Budget ouvert", "en": "Open budget"}[language]
    in_order(text, [f"{consulted} → {adopted}"])
    assert "hors charte" not in text.lower()


def test_the_arabic_report_reads_in_logical_order_with_its_names(rendered, tmp_path):
    text = pdf_text(rendered.reports["ar"].pdf, tmp_path)
    with translation.override("ar"):
        names = [rendered.consultation.title, rendered.one.title, rendered.two.title]
    in_order(text, names, squash=True)
    with translation.override("ar"):
        arrow = translation.gettext("→")
    assert squeezed(f"الميزانية المفتوحة {arrow} الميزانية المفتوحة والمواطنة") in squeezed(text)
    # The plan's period and a share read in their order, not reversed.
    assert "20%" in text and "%20" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_is_tagged_in_its_language_with_its_fonts_embedded(rendered, language, tmp_path):
    pdf = rendered.reports[language].pdf
    accessibility = pdf_accessibility(pdf)
    assert accessibility["tagged"] and accessibility["lang"] == language
    with translation.override(language):
        assert accessibility["title"] == f"{REPORT.title} — {rendered.consultation.title}"
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts and all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts)
    pages = pdf_pages(pdf, tmp_path)
    with translation.override(language):
        counter = translation.gettext("page %(page)s of %(pages)s") % {"page": pages, "pages": pages}
    # As the eye reads the foot of the last page (pdftotext's order of a
    # line depends on the language of the page around it).
    foot = pdf_lines(pdf, tmp_path, pages, right_to_left=language == "ar")
    assert any(squeezed(counter) in squeezed(line) for line in foot), foot


def test_the_reports_file_names_and_generations(rendered):
    period = rendered.plan.period
    assert [REPORT.file_name(rendered.consultation, language) for language in LANGUAGES] == [
        f"consultation-report-{period}-ar",
        f"rapport-consultation-{period}-fr",
        f"consultation-report-{period}-en",
    ]
    assert CONSULTATIONS.name(rendered.plan.pk) in REPORT.generations(rendered.consultation)


# The draft plan.


def draft_cast():
    """An open draft plan consultation on two cards, a third proposed after it opened."""
    cast = open_draft_plan()
    cast.plan.title_ar, cast.plan.title_fr = "خطة العمل الوطنية", "Plan d'action national"
    cast.plan.save()
    for card, ar, fr in [
        (cast.one, "الحق في الحصول على المعلومات", "Accès à l'information"),
        (cast.two, "الميزانية التشاركية", "Budget participatif"),
    ]:
        card.title_ar, card.title_fr = ar, fr
        card.save()
    cast.draft.title_fr = cast.draft.title_ar = "Carte encore en brouillon"
    cast.draft.save()
    cast.later = CommitmentFactory(theme=cast.one.theme, title_fr="Engagement proposé plus tard")
    return cast


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_draft_plan_lays_out_the_commitments_consulted_on_marked_as_a_draft(language, tmp_path):
    cast = draft_cast()
    pdf = render(DRAFT_PLAN, cast.consultation, language).pdf
    text = pdf_text(pdf, tmp_path)
    with translation.override(language):
        mark = translation.gettext("Draft for public consultation")
        titles = [card.title for card in (cast.one, cast.two)]
        plan_title = cast.plan.title
    # The cover: the plan, marked; then every card consulted on, in the contents and on its page.
    in_order(text, [plan_title, mark, *titles, *titles], squash=language == "ar")
    assert "Engagement proposé plus tard" not in text
    assert cast.draft.title_fr not in text
    # Marked at the top of the pages after the cover too.
    assert squeezed(mark) in squeezed(pdf_text(pdf, tmp_path, page=3))
    accessibility = pdf_accessibility(pdf)
    assert accessibility["tagged"] and accessibility["lang"] == language


def test_the_draft_is_asked_for_in_each_language_when_the_consultation_opens(
    django_capture_on_commit_callbacks,
):
    consultation = DraftPlanConsultationFactory(plan__phases=consultation_phases())
    CommitmentFactory(theme__plan=consultation.plan)
    with django_capture_on_commit_callbacks(execute=True):
        assert open_one(consultation)
    rows = Rendition.objects.filter(kind="draft-plan", subject_id=consultation.pk)
    assert sorted(row.language for row in rows if row.file) == ["ar", "en", "fr"]


def test_a_comment_leaves_the_draft_alone_an_edit_renders_it_again_until_it_closes():
    cast = draft_cast()
    status = documents.ask(DRAFT_PLAN, cast.consultation, "fr")
    first = status.row.file.name
    CommentFactory(consultation=cast.consultation, commitment=cast.one)
    assert documents.ask(DRAFT_PLAN, cast.consultation, "fr").row.file.name == first
    cast.one.title_fr = "Titre corrigé pendant la consultation"
    cast.one.save()
    second = documents.ask(DRAFT_PLAN, cast.consultation, "fr").row.file.name
    assert second != first
    # Closed: the draft as consulted on stands, whatever the adopted card says.
    yesterday = timezone.localdate() - timedelta(days=1)
    cast.plan.phases.filter(kind="consultation").update(end=yesterday)
    closed = (
        Consultation.objects.select_related("plan")
        .prefetch_related("plan__phases")
        .get(pk=cast.consultation.pk)
    )
    assert closed.state() == "closed"
    cast.one.title_fr = "Titre adopté"
    cast.one.save()
    kept = documents.ask(DRAFT_PLAN, closed, "fr")
    assert kept.fresh and kept.row.file.name == second
    # A language never rendered is rendered, from today's data.
    assert documents.ask(DRAFT_PLAN, closed, "en").row.file.name not in (first, second)


# The co-creation report's table.


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_cocreation_report_gains_the_consultations_table(rendered, language, tmp_path):
    pdf = render(COCREATION_REPORT, rendered.plan, language).pdf
    rows = lines(pdf, tmp_path)
    heading, comments, participants, answered = translated(
        language, "Public consultation", "Comments", "Participants", "Comments answered"
    )
    start = row_of(rows, heading)
    found = [
        row_of(rows, comments, "5", start=start),
        row_of(rows, participants, "3", start=start),
        row_of(rows, answered, "4", "80%", start=start),
    ]
    assert found == sorted(found)
    (taken,) = translated(language, "taken into account")
    row_of(rows, taken[:1].upper() + taken[1:], "1", "20%", start=start)


def test_the_cocreation_report_follows_the_consultations_and_shows_none_before_one_opens(tmp_path):
    cast = open_draft_plan(opens=5)
    assert CONSULTATIONS.name(cast.plan.pk) in COCREATION_REPORT.generations(cast.plan)
    text = pdf_text(render(COCREATION_REPORT, cast.plan, "en").pdf, tmp_path)
    assert "Comments answered" not in text


def test_render_document_renders_a_consultations_document_by_its_id(rendered, tmp_path):
    out = io.StringIO()
    target = tmp_path / "report.pdf"
    call_command(
        "render_document", "consultation-report", "--id", str(rendered.consultation.pk), "--lang", "fr",
        "--out", str(target), "--no-store", stdout=out,
    )  # fmt: skip
    assert out.getvalue().startswith(f"consultation-report #{rendered.consultation.pk} fr: ")
    assert target.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="--id"):
        call_command("render_document", "consultation-report", "--plan", rendered.plan.slug, "--lang", "fr")
    with pytest.raises(CommandError, match="--plan"):
        call_command("render_document", "action-plan", "--id", str(rendered.plan.pk), "--lang", "fr")
    with pytest.raises(CommandError, match="No consultations.Consultation"):
        call_command("render_document", "draft-plan", "--id", "999999", "--lang", "fr")
