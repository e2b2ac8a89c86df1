"""The open data of the consultations (consultations.datasets): every
published comment of the public plans with its target, its author's public
name only, who owes the answer and by when, and the answer; hidden comments
and draft plans' consultations left out; a fixed number of queries."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Milestone
from consultations.datasets import COLUMNS, comment_rows
from core.datasets import Links
from opendata.registry import REGISTRY
from plans.models import Plan
from tests.conftest import built_once
from tests.factories import UserFactory

from .factories import CommentFactory, DraftPlanConsultationFactory, SectionFactory
from .reported import closed_consultation

pytestmark = pytest.mark.django_db
LINKS = Links("http://testserver")


@built_once
def cast():
    return closed_consultation()


def rows(plan=None) -> list[dict]:
    return list(comment_rows(plan, LINKS))


def test_it_is_registered_with_its_columns():
    dataset = REGISTRY["consultation-comments"]
    assert [column.name for column in dataset.columns] == [
        "id", "consultation", "plan", "target", "commitment", "milestone", "section", "body", "language",
        "author", "on_behalf_of", "created_at", "owed_by", "due_on", "answer_status", "disposition",
        "answer", "answered_at", "url",
    ]  # fmt: skip


def test_every_published_comment_with_its_answer_and_nothing_hidden(cast):
    found = {row["id"]: row for row in rows()}
    comments = cast.comments
    assert set(found) == {comments[name].pk for name in ("c1", "c2", "c3", "c4", "c5")}
    c1 = found[comments["c1"].pk]
    assert set(c1) == {column.name for column in COLUMNS}
    assert (c1["target"], c1["commitment"], c1["milestone"], c1["section"]) == (
        "commitment",
        cast.one.number,
        None,
        None,
    )
    assert (c1["author"], c1["on_behalf_of"]) == ("Amina", "ترانسبرانسي المغرب")
    assert (c1["answer_status"], c1["disposition"]) == ("answered", "taken")
    assert c1["answer"] == "Retenu : le jalon est ajouté."
    assert c1["owed_by"] == cast.first.name_ar
    assert c1["due_on"] == cast.consultation.due().isoformat()
    assert c1["created_at"].endswith("+01:00") or c1["created_at"].endswith("+00:00")
    c2 = found[comments["c2"].pk]
    assert (c2["on_behalf_of"], c2["language"]) == ("Espace Associatif", "ar")
    c4 = found[comments["c4"].pk]
    assert (c4["target"], c4["owed_by"], c4["answer_status"], c4["disposition"], c4["answered_at"]) == (
        "whole",
        "",
        "awaiting",
        "",
        "",
    )
    # A deleted account: no name, as in the ideas' data.
    assert found[comments["c5"].pk]["author"] == ""


def test_only_the_display_name_of_a_person_leaves(cast):
    text = json.dumps(rows(), ensure_ascii=False)
    for person in cast.people.values():
        assert person.email not in text
    assert "Omar" not in text  # his only comment is hidden


def test_a_milestone_and_a_section_are_named_by_their_numbers(cast):
    milestone = Milestone.objects.create(commitment=cast.one, position=3, description_ar="نشر")
    on_milestone = CommentFactory(consultation=cast.consultation, commitment=cast.one, milestone=milestone)
    section = SectionFactory(number=4)
    on_section = CommentFactory(consultation=section.consultation, section=section)
    found = {row["id"]: row for row in rows()}
    assert (found[on_milestone.pk]["target"], found[on_milestone.pk]["milestone"]) == ("commitment", 3)
    assert (found[on_section.pk]["target"], found[on_section.pk]["section"]) == ("section", 4)


def test_a_draft_plans_consultation_is_not_published(cast):
    hidden_plan = DraftPlanConsultationFactory(plan__status=Plan.Status.DRAFT)
    CommentFactory(consultation=hidden_plan, body="Pas encore public")
    assert "Pas encore public" not in json.dumps(rows(), ensure_ascii=False)
    assert rows(hidden_plan.plan) == []


def test_the_csv_and_json_downloads(client, cast):
    response = client.get(f"/open-data/consultation-comments.csv?plan={cast.plan.slug}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(table) == 5 and table[0]["plan"] == cast.plan.slug
    response = client.get("/open-data/consultation-comments.json")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(json.loads(body)) == 5


def test_the_rows_read_as_many_queries_for_500_comments_as_for_5(cast):
    with CaptureQueriesContext(connection) as few:
        rows()
    people = UserFactory.create_batch(10)
    for index in range(495):
        CommentFactory(consultation=cast.consultation, commitment=cast.two, author=people[index % 10])
    with CaptureQueriesContext(connection) as many:
        assert len(rows()) == 500
    assert len(many) == len(few)
