"""Ideas collected in a workshop, imported from a spreadsheet: whole or not at all."""

import io

import pytest
import tablib
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from import_export.formats.base_formats import CSV, XLSX

from ideas.models import Idea
from ideas.resources import COLUMNS, WorkshopIdeaResource
from tests.factories import PlanFactory, ThemeFactory, WorkshopFactory

HEADER = ",".join(COLUMNS)


def csv_file(*rows: str, name="atelier.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([HEADER, *rows]).encode(), content_type="text/csv")


def good_rows(plan, theme, workshop) -> list[str]:
    start = f"{plan.slug},{theme.number},{workshop.number}"
    return [
        f"{start},نشر الميزانية,غياب المعطيات,بوابة مفتوحة,شفافية,finance",
        f'{start},Registre des marchés,"Opaque, dispersé",Un registre,Confiance,',
        f"{start},Audit citoyen,Pas de suivi,Comités locaux,Redevabilité,",
    ]


def format_index(format_class) -> str:
    formats = admin.site._registry[Idea].get_import_formats()
    return str(formats.index(format_class))


def upload(client, file, format_class=CSV):
    return client.post(
        reverse("admin:ideas_idea_import"),
        {"resource": "0", "format": format_index(format_class), "import_file": file},
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(reverse("admin:ideas_idea_process_import"), {**form.initial, "confirm": "1"})


@pytest.mark.django_db
def test_a_good_file_imports_every_idea_as_a_workshop_idea(
    client, secretariat, plan, theme, workshop, institution_a
):
    client.force_login(secretariat)
    response = upload(client, csv_file(*good_rows(plan, theme, workshop)))
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert not Idea.objects.exists()  # the dry run saves nothing

    response = confirm(client, response)
    assert response.status_code == 302
    ideas = Idea.objects.order_by("pk")
    assert ideas.count() == 3
    assert {(i.source, i.workshop, i.theme, i.plan, i.author) for i in ideas} == {
        (Idea.Source.WORKSHOP, workshop, theme, plan, None)
    }
    assert ideas[0].institution == institution_a and ideas[1].institution is None
    assert ideas[1].problem == "Opaque, dispersé"
    assert [(i.language, i.search_config) for i in ideas] == [
        ("ar", "arabic"),
        ("fr", "french"),
        ("fr", "french"),
    ]
    assert {i.status for i in ideas} == {Idea.Status.SUBMITTED}


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_the_page_names_it(
    client, secretariat, plan, theme, workshop, institution_a
):
    rows = good_rows(plan, theme, workshop)
    rows[1] = rows[1].replace(f"{plan.slug},{theme.number},", f"{plan.slug},99,", 1)
    client.force_login(secretariat)
    response = upload(client, csv_file(*rows))
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    [invalid] = response.context["result"].invalid_rows
    assert invalid.number == 2
    assert "99" in invalid.error_dict["theme"][0]
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert " 2" in message  # "Nothing was imported: row 2 has an error…"
    html = response.content.decode()
    assert "<td>2 </td>" in html  # the row's number in import-export's table of errors
    assert not Idea.objects.exists()


def import_rows(*rows, dry_run=True):
    dataset = tablib.Dataset(headers=COLUMNS)
    for row in rows:
        dataset.append(row)
    return WorkshopIdeaResource().import_data(dataset, dry_run=dry_run)


TEXTS = ["Titre", "Problème", "Solution", "Résultats"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change,column,words",
    [
        ({"plan": "nap9"}, "plan", ["nap9"]),
        ({"theme": "7"}, "theme", ["nap3", "7"]),
        ({"theme": "deux"}, "theme", ["deux"]),
        ({"workshop": "5"}, "workshop", ["nap3", "5"]),
        ({"workshop": ""}, "workshop", []),
        ({"theme": "2"}, "theme", ["1", "2"]),  # the workshop was about theme 1
        ({"title": "  "}, "title", []),
        ({"institution": "interieur"}, "institution", ["interieur"]),
        ({"title": "x" * 201}, "title", ["200"]),  # the model's own checks still run
    ],
)
def test_each_row_is_checked_with_a_clear_message(plan, theme, other_theme, workshop, change, column, words):
    row = dict(zip(COLUMNS, [plan.slug, "1", "1", *TEXTS, ""], strict=True))
    row.update(change)
    result = import_rows([row[c] for c in COLUMNS])
    [invalid] = result.invalid_rows
    assert list(invalid.error_dict) == [column]
    message = invalid.error_dict[column][0]
    assert all(word in message for word in words), message


@pytest.mark.django_db
def test_a_workshop_of_another_plan_is_refused(plan, theme, workshop):
    elsewhere = WorkshopFactory(theme=ThemeFactory(plan=PlanFactory(), number=1), number=4)
    result = import_rows([plan.slug, "1", str(elsewhere.number), *TEXTS, ""])
    assert "workshop" in result.invalid_rows[0].error_dict


@pytest.mark.django_db
def test_a_missing_column_is_named():
    dataset = tablib.Dataset(headers=["plan", "theme", "title"])
    dataset.append(["nap3", "1", "Titre"])
    result = WorkshopIdeaResource().import_data(dataset, dry_run=True)
    assert "solution" in result.invalid_rows[0].error_dict["solution"][0]


@pytest.mark.django_db(transaction=True)
def test_the_confirmed_import_is_all_or_nothing_on_the_database(plan, theme, other_theme, workshop):
    """Committed for real (no test transaction around it): the good rows
    before the bad one must not survive."""
    good = [plan.slug, "1", "1", *TEXTS, ""]
    bad = [plan.slug, "2", "1", *TEXTS, ""]
    result = import_rows(good, good, bad, dry_run=False)
    assert [row.number for row in result.invalid_rows] == [3]
    assert not Idea.objects.exists()

    result = import_rows(good, good, dry_run=False)
    assert not result.has_validation_errors()
    assert Idea.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_row_gone_bad_between_preview_and_confirmation_rolls_back_the_file(
    client, secretariat, plan, theme, other_theme, workshop, institution_a
):
    client.force_login(secretariat)
    preview = upload(client, csv_file(*good_rows(plan, theme, workshop)))
    assert preview.context["confirm_form"] is not None
    # Meanwhile someone corrects the workshop's theme.
    workshop.theme = other_theme
    workshop.save()

    response = confirm(client, preview)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:ideas_idea_import")
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_a_spreadsheet_imports_too(client, secretariat, plan, theme, workshop):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append([plan.slug, 1, 1.0, "نشر الميزانية", "غياب المعطيات", "بوابة مفتوحة", "شفافية", None])
    sheet.append(
        [plan.slug, theme.number, workshop.number, "Registre", "Opaque", "Registre", "Confiance", None]
    )
    content = io.BytesIO()
    book.save(content)
    file = SimpleUploadedFile(
        "atelier.xlsx",
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    client.force_login(secretariat)
    response = confirm(client, upload(client, file, XLSX))
    assert response.status_code == 302
    assert Idea.objects.filter(source=Idea.Source.WORKSHOP, workshop=workshop).count() == 2


@pytest.mark.django_db
def test_only_the_secretariat_imports(client, focal_a, secretariat):
    client.force_login(focal_a)
    assert client.get(reverse("admin:ideas_idea_import")).status_code == 403
    html = client.get(reverse("admin:ideas_idea_changelist")).content.decode()
    assert reverse("admin:ideas_idea_import") not in html
    client.force_login(secretariat)
    response = client.get(reverse("admin:ideas_idea_import"))
    assert response.status_code == 200
    assert "workshop" in response.content.decode()


@pytest.mark.django_db
def test_cells_are_read_as_in_every_import_direction_controls_refused_or_taken_out(plan, theme, workshop):
    """The shared cell readers (core.imports): a direction control in a slug
    or a number only spoofs and is refused; in a text it is taken out, as the
    site's forms do (the marks too, U+061C among them, in the one-line title);
    an invisible control character is refused."""
    refused = [
        ("plan", plan.slug + "\u061c"),
        ("theme", "1\u200f"),
        ("workshop", "\u202e1"),
        ("problem", "Pas\x07 de suivi"),
    ]
    for column, value in refused:
        row = dict(zip(COLUMNS, [plan.slug, "1", "1", *TEXTS, ""], strict=True))
        row[column] = value
        with translation.override("en"):
            [invalid] = import_rows([row[c] for c in COLUMNS]).invalid_rows
        assert list(invalid.error_dict) == [column], (column, invalid.error_dict)
        assert "U+0007" in invalid.error_dict[column][0] or "direction" in invalid.error_dict[column][0]

    title, problem = "Budget\u061c\u202e ouvert\u200f", "Des marchés\u2067 opaques,\u200f dispersés"
    result = import_rows([plan.slug, "1", "1", title, problem, "Un registre", "Confiance", ""], dry_run=False)
    assert not result.has_validation_errors()
    idea = Idea.objects.get()
    assert idea.title == "Budget ouvert"
    assert idea.problem == "Des marchés opaques,\u200f dispersés"  # a mark in running text is harmless
