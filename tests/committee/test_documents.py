"""A meeting's agenda and minutes as PDFs (committee.documents), from the
demo's meeting of 2021-02-27 rendered once in Arabic, French and English:
what a reader finds in them, in order; and through their address, what
anyone may download, under which name, and that only an edit renders them
again."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst

from committee.documents import AGENDA, MINUTES
from committee.models import AgendaItem, Attendance, Decision, Meeting, Membership, Side
from core.documents import render
from core.models import Rendition
from tests.conftest import built_once
from tests.pdf import in_order, pdf_accessibility, pdf_fonts, pdf_pages, pdf_text, squashed
from tests.published import download

pytestmark = pytest.mark.django_db

LANGUAGES = ("ar", "fr", "en")
DAY = date(2021, 2, 27)


def meeting_of(day: date) -> Meeting:
    return Meeting.objects.get(committee__plan__slug="nap2-2021-2023", starts_at__date=day)


@built_once
def rendered(loaded):
    """The demo, and its meeting of 2021-02-27's agenda and minutes in each
    language: {(kind, language): (pdf, pages)}."""
    meeting = meeting_of(DAY)
    return {
        (document.kind, language): render(document, meeting, language)
        for document in (AGENDA, MINUTES)
        for language in LANGUAGES
    }


def heading(kind: str) -> str:
    day = date_format(DAY, "j F Y")
    if kind == "agenda":
        return translation.gettext("Agenda of the meeting of %(date)s") % {"date": day}
    return translation.gettext("Minutes of the meeting of %(date)s") % {"date": day}


def unmarked(text: str) -> str:
    """Without the Arabic vowel marks (shadda, kasra…)."""
    return re.sub("[\u064b-\u0652]", "", text)


def before_figures(text: str) -> str:
    """A text's words before its first figure or comma: pdftotext moves the
    punctuation around a number inside Arabic («أبريل ،2021»)."""
    for index, char in enumerate(text):
        if char.isdigit() or char in "،,":
            return text[:index]
    return text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_agenda_reads_the_meeting_then_its_numbered_items_in_order(rendered, language, tmp_path):
    pdf, _pages = rendered["agenda", language]
    text = pdf_text(pdf, tmp_path)
    meeting = meeting_of(DAY)
    items = list(meeting.agenda_items.order_by("number"))
    assert [item.number for item in items] == [1, 2, 3]
    with translation.override(language):
        parts = [
            heading("agenda"),
            meeting.committee.plan.title,
            meeting.chair.name,
            translation.gettext("Agenda"),
        ]
        for item in items:
            parts += [f"{item.number}", item.title, before_figures(item.description)]
    in_order(text, parts, squash=language == "ar")
    # The minutes are not in it: the agenda goes out before the meeting.
    assert squashed(meeting_of(DAY).meeting_decisions.get(number=2).text) not in squashed(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_minutes_read_the_attendance_by_side_the_agenda_and_a_votes_counts_and_outcome(
    rendered, language, tmp_path
):
    pdf, _pages = rendered["minutes", language]
    text = pdf_text(pdf, tmp_path)
    meeting = meeting_of(DAY)
    rows = Attendance.objects.filter(meeting=meeting).select_related("member")
    chair = Membership.Role.CHAIR
    with translation.override(language):
        parts = [heading("minutes"), translation.gettext("Attendance")]
        for side in (Side.PUBLIC, Side.CIVIL):
            names = sorted(
                (row.member.role != chair, row.member.name) for row in rows if row.member.side == side
            )
            parts += [capfirst(str(side.label)), *(name for _chair, name in names)]
        absent = rows.get(member__name="Salma Kettani").get_presence_display()
        vote = meeting.meeting_decisions.get(number=2)
        parts += [
            translation.gettext("Agenda"),
            *(item.title for item in meeting.agenda_items.order_by("number")),
            translation.gettext("Decisions"),
            before_figures(vote.text),
            # Public administration, then civil society: for, against,
            # abstentions, members present, votes for needed.
            capfirst(str(Side.PUBLIC.label)),
            "4 0 1 5 3",
            capfirst(str(Side.CIVIL.label)),
            "3 1 0 4 3",
            translation.gettext("Adopted"),
            capfirst(str(Decision.Base.PRESENT.label)),
        ]
    # pdftotext cuts some Arabic words (Amiri's glyph runs), Arabic names in
    # French too, and gives a letter's marks in another order: the letters
    # are compared, in their order.
    text = unmarked(text)
    in_order(text, [unmarked(part) for part in parts], squash=True)
    # The member absent without a justification, said on her row.
    in_order(text, ["Salma Kettani", unmarked(absent)], squash=True)
    # Guests are published by organisation, never by name (word by word: a
    # Latin name wrapped inside an Arabic line comes out of pdftotext in
    # pieces, each in place).
    for organisation in ("Instance nationale de la probité", "Ministère de la Justice"):
        assert all(word in text for word in organisation.split()), organisation
    assert "Karima" not in text and "Berrechid" not in text


def test_the_last_page_says_its_number_out_of_the_pages(rendered, tmp_path):
    for (kind, language), (pdf, pages) in rendered.items():
        assert pdf_pages(pdf, tmp_path) == pages
        with translation.override(language):
            counter = translation.gettext("page %(page)s of %(pages)s") % {"page": pages, "pages": pages}
        assert squashed(counter) in squashed(pdf_text(pdf, tmp_path, page=pages)), (kind, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdfs_are_tagged_in_their_language_with_their_title_and_fonts_embedded(
    rendered, language, tmp_path
):
    for kind in ("agenda", "minutes"):
        pdf, _pages = rendered[kind, language]
        accessibility = pdf_accessibility(pdf)
        assert accessibility["tagged"] and accessibility["lang"] == language
        with translation.override(language):
            assert accessibility["title"] == heading(kind)
        assert accessibility["display_doc_title"]
        fonts = pdf_fonts(pdf, tmp_path)
        assert fonts and all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts)


# Through their address: who gets them, under which name, and when they are
# rendered again.


def url(meeting: Meeting, kind: str, doc_lang: str) -> str:
    with translation.override("fr"):
        return reverse(
            "committee:meeting_document", kwargs={"pk": meeting.pk, "kind": kind, "doc_lang": doc_lang}
        )


@pytest.mark.parametrize(
    ("kind", "language", "name"),
    [
        ("agenda", "fr", "ordre-du-jour-2021-02-27-fr.pdf"),
        ("agenda", "ar", "agenda-2021-02-27-ar.pdf"),
        ("minutes", "fr", "proces-verbal-2021-02-27-fr.pdf"),
        ("minutes", "en", "minutes-2021-02-27-en.pdf"),
    ],
)
def test_anyone_downloads_a_published_meetings_documents_under_a_readable_name(
    rendered, client, kind, language, name, tmp_path
):
    response = download(client, url(meeting_of(DAY), kind, language))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{name}"'
    assert pdf_accessibility(response.content)["lang"] == language


def test_the_upcoming_meetings_agenda_is_out_and_its_minutes_are_not(rendered, client):
    upcoming = Meeting.objects.get(committee__plan__slug="nap3-illustrative")
    assert upcoming.starts_at > timezone.now() and upcoming.convened_at is not None
    assert download(client, url(upcoming, "agenda", "ar")).status_code == 200
    assert client.get(url(upcoming, "minutes", "ar")).status_code == 404


def test_a_meeting_not_convened_has_no_agenda_and_unknown_documents_are_a_404(rendered, client):
    published = meeting_of(DAY)
    planned = Meeting.objects.create(
        committee=published.committee, starts_at=timezone.now() + timedelta(days=40), place="Rabat"
    )
    AgendaItem.objects.create(meeting=planned, number=1, title_ar="نقطة", title_fr="Point")
    for kind in ("agenda", "minutes"):
        assert client.get(url(planned, kind, "fr")).status_code == 404
    # Another document's kind, a language the portal does not publish in, no such meeting.
    assert client.get(url(published, "action-plan", "fr")).status_code == 404
    assert client.get(url(published, "agenda", "de")).status_code == 404
    base = url(published, "agenda", "fr").removesuffix(f"{published.pk}/documents/agenda/fr/")
    for path in (
        f"{10**30}/documents/agenda/fr/",
        f"{published.pk}/documents/agen%00da/fr/",
        "0/documents/agenda/fr/",
    ):
        assert client.get(base + path).status_code == 404, path
    assert not Rendition.objects.filter(subject_id=planned.pk).exists()


def test_an_edit_renders_the_document_again_and_nothing_else_does(rendered, client, tmp_path):
    meeting = meeting_of(DAY)
    first = client.get(url(meeting, "agenda", "fr"))
    assert first.status_code == 302
    row = Rendition.objects.get(kind="agenda", subject_id=meeting.pk, language="fr")

    # Asked again, and after a write to another plan's committee: the same file, no render.
    assert client.get(url(meeting, "agenda", "fr"))["Location"] == first["Location"]
    upcoming = Meeting.objects.get(committee__plan__slug="nap3-illustrative")
    AgendaItem.objects.create(meeting=upcoming, number=9, title_ar="نقطة أخرى", title_fr="Autre point")
    assert client.get(url(meeting, "agenda", "fr"))["Location"] == first["Location"]
    assert Rendition.objects.get(pk=row.pk).rendered_at == row.rendered_at

    # The item renamed: a new file, which shows the new title.
    item = meeting.agenda_items.get(number=1)
    item.title_fr = "Bilan revu de la collecte des idées"
    item.save()
    again = download(client, url(meeting, "agenda", "fr"))
    assert again.url != first["Location"]
    assert "Bilan revu de la collecte des idées" in pdf_text(again.content, tmp_path)
    assert Rendition.objects.get(pk=row.pk).rendered_at > row.rendered_at
