"""A move made in the admin tells the idea's author, once, in the author's language."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Notification
from tests.bidi import visible
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def act(client, action, idea, **fields):
    data = {"action": action, "_selected_action": [idea.pk], **fields}
    data["apply" if fields else "index"] = "1" if fields else "0"
    return client.post(reverse("admin:ideas_idea_changelist"), data)


def test_accepting_emails_the_author_in_arabic(
    client, secretariat, citizen, theme, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(theme=theme, author=citizen)
    client.force_login(secretariat)  # the secretariat works in French
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "accept_ideas", idea)
    [message] = mail.outbox
    assert message.to == [citizen.email]
    assert f"#{idea.pk}" in message.subject
    assert idea.title in visible(message.body)
    assert Notification.objects.get().language == "ar"


def test_rejecting_emails_the_author_in_french_with_the_reason(
    client, secretariat, french_citizen, theme, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(theme=theme, author=french_citizen, title="Budget participatif")
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "reject_ideas", idea, reason="other", explanation="Relève du conseil communal.")
    [message] = mail.outbox
    assert message.to == [french_citizen.email]
    assert f"#{idea.pk}" in message.subject
    assert "Budget participatif" in message.body
    assert "Relève du conseil communal." in message.body
    assert Notification.objects.get().language == "fr"


def test_a_focal_points_decision_emails_the_author(
    client, focal_a, idea_a, django_capture_on_commit_callbacks
):
    client.force_login(focal_a)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "not_integrate_ideas", idea_a, explanation="Déjà prévu dans la loi de finances.")
    [message] = mail.outbox
    assert message.to == [idea_a.author.email]
    assert f"#{idea_a.pk}" in message.subject


def test_a_refused_move_emails_nobody(client, secretariat, idea_a, django_capture_on_commit_callbacks):
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "accept_ideas", idea_a)  # already sent: the state machine refuses
    assert mail.outbox == []
    assert not Notification.objects.exists()
