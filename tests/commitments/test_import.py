"""Commitments, milestones and indicators as spreadsheets through the admin:
a good file imports, a bad row imports nothing and is named with its column,
what is exported imports back unchanged, each user exports what they see,
and only the secretariat imports."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from commitments.models import Commitment, Indicator, Milestone
from commitments.resources import (
    COMMITMENT_COLUMNS,
    INDICATOR_COLUMNS,
    MILESTONE_COLUMNS,
    CommitmentResource,
    IndicatorResource,
    MilestoneResource,
)
from core.imports import FORMATS
from tests.core.test_transitions import in_parallel
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
)
from tests.workshops.staff import focal_point, secretariat

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def stage():
    """A plan with two themes, two institutions of its member, an
    association; commitment 1 led by finance (with a milestone and an
    indicator), commitment 2 led by health."""
    plan = PlanFactory(slug="nap3")
    theme = ThemeFactory(plan=plan, number=1)
    ThemeFactory(plan=plan, number=2)
    finance = InstitutionFactory(member=plan.member, slug="finance")
    health = InstitutionFactory(member=plan.member, slug="sante")
    association = AssociationFactory(slug="transparence")
    first = CommitmentFactory(theme=theme, number=1, lead_institution=finance, title_fr="Budget ouvert")
    first.involved_institutions.add(health)
    first.partner_associations.add(association)
    second = CommitmentFactory(theme=theme, number=2, lead_institution=health, title_fr="Santé ouverte")
    milestone = Milestone.objects.create(
        commitment=first,
        position=1,
        description_ar="نشر الميزانية",
        description_fr="Publier le budget",
        responsible_institution=finance,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
        expected_output_fr="Un portail",
        status="in_progress",
        completion=40,
    )
    other_milestone = Milestone.objects.create(
        commitment=second, description_ar="سجل", responsible_institution=health
    )
    indicator = Indicator.objects.create(
        commitment=first,
        name_ar="عدد المجموعات",
        name_fr="Jeux de données publiés",
        unit="jeux",
        baseline_value=Decimal("3.00"),
        baseline_on=date(2025, 12, 31),
        target_value=Decimal("40.50"),
        target_on=date(2027, 12, 31),
    )
    return plan, first, second, milestone, other_milestone, indicator


def rows_file(columns, *rows, name="import.csv") -> SimpleUploadedFile:
    content = io.StringIO()
    writer = csv.writer(content)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return SimpleUploadedFile(name, content.getvalue().encode(), content_type="text/csv")


def xlsx_file(columns, *rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.active.append(columns)
    for row in rows:
        book.active.append([row.get(column) for column in columns])
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile("import.xlsx", content.getvalue(), content_type=XLSX_TYPE)


def url(model, view: str, language: str = "fr") -> str:
    with translation.override(language):
        return reverse(f"admin:commitments_{model._meta.model_name}_{view}")


def upload(client, model, file, fmt="csv", language="fr"):
    index = [f().get_title() for f in FORMATS].index(fmt)
    return client.post(
        url(model, "import", language), {"resource": "0", "format": str(index), "import_file": file}
    )


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    assert form is not None, preview.context["result"].invalid_rows
    return client.post(url(model, "process_import"), {**form.initial, "confirm": "1"})


def import_file(client, model, file, fmt="csv"):
    return confirm(client, model, upload(client, model, file, fmt))


def export_form(page, fmt="csv") -> dict:
    """What the export page's form sends for this format."""
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data["format"] = str([f().get_title() for f in FORMATS].index(fmt))
    data["resource"] = "0"
    return data


def export(client, model, fmt="csv", query="") -> bytes:
    page = client.get(url(model, "export") + query)
    assert page.status_code == 200
    response = client.post(url(model, "export") + query, export_form(page, fmt))
    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"]
    return response.content


def card(**changes) -> dict:
    row = {
        "plan": "nap3",
        "number": "3",
        "theme": "2",
        "title_ar": "الشفافية في الصفقات",
        "title_fr": "Transparence des marchés",
        "lead_institution": "sante",
        "involved_institutions": "finance",
        "partner_associations": "transparence",
        "problem_fr": "Des marchés opaques",
        "access_to_information": "1",
        "civic_participation": "0",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "contact_email": "marches@example.org",
    }
    return {**row, **changes}


def test_a_good_csv_imports_new_commitments_as_drafts(client, stage):
    plan, *_ = stage
    client.force_login(secretariat())
    file = rows_file(COMMITMENT_COLUMNS, card(), card(number="4", title_ar="ب", status="completed"))
    preview = upload(client, Commitment, file)
    assert not Commitment.objects.filter(number__in=[3, 4]).exists()  # the preview saves nothing

    response = confirm(client, Commitment, preview)
    assert response.status_code == 302
    new = Commitment.objects.get(plan=plan, number=3)
    assert (new.title_ar, new.title_fr, new.theme.number) == (
        "الشفافية في الصفقات",
        "Transparence des marchés",
        2,
    )
    assert new.lead_institution.slug == "sante"
    assert [i.slug for i in new.involved_institutions.all()] == ["finance"]
    assert [a.slug for a in new.partner_associations.all()] == ["transparence"]
    assert (new.access_to_information, new.civic_participation) == (True, False)
    assert (new.starts_on, new.ends_on) == (date(2026, 1, 1), date(2027, 12, 31))
    # A new card is a draft, whatever the file says: the life cycle moves it.
    assert set(Commitment.objects.filter(number__in=[3, 4]).values_list("status", flat=True)) == {"draft"}


def test_milestones_and_indicators_import_under_their_commitment(client, stage):
    plan, first, second, *_ = stage
    client.force_login(secretariat())
    milestone = {
        "plan": "nap3",
        "commitment": "2",
        "position": "1",
        "description_ar": "إطلاق السجل",
        "description_fr": "Lancer le registre",
        "responsible_institution": "sante",
        "starts_on": "2026-02-01",
        "ends_on": "2026-09-30",
        "status": "not_started",
        "completion": "0",
        "weight": "2",
    }
    assert import_file(client, Milestone, rows_file(MILESTONE_COLUMNS, milestone)).status_code == 302
    added = second.milestones.get(description_fr="Lancer le registre")
    assert (added.responsible_institution.slug, added.ends_on, added.weight) == (
        "sante",
        date(2026, 9, 30),
        2,
    )

    indicator = {
        "plan": "nap3",
        "commitment": "2",
        "name_ar": "عدد الصفقات",
        "kind": "outcome",
        "unit": "%",
        "baseline_value": "12.5",
        "baseline_on": "2025-12-31",
        "target_value": "80",
        "target_on": "2027-12-31",
    }
    assert import_file(client, Indicator, rows_file(INDICATOR_COLUMNS, indicator)).status_code == 302
    added = second.indicators.get()
    assert (added.kind, added.baseline_value, added.target_value) == (
        "outcome",
        Decimal("12.50"),
        Decimal("80"),
    )


def test_a_spreadsheet_imports_with_its_own_numbers_dates_and_booleans(client, stage):
    plan, first, *_ = stage
    client.force_login(secretariat())
    row = card(number=5.0, theme=2, access_to_information=True, civic_participation=False)
    row.update(starts_on=datetime(2026, 1, 1), ends_on=date(2026, 12, 31))
    assert import_file(client, Commitment, xlsx_file(COMMITMENT_COLUMNS, row), "xlsx").status_code == 302
    new = Commitment.objects.get(plan=plan, number=5)
    assert (new.access_to_information, new.starts_on, new.ends_on) == (
        True,
        date(2026, 1, 1),
        date(2026, 12, 31),
    )

    indicator = {
        "plan": "nap3",
        "commitment": 1,
        "name_ar": "مؤشر",
        "baseline_value": 0.1 + 0.2,
        "target_value": 7,
    }
    assert import_file(client, Indicator, xlsx_file(INDICATOR_COLUMNS, indicator), "xlsx").status_code == 302
    assert first.indicators.get(name_ar="مؤشر").baseline_value == Decimal("0.30")


def test_one_bad_row_imports_nothing_and_the_page_names_row_and_column_in_french(client, stage):
    client.force_login(secretariat())
    file = rows_file(COMMITMENT_COLUMNS, card(), card(number="4", ends_on="31/02/2024"), card(number="6"))
    response = upload(client, Commitment, file)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    html = response.content.decode()
    assert "Ligne <bdi>2</bdi>, <code>ends_on</code>" in html
    assert "31/02/2024" in html
    assert "Rien n'a été importé" in html or "Rien n&#x27;a été importé" in html
    assert not Commitment.objects.filter(number__in=[3, 4, 6]).exists()


def resource_errors(resource_class, columns, *rows) -> list[dict]:
    dataset = tablib.Dataset(headers=columns)
    for row in rows:
        dataset.append([row.get(column, "") for column in columns])
    result = resource_class().import_data(dataset, dry_run=True)
    return [{column: errors[0] for column, errors in r.error_dict.items()} for r in result.invalid_rows]


@pytest.mark.parametrize(
    "change,column,words",
    [
        ({"plan": "nap9"}, "plan", ["nap9"]),
        ({"number": ""}, "number", []),
        ({"number": "10" + "0" * 29}, "number", ["32767"]),
        ({"number": "trois"}, "number", ["trois"]),
        ({"theme": "7"}, "theme", ["nap3", "7"]),
        ({"lead_institution": "interieur"}, "lead_institution", ["interieur"]),
        ({"lead_institution": "finance;sante"}, "lead_institution", []),
        ({"involved_institutions": "finance;justice"}, "involved_institutions", ["justice"]),
        ({"partner_associations": "inconnue"}, "partner_associations", ["inconnue"]),
        ({"starts_on": "2026-02-31"}, "starts_on", ["2026-02-31", "YYYY-MM-DD"]),
        ({"ends_on": "2025-12-31"}, "ends_on", ["2025-12-31", "2026-01-01"]),
        ({"access_to_information": "peut-être"}, "access_to_information", ["peut-être"]),
        ({"title_ar": ""}, "title_ar", []),
        ({"title_fr": "x" * 256}, "title_fr", ["255"]),
        ({"contact_email": "pas une adresse"}, "contact_email", []),
        # Hostile cells: a row error each, never a server error.
        ({"problem_fr": "nul\x00byte"}, "problem_fr", ["U+0000"]),
        ({"lead_institution": "fin\u202eance"}, "lead_institution", []),
    ],
)
def test_each_commitment_cell_is_checked_with_a_clear_message(stage, change, column, words):
    [errors] = resource_errors(CommitmentResource, COMMITMENT_COLUMNS, card(**change))
    assert list(errors) == [column]
    assert all(word in errors[column] for word in words), errors[column]


def test_text_loses_its_direction_controls_as_in_the_sites_forms(client, stage):
    plan, *_ = stage
    client.force_login(secretariat())
    row = card(title_fr="Budget\u202e ouvert", problem_fr="=HYPERLINK(1)")
    assert import_file(client, Commitment, rows_file(COMMITMENT_COLUMNS, row)).status_code == 302
    new = Commitment.objects.get(plan=plan, number=3)
    assert new.title_fr == "Budget ouvert"
    assert new.problem_fr == "=HYPERLINK(1)"


def test_one_line_fields_lose_the_direction_marks_too(client, stage):
    """As the site's one-line fields: the contact's name and institution and
    the other partners, like the title (U+061C, the Arabic letter mark, included)."""
    plan, *_ = stage
    client.force_login(secretariat())
    marked = "\u061cMinistère\u200f de la Santé\u200e"
    row = card(title_fr=marked, contact_name=marked, contact_institution=marked, other_partners=marked)
    assert import_file(client, Commitment, rows_file(COMMITMENT_COLUMNS, row)).status_code == 302
    new = Commitment.objects.get(plan=plan, number=3)
    assert new.title_fr == new.contact_name == new.contact_institution == new.other_partners
    assert new.contact_name == "Ministère de la Santé"


def test_the_same_commitment_twice_in_a_file_is_refused(stage):
    errors = resource_errors(CommitmentResource, COMMITMENT_COLUMNS, card(), card(title_ar="ثاني"))
    assert list(errors[0]) == ["number"] and "1" in errors[0]["number"]


def test_a_new_commitment_number_already_taken_is_an_update_not_a_duplicate(stage):
    plan, first, *_ = stage
    assert resource_errors(CommitmentResource, COMMITMENT_COLUMNS, card(number="1", theme="1")) == []
    assert Commitment.objects.filter(plan=plan, number=1).count() == 1


def milestone_row(**changes) -> dict:
    return {"plan": "nap3", "commitment": "1", "description_ar": "نشاط", **changes}


@pytest.mark.parametrize(
    "change,column,words",
    [
        ({"commitment": "9"}, "commitment", ["nap3", "9"]),
        ({"completion": "101"}, "completion", ["0", "100"]),
        ({"completion": "1e30"}, "completion", ["1e30"]),
        ({"completion": 1e30}, "completion", ["100"]),
        ({"status": "finished"}, "status", ["finished", "in_progress"]),
        ({"responsible_institution": "justice"}, "responsible_institution", ["justice"]),
        ({"id": "99999"}, "id", ["99999"]),
        ({"id": "99999999999999999999"}, "id", []),
        ({"description_ar": "\u0000"}, "description_ar", ["U+0000"]),
        ({"ends_on": "2026-13-01"}, "ends_on", ["2026-13-01"]),
    ],
)
def test_each_milestone_cell_is_checked_with_a_clear_message(stage, change, column, words):
    [errors] = resource_errors(MilestoneResource, MILESTONE_COLUMNS, milestone_row(**change))
    assert list(errors) == [column]
    assert all(word in errors[column] for word in words), errors[column]


def test_a_milestone_cannot_move_to_another_commitment_by_its_id(stage):
    plan, first, second, milestone, *_ = stage
    [errors] = resource_errors(
        MilestoneResource, MILESTONE_COLUMNS, milestone_row(id=milestone.pk, commitment="2")
    )
    assert list(errors) == ["commitment"]


@pytest.mark.parametrize(
    "change,column",
    [
        ({"baseline_value": "1e30"}, "baseline_value"),
        ({"baseline_value": "10" + "0" * 29}, "baseline_value"),
        ({"target_value": "NaN"}, "target_value"),
        ({"target_value": "12,5"}, "target_value"),
        ({"target_value": "12.555"}, "target_value"),
        ({"kind": "impact"}, "kind"),
        ({"target_on": "2027-12-31\u200f"}, "target_on"),
    ],
)
def test_each_indicator_cell_is_checked(stage, change, column):
    row = {"plan": "nap3", "commitment": "1", "name_ar": "مؤشر", **change}
    [errors] = resource_errors(IndicatorResource, INDICATOR_COLUMNS, row)
    assert list(errors) == [column]


def test_hostile_cells_through_the_admin_are_row_errors_not_server_errors(client, stage):
    client.force_login(secretariat())
    rows = [
        card(number="3", problem_fr="\x00"),
        card(number=str(10**30)),
        card(number="5", lead_institution="\u2067finance\u2069"),
    ]
    response = upload(client, Commitment, rows_file(COMMITMENT_COLUMNS, *rows))
    assert response.status_code == 200
    assert [row.number for row in response.context["result"].invalid_rows] == [1, 2, 3]
    response = upload(client, Commitment, SimpleUploadedFile("x.xlsx", b"\x00not a workbook"), "xlsx")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_an_update_by_plan_and_number_keeps_its_status_and_is_in_the_history(client, stage):
    plan, first, *_ = stage
    user = secretariat()
    client.force_login(user)
    before = first.history.count()
    row = card(
        number="1", theme="1", lead_institution="finance", involved_institutions="", title_fr="Budget citoyen"
    )
    assert import_file(client, Commitment, rows_file(COMMITMENT_COLUMNS, row)).status_code == 302
    first.refresh_from_db()
    assert first.title_fr == "Budget citoyen"
    assert first.status == "proposed"  # the import never moves a card
    assert not first.involved_institutions.exists()
    assert first.history.count() > before
    latest = first.history.latest()
    assert latest.history_user == user
    last_before = first.history.order_by("history_id")[before - 1]
    changed = {change.field for change in latest.diff_against(last_before).changes}
    assert "involved_institutions" in changed


def counts():
    return {
        model: (model.objects.count(), model.history.count()) for model in (Commitment, Milestone, Indicator)
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_what_is_exported_imports_back_unchanged(client, stage, fmt):
    client.force_login(secretariat())
    before = counts()
    for model in (Commitment, Milestone, Indicator):
        exported = export(client, model, fmt)
        file = SimpleUploadedFile(
            f"export.{fmt}", exported, content_type="text/csv" if fmt == "csv" else XLSX_TYPE
        )
        preview = upload(client, model, file, fmt)
        result = preview.context["result"]
        assert not result.has_validation_errors(), result.invalid_rows
        assert {row.import_type for row in result.rows} == {"skip"}
        again = SimpleUploadedFile(f"export.{fmt}", exported)
        assert import_file(client, model, again, fmt).status_code == 302
        assert export(client, model, fmt) == exported or fmt == "xlsx"
    assert counts() == before  # no row added, no history entry


def test_an_edited_export_updates_what_was_changed(client, stage):
    plan, first, second, milestone, *_ = stage
    client.force_login(secretariat())
    rows = list(csv.DictReader(io.StringIO(export(client, Milestone).decode())))
    [mine] = [row for row in rows if row["id"] == str(milestone.pk)]
    assert mine["commitment"] == "1" and mine["responsible_institution"] == "finance"
    mine["completion"] = "60"
    file = rows_file(MILESTONE_COLUMNS, *rows)
    assert import_file(client, Milestone, file).status_code == 302
    milestone.refresh_from_db()
    assert milestone.completion == 60
    assert Milestone.objects.count() == 2


def test_a_focal_points_export_holds_only_the_rows_of_their_scope(client, stage):
    plan, first, second, milestone, other_milestone, indicator = stage
    client.force_login(focal_point(second.lead_institution, "focal-sante@example.org"))
    commitments = list(csv.DictReader(io.StringIO(export(client, Commitment).decode())))
    # Health leads commitment 2 and is involved in commitment 1.
    assert sorted(row["number"] for row in commitments) == ["1", "2"]

    client.force_login(focal_point(InstitutionFactory(member=plan.member), "focal-autre@example.org"))
    assert list(csv.DictReader(io.StringIO(export(client, Commitment).decode()))) == []

    client.force_login(focal_point(first.lead_institution, "focal-finance@example.org"))
    commitments = list(csv.DictReader(io.StringIO(export(client, Commitment).decode())))
    milestones = list(csv.DictReader(io.StringIO(export(client, Milestone).decode())))
    assert [row["number"] for row in commitments] == ["1"]
    assert [row["id"] for row in milestones] == [str(milestone.pk)]


def test_only_the_secretariat_imports(client, stage):
    plan, first, *_ = stage
    client.force_login(focal_point(first.lead_institution, "focal-finance@example.org"))
    for model in (Commitment, Milestone, Indicator):
        assert client.get(url(model, "import")).status_code == 403
        assert client.get(url(model, "export")).status_code == 200
        html = client.get(url(model, "changelist")).content.decode()
        assert url(model, "import") not in html and url(model, "export") in html
    client.force_login(secretariat())
    for model in (Commitment, Milestone, Indicator):
        assert client.get(url(model, "import")).status_code == 200
        assert url(model, "import") in client.get(url(model, "changelist")).content.decode()


def test_a_hostile_filter_on_the_export_is_a_message(client, stage):
    client.force_login(secretariat())
    export_page = url(Commitment, "export")
    said = "Une valeur de filtre ou de recherche n'était pas valide : la liste est affichée sans elle."
    for query in ("?status=%00", "?starts_on__year=99999999999999999999"):
        page = client.get(export_page + query, follow=True)
        response = client.post(export_page + query, export_form(page), follow=True)
        # Back on the export form, without the filter, saying why.
        assert response.redirect_chain == [(export_page, 302)], query
        assert [str(m) for m in response.context["messages"]] == [said], query


def test_the_import_page_lists_the_columns(client, stage):
    client.force_login(secretariat())
    html = client.get(url(Commitment, "import")).content.decode()
    assert "involved_institutions" in html and "title_fr" in html
    assert admin.site._registry[Commitment].get_import_formats() == FORMATS


def dataset_of(columns, *rows) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=columns)
    for row in rows:
        dataset.append([row.get(column, "") for column in columns])
    return dataset


@pytest.mark.django_db(transaction=True)
def test_the_confirmed_import_is_all_or_nothing_on_the_database(stage):
    """Committed for real (no test transaction around it): the good rows
    before the bad one must not survive."""
    plan, first, *_ = stage
    rows = [
        milestone_row(description_ar="أ"),
        milestone_row(description_ar="ب"),
        milestone_row(completion="101"),
    ]
    result = MilestoneResource().import_data(dataset_of(MILESTONE_COLUMNS, *rows), dry_run=False)
    assert [row.number for row in result.invalid_rows] == [3]
    assert first.milestones.count() == 1

    result = MilestoneResource().import_data(dataset_of(MILESTONE_COLUMNS, *rows[:2]), dry_run=False)
    assert not result.has_validation_errors()
    assert first.milestones.count() == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_imports_of_the_same_new_cards_create_each_once(stage):
    plan, *_ = stage
    dataset = dataset_of(COMMITMENT_COLUMNS, card(number="3"), card(number="4", title_ar="ب"))

    def run():
        with translation.override("en"):
            result = CommitmentResource().import_data(dataset, dry_run=False)
        errors = [error.error for _number, row_errors in result.row_errors() for error in row_errors]
        said = [str(row.error) for row in result.invalid_rows]
        return result.has_validation_errors(), errors, said

    outcomes = in_parallel(run)
    # A file that lost the race is refused in words, not a database error.
    assert all(not errors for _refused, errors, _said in outcomes), outcomes
    assert all("at the same moment" in message for *_rest, said in outcomes for message in said), outcomes
    refused = [refused for refused, _errors, _said in outcomes]
    # The unique (plan, number) holds: one import creates the cards, the
    # others either found them (unchanged rows) or were rolled back whole.
    assert refused.count(False) >= 1
    for number in (3, 4):
        card_ = Commitment.objects.get(plan=plan, number=number)
        assert card_.history.filter(history_type="+").count() == 1
