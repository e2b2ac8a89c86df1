"""The sign-in sheet: a PDF of the people registered, in name order, in
Arabic or in French, read back with poppler."""

import shutil
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests.factories import UserFactory
from tests.pdf import pdf_fonts, pdf_lines, pdf_text, pdf_words
from tests.published import download
from tests.workshops.staff import stage
from workshops.models import Registration

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]
S = Registration.Status


@pytest.fixture
def cast():
    cast = stage(
        title_ar="الشفافية في الصفقات العمومية",
        title_fr="Transparence des marchés publics",
        place_ar="دار الشباب، أكادير",
        place_fr="Maison des jeunes, Agadir",
        # At ten in the morning, so that it ends the day it starts whatever the hour the test runs
        # (a workshop over midnight is written with both dates).
        starts_at=(timezone.localtime() + timedelta(days=10)).replace(hour=10, minute=0, second=0),
    )
    workshop = cast.workshop
    Registration.objects.create(
        workshop=workshop, name="Zineb Alaoui", organisation="Tafra", status=S.REGISTERED
    )
    Registration.objects.create(workshop=workshop, name="Amine Tazi", status=S.REGISTERED, walk_in=True)
    Registration.objects.create(workshop=workshop, name="Mehdi Kettani", status=S.CANCELLED)
    Registration.objects.create(workshop=workshop, name="Nadia Waiting", status=S.WAITING)
    Registration.objects.create(
        workshop=workshop, user=UserFactory(display_name="سعاد المراكشي"), status=S.REGISTERED
    )
    return cast


def x_of(pdf: bytes, tmp_path, word: str) -> float:
    """Where a word starts on the first page, from the left."""
    [x] = [found.left for found in pdf_words(pdf, tmp_path, 1) if found.text == word]
    return x


def sheet(client, workshop, **query):
    return download(client, reverse("admin:workshops_workshop_sign_in_sheet", args=[workshop.pk]), query)


def test_the_french_sheet_lists_the_registered_in_name_order(client, cast, tmp_path):
    client.force_login(cast.rep)
    response = sheet(client, cast.workshop, language="fr")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    with translation.override("fr"):
        heading = translation.gettext("Sign-in sheet")
    assert cast.workshop.title_fr in text
    assert "Maison des jeunes, Agadir" in text
    assert "Tafra" in text
    # Walk-ins included; the cancelled and the waiting list are not at the table.
    assert text.index("Amine Tazi") < text.index("Zineb Alaoui")
    assert "سعاد المراكشي" in text  # an account's name when the registration has none
    assert "Mehdi" not in text and "Nadia" not in text
    assert heading in text
    codes = Registration.objects.filter(status=S.REGISTERED).values_list("code", flat=True)
    assert all(code in text for code in codes)


def test_the_arabic_sheet_reads_right_to_left_with_an_embedded_arabic_font(client, cast, tmp_path):
    client.force_login(cast.secretariat)  # who works in French: the parameter decides
    response = sheet(client, cast.workshop, language="ar")
    pdf = response.content
    text = pdf_text(pdf, tmp_path)
    with translation.override("ar"):
        heading = translation.gettext("Sign-in sheet")
    # Shaped and extracted in logical order: the words read as typed.
    assert cast.workshop.title_ar in text
    assert "دار الشباب" in text and "أكادير" in text
    assert "سعاد المراكشي" in text and "Zineb Alaoui" in text
    assert heading in text
    assert cast.workshop.title_fr not in text
    assert any("Amiri" in font["name"] for font in pdf_fonts(pdf, tmp_path))
    # The date, the Arabic comma (the date-time format's), then the times.
    with translation.override("ar"):
        day = formats.date_format(timezone.localtime(cast.workshop.starts_at), "DATE_FORMAT")
        facts = translation.gettext("Date:")
    # pdftotext splits some Arabic words (Amiri's glyph runs): compared without spaces.
    lines = [line.replace(" ", "") for line in pdf_lines(pdf, tmp_path, 1, right_to_left=True)]
    [line] = [line for line in lines if line.startswith(facts)]
    starts = timezone.localtime(cast.workshop.starts_at).strftime("%H:%M")
    assert f"{facts}{day}،{starts}–".replace(" ", "") in line
    # The table runs right to left: a person's name right of their code.
    zineb = Registration.objects.get(name="Zineb Alaoui")
    assert x_of(pdf, tmp_path, "Zineb") > x_of(pdf, tmp_path, zineb.code)
    french = sheet(client, cast.workshop, language="fr").content
    assert x_of(french, tmp_path, "Zineb") < x_of(french, tmp_path, zineb.code)


def test_without_a_parameter_the_sheet_is_in_the_admins_language(client, cast, tmp_path):
    client.force_login(cast.rep)
    response = download(
        client,
        reverse("admin:workshops_workshop_sign_in_sheet", args=[cast.workshop.pk]).replace("/ar/", "/fr/", 1),
    )
    assert response["Content-Disposition"].endswith('-fr.pdf"')
    assert cast.workshop.title_fr in pdf_text(response.content, tmp_path)


@pytest.mark.parametrize("language", ["en", "\x00", "a" * 300])
def test_another_language_gets_a_message(client, cast, language):
    client.force_login(cast.rep)
    response = sheet(client, cast.workshop, language=language)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)]


def test_a_focal_point_of_a_taking_part_institution_prints_it_another_does_not(client, cast):
    client.force_login(cast.focal)
    assert sheet(client, cast.workshop, language="ar").status_code == 200
    client.force_login(cast.other_focal)
    assert sheet(client, cast.workshop, language="ar").status_code == 404
