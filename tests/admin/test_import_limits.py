"""What every spreadsheet import refuses before reading its rows (core.imports):
a file over IMPORT_MAX_BYTES or with more than IMPORT_MAX_ROWS rows, both said
on the import page; and what its cells may not carry into the portal (bidi
overrides, terminal escapes), whatever the file's format."""

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from import_export.formats.base_formats import CSV, XLSX

from commitments.models import Commitment
from core.imports import count_rows
from ideas.models import Idea
from ideas.resources import COLUMNS
from tests.files import xlsx

from .test_idea_import import confirm, upload

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet(rows, **options) -> SimpleUploadedFile:
    return SimpleUploadedFile("atelier.xlsx", xlsx([COLUMNS, *rows], **options), content_type=XLSX_TYPE)


def idea_row(plan, n=1, title="Budget ouvert"):
    return [plan.slug, 1, 1, f"{title}", "Pas de suivi", "Comités locaux", "Redevabilité", ""]


@pytest.fixture
def never_read(monkeypatch):
    """The spreadsheet library's reading of the rows: it must not be reached."""

    def refuse(*args, **kwargs):
        raise AssertionError("the rows were read")

    monkeypatch.setattr(XLSX, "create_dataset", refuse)
    monkeypatch.setattr(CSV, "create_dataset", refuse)


@pytest.mark.django_db
def test_the_import_page_states_the_limits_in_the_users_language(client, secretariat, settings):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_BYTES = 1500, 2 * 1024 * 1024
    client.force_login(secretariat)
    for language, size in [("fr", "2,0\xa0Mio"), ("ar", "2,0\xa0م.ب")]:
        with translation.override(language):
            html = client.get(reverse("admin:ideas_idea_import")).content.decode()
        [limits] = re.findall(r'<p class="help import-limits">(.*?)</p>', html, re.S)
        assert "<bdi>1500</bdi>" in limits and f"<bdi>{size}</bdi>" in limits, limits


@pytest.mark.django_db
def test_a_spreadsheet_of_100000_rows_is_refused_before_its_rows_are_read(
    client, secretariat, plan, theme, workshop, never_read
):
    """The report: 100,000 rows held a worker until it was killed."""
    rows = [idea_row(plan)] * 100_000
    file = spreadsheet(rows)
    assert file.size < 1024 * 1024  # a small file
    client.force_login(secretariat)
    started = time.monotonic()
    response = upload(client, file, XLSX)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    [error] = response.context["form"].errors["import_file"]
    assert "2000" in error  # "more than 2000 rows under its headings…"
    assert response.context.get("confirm_form") is None
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_a_sheet_that_does_not_declare_its_size_is_counted_only_up_to_the_limit(
    client, secretariat, plan, theme, workshop, settings, never_read
):
    settings.IMPORT_MAX_ROWS = 3
    client.force_login(secretariat)
    response = upload(client, spreadsheet([idea_row(plan)] * 4, dimension=False), XLSX)
    assert "3" in response.context["form"].errors["import_file"][0]
    data = xlsx([COLUMNS, *[idea_row(plan)] * 50_000], dimension=False)
    assert count_rows(data, XLSX, stop=5) == 5  # it stops there


@pytest.mark.django_db
def test_a_csv_over_the_row_limit_is_refused_too(
    client, secretariat, plan, theme, workshop, settings, never_read
):
    settings.IMPORT_MAX_ROWS = 2
    rows = [",".join(map(str, idea_row(plan)))] * 3
    file = SimpleUploadedFile("atelier.csv", "\n".join([",".join(COLUMNS), *rows]).encode(), "text/csv")
    client.force_login(secretariat)
    response = upload(client, file, CSV)
    assert "2" in response.context["form"].errors["import_file"][0]
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_a_file_at_the_limit_imports(client, secretariat, plan, theme, workshop, settings):
    settings.IMPORT_MAX_ROWS = 3
    client.force_login(secretariat)
    response = confirm(client, upload(client, spreadsheet([idea_row(plan)] * 3, dimension=False), XLSX))
    assert response.status_code == 302
    assert Idea.objects.count() == 3


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_with_the_limit(client, secretariat, settings, never_read):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(secretariat)
    file = SimpleUploadedFile("atelier.csv", b"plan,theme\n" + b"nap3,1\n" * 500, "text/csv")
    response = upload(client, file, CSV)
    [error] = response.context["form"].errors["import_file"]
    assert "1000" in error.replace("\xa0", "")


@pytest.mark.django_db
def test_a_spreadsheet_that_unpacks_to_far_more_than_its_size_is_refused(
    client, secretariat, settings, never_read
):
    """A ZIP bomb: a few kilobytes that unpack to megabytes in one cell."""
    settings.IMPORT_MAX_BYTES = 20_000
    file = spreadsheet([["nap3", 1, 1, "x" * 1_000_000]])
    assert file.size < 20_000
    client.force_login(secretariat)
    response = upload(client, file, XLSX)
    [error] = response.context["form"].errors["import_file"]
    assert "390,6" in error  # 20 × 20,000 bytes


@pytest.mark.django_db
def test_the_commitments_import_has_the_same_limits(client, settings):
    from tests.factories import UserFactory

    settings.IMPORT_MAX_ROWS = 1
    user = UserFactory(is_staff=True, is_superuser=True, language="fr")
    client.force_login(user)
    file = SimpleUploadedFile("cards.xlsx", xlsx([["plan", "number"], ["nap3", 1], ["nap3", 2]]), XLSX_TYPE)
    formats = [str(f) for f in range(2)]
    response = client.post(
        reverse("admin:commitments_commitment_import"),
        {"resource": "0", "format": formats[1], "import_file": file},
    )
    assert response.context["form"].errors["import_file"]
    assert not Commitment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("format_class", [CSV, XLSX])
def test_bidi_overrides_and_terminal_escapes_never_reach_a_title(
    client, secretariat, plan, theme, workshop, format_class
):
    """The report: a workshop import stored U+202E and ESC in titles, served
    raw on the idea page and in the open data. A direction override is taken
    out (as the site's forms do); a terminal escape refuses the row, whether
    ESC (CSV) or the 8-bit CSI U+009B an XLSX can carry."""
    client.force_login(secretariat)
    escape = "\x1b[2J" if format_class is CSV else "\x9b2J"
    for title, refused in [(f"Budget{escape} ouvert", True), ("Budget \u202eouvert\u202c", False)]:
        row = idea_row(plan, title=title)
        if format_class is CSV:
            text = "\n".join([",".join(COLUMNS), ",".join(map(str, row))])
            file = SimpleUploadedFile("atelier.csv", text.encode(), "text/csv")
        else:
            file = spreadsheet([row])
        response = upload(client, file, format_class)
        if refused:
            [invalid] = response.context["result"].invalid_rows
            assert "title" in invalid.error_dict
            assert "U+" in invalid.error_dict["title"][0]
        else:
            assert confirm(client, response).status_code == 302
    assert [idea.title for idea in Idea.objects.all()] == ["Budget ouvert"]
