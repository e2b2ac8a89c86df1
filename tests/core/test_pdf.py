import shutil

import pytest
from django.urls import reverse
from django.utils import translation

from core.pdf import render
from tests.pdf import pdf_fonts, pdf_pages, pdf_text
from tests.published import download

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.mark.django_db
def test_the_arabic_pdf_has_shaped_text_in_logical_order_and_an_embedded_arabic_font(client, tmp_path):
    response = download(client, reverse("core:about_pdf"), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content

    text = pdf_text(pdf, tmp_path)
    with translation.override("ar"):
        heading = translation.gettext("How a plan is made")
        name = translation.gettext("Open Government Portal")
    assert heading != "How a plan is made"  # the catalogue is there
    assert heading in text
    assert name in text
    assert "الحكومة المنفتحة" in text

    fonts = pdf_fonts(pdf, tmp_path)
    amiri = [f for f in fonts if "Amiri" in f["name"]]
    assert amiri, fonts
    assert all(f["emb"] == "yes" for f in fonts)
    assert pdf_pages(pdf, tmp_path) == 1


def test_the_french_pdf(tmp_path):
    pdf = render("core/pdf/about.html", language="fr").pdf
    text = pdf_text(pdf, tmp_path)
    with translation.override("fr"):
        heading = translation.gettext("How a plan is made")
    assert heading != "How a plan is made"
    assert heading in text
    assert "الحكومة" not in text
    assert all(f["emb"] == "yes" for f in pdf_fonts(pdf, tmp_path))
    assert pdf_pages(pdf, tmp_path) == 1
