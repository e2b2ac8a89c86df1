"""The tallies behind a plan's statistics (ideas.models, kept by the
triggers of migration ideas 0008): after any write, by any path, they hold
what counting every row gives (`counted_from_rows`, the definition), also
when many requests write at once."""

import threading

import pytest
from django.db import connection, transaction

from ideas import screening
from ideas.models import Comment, Idea, IdeaTally, PlanTally, Support
from ideas.statistics import _tallied, counted_from_rows, plan_statistics
from tests.factories import (
    AssociationFactory,
    IdeaFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tallies are kept by PostgreSQL triggers"
)


def figures(plan) -> dict:
    tallied, counted = _tallied(plan), counted_from_rows(plan)
    for both in (tallied, counted):
        both["by_theme"] = dict(both["by_theme"])
    assert tallied == counted
    return tallied


@pytest.mark.django_db
def test_every_kind_of_write_keeps_the_tallies_exact(staff):
    plan, elsewhere = PlanFactory(), PlanFactory()
    first, second = ThemeFactory(plan=plan), ThemeFactory(plan=plan)
    amina, omar, karim = UserFactory.create_batch(3)
    # Saves through the ORM, as forms and the admin do.
    idea = IdeaFactory(theme=first, author=amina)
    other = IdeaFactory(theme=second, author=omar, association=AssociationFactory())
    workshop = WorkshopFactory(theme=second)
    IdeaFactory(theme=second, source=Idea.Source.WORKSHOP, workshop=workshop, author=None)
    Support.objects.create(idea=idea, user=omar)
    Comment.objects.create(idea=idea, author=karim, body="+1")
    Comment.objects.create(idea=other, author=karim, body="Oui")
    assert figures(plan)["participants_online"] == 3
    assert figures(plan)["proposers"] == 2  # amina and omar; karim only commented
    # Screening moves, with the institutions an idea is sent to (many-to-many).
    justice, interior = InstitutionFactory.create_batch(2)
    screening.accept(idea, by=staff)
    screening.send_to(idea, by=staff, institutions=[justice, interior])
    assert figures(plan)["institutions_involved"] == 2
    idea.sent_to.remove(interior)
    assert figures(plan)["institutions_involved"] == 1
    other.theme = first
    other.association = None
    other.save()
    # Bulk inserts and updates of many rows, as the demo and account deletion do.
    more = Idea.objects.bulk_create(
        IdeaFactory.build(plan=plan, theme=first, author=karim, workshop=None) for _i in range(3)
    )
    Support.objects.bulk_create(Support(idea=row, user=amina) for row in more)
    Idea.objects.filter(pk__in=[row.pk for row in more]).update(status=Idea.Status.NOT_ACCEPTED)
    Idea.objects.filter(pk=other.pk).update(moderation="hidden")
    Comment.objects.filter(author=karim).update(author=None)
    figures(plan)
    # Deletions, with what they take along (supports, comments, links).
    Support.objects.filter(user=omar).delete()
    idea.delete()
    omar.delete()
    # An idea moved to another plan by the ORM takes its contributions along.
    Comment.objects.create(idea=more[0], author=amina, body="Suite")
    Idea.objects.filter(pk=more[0].pk).update(plan=elsewhere, theme=ThemeFactory(plan=elsewhere))
    figures(plan)
    assert figures(elsewhere)["ideas"]["total"] == 1
    Idea.objects.filter(plan=elsewhere).delete()
    assert figures(elsewhere)["ideas"]["total"] == 0
    assert not IdeaTally.objects.filter(plan=elsewhere, count__gt=0).exists()


@pytest.mark.django_db
def test_the_statistics_read_the_tallies_not_the_rows(plan_with_ideas):
    plan = plan_with_ideas
    # Tamper with a tally: the page says what the tally says, not the rows.
    PlanTally.objects.filter(plan=plan).update(participants=999, proposers=998)
    assert plan_statistics(plan)["participants"]["online"] == 999
    assert plan_statistics(plan)["participants"]["proposers"] == 998


@pytest.fixture
def plan_with_ideas(db):
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    for person in UserFactory.create_batch(3):
        IdeaFactory(theme=theme, author=person)
    return plan


@pytest.mark.django_db(transaction=True)
def test_parallel_writes_keep_the_counts_exact():
    """Ten requests at once, each in its own connection and transaction, as
    the views write: four people support and comment the same ideas, each
    also from a second request at the same time, then withdraw some
    supports; two newcomers comment, and one takes their comments back.
    Every count is the rows' count."""
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    ideas = [IdeaFactory(theme=theme, author=UserFactory()) for _i in range(4)]
    people, newcomers = UserFactory.create_batch(4), UserFactory.create_batch(2)
    start = threading.Barrier(10, timeout=30)
    errors = []

    def supports(person) -> None:
        for idea in ideas:
            with transaction.atomic():
                Support.objects.create(idea=idea, user=person)
                Comment.objects.create(idea=idea, author=person, body="Oui")
        with transaction.atomic():
            Support.objects.filter(user=person, idea__in=ideas[:2]).delete()

    def comments(person, leave: bool) -> None:
        mine = []
        for idea in ideas:
            with transaction.atomic():
                mine.append(Comment.objects.create(idea=idea, author=person, body="Et moi").pk)
        if leave:
            with transaction.atomic():
                Comment.objects.filter(pk__in=mine).delete()

    def run(work, *args) -> None:
        try:
            start.wait()
            work(*args)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(supports, person)) for person in people]
    threads += [threading.Thread(target=run, args=(comments, person, False)) for person in people]
    threads += [
        threading.Thread(target=run, args=(comments, person, leave))
        for person, leave in zip(newcomers, (True, False), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    counts = figures(plan)
    assert counts["participants_online"] == 4 + 4 + 1  # the authors, the four, the newcomer who stayed
    assert Support.objects.filter(idea__plan=plan).count() == 4 * 2
    assert Comment.objects.filter(idea__plan=plan).count() == 4 * 4 * 2 + 4
