"""Who gets a meeting's agenda and minutes (committee.rules): once out (the
convocation sent, the minutes published), everyone when the committee's
plan is public; before the plan is, only the secretariat and the
committee's members — not a member of another committee, a focal point or
a citizen. Everyone else gets a 404, the file's address included."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from core.generations import bump
from plans.models import Plan
from tests.committee.factories import CommitteeFactory, MeetingFactory, MembershipFactory
from tests.factories import UserFactory
from tests.published import download

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def url(meeting, kind: str) -> str:
    with translation.override("fr"):
        return reverse(
            "committee:meeting_document", kwargs={"pk": meeting.pk, "kind": kind, "doc_lang": "fr"}
        )


@pytest.fixture
def cast():
    """A draft plan's committee with a meeting convened and published, its
    member, a member of another committee, the secretariat (who may view
    meetings), a focal point (staff who may not) and a citizen."""
    committee = CommitteeFactory(plan__status=Plan.Status.DRAFT)
    meeting = MeetingFactory(
        committee=committee, convened_at=SENT, minutes_sent_at=SENT, minutes_published_at=SENT
    )
    secretariat = UserFactory(is_staff=True)
    secretariat.user_permissions.add(
        Permission.objects.get(content_type__app_label="committee", codename="view_meeting")
    )
    return {
        "meeting": meeting,
        "member": MembershipFactory(committee=committee).person,
        "other member": MembershipFactory().person,
        "secretariat": secretariat,
        "focal point": UserFactory(is_staff=True),
        "citizen": UserFactory(),
    }


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_a_draft_plans_meeting_documents_go_to_its_members_and_the_secretariat_only(client, cast, kind):
    address = url(cast["meeting"], kind)
    assert client.get(address).status_code == 404
    client.force_login(cast["member"])
    file = client.get(address)["Location"]
    assert download(client, address).status_code == 200
    for who in ("other member", "focal point", "citizen"):
        client.force_login(cast[who])
        assert client.get(address).status_code == 404, who
        assert client.get(file).status_code == 404, who
    client.logout()
    assert client.get(file).status_code == 404
    client.force_login(cast["secretariat"])
    assert download(client, address).status_code == 200


def test_once_the_plan_is_public_everyone_gets_them(client, cast):
    Plan.objects.filter(pk=cast["meeting"].committee.plan_id).update(status=Plan.Status.COCREATION)
    bump("plans")  # an update: the cached public plans are read again
    for kind in ("agenda", "minutes"):
        assert download(client, url(cast["meeting"], kind)).status_code == 200


def test_the_minutes_wait_for_their_publication_and_the_agenda_for_the_convocation(client, cast):
    meeting = cast["meeting"]
    client.force_login(cast["member"])
    type(meeting).objects.filter(pk=meeting.pk).update(minutes_published_at=None)
    assert client.get(url(meeting, "minutes")).status_code == 404
    assert download(client, url(meeting, "agenda")).status_code == 200
    type(meeting).objects.filter(pk=meeting.pk).update(convened_at=None, minutes_sent_at=None)
    assert client.get(url(meeting, "agenda")).status_code == 404
