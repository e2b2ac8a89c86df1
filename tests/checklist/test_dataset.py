"""The checklist in the open data (plans.datasets, `ogp-checklist`): a row
per line of each public plan's checklist, in the portal's default language,
with its state, figures, the absolute addresses of its evidence and the day
assessed; one plan's with ?plan=, none of a draft; a file written once per
state of its data and of the day."""

import csv
import io
import json

import pytest
from django.utils import timezone

from core import generations
from opendata.registry import REGISTRY
from plans import checklist
from plans.datasets import CHECKLIST_COLUMNS
from plans.models import Plan
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():
    public = PlanFactory(slug="nap-test")
    IdeaFactory(theme=ThemeFactory(plan=public))
    other = PlanFactory(slug="other-plan")
    draft = PlanFactory(slug="draft-plan", status=Plan.Status.DRAFT)
    return public, other, draft


def csv_rows(client, query: str = "") -> list[dict]:
    response = client.get("/open-data/ogp-checklist.csv" + query)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_every_line_of_every_public_plan(client, plans):
    public, other, draft = plans
    rows = csv_rows(client)
    assert list(rows[0]) == [column.name for column in CHECKLIST_COLUMNS]
    lines = checklist.lines()
    assert {row["plan"] for row in rows} == {public.slug, other.slug}  # not the draft
    mine = [row for row in rows if row["plan"] == public.slug]
    assert [row["line"] for row in mine] == [line.key for line in lines]
    assert {row["state"] for row in mine} <= {"met", "at_risk", "not_met"}
    assert all(row["assessed_on"] == timezone.localdate().isoformat() for row in mine)
    sources = next(row for row in mine if row["line"] == "ideas.sources")
    assert sources["state"] == "at_risk" and sources["standard"] == "participation"
    assert sources["standard_number"] == "3"
    # In Arabic, the portal's default language; the evidence's addresses absolute.
    assert "1" in sources["figures"] and " | " in sources["figures"]
    assert all(
        url.startswith("http://testserver/ar/plans/nap-test/") for url in sources["evidence"].split(" | ")
    )
    rules = next(row for row in mine if row["line"] == "plans.length")
    assert rules["standard"] == "rules" and rules["standard_number"] == ""


def test_one_plans_lines_as_json(client, plans):
    public, *_ = plans
    response = client.get("/open-data/ogp-checklist.json", {"plan": public.slug})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    records = json.loads(content)
    assert {record["plan"] for record in records} == {public.slug}
    assert len(records) == len(checklist.lines())
    first = records[0]
    assert list(first) == [column.name for column in CHECKLIST_COLUMNS]
    assert isinstance(first["figures"], list) and isinstance(first["evidence"], list)
    assert client.get("/open-data/ogp-checklist.json", {"plan": "draft-plan"}).status_code == 404


def test_its_file_follows_the_lines_data_and_the_day(plans):
    public, *_ = plans
    dataset = REGISTRY["ogp-checklist"]
    names = dataset.generations_of([public.pk])
    assert generations.day() in names
    assert all(name in names for name in checklist.names(public))
