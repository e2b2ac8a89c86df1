"""The committee's open data: its meetings, their attendance (members by
name, guests counted by organisation, never named) and its decisions (with
the counts per side and the computed outcome), as CSV and JSON, in the Data
Package; nothing of a draft."""

import csv
import io
import json

import frictionless
import pytest

from committee.models import Meeting
from tests.committee.factories import CommitteeFactory, MeetingFactory, committee_with_meetings
from tests.conftest import built_once
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@built_once
def scene():
    found = committee_with_meetings()
    # A draft plan's committee and meeting: in no file.
    MeetingFactory(committee=CommitteeFactory(plan=PlanFactory(status="draft")), title_fr="SÉANCE SECRÈTE")
    return found


def rows(client, key: str, extension: str = "json", **query) -> list[dict]:
    response = client.get(f"/open-data/{key}.{extension}", query)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if extension == "json":
        return json.loads(body)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_meetings_of_public_committees_with_their_agenda_once_convened(client, scene):
    meetings = {row["id"]: row for row in rows(client, "committee-meetings")}
    assert set(meetings) == {scene[key].pk for key in (
        "first", "second", "third", "draft", "cancelled", "upcoming", "planned")}  # fmt: skip
    first = meetings[scene["first"].pk]
    assert first["plan"] == scene["plan"].slug and first["kind"] == "review"
    assert first["starts_at"] == "2021-02-27T10:00:00+01:00"
    assert (first["members_present"], first["guests"], first["decisions"]) == (5, 2, 1)
    assert first["agenda"] == [""]  # the item has no Arabic title
    assert (
        first["url"]
        == f"http://testserver/ar/plans/{scene['plan'].slug}/committee/meetings/{scene['first'].pk}/"
    )
    # Not published: no figures from the draft minutes; not convened: no agenda.
    draft = meetings[scene["draft"].pk]
    assert (draft["members_present"], draft["guests"], draft["decisions"], draft["minutes_published_at"]) == (
        None,
        None,
        None,
        "",
    )
    assert meetings[scene["planned"].pk]["agenda"] == []
    assert meetings[scene["cancelled"].pk]["cancelled_at"] == "2022-11-02T10:00:00+01:00"


def test_the_attendance_names_members_and_counts_guests_by_organisation(client, scene):
    attendance = rows(client, "committee-attendance", "csv")
    body = json.dumps(attendance, ensure_ascii=False)
    for name in ("Gaston Invité", "Hind Invitée", "Ilyas Brouillon", "Organisation du brouillon"):
        assert name not in body
    first = [row for row in attendance if row["meeting"] == str(scene["first"].pk)]
    members = [(row["name"], row["side"], row["presence"]) for row in first if row["attendee"] == "member"]
    assert members == [
        ("Dounia Civile", "civil", "present"),
        ("Elias Absent", "civil", "present"),
        ("Farid Parti", "civil", "present"),
        ("Amina Chair", "public", "present"),
        ("Brahim Public", "public", "present"),
    ]
    guests = [row for row in first if row["attendee"] == "guests"]
    assert [(row["name"], row["represents"], row["count"]) for row in guests] == [
        ("", "Unité de soutien OGP", "2")
    ]
    # Only the meetings whose minutes are published.
    assert {int(row["meeting"]) for row in attendance} == {
        scene[key].pk for key in ("first", "second", "third")
    }


def test_the_decisions_with_their_counts_base_and_computed_outcome(client, scene):
    decisions = {row["meeting"]: row for row in rows(client, "committee-decisions")}
    assert set(decisions) == {scene[key].pk for key in ("first", "second", "third")}  # not the draft's
    consensus = decisions[scene["first"].pk]
    assert (consensus["mode"], consensus["outcome"], consensus["public_for"], consensus["agenda_item"]) == (
        "consensus",
        "consensus",
        None,
        1,
    )
    failed = decisions[scene["second"].pk]
    assert (failed["public_for"], failed["civil_for"], failed["civil_against"]) == (2, 0, 1)
    assert (failed["base"], failed["public_members"], failed["civil_members"]) == ("present", 2, 1)
    assert (failed["public_needed"], failed["civil_needed"], failed["outcome"]) == (2, 1, "not_passed")
    assert decisions[scene["third"].pk]["outcome"] == "passed"
    assert failed["url"].endswith(f"/committee/meetings/{scene['second'].pk}/#decision-1")


def test_one_plans_files_and_nothing_of_a_draft_plan(client, scene):
    other = committee_with_meetings()
    only = rows(client, "committee-meetings", plan=scene["plan"].slug)
    assert {row["plan"] for row in only} == {scene["plan"].slug}
    everything = rows(client, "committee-meetings", "csv")
    assert {row["plan"] for row in everything} == {scene["plan"].slug, other["plan"].slug}
    assert "SÉANCE SECRÈTE" not in json.dumps(everything, ensure_ascii=False)


def test_a_change_makes_a_new_file(client, scene):
    before = rows(client, "committee-decisions")
    draft = Meeting.objects.get(pk=scene["draft"].pk)
    draft.minutes_published_at = draft.minutes_sent_at
    draft.save()
    after = rows(client, "committee-decisions")
    assert len(after) == len(before) + 1


def test_frictionless_reads_the_committees_files_with_their_declared_types(client, scene, tmp_path):
    package = json.loads(client.get("/open-data/datapackage.json").content)
    keys = ("committee-meetings", "committee-attendance", "committee-decisions")  # the selection's: its own
    ours = [resource for resource in package["resources"] if resource["name"].removesuffix("-json") in keys]
    assert {resource["name"] for resource in ours} == {
        f"{key}{suffix}" for key in keys for suffix in ("", "-json")
    }
    for resource in ours:
        name = f"{resource['name']}.{resource['format']}"
        response = client.get(resource["path"].removeprefix("http://testserver"))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        (tmp_path / name).write_bytes(body)
        resource["path"] = name
    (tmp_path / "datapackage.json").write_text(json.dumps({**package, "resources": ours}), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    read = frictionless.Package(str(tmp_path / "datapackage.json"))
    decisions = read.get_resource("committee-decisions").read_rows()
    assert {row["outcome"] for row in decisions} == {"consensus", "passed", "not_passed"}
    assert all(isinstance(row["meeting"], int) for row in decisions)
    meetings = read.get_resource("committee-meetings").read_rows()
    assert any(row["online"] is False for row in meetings)
