"""Spreadsheets in and out (issue 23, "Hostile input"), walked from the
admin's registry so that a new import or export is covered without being
listed:

- every import (core.imports.AllOrNothingImportAdmin) given a file whose
  first row changes a text and whose last row is bad imports nothing, and
  the page names the bad row — in CSV and in XLSX;
- every export (core.imports.SpreadsheetAdmin) writes a text that starts
  like a formula (=, +, -, @) so that no spreadsheet runs it: a quote in
  front in the CSV, and no formula cell in the XLSX;
- every open-data CSV does the same for the public's text (an idea's title
  and problem, a comment, a consultation comment).

What existed: the commitments' and the ideas' imports tested row by row
(tests/commitments/test_import.py, tests/admin/test_idea_import.py), the
open data's quote tested on a few datasets (tests/opendata/). What this
adds: every import, every export in both formats (XLSX formula cells were
not checked), every dataset."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment, Indicator, Milestone
from consultations.models import Comment as ConsultationComment
from core.datasets import Dataset
from core.imports import FORMATS, AllOrNothingImportAdmin, SpreadsheetAdmin
from ideas.models import Comment, Idea
from ideas.resources import COLUMNS as IDEA_COLUMNS
from opendata.registry import REGISTRY
from tests.conftest import built_once, make_citizen, make_staff
from tests.consultations.factories import CommentFactory, TextConsultationFactory
from tests.factories import (
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    WorkshopFactory,
)
from tests.resilience import urlwalk

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULAS = ['=HYPERLINK("http://evil.example","clic")', "+1+1", "-2+3", "@SUM(1;2)"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A cell no import accepts: an invisible control character (core.imports.FORBIDDEN),
# which a workbook cannot hold; there, a text longer than any text column takes.
BAD = {"csv": "Texte\x01caché", "xlsx": "x" * 12_000}


@built_once
def stage():
    """A plan with two commitments, their milestone and indicator, a
    workshop, ideas and comments of the public; the secretariat's superuser."""
    plan = PlanFactory(slug="sheets")
    theme = ThemeFactory(plan=plan, number=1)
    finance = InstitutionFactory(member=plan.member, slug="finance")
    first = CommitmentFactory(theme=theme, number=1, lead_institution=finance, title_fr="Budget ouvert")
    second = CommitmentFactory(theme=theme, number=2, lead_institution=finance, title_fr="Santé ouverte")
    for commitment in (first, second):
        Milestone.objects.create(
            commitment=commitment,
            position=1,
            description_ar="نشر الميزانية",
            description_fr="Publier le budget",
            responsible_institution=finance,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 6, 30),
        )
        Indicator.objects.create(commitment=commitment, name_ar="عدد", name_fr="Jeux publiés", unit="jeux")
    workshop = WorkshopFactory(theme=theme, number=1)
    author = make_citizen("sheets@example.org", "Amina", "ar")
    idea = IdeaFactory(theme=theme, author=author, title=FORMULAS[0], problem=FORMULAS[1])
    Comment.objects.create(idea=idea, author=author, body=FORMULAS[2])
    consultation = TextConsultationFactory(plan=plan)
    CommentFactory(consultation=consultation, author=author, body=FORMULAS[3])
    staff = make_staff()
    return {"plan": plan, "theme": theme, "workshop": workshop, "staff": staff}


def admins(kind) -> list:
    return [
        pytest.param(model, id=model._meta.label_lower)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, kind)
    ]


def url(model, view: str) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def format_index(model, fmt: str) -> str:
    titles = [f().get_title() for f in admin.site._registry[model].get_import_formats()]
    return str(titles.index(fmt))


def export(client, model, fmt: str) -> bytes:
    page = client.get(url(model, "export"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data |= {"format": str([f().get_title() for f in FORMATS].index(fmt)), "resource": "0"}
    response = client.post(url(model, "export"), data)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return response.content


def read(content: bytes, fmt: str) -> list[list]:
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [["" if cell is None else cell for cell in row] for row in book.active.iter_rows(values_only=True)]


def write(rows: list[list], fmt: str) -> SimpleUploadedFile:
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return SimpleUploadedFile("import.csv", out.getvalue().encode(), content_type="text/csv")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("import.xlsx", out.getvalue(), content_type=XLSX_TYPE)


def good_rows(client, model, stage, fmt: str) -> list[list]:
    """A file that imports: the admin's own export, or, for an import that
    has no export, rows built for it (a new one fails here: give it rows)."""
    if isinstance(admin.site._registry[model], SpreadsheetAdmin):
        return read(export(client, model, fmt), fmt)
    if model is Idea:
        plan, theme, workshop = stage["plan"], stage["theme"], stage["workshop"]
        start = [plan.slug, theme.number, workshop.number]
        return [IDEA_COLUMNS, [*start, "Registre des marchés", "Opaque", "Un registre", "Confiance", ""]]
    raise AssertionError(f"No file to import for {model._meta.label}: the test needs rows for it")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("model", admins(AllOrNothingImportAdmin))
def test_every_import_refuses_a_file_with_one_bad_row_and_names_it(client, stage, model, fmt):
    client.force_login(stage["staff"])
    rows = good_rows(client, model, stage, fmt)
    header, first = rows[0], rows[1]
    texts = [
        i
        for i, column in enumerate(header)
        if column in admin.site._registry[model].resource_classes[0].texts
    ]
    changed = list(first)
    changed[texts[0]] = f"{first[texts[0]]} (changé)"
    bad = list(first)
    for i in texts:
        bad[i] = BAD[fmt]
    upload = [header, changed, *rows[2:], bad]
    before = urlwalk.row_counts()
    response = client.post(
        url(model, "import"),
        {"resource": "0", "format": format_index(model, fmt), "import_file": write(upload, fmt)},
    )
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    result = response.context["result"]
    bad_row = len(upload) - 1
    named = sorted({row.number for row in result.invalid_rows} | {row.number for row in result.error_rows})
    assert named == [bad_row]
    messages = [str(m) for m in response.context["messages"]]
    assert any(str(bad_row) in message for message in messages), messages
    assert urlwalk.changed(before, urlwalk.row_counts()) == {}
    column = header[texts[0]]
    assert not model._default_manager.filter(**{column: changed[texts[0]]}).exists()


def spreadsheet_safe(cell) -> bool:
    """A cell a spreadsheet will not run: a number, or text not starting like a formula."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_START):
        return True
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("model", admins(SpreadsheetAdmin))
def test_every_export_defuses_formulas(client, stage, model, fmt):
    client.force_login(stage["staff"])
    texts = admin.site._registry[model].resource_classes[0].texts
    rows = list(model._default_manager.all())
    for n, row in enumerate(rows):
        for m, column in enumerate(texts):
            setattr(row, column, FORMULAS[(n + m) % len(FORMULAS)])
        model._default_manager.filter(pk=row.pk).update(**{column: getattr(row, column) for column in texts})
    content = export(client, model, fmt)
    cells = [cell for line in read(content, fmt)[1:] for cell in line]
    assert set(FORMULAS) & {cell[1:] for cell in cells if isinstance(cell, str)}, "the formulas are exported"
    assert [cell for cell in cells if not spreadsheet_safe(cell)] == []
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        assert [c.coordinate for line in book.active.iter_rows() for c in line if c.data_type == "f"] == []


def test_every_open_data_csv_defuses_formulas(client, stage):
    found = set()
    for key, dataset in REGISTRY.items():
        if not isinstance(dataset, Dataset):
            continue
        response = client.get(reverse("downloads:csv", args=[key]))
        assert response.status_code == 200, key
        content = b"".join(response.streaming_content) if response.streaming else response.content
        cells = [cell for line in read(content, "csv")[1:] for cell in line]
        assert [cell for cell in cells if not spreadsheet_safe(cell)] == [], key
        found |= {cell[1:] for cell in cells} & set(FORMULAS)
    # The public's formulas were in the downloads, quoted.
    assert found >= {FORMULAS[0], FORMULAS[1]}, found
    assert Commitment.objects.exists() and ConsultationComment.objects.exists()
