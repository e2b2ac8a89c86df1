"""The meetings' admin: the convocation's button with its deadline, its
refusal as the admin's error, the cancellation with its reason, each
proposal accepted or declined on its own page (a GET moves nothing), the
changes saved after the convocation told once, and the POSTs every other
role could forge."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from committee import convocation
from committee.models import AgendaItem, Meeting, Proposal
from core.bidi import strip_isolates
from core.models import Notification
from core.permissions import SECRETARIAT_GROUP
from tests.admin.posted import posted
from tests.committee.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    ProposalFactory,
)
from tests.factories import InstitutionFactory, UserFactory
from tests.workshops.staff import focal_point, secretariat

pytestmark = pytest.mark.django_db

# What the meetings' admin needs of the Secretariat group; the committee's
# data migration grants it (and more), this only makes sure of it.
NEEDED = {
    "meeting": ["view", "add", "change"],
    "agendaitem": ["view", "add", "change", "delete"],
    "proposal": ["view"],
    "meetingevent": ["view"],
}


@pytest.fixture
def salma(db):
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="committee",
            codename__in=[f"{action}_{model}" for model, actions in NEEDED.items() for action in actions],
        )
    )
    return secretariat()


@pytest.fixture
def committee(db):
    committee = CommitteeFactory()
    for email, language in (("nadia@example.org", "ar"), ("karim@example.org", "fr")):
        MembershipFactory(committee=committee, person=UserFactory(email=email, language=language))
    return committee


@pytest.fixture
def meeting(committee):
    meeting = MeetingFactory(committee=committee, starts_at=timezone.now() + timedelta(days=20))
    AgendaItemFactory(meeting=meeting, number=1, title_ar="تتبع الالتزامات", title_fr="Suivi des engagements")
    return meeting


def admin_url(meeting, name="change", *more) -> str:
    """The admin's page, in French."""
    with translation.override("fr"):
        return reverse(f"admin:committee_meeting_{name}", args=[meeting.pk, *more])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_meetings_page_offers_the_convocation_with_its_deadline(client, salma, meeting):
    client.force_login(salma)
    html = client.get(f"{admin_url(meeting)}").content.decode()
    due = convocation.notice_last_day(meeting)
    assert admin_url(meeting, "convene") in html and "Envoyer la convocation" in html
    assert admin_url(meeting, "cancel") in html
    assert f"{due.day} " in html and "à 24 h (heure de Casablanca)" in html
    page = client.get(f"{admin_url(meeting, 'convene')}").content.decode()
    assert "La convocation doit partir au plus tard le" in page
    assert "2 membres la recevront" in page and "Suivi des engagements" in page


def test_sending_the_convocation_tells_every_member(
    client, salma, meeting, django_capture_on_commit_callbacks
):
    client.force_login(salma)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{admin_url(meeting, 'convene')}", follow=True)
    assert "La convocation est envoyée : 2 membres la reçoivent." in messages_of(response)
    assert sorted(message.to[0] for message in mail.outbox) == ["karim@example.org", "nadia@example.org"]
    meeting.refresh_from_db()
    assert meeting.convened_at is not None
    # The button is gone; a second post is refused, nothing more is sent.
    html = response.content.decode()
    assert admin_url(meeting, "convene") not in html
    response = client.post(f"{admin_url(meeting, 'convene')}", follow=True)
    assert "La convocation à cette réunion a déjà été envoyée." in messages_of(response)
    assert Notification.objects.count() == 2


def test_too_late_the_refusal_says_by_when_it_had_to_go_out(client, salma, meeting):
    meeting.starts_at = timezone.now() + timedelta(days=5)
    meeting.save()
    client.force_login(salma)
    due = convocation.notice_last_day(meeting)
    page = client.get(f"{admin_url(meeting, 'convene')}").content.decode()
    assert "Trop tard : la convocation aurait dû avoir été envoyée au plus tard le" in page
    response = client.post(f"{admin_url(meeting, 'convene')}", follow=True)
    [message] = messages_of(response)
    assert message.startswith("Trop tard") and f" {due.day} " in message
    [tags] = [m.tags for m in response.context["messages"]]
    assert "error" in tags
    meeting.refresh_from_db()
    assert meeting.convened_at is None
    assert not Notification.objects.exists()


def test_a_get_moves_nothing(client, salma, meeting):
    proposal = ProposalFactory(meeting=meeting, member=meeting.committee.memberships.first())
    client.force_login(salma)
    for address in (
        admin_url(meeting, "convene"),
        admin_url(meeting, "cancel"),
        admin_url(meeting, "proposal", proposal.pk, "accept"),
        admin_url(meeting, "proposal", proposal.pk, "decline"),
    ):
        assert client.get(address).status_code == 200
    meeting.refresh_from_db()
    proposal.refresh_from_db()
    assert meeting.convened_at is None and meeting.cancelled_at is None
    assert proposal.state == Proposal.State.PENDING
    assert not Notification.objects.exists()


def test_cancelling_asks_why(client, salma, meeting, django_capture_on_commit_callbacks):
    client.force_login(salma)
    response = client.post(f"{admin_url(meeting, 'cancel')}", {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{admin_url(meeting, 'cancel')}", {"reason": "Le ministre est en mission"}, follow=True
        )
    assert "La réunion est annulée : 2 membres en sont informés." in messages_of(response)
    assert all("Le ministre est en mission" in message.body for message in mail.outbox)
    assert len(mail.outbox) == 2


def test_a_proposal_is_accepted_under_the_title_the_secretariat_gives_once(
    client, salma, meeting, django_capture_on_commit_callbacks
):
    convocation.convene(meeting, by=salma)
    proposal = convocation.propose(meeting, meeting.committee.memberships.first(), "item", "Le budget ouvert")
    address = f"{admin_url(meeting, 'proposal', proposal.pk, 'accept')}"
    client.force_login(salma)
    form = client.get(address).context["form"]
    assert form.initial["title_ar"] == "Le budget ouvert"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            address,
            {"title_ar": "الميزانية المفتوحة", "title_fr": "Budget ouvert", "reason": ""},
            follow=True,
        )
    assert "La proposition est acceptée : c’est le point 2 de l’ordre du jour." in messages_of(response)
    item = AgendaItem.objects.get(proposal=proposal)
    assert (item.number, item.title_ar, item.title_fr) == (2, "الميزانية المفتوحة", "Budget ouvert")
    assert len(mail.outbox) == 2  # the proposer answered, the other member told the agenda changed
    # The page lists it answered; a second accept is refused and adds nothing.
    assert admin_url(meeting, "proposal", proposal.pk, "accept") not in response.content.decode()
    response = client.post(address, {"title_ar": "مكرر"}, follow=True)
    assert "Cette proposition a déjà été acceptée." in messages_of(response)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2


def test_declining_needs_a_reason(client, salma, meeting):
    proposal = ProposalFactory(meeting=meeting, member=meeting.committee.memberships.first())
    address = f"{admin_url(meeting, 'proposal', proposal.pk, 'decline')}"
    client.force_login(salma)
    response = client.post(address, {"reason": "  "})
    assert response.status_code == 200 and response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.PENDING
    response = client.post(address, {"reason": "Hors du mandat du comité"}, follow=True)
    assert "La proposition est refusée : son auteur en reçoit la raison." in messages_of(response)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.DECLINED
    assert "Hors du mandat du comité" in response.content.decode()


def test_a_proposal_is_answered_only_through_its_own_meeting(client, salma, meeting, committee):
    proposal = ProposalFactory(meeting=meeting, member=committee.memberships.first())
    other = MeetingFactory(committee=committee, starts_at=meeting.starts_at + timedelta(days=30))
    client.force_login(salma)
    assert (
        client.post(admin_url(other, "proposal", proposal.pk, "decline"), {"reason": "x"}).status_code == 404
    )
    assert (
        client.post(admin_url(meeting, "proposal", proposal.pk, "approve"), {"reason": "x"}).status_code
        == 404
    )
    assert client.get(admin_url(meeting, "proposal", 99999999999999999999, "accept")).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.PENDING


@pytest.mark.parametrize("role", ["anonymous", "citizen", "member", "focal_point"])
def test_no_other_role_makes_these_moves(client, meeting, role):
    proposal = ProposalFactory(meeting=meeting, member=meeting.committee.memberships.first())
    if role == "citizen":
        client.force_login(UserFactory(email="amina@example.org"))
    elif role == "member":
        client.force_login(meeting.committee.memberships.first().person)
    elif role == "focal_point":
        client.force_login(focal_point(InstitutionFactory(), "focal@example.org"))
    for address, data in (
        (admin_url(meeting, "convene"), {}),
        (admin_url(meeting, "cancel"), {"reason": "Forgé"}),
        (admin_url(meeting, "proposal", proposal.pk, "accept"), {"title_ar": "مزور"}),
        (admin_url(meeting, "proposal", proposal.pk, "decline"), {"reason": "Forgé"}),
    ):
        response = client.post(address, data)
        # The admin's sign-in page, or refused for staff without the right.
        assert response.status_code == (403 if role == "focal_point" else 302)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]
    meeting.refresh_from_db()
    proposal.refresh_from_db()
    assert (meeting.convened_at, meeting.cancelled_at, proposal.state) == (None, None, "pending")
    assert not Notification.objects.exists()


# Changes saved in the form after the convocation.


def saved(client, meeting, change):
    page = client.get(admin_url(meeting))
    data = posted(page, "meeting_form")
    change(data)
    return client.post(admin_url(meeting), data, follow=True)


def test_a_save_that_changes_nothing_tells_nobody(client, salma, meeting):
    convocation.convene(meeting, by=salma)
    Notification.objects.all().delete()
    client.force_login(salma)
    response = saved(client, meeting, lambda data: None)
    assert response.status_code == 200 and not response.context.get("errors")
    assert not Notification.objects.exists()


def test_a_new_date_is_told_to_every_member_once(client, salma, meeting, django_capture_on_commit_callbacks):
    convocation.convene(meeting, by=salma)
    Notification.objects.all().delete()
    client.force_login(salma)
    later = timezone.localtime(meeting.starts_at + timedelta(days=7))

    def move(data):
        data["starts_at_0"] = later.strftime("%Y-%m-%d")
        data["starts_at_1"] = later.strftime("%H:%M:%S")
        data["agenda_items-0-title_fr"] = "Suivi des engagements en retard"

    with django_capture_on_commit_callbacks(execute=True):
        response = saved(client, meeting, move)
    assert "Le changement est annoncé à 2 membres par courriel." in messages_of(response)
    assert Notification.objects.filter(kind="committee_agenda_changed").count() == 2
    french = next(message for message in mail.outbox if message.to == ["karim@example.org"])
    body = strip_isolates(french.body)
    assert "Nouvelle date" in body and "Point modifié : 1. Suivi des engagements en retard" in body
    assert len(french.attachments) == 1  # the new .ics


@pytest.mark.parametrize("days, refused", [(9, True), (10, False)])
def test_once_convened_a_new_date_must_still_leave_ten_days_notice(client, salma, meeting, days, refused):
    convocation.convene(meeting, by=salma)
    Notification.objects.all().delete()
    client.force_login(salma)
    sooner = timezone.localtime(timezone.now() + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )

    def move(data):
        data["starts_at_0"] = sooner.strftime("%Y-%m-%d")
        data["starts_at_1"] = sooner.strftime("%H:%M:%S")
        data["ends_at_0"] = data["ends_at_1"] = ""

    response = saved(client, meeting, move)
    meeting.refresh_from_db()
    if refused:
        with translation.override("fr"):
            earliest = date_format(timezone.localdate() + timedelta(days=10), "DATE_FORMAT")
        assert f"au plus tôt le {earliest}" in strip_isolates(response.content.decode())
        assert timezone.localtime(meeting.starts_at).date() != sooner.date()
        assert not Notification.objects.exists()
    else:
        assert timezone.localtime(meeting.starts_at) == sooner
        assert Notification.objects.filter(kind="committee_agenda_changed").count() == 2
        assert meeting.ics_sequence == 1


def test_before_the_convocation_changes_tell_nobody(client, salma, meeting):
    client.force_login(salma)

    def add(data):
        data["agenda_items-TOTAL_FORMS"] = "2"
        data.update(
            {
                "agenda_items-1-number": "2",
                "agenda_items-1-title_ar": "نقطة جديدة",
                "agenda_items-1-meeting": str(meeting.pk),
            }
        )

    response = saved(client, meeting, add)
    assert response.status_code == 200
    assert meeting.agenda_items.count() == 2
    assert not Notification.objects.exists()


def test_the_list_filters_by_status_and_ignores_a_hostile_value(client, salma, meeting):
    held = MeetingFactory(committee=meeting.committee, starts_at=timezone.now() - timedelta(days=3))
    client.force_login(salma)
    with translation.override("fr"):
        url = reverse("admin:committee_meeting_changelist")
    assert list(client.get(url, {"status": "held"}).context["cl"].result_list) == [held]
    for value in ("nope", "held\x00", "9" * 100):
        response = client.get(url, {"status": value}, follow=True)
        assert response.status_code == 200
    assert set(client.get(url).context["cl"].result_list) == {meeting, held}
    assert Meeting.objects.count() == 2


def test_a_meeting_convened_stays_a_record_it_is_cancelled_not_deleted(client, salma, meeting):
    client.force_login(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    convocation.convene(meeting, by=salma)
    assert client.get(admin_url(meeting, "delete")).status_code == 403
    assert client.post(admin_url(meeting, "delete"), {"post": "yes"}).status_code == 403
    with translation.override("fr"):
        changelist = client.get(reverse("admin:committee_meeting_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_the_secretariat_adds_a_meeting_with_its_agenda(client, salma, committee):
    client.force_login(salma)
    with translation.override("fr"):
        url = reverse("admin:committee_meeting_add")
    data = posted(client.get(url), "meeting_form")
    day = timezone.localtime(timezone.now() + timedelta(days=30))
    data.update(
        {
            "committee": str(committee.pk),
            "starts_at_0": day.strftime("%Y-%m-%d"),
            "starts_at_1": "10:00:00",
            "place": "Rabat",
            "agenda_items-0-number": "1",
            "agenda_items-0-title_ar": "تتبع الالتزامات",
        }
    )
    response = client.post(url, data, follow=True)
    assert response.status_code == 200 and not response.context.get("errors"), response.context.get("errors")
    meeting = Meeting.objects.get()
    assert [item.title_ar for item in meeting.agenda_items.all()] == ["تتبع الالتزامات"]
    assert meeting.convened_at is None and not Notification.objects.exists()
