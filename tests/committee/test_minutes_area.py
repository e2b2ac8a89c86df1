"""The draft minutes in the members' area (committee.area_minutes): for the
meeting's members only — anyone else, a member of another committee, a
focal point or the secretariat included, gets a 404; the comment form while
the window is open; after it, the page says when it closed and a POST is
refused, nothing saved."""

import html

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from committee import minutes
from committee.models import Attendance, MinutesComment
from core.permissions import FOCAL_POINTS_GROUP
from tests.bidi import visible
from tests.committee.factories import AttendanceFactory
from tests.committee.minutes_cast import at, cast
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage():
    stage = cast()
    AttendanceFactory(meeting=stage.meeting, member=stage.amina)
    AttendanceFactory(
        meeting=stage.meeting,
        member=stage.julien,
        presence=Attendance.Presence.EXCUSED,
        justification="En mission",
    )
    sent = at(2026, 6, 19, 10)  # Friday: comments until Monday 22, 24:00
    with time_machine.travel(sent, tick=False):
        minutes.send_draft(stage.meeting, by=stage.superuser, now=sent)
    return stage


def url(stage, language="ar") -> str:
    with translation.override(language):
        return reverse("committee:area_minutes", args=[stage.meeting.pk])


def page(response) -> str:
    return html.unescape(visible(response.content.decode()))


def get(client, user, address, now):
    client.force_login(user)
    with time_machine.travel(now, tick=False):
        return client.get(address)


def post(client, user, address, now, text="Le point 2 est incomplet."):
    client.force_login(user)
    with time_machine.travel(now, tick=False):
        return client.post(address, {"text": text})


def test_a_member_reads_the_draft_in_their_language_and_comments_inside_the_window(client, stage):
    response = get(client, stage.amina.person, url(stage), at(2026, 6, 22, 23, 59))
    assert response.status_code == 200
    text = page(response)
    assert "تمت المصادقة على المنهجية." in text and "22 يونيو 2026" in text
    assert "En mission" in text and 'name="text"' in response.content.decode()
    french = get(client, stage.julien.person, url(stage, "fr"), at(2026, 6, 22, 23, 59))
    assert "La méthode est adoptée." in page(french) and "22 juin 2026" in page(french)

    response = post(client, stage.amina.person, url(stage), at(2026, 6, 22, 23, 59))
    assert response.status_code == 302 and response["Location"] == f"{url(stage)}#comments"
    (comment,) = MinutesComment.objects.all()
    assert (comment.member, comment.text) == (stage.amina, "Le point 2 est incomplet.")
    # Their comments and the answers, theirs only.
    MinutesComment.objects.create(meeting=stage.meeting, member=stage.julien, text="Commentaire de Julien")
    minutes.answer(comment, "Complété.", by=stage.superuser, now=at(2026, 6, 22, 23, 59))
    text = page(get(client, stage.amina.person, url(stage), at(2026, 6, 23, 9)))
    assert "Le point 2 est incomplet." in text and "Complété." in text
    assert "Commentaire de Julien" not in text


def test_after_the_window_the_form_says_it_closed_and_a_post_is_refused(client, stage):
    response = get(client, stage.amina.person, url(stage, "fr"), at(2026, 6, 23, 0, 0))
    assert response.status_code == 200 and 'name="text"' not in response.content.decode()
    assert "22 juin 2026" in page(response)
    response = post(client, stage.amina.person, url(stage, "fr"), at(2026, 6, 23, 0, 0), text="Trop tard")
    assert response.status_code == 403
    assert "22 juin 2026" in page(response) and "Trop tard" in page(response)  # what they typed, shown back
    assert not MinutesComment.objects.exists()


def test_nobody_but_the_meetings_members_sees_the_draft(client, stage):
    institution = InstitutionFactory(member=stage.committee.plan.member)
    focal = UserFactory(email="focal@example.org", is_staff=True)
    focal.groups.add(Group.objects.get(name=FOCAL_POINTS_GROUP))
    institution.focal_points.add(focal)
    now = at(2026, 6, 22, 10)
    outsiders = [
        stage.stranger.person,  # a member of another committee
        stage.gone.person,  # their seat ended before the meeting
        stage.later.person,  # they joined after it
        UserFactory(email="citizen@example.org"),
        focal,
        stage.secretariat,  # the secretariat works in the admin
    ]
    for person in outsiders:
        assert get(client, person, url(stage), now).status_code == 404, person
        assert post(client, person, url(stage), now).status_code == 404, person
    assert not MinutesComment.objects.exists()
    client.logout()
    with time_machine.travel(now, tick=False):
        anonymous = client.get(url(stage))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    huge = url(stage).replace(f"/{stage.meeting.pk}/", "/99999999999999999999/")
    assert get(client, stage.amina.person, huge, now).status_code == 404


def test_before_the_draft_is_sent_and_once_published_nothing_is_taken(client, stage):
    draft = stage.meeting
    unsent = type(draft).objects.create(committee=stage.committee, starts_at=at(2026, 6, 25, 10))
    address = reverse("committee:area_minutes", args=[unsent.pk])
    with translation.override("en"):
        response = get(client, stage.amina.person, address, at(2026, 6, 26))
        assert response.status_code == 200 and 'name="text"' not in response.content.decode()
        assert post(client, stage.amina.person, address, at(2026, 6, 26)).status_code == 403
    comment = MinutesComment.objects.create(meeting=draft, member=stage.amina, text="Une question")
    minutes.answer(comment, "Une réponse", by=stage.superuser, now=at(2026, 6, 22, 12))
    with time_machine.travel(at(2026, 6, 23, 10), tick=False):
        minutes.publish(draft, by=stage.superuser, now=at(2026, 6, 23, 10))
    response = get(client, stage.amina.person, url(stage), at(2026, 6, 24))
    assert "Une question" in page(response) and "Une réponse" in page(response)
    assert "تمت المصادقة على المنهجية." not in page(response)  # the public page holds the minutes now
    assert post(client, stage.amina.person, url(stage), at(2026, 6, 24)).status_code == 403
    assert MinutesComment.objects.count() == 1


def test_a_comment_keeps_what_was_typed_when_refused_and_loses_direction_controls(client, stage):
    now = at(2026, 6, 22, 10)
    response = post(client, stage.amina.person, url(stage), now, text="   ")
    assert response.status_code == 400 and not MinutesComment.objects.exists()
    too_long = "x" * 4001
    response = post(client, stage.amina.person, url(stage), now, text=too_long)
    assert response.status_code == 400 and too_long in response.content.decode()
    post(client, stage.amina.person, url(stage), now, text="\u202eملاحظة 12")
    assert MinutesComment.objects.get().text == "ملاحظة 12"
