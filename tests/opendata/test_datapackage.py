"""The Data Package (/open-data/datapackage.json): the registry described the
way open-data tools read it, checked the way they would check it. The test
downloads the package and every file it lists through the portal, on data
like the demo's, and runs Frictionless on them: the package must be valid,
every file must load, and every cell must have the type its column declares."""

import json
from datetime import date, datetime

import frictionless
import pytest
from django.utils import timezone

from commitments.models import Milestone
from consultations import answers
from core.datasets import Column, Dataset
from ideas import screening
from ideas.models import Comment, Idea, Support
from opendata.registry import REGISTRY
from plans.models import PlanDocument
from tests.committee.factories import committee_with_meetings
from tests.committee.selection_published import published_round
from tests.consultations.factories import CommentFactory, SectionFactory, TextConsultationFactory
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Registration

pytestmark = pytest.mark.django_db
SITE = "http://testserver"


@pytest.fixture
def data(staff):
    """Two public plans and a draft one, with ideas in several states (from
    the portal and from a workshop), workshops held, cancelled and to come,
    and commitments rated by the IRM or not."""
    plan = PlanFactory(slug="nap-test")
    theme = ThemeFactory(plan=plan, number=1, name_ar="العدالة", name_fr="Justice")
    PlanFactory(slug="commune-test")
    justice = InstitutionFactory(name_ar="وزارة العدل")
    card = CommitmentFactory(
        theme=theme,
        number=1,
        status="in_implementation",
        title_fr="=Données ouvertes",
        access_to_information=True,
        starts_on=date(2021, 11, 1),
        ends_on=date(2023, 8, 31),
        irm_verifiable=True,
        irm_transparency=True,
        irm_potential="modest",
        self_rating="complete",
        self_assessment="Fait.",
    )
    card.involved_institutions.add(justice)
    card.partner_associations.add(AssociationFactory(name_ar="جمعية"))
    Milestone.objects.create(
        commitment=card, position=1, description_ar="إطلاق", status="done", completion=100
    )
    CommitmentFactory(theme=theme, number=2, status="adopted")  # no milestone, not rated
    held = WorkshopFactory(theme=theme, number=1, registered_count=40, attended_count=31)
    held.institutions.add(justice, InstitutionFactory(name_ar="البرلمان"))
    upcoming = WorkshopFactory(theme=theme, number=2, starts_at=timezone.now() + timezone.timedelta(days=9))
    Registration.objects.create(
        workshop=upcoming, email="guest@example.org", name="Guest", status="registered"
    )
    WorkshopFactory(theme=theme, number=3, cancelled_at=timezone.now())
    integrated = IdeaFactory(theme=theme, association=AssociationFactory(name_ar="جمعية تفرة"))
    screening.accept(integrated, by=staff)
    screening.send_to(integrated, by=staff, institutions=[justice])
    screening.integrate(integrated, by=staff, commitments=[card])
    Support.objects.create(idea=integrated, user=UserFactory())
    Comment.objects.create(idea=integrated, author=UserFactory(), body="-1, mais oui")
    screening.reject(IdeaFactory(theme=theme), by=staff, reason="duplicate", duplicate_of=integrated)
    IdeaFactory(theme=theme, source=Idea.Source.WORKSHOP, workshop=held, author=None, title="+ transparence")
    IdeaFactory(theme=ThemeFactory(plan=PlanFactory(slug="secret", status="draft")))
    # The plan's repository: a document the secretariat added (the portal's
    # own documents join it once rendered: tests/documents).
    PlanDocument.objects.create(
        plan=plan,
        title="Méthodologie",
        kind="method",
        date=date(2026, 1, 15),
        language="fr",
        url="https://example.org/m",
    )
    committee_with_meetings(plan)  # the committee's meetings, attendance and decisions
    published_round(committee=plan.committee)  # the selection of its civil-society members
    # A consultation on a text: a comment answered, one awaiting on a section, one hidden.
    consultation = TextConsultationFactory(plan=plan)
    section = SectionFactory(consultation=consultation, number=2)
    answered = CommentFactory(consultation=consultation, author=UserFactory(display_name="Salma"))
    answers.answer(answered, by=staff, disposition="partly", text="En partie.")
    CommentFactory(consultation=consultation, section=section, author=None, association_name="Espace")
    CommentFactory(consultation=consultation, moderation="hidden")
    return plan


def download(client, url: str) -> bytes:
    assert url.startswith(f"{SITE}/open-data/"), url  # absolute, on the language-free addresses
    response = client.get(url.removeprefix(SITE))
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def fetched(client, folder) -> tuple[dict, frictionless.Package]:
    """The package and its files, written to `folder` as a tool would keep
    them (each resource's path made the local copy's)."""
    response = client.get("/open-data/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    descriptor = json.loads(response.content)
    local = json.loads(response.content)
    for resource in local["resources"]:
        name = f"{resource['name']}.{resource['format']}"
        (folder / name).write_bytes(download(client, resource["path"]))
        resource["path"] = name
    (folder / "datapackage.json").write_text(json.dumps(local), encoding="utf-8")
    return descriptor, frictionless.Package(str(folder / "datapackage.json"))


def typed(rows) -> list[dict]:
    """The cells that are not text, an empty list as an empty cell."""
    return [
        {name: (value or None) if isinstance(value, list) else value for name, value in row.items()
         if not isinstance(value, str)}
        for row in rows
    ]  # fmt: skip


def test_frictionless_validates_the_package_and_every_file_with_the_declared_types(client, data, tmp_path):
    descriptor, package = fetched(client, tmp_path)

    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(descriptor["resources"])  # every file, not only the first

    # Read back typed: the cells are what the registry declares.
    ideas = package.get_resource("ideas").read_rows()
    assert len(ideas) == 3  # the draft plan's idea is not published
    integrated = next(row for row in ideas if row["status"] == "integrated")
    assert isinstance(integrated["id"], int) and integrated["supports"] == 1 and integrated["comments"] == 1
    assert isinstance(integrated["created_at"], datetime) and integrated["created_at"].utcoffset() is not None
    assert integrated["sent_to"] == ["وزارة العدل"] and integrated["commitments"] == [1]
    assert integrated["workshop"] is None
    rejected = next(row for row in ideas if row["status"] == "not_accepted")
    assert rejected["duplicate_of"] == integrated["id"]
    assert next(row for row in ideas if row["source"] == "workshop")["workshop"] == 1
    # The JSON reads as the same table (its text as typed, its empty lists empty).
    assert typed(package.get_resource("ideas-json").read_rows()) == typed(ideas)

    workshops = {row["number"]: row for row in package.get_resource("workshops").read_rows()}
    assert isinstance(workshops[1]["starts_at"], datetime) and workshops[1]["cancelled_at"] is None
    assert isinstance(workshops[3]["cancelled_at"], datetime)
    assert sorted(workshops[1]["institutions"]) == ["البرلمان", "وزارة العدل"]
    assert (workshops[1]["attended"], workshops[1]["ideas"], workshops[2]["registered"]) == (31, 1, 1)
    assert typed(package.get_resource("workshops-json").read_rows()) == typed(workshops.values())

    commitments = {row["number"]: row for row in package.get_resource("commitments").read_rows()}
    assert (commitments[1]["starts_on"], commitments[1]["completion"]) == (date(2021, 11, 1), 100)
    assert commitments[1]["irm_verifiable"] is True and commitments[2]["irm_verifiable"] is None
    assert commitments[1]["ogp_values"] == ["access_to_information"]
    assert commitments[1]["title_fr"] == "'=Données ouvertes"  # the CSV's defused formula
    assert commitments[2]["completion"] is None
    assert (commitments[1]["self_rating"], commitments[1]["self_assessment"]) == ("complete", "Fait.")
    assert commitments[2]["self_rating"] is None  # not given: an empty cell

    comments = {row["target"]: row for row in package.get_resource("consultation-comments").read_rows()}
    assert set(comments) == {"whole", "section"}  # not the hidden one
    assert (comments["whole"]["author"], comments["whole"]["disposition"]) == ("Salma", "partly")
    assert isinstance(comments["whole"]["answered_at"], datetime)
    assert isinstance(comments["whole"]["due_on"], date) and comments["whole"]["commitment"] is None
    assert (comments["section"]["section"], comments["section"]["author"]) == (2, None)
    assert comments["section"]["on_behalf_of"] == "Espace" and comments["section"]["answered_at"] is None
    assert typed(package.get_resource("consultation-comments-json").read_rows()) == typed(comments.values())


def test_the_package_is_the_registry(client, data):
    """Built from the registry, not from a list: every table's CSV and JSON
    with its columns' names, types and meanings in order, every plan
    document once per public plan, and what each says of itself."""
    package = json.loads(client.get("/open-data/datapackage.json").content)
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["homepage"] == f"{SITE}/ar/open-data/"
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        }
    ]
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert REGISTRY
    for dataset in REGISTRY.values():
        if not isinstance(dataset, Dataset):
            for slug in ("nap-test", "commune-test"):
                document = resources.pop(f"{dataset.key}-{slug}")
                assert document["path"] == f"{SITE}/open-data/plans/{slug}/{dataset.key}.json"
                assert (document["format"], document["mediatype"]) == ("json", "application/json")
            continue
        csv, json_file = resources.pop(dataset.key), resources.pop(f"{dataset.key}-json")
        assert csv["path"] == f"{SITE}/open-data/{dataset.key}.csv"
        assert (csv["format"], csv["mediatype"], csv["encoding"]) == ("csv", "text/csv", "utf-8")
        assert json_file["path"] == f"{SITE}/open-data/{dataset.key}.json"
        assert csv["licenses"][0]["path"] == dataset.licence.url
        assert [(field["name"], field["type"]) for field in csv["schema"]["fields"]] == [
            (column.name, column.type) for column in dataset.columns
        ]
        if dataset.schema is None:
            assert json_file["schema"] == csv["schema"]
        else:  # records richer than a row: described by their JSON Schema, a file of the package too
            assert "schema" not in json_file
            described = resources.pop(f"{dataset.schema.name}-jsonschema")
            assert described["path"] == f"{SITE}/open-data/schemas/{dataset.schema.name}.json"
    assert resources == {}  # nothing else
    # The meanings, in the language of the files' links (Arabic).
    ideas = next(resource for resource in package["resources"] if resource["name"] == "ideas")
    fields = {field["name"]: field for field in ideas["schema"]["fields"]}
    assert fields["plan"]["description"] == "معرف (slug) خطة العمل."
    assert fields["sent_to"] | {"description": ""} == {
        "name": "sent_to",
        "type": "list",
        "delimiter": " | ",
        "itemType": "string",
        "description": "",
    }


def test_a_registered_dataset_is_in_the_package_with_its_types(client, monkeypatch):
    dataset = Dataset(
        key="test-birds",
        title="Birds",
        description="Every bird seen.",
        columns=[Column("name", "Its name."), Column("wings", "How many.", type="integer")],
        rows=lambda plan, links: iter([{"name": "Stork", "wings": 2}]),
    )
    monkeypatch.setitem(REGISTRY, dataset.key, dataset)
    package = json.loads(client.get("/open-data/datapackage.json").content)
    birds = next(resource for resource in package["resources"] if resource["name"] == "test-birds")
    assert birds["schema"]["fields"] == [
        {"name": "name", "type": "string", "description": "Its name."},
        {"name": "wings", "type": "integer", "description": "How many."},
    ]


def test_the_package_is_cached_and_follows_the_public_plans(client, data, django_assert_max_num_queries):
    client.get("/open-data/datapackage.json")
    with django_assert_max_num_queries(0):
        before = json.loads(client.get("/open-data/datapackage.json").content)
    PlanFactory(slug="new-plan")
    after = json.loads(client.get("/open-data/datapackage.json").content)
    names = {resource["name"] for resource in after["resources"]} - {r["name"] for r in before["resources"]}
    assert names == {"statistics-new-plan"}


def test_the_open_data_page_links_to_the_package(client):
    html = client.get("/en/open-data/").content.decode()
    assert '<a href="/open-data/datapackage.json" type="application/json">Data Package</a>' in html
