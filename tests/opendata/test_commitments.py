"""The commitments dataset: one CSV row per public commitment with its
completion and IRM level; the JSON gives each card whole, and validates
against the JSON Schema published at /open-data/schemas/commitment.json.
Drafts, and what a returned or waiting update carries, never leave.

`jsonschema` is not among the project's dependencies: `validate` below is a
strict validator of the part of draft 2020-12 the schema uses, and refuses
any keyword it does not know rather than ignoring it."""

import csv
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from commitments import lifecycle
from commitments.datasets import IRM_LENSES, LANGUAGES, OGP_VALUES
from commitments.models import Assessment, Commitment, Completion, Evidence, Indicator, Measurement, Milestone
from opendata.registry import REGISTRY
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
)
from tests.files import pdf

pytestmark = pytest.mark.django_db
S = Milestone.Status

COLUMNS = [
    "plan", "number", "title_ar", "title_fr", "title_en", "theme", "status", "lead_institution",
    "involved_institutions", "partner_associations", "other_partners", "ogp_values", "starts_on", "ends_on",
    "completion", "level", "irm_verifiable", "irm_lenses", "irm_potential", "irm_completion",
    "irm_opened_government", "irm_report_url", "assessments", "url", "self_rating", "self_assessment",
]  # fmt: skip


# JSON Schema 2020-12 (jsonschema), with the formats the schema uses checked
# strictly (jsonschema leaves "uri" and "date-time" to optional packages).
FORMATS = FormatChecker()
FORMATS.checks("uri")(lambda v: not isinstance(v, str) or bool(re.fullmatch(r"https?://[^\s]+", v)))
FORMATS.checks("date-time")(
    lambda v: (
        not isinstance(v, str)
        or (
            bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", v))
            and bool(datetime.fromisoformat(v))
        )
    )
)


def validate(value, schema: dict, root: dict) -> None:
    """`value` against `schema`, a part of `root` whose references it follows."""
    Draft202012Validator.check_schema(root)
    Draft202012Validator({**schema, "$defs": root.get("$defs", {})}, format_checker=FORMATS).validate(value)


def test_the_schema_refuses_what_it_should():
    schema = REGISTRY["commitments"].schema.document
    with pytest.raises(ValidationError, match="required property"):
        validate({}, schema, schema)
    text = {"ar": "", "fr": "", "en": ""}
    with pytest.raises(ValidationError, match="Additional properties"):
        validate({**text, "de": ""}, schema["$defs"]["text"], schema)
    with pytest.raises(ValidationError, match="is not one of"):
        validate("draft", schema["properties"]["status"], schema)
    with pytest.raises(ValidationError, match="is not of type"):
        validate([{"date": "2024-01-01", "value": "24", "source": ""}], _measurements(schema), schema)
    with pytest.raises(ValidationError, match="is not a"):
        validate([{"date": "2024-13-01", "value": 24, "source": ""}], _measurements(schema), schema)


def test_the_schema_file_names_the_values_the_portal_writes():
    """The schema is a file (commitments/schemas/commitment.json): its lists
    of values must be the models' choices, and every object closed with
    every key required, or a new value would leave an invalid file."""
    schema = REGISTRY["commitments"].schema.document
    properties = schema["properties"]
    irm = properties["irm"]["properties"]
    milestone = properties["milestones"]["items"]["properties"]
    nullable = [None]
    assert list(schema["$defs"]["text"]["properties"]) == list(LANGUAGES)
    assert properties["status"]["enum"] == [s for s in Commitment.Status.values if s != "draft"]
    assert properties["ogp_values"]["items"]["enum"] == list(OGP_VALUES)
    assert properties["level"]["enum"] == Completion.values
    assert irm["lenses"]["items"]["enum"] == list(IRM_LENSES)
    assert irm["potential"]["enum"] == Commitment.Potential.values + nullable
    assert irm["completion"]["enum"] == Commitment.IrmCompletion.values + nullable
    assert irm["opened_government"]["enum"] == Commitment.OpenedGovernment.values + nullable
    assert milestone["status"]["enum"] == Milestone.Status.values
    assert milestone["updates"]["items"]["properties"]["status"]["enum"] == Milestone.Status.values
    assert properties["indicators"]["items"]["properties"]["kind"]["enum"] == Indicator.Kind.values
    assert properties["assessments"]["items"]["properties"]["rating"]["enum"] == Assessment.Rating.values
    assert properties["self_assessment"]["properties"]["rating"]["enum"] == Completion.values + nullable

    def objects(node):
        if isinstance(node, dict):
            if "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    closed = list(objects(schema))
    assert len(closed) > 10
    for node in closed:
        assert node["required"] == list(node["properties"]) and node["additionalProperties"] is False


def _measurements(schema):
    return schema["properties"]["indicators"]["items"]["properties"]["measurements"]


@pytest.fixture
def card():
    plan = PlanFactory(slug="nap-test")
    theme = ThemeFactory(plan=plan, number=2)
    lead = InstitutionFactory(name_ar="وزارة الانتقال الرقمي", acronym="MTNRA")
    card = CommitmentFactory(
        theme=theme,
        number=1,
        status="in_implementation",
        title_ar="البيانات المفتوحة",
        title_fr="=Données ouvertes",
        lead_institution=lead,
        access_to_information=True,
        technology_and_innovation=True,
        starts_on=date(2021, 11, 1),
        ends_on=date(2023, 8, 31),
        contact_name="Karim Alaoui",
        contact_email="karim.alaoui@example.ma",
        contact_institution="Ministère",
        irm_verifiable=True,
        irm_transparency=True,
        irm_potential="modest",
        self_rating="substantial",
        self_assessment="Trente jeux publiés ;\n=le reste en 2023.",
    )
    card.involved_institutions.add(InstitutionFactory(name_ar="البرلمان"))
    card.partner_associations.add(AssociationFactory(name_ar="جمعية تفرة"))
    Milestone.objects.create(
        commitment=card, position=1, description_ar="إطلاق", status=S.DONE, completion=100
    )
    reported = Milestone.objects.create(
        commitment=card, position=2, description_ar="نشر", responsible_institution=lead
    )
    Milestone.objects.create(commitment=card, position=3, description_ar="ملغى", status=S.CANCELLED)
    indicator = Indicator.objects.create(
        commitment=card, name_ar="عدد المجموعات", unit="jeux", baseline_value=0, target_value=Decimal("40.5")
    )
    Measurement.objects.create(
        indicator=indicator, measured_on=date(2022, 1, 1), value=10, source="Ministère"
    )
    focal, secretariat = UserFactory(email="focal.point@example.ma"), UserFactory()

    def report(value, link):
        return lifecycle.submit_update(
            reported,
            by=focal,
            status=S.IN_PROGRESS,
            completion=60,
            text=f"Mesure {value}",
            measurements=[Measurement(indicator=indicator, measured_on=date(2022, 6, 1), value=value)],
            evidence=[Evidence(title=f"Lien {value}", url=link)],
        )

    lifecycle.validate(report(24, "https://data.example.ma/validated"), by=secretariat)
    lifecycle.return_update(
        report(99, "https://data.example.ma/returned"), by=secretariat, reason="Pas clair."
    )
    report(77, "https://data.example.ma/waiting")  # awaiting validation
    Assessment.objects.create(
        commitment=card,
        association=AssociationFactory(name_ar="شفافية"),
        author=UserFactory(email="rep@association.ma"),
        rating="limited",
        text="Moins que ce qui est annoncé.",
    )
    CommitmentFactory(theme=theme, number=2, status="draft", title_fr="Brouillon secret")
    CommitmentFactory(
        theme=ThemeFactory(plan=PlanFactory(slug="secret", status="draft")), title_fr="Plan secret"
    )
    return card


def get(client, path: str, query: str = "") -> bytes:
    response = client.get(path + query)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_is_registered_documented_and_its_schema_published(client):
    assert [column.name for column in REGISTRY["commitments"].columns] == COLUMNS
    html = client.get("/en/open-data/").content.decode()
    assert 'id="dataset-commitments"' in html
    assert 'href="/open-data/commitments.json"' in html
    assert 'href="/en/open-data/commitments/"' in html
    html = client.get("/en/open-data/commitments/").content.decode()
    assert 'href="/open-data/commitments.json"' in html
    assert 'href="/open-data/schemas/commitment.json" type="application/schema+json"' in html
    assert "JSON Schema" in html and "draft 2020-12" in html
    for column in COLUMNS:
        assert f'<code dir="ltr">{column}</code>' in html
    response = client.get("/open-data/schemas/commitment.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    schema = json.loads(response.content)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "http://testserver/open-data/schemas/commitment.json"
    assert client.get("/open-data/schemas/no-such-record.json").status_code == 404
    assert client.get("/open-data/schemas/%00.json").status_code == 404


def test_the_csv_has_one_row_per_public_commitment_with_its_completion_and_level(client, card):
    text = get(client, "/open-data/commitments.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 1  # neither the draft card nor the draft plan's
    row = rows[0]
    assert row["plan"] == "nap-test" and row["number"] == "1" and row["theme"] == "2"
    assert row["title_ar"] == "البيانات المفتوحة"
    assert row["title_fr"] == "'=Données ouvertes"  # a formula defused
    assert row["status"] == "in_implementation"
    assert row["lead_institution"] == "وزارة الانتقال الرقمي"
    assert row["involved_institutions"] == "البرلمان"
    assert row["ogp_values"] == "access_to_information | technology_and_innovation"
    assert (row["starts_on"], row["ends_on"]) == ("2021-11-01", "2023-08-31")
    # Done (100) and the validated update's 60; the cancelled one left out; the
    # returned and the waiting updates change nothing.
    assert (row["completion"], row["level"]) == ("80", "substantial")
    assert (row["irm_verifiable"], row["irm_lenses"], row["irm_potential"]) == (
        "True",
        "transparency",
        "modest",
    )
    assert row["irm_completion"] == ""
    assert row["assessments"] == "1"
    assert (row["self_rating"], row["self_assessment"]) == (
        "substantial",
        "Trente jeux publiés ;\n=le reste en 2023.",
    )
    assert row["url"] == f"http://testserver/ar/commitments/{card.pk}/"
    assert "Brouillon secret" not in text and "Plan secret" not in text


def test_the_json_validates_against_the_published_schema(client, card):
    schema = json.loads(client.get("/open-data/schemas/commitment.json").content)
    records = json.loads(get(client, "/open-data/commitments.json"))
    assert len(records) == 1
    for record in records:
        validate(record, schema, schema)
    assert list(records[0]) == list(schema["properties"])


def test_the_json_gives_the_card_whole_with_validated_progress_only(client, card):
    raw = get(client, "/open-data/commitments.json").decode()
    (record,) = json.loads(raw)
    assert record["title"] == {"ar": "البيانات المفتوحة", "fr": "=Données ouvertes", "en": ""}
    assert record["lead_institution"]["acronym"] == "MTNRA"
    assert (record["completion"], record["level"]) == (80, "substantial")
    assert record["irm"]["potential"] == "modest" and record["irm"]["completion"] is None
    first, reported, cancelled = record["milestones"]
    assert (reported["status"], reported["completion"]) == ("in_progress", 60)
    assert cancelled["status"] == "cancelled"
    # Only the validated update, its evidence and its measurement.
    assert [u["text"] for u in reported["updates"]] == ["Mesure 24"]
    assert [e["url"] for e in reported["evidence"]] == ["https://data.example.ma/validated"]
    (indicator,) = record["indicators"]
    assert indicator["baseline"]["value"] == 0 and indicator["target"]["value"] == 40.5
    assert [(m["date"], m["value"]) for m in indicator["measurements"]] == [
        ("2022-01-01", 10),
        ("2022-06-01", 24),
    ]
    assert (
        "returned" not in raw and "waiting" not in raw and "Mesure 99" not in raw and "Mesure 77" not in raw
    )
    (assessment,) = record["assessments"]
    assert assessment["association"]["name"]["ar"] == "شفافية"
    assert (assessment["rating"], assessment["text"]) == ("limited", "Moins que ce qui est annoncé.")
    assert record["self_assessment"] == {
        "rating": "substantial",
        "text": "Trente jeux publiés ;\n=le reste en 2023.",
    }
    # No person: no email address, no contact's or author's name.
    assert "@" not in raw and "Karim" not in raw
    assert record["contact_institution"] == "Ministère"
    assert "Brouillon secret" not in raw and "Plan secret" not in raw


def test_a_validated_update_reaches_the_files_and_a_returned_one_does_not(client, card):
    before = json.loads(get(client, "/open-data/commitments.json"))
    milestone = card.milestones.get(position=1)
    update = lifecycle.submit_update(
        milestone, by=UserFactory(), status=S.DONE, completion=100, text="Refus", evidence=[]
    )
    lifecycle.return_update(update, by=UserFactory(), reason="Non.")
    assert json.loads(get(client, "/open-data/commitments.json")) == before
    reported = card.milestones.get(position=2)
    lifecycle.validate(
        lifecycle.submit_update(reported, by=UserFactory(), status=S.DONE, completion=100, text="Fini"),
        by=UserFactory(),
    )
    (record,) = json.loads(get(client, "/open-data/commitments.json"))
    assert (record["completion"], record["level"]) == (100, "complete")
    assert [u["text"] for u in record["milestones"][1]["updates"]] == ["Mesure 24", "Fini"]
    row = next(csv.DictReader(io.StringIO(get(client, "/open-data/commitments.csv").decode("utf-8-sig"))))
    assert (row["completion"], row["level"]) == ("100", "complete")


def test_one_plan_at_a_time_and_hostile_plans_are_not_found(client, card):
    other = CommitmentFactory(theme=ThemeFactory(plan=PlanFactory(slug="nap-other")), status="adopted")
    records = json.loads(get(client, "/open-data/commitments.json", "?plan=nap-other"))
    assert [r["url"] for r in records] == [f"http://testserver/ar/commitments/{other.pk}/"]
    assert client.get("/open-data/commitments.json?plan=secret").status_code == 404
    for value in ["\x00", "nap-test\x00", "a" * 10_000, "nap\u202etset-", "\u2067nap-test\u2069", "9" * 400]:
        for extension in ("csv", "json"):
            assert client.get(f"/open-data/commitments.{extension}", {"plan": value}).status_code == 404


def make_commitments(slug: str, count: int) -> None:
    theme = ThemeFactory(plan=PlanFactory(slug=slug))
    for number in range(1, count + 1):
        card = CommitmentFactory(theme=theme, number=number, status="in_implementation")
        card.involved_institutions.add(InstitutionFactory())
        card.partner_associations.add(AssociationFactory())
        milestone = Milestone.objects.create(
            commitment=card, description_ar="م", completion=50, status=S.IN_PROGRESS
        )
        Evidence.objects.create(milestone=milestone, title="Lien", url="https://example.ma/")
        lifecycle.validate(
            lifecycle.submit_update(milestone, by=None, status=S.IN_PROGRESS, completion=60, text="t"),
            by=None,
        )
        indicator = Indicator.objects.create(commitment=card, name_ar="م", baseline_value=1, target_value=2)
        Measurement.objects.create(indicator=indicator, measured_on=date(2022, 1, 1), value=1)
        Assessment.objects.create(
            commitment=card, association=AssociationFactory(), rating="limited", text="t"
        )


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        get(client, path)
    return len(captured)


def test_the_exports_run_a_constant_number_of_queries(client, settings, tmp_path):
    # Both formats on the same data (43 cards: built once, not once per format).
    settings.MEDIA_ROOT = tmp_path
    make_commitments("nap-few", 3)
    formats = ("csv", "json")
    few = {extension: queries(client, f"/open-data/commitments.{extension}") for extension in formats}
    make_commitments("nap-many", 40)
    many = {extension: queries(client, f"/open-data/commitments.{extension}") for extension in formats}
    assert len(json.loads(get(client, "/open-data/commitments.json"))) == 43
    for extension, ceiling in {"csv": 8, "json": 13}.items():
        assert many[extension] == few[extension] <= ceiling, extension
        # Then served from disk until the data changes.
        assert queries(client, f"/open-data/commitments.{extension}") <= 2, extension


def test_an_evidence_file_is_given_by_its_address_which_anyone_can_download(client, card, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    reported = card.milestones.get(position=2)
    public = Evidence(milestone=reported, title="Rapport", file=SimpleUploadedFile("rapport.pdf", pdf()))
    public.save()
    lifecycle.submit_update(
        reported,
        by=UserFactory(),
        status=S.DONE,
        completion=100,
        text="En attente",
        evidence=[Evidence(title="Brouillon", file=SimpleUploadedFile("brouillon.pdf", pdf()))],
    )
    (record,) = json.loads(get(client, "/open-data/commitments.json"))
    files = [e for e in record["milestones"][1]["evidence"] if e["kind"] == "file"]
    assert [e["title"] for e in files] == ["Rapport"]
    address = files[0]["url"].removeprefix("http://testserver")
    response = client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
