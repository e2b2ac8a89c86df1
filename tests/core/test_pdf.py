"""The base every PDF stands on (core/pdf.py, templates/pdf/base.html): tagged,
with its language and title, fonts embedded and subset, "page X of Y" in the
document's language, the running header on the start side, the shared
classes (cover, table of contents, chapters, field tables, figures), and
Arabic lines that read in order. Read back with poppler and pikepdf."""

import gc
import re
import shutil

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from core import pdf as core_pdf
from core.bidi import RIGHT_TO_LEFT
from core.documents import ABOUT
from core.pdf import render
from tests.pdf import pdf_accessibility, pdf_fonts, pdf_lines, pdf_pages, pdf_text, pdf_words
from tests.published import download

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

# A document as the published ones are written: a cover, a table of
# contents, two chapters, figures, a field table, a table with a header row.
SAMPLE = """{% extends "pdf/base.html" %}
{% block running %}{{ plan|bdi }} {{ "2021-2023"|ltr }}{% endblock %}
{% block content %}
<section class="cover"><h1>{{ plan|bdi }}</h1><p class="lead">{{ "2021-2023"|ltr }}</p></section>
<nav class="toc"><h2>{{ words.contents }}</h2><ol>
  <li><a href="#context">{{ words.context }}</a></li>
  <li><a href="#commitments">{{ words.commitments }}</a></li>
</ol></nav>
<h2 class="chapter" id="context">{{ words.context }}</h2>
<p class="lead">{{ line|bdi_numbers }}</p>
<div class="figures"><div class="figure">
  <span class="number">804</span> <span class="label">{{ words.participants }}</span>
</div></div>
<table class="fields"><tr><th scope="row">{{ words.period }}</th><td>{{ "2021-2023"|ltr }}</td></tr></table>
<h2 class="chapter" id="commitments">{{ words.commitments }}</h2>
<table><thead><tr><th>{{ words.commitments }}</th><th class="number">%</th></tr></thead>
  <tbody><tr><td>{{ words.context }}</td><td class="number">75</td></tr></tbody></table>
<p>{{ words.code }} <span class="code">AB12CD</span></p>
{% endblock %}"""

PLAN = {
    "ar": "خطة العمل الوطنية الثانية",
    "fr": "Deuxième plan d'action national",
    "en": "Second national action plan",
}
LINE = {
    "ar": "اعتمدت المنصة برنامج Decidim خلال الفترة 2021-2023 في المغرب",
    "fr": "La plateforme a adopté Decidim pendant la période 2021-2023 au Maroc",
    "en": "The platform adopted Decidim during the 2021-2023 period in Morocco",
}
LANGUAGES = ["ar", "fr", "en"]
# The sample's words, in ar, fr, en.
WORDS = {
    "contents": ("المحتويات", "Sommaire", "Contents"),
    "context": ("السياق", "Contexte", "Context"),
    "commitments": ("الالتزامات", "Engagements", "Commitments"),
    "participants": ("مشاركا", "participants", "participants"),
    "period": ("المدة", "Période", "Period"),
    "code": ("الرمز", "Code", "Code"),
}
WORDS = {language: {key: words[i] for key, words in WORDS.items()} for i, language in enumerate(LANGUAGES)}


def with_sample():
    engine = settings.TEMPLATES[0]
    loaders = [
        ("django.template.loaders.locmem.Loader", {"sample.html": SAMPLE}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    return override_settings(
        TEMPLATES=[{**engine, "APP_DIRS": False, "OPTIONS": {**engine["OPTIONS"], "loaders": loaders}}]
    )


@pytest.fixture(scope="module")
def sample():
    """The sample in each language, rendered once for the module: {language: Rendered}."""
    with with_sample():
        return {
            language: render(
                "sample.html",
                {"plan": PLAN[language], "line": LINE[language], "words": WORDS[language]},
                language=language,
                title=f"{PLAN[language]} 2021-2023",
            )
            for language in LANGUAGES
        }


def page_x_of_y(language: str, page: int, pages: int) -> str:
    with translation.override(language):
        return translation.gettext("page %(page)s of %(pages)s") % {"page": page, "pages": pages}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_is_tagged_with_its_language_and_title(sample, language):
    seen = pdf_accessibility(sample[language].pdf)
    assert seen["tagged"]
    # The tree a screen reader follows: headings, lists, tables with their header cells.
    assert {"Document", "H1", "H2", "P", "L", "LI", "Table", "TH", "TD"} <= seen["structure"]
    assert seen["lang"] == language
    title = f"{PLAN[language]} 2021-2023"
    assert seen["title"] == title
    assert seen["xmp_title"] == title
    assert seen["display_doc_title"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_is_embedded_and_subset(sample, language, tmp_path):
    fonts = pdf_fonts(sample[language].pdf, tmp_path)
    assert all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts), fonts
    # One face for the text in every language (Amiri has Latin letters too),
    # a monospace one for codes: no fallback face slipped in.
    faces = {font["name"].split("+", 1)[1] for font in fonts}
    assert faces == {"Amiri", "Amiri-Bold", "DejaVu-Sans-Mono"}, faces


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_foot_of_each_page_reads_page_x_of_y_in_the_documents_language(sample, language, tmp_path):
    rendered = sample[language]
    pages = rendered.pages
    assert pages == pdf_pages(rendered.pdf, tmp_path) == 4
    for page in (2, pages):
        expected = page_x_of_y(language, page, pages)
        # As the eye reads it, from the start of its words: «صفحة 4 من 4» from the right.
        right_to_left = bool(RIGHT_TO_LEFT.search(expected))
        assert pdf_lines(rendered.pdf, tmp_path, page, right_to_left=right_to_left)[-1] == expected
    # The cover has neither counter nor running header.
    assert pdf_text(rendered.pdf, tmp_path, page=1) == f"{PLAN[language]} 2021-2023"


def test_the_page_counter_takes_the_translation_apart_around_its_numbers(monkeypatch, tmp_path):
    # Whatever the catalogue says, in whichever order, with quotes or markup in it.
    monkeypatch.setattr("core.pdf.gettext", lambda text: '%(pages)s pages "</style>, here %(page)s')
    with with_sample():
        rendered = render("sample.html", {"plan": "P", "line": "", "words": WORDS["en"]}, language="en")
    assert pdf_lines(rendered.pdf, tmp_path, 3)[-1] == '4 pages "</style>, here 3'


def test_the_running_header_stands_on_the_start_side(sample, tmp_path):
    def header_x(language: str) -> float:
        [left] = [
            word.left for word in pdf_words(sample[language].pdf, tmp_path, 2) if word.text == "2021-2023"
        ]
        return left

    middle = 595 / 2  # A4, in points
    assert header_x("ar") > middle > header_x("fr")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_table_of_contents_gives_the_page_of_each_chapter(sample, language, tmp_path):
    pdf, words = sample[language].pdf, WORDS[language]
    contents = pdf_text(pdf, tmp_path, page=2)
    assert re.search(rf"{words['context']}[ .]+3\b", contents), contents
    assert re.search(rf"{words['commitments']}[ .]+4\b", contents), contents
    # Each chapter starts a page: the one the table of contents gives.
    assert pdf_text(pdf, tmp_path, page=3).split()[len(PLAN[language].split()) + 1] == words["context"]
    assert words["commitments"] in pdf_text(pdf, tmp_path, page=4)


def test_a_latin_word_and_a_range_inside_an_arabic_line_read_in_order(sample, tmp_path):
    text = pdf_text(sample["ar"].pdf, tmp_path, page=3)
    # In logical order, as typed: the Latin word where it was, 2021-2023 not 2023-2021.
    assert LINE["ar"] in text
    # And as drawn, from the right: the range's first year first.
    line = next(
        line for line in pdf_lines(sample["ar"].pdf, tmp_path, 3, right_to_left=True) if "Decidim" in line
    )
    assert line == LINE["ar"]
    # The running header: the plan's title, its period isolated too.
    assert pdf_lines(sample["ar"].pdf, tmp_path, 3, right_to_left=True)[0] == f"{PLAN['ar']} 2021-2023"


# The about page.


@pytest.mark.django_db
def test_the_arabic_about_pdf_has_shaped_text_in_logical_order_and_an_embedded_arabic_font(client, tmp_path):
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
    seen = pdf_accessibility(pdf)
    with translation.override("ar"):
        title = str(ABOUT.title)
    assert seen["tagged"] and seen["lang"] == "ar" and seen["title"] == seen["xmp_title"] == title


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
    assert pdf_accessibility(pdf)["lang"] == "fr"


def test_the_garbage_collector_runs_again_after_a_render_and_after_a_failed_one(monkeypatch):
    # Paused during a render (core.pdf: it walked WeasyPrint's boxes again
    # and again), never left paused.
    seen = []
    write = core_pdf._write

    def watched(html, title):
        seen.append(gc.isenabled())
        return write(html, title)

    monkeypatch.setattr(core_pdf, "_write", watched)
    assert render("core/pdf/about.html", language="fr").pages == 1
    assert seen == [False] and gc.isenabled()

    def broken(html, title):
        raise RuntimeError("the layout failed")

    monkeypatch.setattr(core_pdf, "_write", broken)
    with pytest.raises(RuntimeError):
        render("core/pdf/about.html", language="fr")
    assert gc.isenabled()
