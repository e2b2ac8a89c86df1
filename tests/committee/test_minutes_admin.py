"""The minutes in the admin (committee.admin_minutes): the minutes' page,
sending the draft and publishing after a confirmation (POST), refusals as
admin errors, the answers written in the meeting's inline, the overdue
minutes' filter and the banners of the meetings' list; forged POSTs by
every other role change nothing."""

import html

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import translation

from committee import minutes
from committee.models import Meeting, MinutesComment
from core.permissions import FOCAL_POINTS_GROUP, MODERATORS_GROUP, REPRESENTATIVES_GROUP
from tests.admin.posted import posted
from tests.bidi import visible
from tests.committee.factories import MeetingFactory
from tests.committee.minutes_cast import at, cast, english  # noqa: F401 - english: autouse fixture
from tests.factories import AssociationFactory, InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage():
    return cast()


def admin_url(name: str, meeting, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"admin:committee_meeting_{name}", args=[meeting.pk])


def page(response) -> str:
    return html.unescape(visible(response.content.decode()))


def said(response) -> list[str]:
    return [visible(str(m)) for m in get_messages(response.wsgi_request)]


def as_user(client, user, method, address, now, data=None):
    client.force_login(user)
    with time_machine.travel(now, tick=False):
        return getattr(client, method)(address, data or {})


def test_the_secretariat_writes_the_minutes_sends_the_draft_and_publishes(
    client, stage, django_capture_on_commit_callbacks
):
    meeting, secretariat = stage.meeting, stage.secretariat
    response = as_user(client, secretariat, "get", admin_url("minutes", meeting), at(2026, 6, 19, 9))
    assert response.status_code == 200
    assert "23 June 2026" in page(response)  # the draft is due by Tuesday, 3 working days after Thursday
    response = as_user(
        client,
        secretariat,
        "post",
        admin_url("minutes", meeting),
        at(2026, 6, 19, 9),
        {"minutes_ar": "محضر منقح", "minutes_fr": "Procès-verbal révisé", "minutes_en": ""},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.minutes_ar, meeting.minutes_fr) == ("محضر منقح", "Procès-verbal révisé")

    sent_at = at(2026, 6, 19, 10)
    confirm = as_user(client, secretariat, "get", admin_url("send_minutes", meeting), sent_at)
    assert confirm.status_code == 200 and "2 members" in page(confirm)
    assert 'class="default"' in confirm.content.decode()  # the button
    assert Meeting.objects.get(pk=meeting.pk).minutes_sent_at is None  # a GET moves nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, secretariat, "post", admin_url("send_minutes", meeting), sent_at)
    assert response.status_code == 302 and response["Location"] == admin_url("minutes", meeting)
    assert Meeting.objects.get(pk=meeting.pk).minutes_sent_at == at(2026, 6, 19, 10)
    assert "22 June 2026" in " ".join(said(response))
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "julien@example.org"]

    # Publishing inside the window: refused, said as an error.
    publish = admin_url("publish_minutes", meeting)
    response = as_user(client, secretariat, "post", publish, at(2026, 6, 22, 18))
    assert any("22 June 2026" in message for message in said(response))
    assert Meeting.objects.get(pk=meeting.pk).minutes_published_at is None
    response = as_user(client, secretariat, "post", publish, at(2026, 6, 23, 9))
    assert Meeting.objects.get(pk=meeting.pk).minutes_published_at == at(2026, 6, 23, 9)
    # Published: the text is shown, no longer offered to change.
    response = as_user(client, secretariat, "get", admin_url("minutes", meeting), at(2026, 6, 24))
    assert "Procès-verbal révisé" in page(response) and 'name="minutes_fr"' not in response.content.decode()
    forged = as_user(
        client, secretariat, "post", admin_url("minutes", meeting), at(2026, 6, 24), {"minutes_fr": "Changé"}
    )
    assert forged.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).minutes_fr == "Procès-verbal révisé"


def test_a_refused_move_is_an_admin_error_and_changes_nothing(client, stage):
    meeting = stage.meeting
    meeting.minutes_ar = meeting.minutes_fr = ""
    meeting.save()
    # The confirmation page says it first, and offers no button.
    confirm = as_user(client, stage.secretariat, "get", admin_url("send_minutes", meeting), at(2026, 6, 19))
    assert "Write the minutes before sending them to the members." in page(confirm)
    assert 'class="default"' not in confirm.content.decode()
    response = as_user(client, stage.secretariat, "post", admin_url("send_minutes", meeting), at(2026, 6, 19))
    assert response.status_code == 302
    assert "Write the minutes before sending them to the members." in said(response)
    assert Meeting.objects.get(pk=meeting.pk).minutes_sent_at is None
    upcoming = MeetingFactory(committee=stage.committee, starts_at=at(2026, 9, 1), minutes_ar="نص")
    response = as_user(client, stage.secretariat, "post", admin_url("send_minutes", upcoming), at(2026, 8, 1))
    assert said(response) and Meeting.objects.get(pk=upcoming.pk).minutes_sent_at is None


def test_the_answers_are_written_in_the_meetings_inline_and_the_member_told(
    client, stage, django_capture_on_commit_callbacks
):
    meeting = stage.meeting
    with time_machine.travel(at(2026, 6, 19, 10), tick=False):
        minutes.send_draft(meeting, by=stage.superuser, now=at(2026, 6, 19, 10))
    comment = minutes.comment(meeting, stage.julien, "Ajouter les chiffres.", now=at(2026, 6, 19, 11))
    change = admin_url("change", meeting)
    response = as_user(client, stage.secretariat, "get", change, at(2026, 6, 23, 9))
    assert "Ajouter les chiffres." in page(response) and "1 comment awaits its answer." in page(response)
    data = posted(response, "meeting_form")
    data["minutes_comments-0-answer"] = "Ajoutés au point 2."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        saved = as_user(client, stage.secretariat, "post", change, at(2026, 6, 23, 9), data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    comment.refresh_from_db()
    assert comment.answer == "Ajoutés au point 2." and comment.answered_by == stage.secretariat
    (told,) = mail.outbox
    assert told.to == ["julien@example.org"] and "Ajoutés au point 2." in told.body
    # A member's comment is theirs: the inline never changes its text.
    data = posted(as_user(client, stage.secretariat, "get", change, at(2026, 6, 23, 9)), "meeting_form")
    data["minutes_comments-0-text"] = "Forgé"
    as_user(client, stage.secretariat, "post", change, at(2026, 6, 23, 9), data)
    assert MinutesComment.objects.get().text == "Ajouter les chiffres."
    # Once published, the answers are read only.
    with time_machine.travel(at(2026, 6, 23, 10), tick=False):
        minutes.publish(meeting, by=stage.superuser, now=at(2026, 6, 23, 10))
    response = as_user(client, stage.secretariat, "get", change, at(2026, 6, 24))
    assert 'name="minutes_comments-0-answer"' not in response.content.decode()


def _others(stage) -> dict:
    institution = InstitutionFactory(member=stage.committee.plan.member)
    focal = UserFactory(email="focal@example.org", is_staff=True)
    focal.groups.add(Group.objects.get(name=FOCAL_POINTS_GROUP))
    institution.focal_points.add(focal)
    representative = UserFactory(email="rep@example.org", is_staff=True)
    representative.groups.add(Group.objects.get(name=REPRESENTATIVES_GROUP))
    AssociationFactory().representatives.add(representative)
    moderator = UserFactory(email="moderator@example.org", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return {
        "citizen": (UserFactory(email="citizen@example.org"), 302),
        "member": (stage.amina.person, 302),  # members work in their area, not in the admin
        "focal point": (focal, 403),
        "representative": (representative, 403),
        "moderator": (moderator, 403),
    }


def test_forged_posts_by_every_other_role_change_nothing(client, stage):
    meeting = stage.meeting
    with time_machine.travel(at(2026, 6, 19, 10), tick=False):
        minutes.send_draft(meeting, by=stage.superuser, now=at(2026, 6, 19, 10))
    comment = minutes.comment(meeting, stage.julien, "Question", now=at(2026, 6, 19, 11))
    minutes.answer(comment, "Réponse", by=stage.superuser, now=at(2026, 6, 19, 12))
    other = MeetingFactory(committee=stage.committee, starts_at=at(2026, 6, 10), minutes_ar="نص")
    for role, (user, status) in _others(stage).items():
        for name, target, data in [
            ("publish_minutes", meeting, {}),
            ("send_minutes", other, {}),
            ("minutes", other, {"minutes_ar": "مزور"}),
        ]:
            response = as_user(client, user, "post", admin_url(name, target), at(2026, 6, 24), data)
            assert response.status_code == status, (role, name, response.status_code)
    assert Meeting.objects.get(pk=meeting.pk).minutes_published_at is None
    assert Meeting.objects.get(pk=other.pk).minutes_sent_at is None
    assert Meeting.objects.get(pk=other.pk).minutes_ar == "نص"
    # Staff of the admin without the secretariat's role: a superuser-made
    # staff account with every view right but no group changes nothing either.
    viewer = UserFactory(email="viewer@example.org", is_staff=True)
    response = as_user(client, viewer, "post", admin_url("publish_minutes", meeting), at(2026, 6, 24))
    assert response.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).minutes_published_at is None


def test_the_meetings_list_shows_the_overdue_minutes_and_filters_them(client, stage):
    sent = MeetingFactory(
        committee=stage.committee, starts_at=at(2026, 6, 15), minutes_sent_at=at(2026, 6, 16)
    )
    recent = MeetingFactory(committee=stage.committee, starts_at=at(2026, 6, 22, 10))
    changelist = reverse("admin:committee_meeting_changelist")
    response = as_user(client, stage.secretariat, "get", changelist, at(2026, 6, 24, 9))
    assert response.status_code == 200
    banner = "The draft minutes of 1 meeting were not sent to the members within 3 working days."
    assert banner in page(response)
    response = as_user(client, stage.secretariat, "get", f"{changelist}?minutes=overdue", at(2026, 6, 24, 9))
    assert list(response.context["cl"].result_list) == [stage.meeting]
    assert {sent, recent} <= set(
        as_user(client, stage.secretariat, "get", changelist, at(2026, 6, 24, 9)).context["cl"].result_list
    )
    # The day before, nothing is overdue: no banner.
    response = as_user(client, stage.secretariat, "get", changelist, at(2026, 6, 23, 23, 59))
    assert "were not sent" not in page(response) and "was not sent" not in page(response)


def test_the_meetings_buttons_offer_the_minutes_move_allowed_now(rf, stage):
    from committee.admin_minutes import tools

    request = rf.get("/")
    request.user = stage.secretariat
    meeting = stage.meeting
    upcoming = MeetingFactory(committee=stage.committee, starts_at=at(2026, 9, 1))
    with time_machine.travel(at(2026, 6, 19, 9), tick=False):
        assert tools(None, request, upcoming) == []
        assert [label for _url, label in tools(None, request, meeting)] == [
            "Minutes",
            "Send the draft minutes to the members",
        ]
        minutes.send_draft(meeting, by=stage.superuser)
        assert [label for _url, label in tools(None, request, meeting)] == ["Minutes", "Publish the minutes"]
    request.user = stage.amina.person
    assert [label for _url, label in tools(None, request, meeting)] == ["Minutes"]
