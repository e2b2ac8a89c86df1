"""The one transition helper: a move is checked against the table under a row
lock, so parallel requests cannot make the same move twice, and every move
leaves one event."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import Moderation, ModerationEvent
from core.transitions import TransitionError
from ideas import screening
from ideas.models import Idea, IdeaEvent
from tests.factories import IdeaFactory, UserFactory


def in_parallel(action, count=4) -> list:
    barrier = threading.Barrier(count)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(action())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def moves_in_parallel(move, count=4) -> list[str]:
    """Makes `move()` at once in `count` threads: how each went, "moved" or
    "refused" (TransitionError), sorted."""

    def run():
        try:
            move()
        except TransitionError:
            return "refused"
        return "moved"

    return sorted(in_parallel(run, count))


@pytest.mark.django_db(transaction=True)
def test_parallel_acceptances_make_one_move_and_one_event():
    idea = IdeaFactory()
    secretariat = UserFactory(is_staff=True, is_superuser=True)
    outcomes = moves_in_parallel(lambda: screening.accept(Idea.objects.get(pk=idea.pk), by=secretariat))
    assert outcomes == ["moved", "refused", "refused", "refused"]
    assert IdeaEvent.objects.filter(idea=idea).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_moderators_hiding_at_once_record_one_hiding(settings):
    idea = IdeaFactory()
    moderators = UserFactory.create_batch(4, is_staff=True, is_superuser=True)
    clients = []
    for moderator in moderators:
        client = Client()
        client.force_login(moderator)
        clients.append(client)
    url = reverse("admin:ideas_idea_changelist")
    data = {"action": "hide_ideas", "apply": "1", "_selected_action": [idea.pk], "reason": "Spam"}

    statuses = in_parallel(lambda: clients.pop().post(url, data).status_code)
    assert statuses == [302] * 4
    idea.refresh_from_db()
    assert idea.moderation == Moderation.HIDDEN
    assert ModerationEvent.objects.filter(object_id=idea.pk, to_status=Moderation.HIDDEN).count() == 1


@pytest.mark.django_db
def test_a_move_saves_only_its_fields_and_the_callers_instance_follows():
    idea = IdeaFactory(title="Titre d'origine")
    stale = Idea.objects.get(pk=idea.pk)
    stale.title = "Titre modifié ailleurs, non enregistré"
    event = screening.accept(stale, by=None)
    assert stale.status == "accepted" and stale.status_changed_at == event.created_at
    idea.refresh_from_db()
    assert idea.title == "Titre d'origine"  # update_fields: the move writes its own fields only
    assert (event.from_status, event.to_status) == ("submitted", "accepted")
