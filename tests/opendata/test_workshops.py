"""The workshops dataset: every workshop of the public plans with its
figures, derived from the registrations or reported, as CSV and JSON."""

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ideas.models import Idea
from opendata.registry import REGISTRY
from tests.factories import (
    AssociationFactory,
    IdeaFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    WorkshopFactory,
)
from workshops.models import Registration

pytestmark = pytest.mark.django_db
CASABLANCA = ZoneInfo("Africa/Casablanca")

COLUMNS = [
    "plan", "number", "title", "theme", "organiser", "institutions", "starts_at", "ends_at", "mode",
    "registered", "attended", "figures_source", "ideas", "title_fr", "title_en", "cancelled_at", "url",
]  # fmt: skip


@pytest.fixture
def workshops():
    plan = PlanFactory(slug="nap-test")
    theme = ThemeFactory(plan=plan, number=3)
    held = WorkshopFactory(
        theme=theme,
        number=1,
        title_ar="لقاء العدالة",
        title_fr="=Atelier justice",
        organiser=AssociationFactory(name_ar="جمعية تفرة", name_fr="Association Tafra"),
        starts_at=datetime(2021, 6, 15, 10, 0, tzinfo=CASABLANCA),
        registered_count=229,
        attended_count=87,
    )
    held.institutions.add(InstitutionFactory(name_ar="وزارة العدل"), InstitutionFactory(name_ar="البرلمان"))
    IdeaFactory.create_batch(2, theme=theme, source=Idea.Source.WORKSHOP, workshop=held, author=None)
    portal = WorkshopFactory(theme=theme, number=2, mode="hybrid", registered_count=999)
    for i, status in enumerate(["registered", "registered", "waiting", "cancelled"]):
        Registration.objects.create(
            workshop=portal,
            email=f"person{i}@example.org",
            name=f"Personne {i}",
            status=status,
            attended_at=timezone.now() if i == 0 else None,
        )
    IdeaFactory(theme=theme, source=Idea.Source.WORKSHOP, workshop=portal, author=None)
    WorkshopFactory(theme=ThemeFactory(plan=PlanFactory(slug="secret", status="draft")))
    return held, portal


def get(client, extension: str, query: str = "") -> bytes:
    response = client.get(f"/open-data/workshops.{extension}{query}")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.getvalue()


def test_it_is_registered_and_documented(client):
    assert [column.name for column in REGISTRY["workshops"].columns] == COLUMNS
    html = client.get("/en/open-data/").content.decode()
    assert 'id="dataset-workshops"' in html
    assert 'href="/open-data/workshops.csv"' in html
    html = client.get("/en/open-data/workshops/").content.decode()
    assert 'href="/open-data/workshops.csv"' in html
    for column in COLUMNS:
        assert f'<code dir="ltr">{column}</code>' in html


def test_the_csv_has_the_documented_columns_and_the_figures_of_each_workshop(client, workshops):
    held, portal = workshops
    raw = get(client, "csv")
    assert raw.startswith("\ufeff".encode())
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    assert reader.fieldnames == COLUMNS
    rows = list(reader)
    assert [(row["plan"], row["number"]) for row in rows] == [("nap-test", "1"), ("nap-test", "2")]
    first, second = rows
    assert first["title"] == "لقاء العدالة"
    assert first["title_fr"] == "'=Atelier justice"  # a spreadsheet formula, defused
    assert first["theme"] == "3"
    assert first["organiser"] == "جمعية تفرة"
    assert first["institutions"] == "البرلمان | وزارة العدل"
    assert first["starts_at"] == "2021-06-15T10:00:00+01:00"
    assert first["ends_at"] == "2021-06-15T12:20:00+01:00"
    assert first["mode"] == "in_person"
    assert (first["registered"], first["attended"], first["figures_source"]) == ("229", "87", "reported")
    assert first["ideas"] == "2"
    assert first["url"].endswith(f"/ar/workshops/{held.pk}/")
    # Counted from the rows: two seats (not the waiting or cancelled), one
    # attendance; the reported 999 is ignored once there are rows.
    assert (second["registered"], second["attended"], second["figures_source"]) == ("2", "1", "rows")
    assert second["ideas"] == "1" and second["mode"] == "hybrid"
    # Figures only: nothing of the people registered.
    assert b"example.org" not in raw and b"Personne" not in raw


def test_the_json_has_the_same_rows_typed(client, workshops):
    rows = json.loads(get(client, "json", "?plan=nap-test"))
    assert [list(row) for row in rows] == [COLUMNS, COLUMNS]
    assert rows[0]["institutions"] == ["البرلمان", "وزارة العدل"]
    assert rows[0]["registered"] == 229 and rows[0]["figures_source"] == "reported"
    assert rows[1]["registered"] == 2 and rows[1]["attended"] == 1 and rows[1]["figures_source"] == "rows"
    assert rows[1]["cancelled_at"] == ""


def test_draft_plans_are_left_out_and_hostile_plans_are_not_found(client, workshops):
    assert b"secret" not in get(client, "csv")
    for query in ("?plan=secret", "?plan=nope", "?plan=%00", "?plan=nap-test%E2%80%AE"):
        assert client.get(f"/open-data/workshops.csv{query}").status_code == 404


def test_the_file_follows_a_new_attendance(client, workshops):
    _held, portal = workshops
    assert json.loads(get(client, "json"))[1]["attended"] == 1
    registration = Registration.objects.filter(workshop=portal, attended_at__isnull=True).first()
    registration.attended_at = timezone.now()
    registration.save()
    assert json.loads(get(client, "json"))[1]["attended"] == 2
