"""Comments are moderated in the admin by moderators, through the same moves
as ideas: recorded, with a reason the author reads."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import ModerationEvent
from ideas.models import Comment
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "admin:ideas_comment_changelist"


@pytest.fixture
def comment(theme):
    author = UserFactory(email="author@example.org", language="fr")
    return Comment.objects.create(idea=IdeaFactory(theme=theme), author=author, body="Achetez mes montres !")


def hide(client, comment, reason):
    data = {"action": "hide", "apply": "1", "_selected_action": [comment.pk], "reason": reason}
    return client.post(reverse(URL), data)


def test_a_moderator_hides_a_comment_with_a_reason_the_author_reads(
    client, moderator, comment, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    response = hide(client, comment, " ")
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert not ModerationEvent.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert hide(client, comment, "Publicité").status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden
    event = ModerationEvent.objects.get()
    assert (event.actor, event.reason, event.content_object) == (moderator, "Publicité", comment)
    [message] = mail.outbox
    assert message.to == ["author@example.org"]
    assert "Publicité" in message.body
    # The link in the author's language.
    assert f"/fr/ideas/{comment.idea_id}/#comment-{comment.pk}" in message.body

    # The idea's page: gone for the public, shown with the reason to its author.
    page = comment.idea.get_absolute_url()
    client.logout()
    assert "Achetez" not in client.get(page).content.decode()
    client.force_login(comment.author)
    html = client.get(page).content.decode()
    assert "Achetez" in html and "Publicité" in html


def test_the_secretariat_reads_comments_but_only_moderators_hide_them(client, secretariat, focal_a, comment):
    client.force_login(secretariat)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert response.context["action_form"] is None  # no action offered
    hide(client, comment, "Publicité")
    client.force_login(focal_a)
    assert client.get(reverse(URL)).status_code == 403
    hide(client, comment, "Publicité")
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_a_moderator_neither_edits_nor_deletes_a_comment(client, moderator, comment):
    client.force_login(moderator)
    change = reverse("admin:ideas_comment_change", args=[comment.pk])
    client.post(change, {"body": "Autre texte"})
    comment.refresh_from_db()
    assert comment.body == "Achetez mes montres !"
    assert client.get(reverse("admin:ideas_comment_delete", args=[comment.pk])).status_code == 403
