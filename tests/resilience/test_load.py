"""The portal under load (issue 23), as deployed: gunicorn in production
settings with several workers of several threads (tests/resilience/server.py)
on PostgreSQL, Redis as cache and broker; 200 signed-in people sending the
same form at the same instant (tests/resilience/load.py). Whatever was
accepted is in the database, nothing answers 5xx, a workshop's seats and
"one support per person" hold, and every notification is in the outbox, and
enqueued, exactly once.

The people, their sessions and the rows they act on are built once and
committed (the server is another process): a database of the module's own,
a copy of the run's migrated one (`built_once_per_run`). Each test acts on
rows of its own (a plan's ideas, a workshop, an idea, a consultation), so
the order of the tests does not matter."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.models import Comment as ConsultationComment
from core.models import Notification, User
from ideas.models import Idea, Support
from tests.bidi import visible
from tests.conftest import built_once_per_run
from tests.consultations.factories import open_draft_plan
from tests.core.production import http_get
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, WorkshopFactory
from workshops.models import Registration, RegistrationEvent
from workshops.registration import POSITION

from .load import Person, Post, Run, at_once, messages, read_csrf, sign_in
from .server import SECRET_KEY, THREADS, WORKERS, production_portal, purge, queued

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.REDIS_URL,
        reason="gunicorn shares the test database and Redis: PostgreSQL and redis-server are needed",
    ),
]

PEOPLE = 200
SEATS = 50
COMMENTERS = 100
DOUBLES = 10  # people who click "support" twice at once


@built_once_per_run
def crowd():
    """PEOPLE citizens with a verified address, each signed in (a session);
    a plan collecting ideas with an idea to support and a workshop of SEATS
    seats; a draft plan open to consultation on two commitments of two
    institutions, each with a focal point."""
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    idea = IdeaFactory(theme=theme)
    workshop = WorkshopFactory(theme=theme, capacity=SEATS, starts_at=timezone.now() + timedelta(days=10))
    consulted = open_draft_plan()
    password = make_password("a-long-test-password")
    users = User.objects.bulk_create(
        User(email=f"person{n}@example.org", display_name=f"Personne {n}", language="fr", password=password)
        for n in range(PEOPLE)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return {
        "plan": plan.slug,
        "theme": theme.pk,
        "idea": idea.pk,
        "workshop": workshop.pk,
        "consultation": f"/fr/plans/{consulted.plan.slug}/consultations/{consulted.consultation.pk}",
        # Per commitment consulted on: its number, lead institution and focal point.
        "commitments": [
            [consulted.one.number, consulted.first.pk, consulted.focal_first.pk],
            [consulted.two.number, consulted.second.pk, consulted.focal_second.pk],
        ],
        "people": [
            [user.pk, session] for user, session in zip(users, sign_in(users, SECRET_KEY), strict=True)
        ],
    }


@pytest.fixture(scope="module")
def portal(crowd, tmp_path_factory):
    with production_portal(tmp_path_factory.mktemp("portal")) as server:
        yield server


@pytest.fixture(scope="module")
def people(crowd, portal) -> list[Person]:
    """The people signed in, each having opened the idea's page (its support
    form gives them their CSRF cookie and token)."""
    people = [Person(user_id, session) for user_id, session in crowd["people"]]
    read_csrf(portal.port, f"/fr/ideas/{crowd['idea']}/", people)
    return people


@pytest.fixture(autouse=True)
def _empty_queue():
    purge()


def last_notification() -> int:
    return Notification.objects.aggregate(last=Max("pk"))["last"] or 0


def new_notifications(after: int):
    return Notification.objects.filter(pk__gt=after)


def held(run: Run, portal, what: str) -> None:
    """No 5xx and no request lost; the figures the README quotes."""
    print(f"\n{what}: {run.statuses()} in {run.seconds:.1f} s ({WORKERS} workers × {THREADS} threads)")
    assert run.failures() == [], portal.tail()


def test_200_simultaneous_ideas_are_all_saved(crowd, portal, people):
    path = f"/fr/plans/{crowd['plan']}/ideas/new/"
    posts = [
        Post(
            person,
            path,
            {
                "theme": crowd["theme"],
                "title": f"Publier le budget de la commune numéro {n}",
                "problem": "Les habitants ne savent pas comment le budget est dépensé.",
                "solution": "Publier chaque trimestre le budget exécuté, ligne par ligne.",
                "expected_results": "Des habitants qui suivent les dépenses de leur commune.",
            },
        )
        for n, person in enumerate(people)
    ]
    before = last_notification()
    run = at_once(portal.port, posts)
    held(run, portal, f"{PEOPLE} simultaneous idea submissions")
    assert run.statuses() == {302: PEOPLE}
    with translation.override("fr"):
        thanks = _("Thank you: your idea is published. You will be told of every step of its screening.")
    told = {}
    for post, answer in zip(posts, run.answers, strict=True):
        found = re.fullmatch(r"/fr/ideas/(\d+)/", answer.location)
        assert found, answer.location
        assert messages(answer, SECRET_KEY) == [thanks]
        told[int(found[1])] = (post.person.user_id, post.fields["title"])
    # Every idea a person was sent to is theirs, and there is no other.
    saved = Idea.objects.filter(plan__slug=crowd["plan"]).exclude(pk=crowd["idea"])
    assert {pk: (author, title) for pk, author, title in saved.values_list("pk", "author", "title")} == told
    # Submitting tells nobody (the author hears of the screening): nothing in
    # the outbox, nothing waiting to be sent.
    assert list(new_notifications(before).values_list("kind", flat=True)) == []
    assert queued() == Counter()


def test_200_simultaneous_registrations_fill_the_50_seats_and_queue_the_others_in_order(
    crowd, portal, people
):
    path = f"/fr/workshops/{crowd['workshop']}/register/"
    posts = [
        Post(person, path, {"organisation": "", "region": "", "role": "", "accessibility": ""})
        for person in people
    ]
    before = last_notification()
    run = at_once(portal.port, posts)
    held(run, portal, f"{PEOPLE} simultaneous registrations for {SEATS} seats")
    assert run.statuses() == {302: PEOPLE}

    rows = list(
        Registration.objects.filter(workshop=crowd["workshop"])
        .annotate(position=POSITION)
        .order_by("pk")
        .values("pk", "user", "status", "position", "queued_at")
    )
    S = Registration.Status
    # The capacity held: the first SEATS rows the database took have the
    # seats, the others wait in the order they came, numbered from 1.
    statuses = [row["status"] for row in rows]
    assert Counter(statuses) == {S.REGISTERED: SEATS, S.WAITING: PEOPLE - SEATS}
    assert statuses == [S.REGISTERED] * SEATS + [S.WAITING] * (PEOPLE - SEATS)
    assert [row["position"] for row in rows[SEATS:]] == list(range(1, PEOPLE - SEATS + 1))
    assert [row["queued_at"] for row in rows] == sorted(row["queued_at"] for row in rows)
    # One move each, never a seat given and taken back.
    moves = Counter(
        RegistrationEvent.objects.filter(registration__workshop=crowd["workshop"]).values_list(
            "to_status", flat=True
        )
    )
    assert moves == {S.REGISTERED: SEATS, S.WAITING: PEOPLE - SEATS}

    # Each person was told what the database holds for them.
    mine = {row["user"]: row for row in rows}
    with translation.override("fr"):
        seat = _("You have a seat at this workshop. A confirmation is on its way.")
        waiting = _("The workshop is full: you are number %(position)s on the waiting list.")
        for post, answer in zip(posts, run.answers, strict=True):
            row = mine[post.person.user_id]
            expected = seat if row["status"] == S.REGISTERED else waiting % {"position": row["position"]}
            assert messages(answer, SECRET_KEY) == [expected]

    # Each person's confirmation in the outbox once, to them, and enqueued once.
    written = list(new_notifications(before).values_list("pk", "kind", "recipient", "context"))
    assert {kind for _pk, kind, _to, _context in written} == {"workshop_registration"}
    assert sorted((to, context["registration_id"]) for _pk, _kind, to, context in written) == sorted(
        (row["user"], row["pk"]) for row in rows
    )
    assert queued() == Counter((pk,) for pk, *_rest in written)


def test_200_simultaneous_supports_count_once_per_person(crowd, portal, people):
    path = f"/fr/ideas/{crowd['idea']}/support/"
    # A few click twice, both clicks at the same instant as everyone else's.
    posts = [Post(person, path, {}) for person in people + people[:DOUBLES]]
    run = at_once(portal.port, posts)
    held(run, portal, f"{PEOPLE + DOUBLES} simultaneous supports by {PEOPLE} people")
    assert run.statuses() == {302: PEOPLE + DOUBLES}
    with translation.override("fr"):
        thanks = _("You support this idea.")
    assert all(messages(answer, SECRET_KEY) == [thanks] for answer in run.answers)

    supporters = list(Support.objects.filter(idea=crowd["idea"]).values_list("user", flat=True))
    assert sorted(supporters) == sorted(person.user_id for person in people)
    # The idea's page says as many, to a visitor (the page kept whole in the
    # cache) and to a supporter (the count kept in the cache).
    with translation.override("fr"):
        said = visible(
            ngettext(
                "<bdi>%(counter)s</bdi> person supports this idea.",
                "<bdi>%(counter)s</bdi> people support this idea.",
                len(supporters),
            )
            % {"counter": len(supporters)}
        )
    page = f"/fr/ideas/{crowd['idea']}/"
    for headers in [{}, {"Cookie": people[0].cookies()}]:
        response = http_get(portal.port, page, headers=headers)
        assert response.status == 200
        assert said in visible(response.body.decode())


def test_100_simultaneous_consultation_comments_are_saved_and_routed(crowd, portal, people):
    commitments = crowd["commitments"]
    posts = [
        Post(
            person,
            f"{crowd['consultation']}/commitments/{commitments[n % 2][0]}/",
            {"body": f"Avis numéro {n} : publier les données du registre chaque trimestre.", "milestone": ""},
        )
        for n, person in enumerate(people[:COMMENTERS])
    ]
    before = last_notification()
    run = at_once(portal.port, posts)
    held(run, portal, f"{COMMENTERS} simultaneous consultation comments")
    assert run.statuses() == {302: COMMENTERS}

    told = {}
    for n, (post, answer) in enumerate(zip(posts, run.answers, strict=True)):
        found = re.fullmatch(rf"{re.escape(post.path)}\?page=\d+#comment-(\d+)", answer.location)
        assert found, answer.location
        told[int(found[1])] = (post.person.user_id, post.fields["body"], commitments[n % 2][1])
    saved = ConsultationComment.objects.filter(pk__in=told).values_list("pk", "author", "body", "owed_by")
    # Saved, and owed an answer by the institution leading its commitment.
    assert {pk: (author, body, owed_by) for pk, author, body, owed_by in saved} == told

    # That institution's focal point told of each, once; enqueued once.
    focal = {institution: person for _number, institution, person in commitments}
    written = list(new_notifications(before).values_list("pk", "kind", "recipient", "context"))
    assert {kind for _pk, kind, _to, _context in written} == {"consultation_comment_owed"}
    assert sorted((to, context["comment_id"]) for _pk, _kind, to, context in written) == sorted(
        (focal[owed_by], pk) for pk, (_author, _body, owed_by) in told.items()
    )
    assert queued() == Counter((pk,) for pk, *_rest in written)
