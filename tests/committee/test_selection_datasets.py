"""The published results of the selections as open data (committee.datasets,
`committee-selection`): one row per candidacy scored and member who scored
it, with the rank, the mean, the outcome, the points on each criterion,
their total and the comment — only once published, only of public plans;
never an incomplete file, a draft or an observer; read by Frictionless with
its declared types; the same queries whatever the number of candidacies."""

import csv
import io
import json

import frictionless
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.committee.factories import CommitteeFactory
from tests.committee.selection_factories import round_in, submitted
from tests.committee.selection_published import published_round
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def rows(client, extension: str = "json", **query) -> list[dict]:
    response = client.get(f"/open-data/committee-selection.{extension}", query)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if extension == "json":
        return json.loads(body)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_one_row_per_candidacy_and_member_once_published(client):
    round, (first, second) = published_round()
    found = rows(client)
    assert [(row["candidacy"], row["member"]) for row in found] == [
        (first.pk, "Mehdi"),
        (first.pk, "Naïma"),
        (second.pk, "Mehdi"),
        (second.pk, "Naïma"),
    ]
    row = found[1]
    assert row["plan"] == round.committee.plan.slug
    assert (row["rank"], row["mean"], row["outcome"]) == (1, 90.0, "selected")
    assert (row["member_seat"], row["total"], row["comment"]) == ("university", 91, "Note de Naïma.")
    assert row["experience"] == 20 and row["technology"] == 5 and row["drafting"] == 11
    assert row["association_ar"] == first.association.name_ar and row["person"] == "Candidat 0"
    text = json.dumps(found, ensure_ascii=False)
    for absent in ("Incomplet", "Brouillon", "Observateur"):
        assert absent not in text


def test_nothing_before_publication_nor_of_a_draft_plan(client):
    round_in("scoring")  # not published
    unpublished = round_in("scoring")
    submitted(unpublished)
    published_round(committee=CommitteeFactory(plan=PlanFactory(status="draft")))
    assert rows(client) == []


def test_one_plans_file(client):
    round, _scored = published_round()
    other, _other_scored = published_round()
    only = rows(client, plan=round.committee.plan.slug)
    assert {row["plan"] for row in only} == {round.committee.plan.slug}
    assert {row["plan"] for row in rows(client, "csv")} == {
        round.committee.plan.slug,
        other.committee.plan.slug,
    }


def test_frictionless_reads_the_file_with_its_declared_types(client, tmp_path):
    published_round()
    package = json.loads(client.get("/open-data/datapackage.json").content)
    ours = [
        resource for resource in package["resources"] if resource["name"].startswith("committee-selection")
    ]
    assert {resource["name"] for resource in ours} == {"committee-selection", "committee-selection-json"}
    for resource in ours:
        name = f"{resource['name']}.{resource['format']}"
        response = client.get(resource["path"].removeprefix("http://testserver"))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        (tmp_path / name).write_bytes(body)
        resource["path"] = name
    (tmp_path / "datapackage.json").write_text(json.dumps({**package, "resources": ours}), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    read = frictionless.Package(str(tmp_path / "datapackage.json")).get_resource("committee-selection")
    found = read.read_rows()
    assert [row["mean"] for row in found] == [90, 90, 80, 80]
    assert all(isinstance(row["total"], int) for row in found)


def test_the_same_queries_whatever_the_number_of_candidacies(client):
    from committee.datasets import selection_rows
    from core.datasets import Links

    published_round(files=2)
    with CaptureQueriesContext(connection) as few:
        list(selection_rows(None, Links("")))
    published_round(files=2)  # a second round: its own queries
    with CaptureQueriesContext(connection) as two_rounds:
        list(selection_rows(None, Links("")))
    round, _scored = published_round(files=9)
    with CaptureQueriesContext(connection) as more:
        list(selection_rows(None, Links("")))
    per_round = len(two_rounds) - len(few)
    assert len(more) == len(two_rounds) + per_round
    with CaptureQueriesContext(connection) as one:
        list(selection_rows(round.committee.plan, Links("")))
    assert len(one) == len(few)
