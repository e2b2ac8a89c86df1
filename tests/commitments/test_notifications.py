"""Following a commitment and what the commitments tell people by email:
followers get validated progress (never a returned update), the secretariat
hears of an update awaiting validation, an update's author of its return,
and each focal point gets one weekly digest of their institution's overdue
milestones and the updates returned to them, even if beat runs twice."""

import html
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from commitments import lifecycle
from commitments.models import Follow, Milestone
from commitments.tasks import send_weekly_digests
from core.models import EmailPreference, Notification
from core.permissions import secretariat_group
from tests.bidi import visible
from tests.core.test_transitions import in_parallel
from tests.factories import CommitmentFactory, InstitutionFactory, UserFactory

S = Milestone.Status
CASABLANCA = ZoneInfo("Africa/Casablanca")
# A Monday, 07:00 in Casablanca: when beat sends the digests.
MONDAY = datetime(2027, 3, 15, 7, 0, tzinfo=CASABLANCA)


def text(response) -> str:
    return html.unescape(visible(response.content.decode()))


def plain(message) -> str:
    return visible(f"{message.subject}\n{message.body}")


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def institution(db):
    return InstitutionFactory(name_fr="Ministère des Finances")


@pytest.fixture
def card(institution):
    return CommitmentFactory(
        status="in_implementation",
        title_ar="نشر الميزانية المفتوحة",
        title_fr="Publier le budget ouvert",
        lead_institution=institution,
    )


@pytest.fixture
def milestone(card, institution):
    return Milestone.objects.create(
        commitment=card,
        description_ar="نشر المعطيات",
        description_fr="Publier les données budgétaires",
        responsible_institution=institution,
        ends_on=date(2030, 1, 1),
    )


def focal_point(institution, email: str, language: str = "ar"):
    user = UserFactory(email=email, display_name=email.split("@")[0], is_staff=True, language=language)
    institution.focal_points.add(user)
    return user


def secretariat_member(email: str = "salma@example.org"):
    user = UserFactory(email=email, display_name="Salma", is_staff=True, language="fr")
    user.groups.add(secretariat_group())
    return user


@pytest.fixture
def focal(institution):
    return focal_point(institution, "focal-finances@example.org")


def submit(milestone, by, **fields):
    fields = {
        "status": S.IN_PROGRESS,
        "completion": 60,
        "text": "24 jeux publiés par l'État & les communes",
        **fields,
    }
    return lifecycle.submit_update(milestone, by=by, **fields)


# Following.


@pytest.fixture
def english():
    # The pages' addresses in English (/en/…), the language these tests read.
    with translation.override("en"):
        yield


def test_a_signed_in_visitor_follows_then_unfollows(client, citizen, card, english):
    client.force_login(citizen)
    page = card.get_absolute_url()
    assert "Follow this commitment" in text(client.get(page))

    response = client.post(reverse("commitments:follow", args=[card.pk]), follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert "You follow this commitment" in text(response)
    assert "Stop following" in text(response)
    assert Follow.objects.filter(commitment=card, user=citizen).count() == 1

    response = client.post(reverse("commitments:unfollow", args=[card.pk]), follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert "You no longer follow this commitment." in text(response)
    assert "Stop following" not in text(response)
    assert not Follow.objects.exists()
    # Unfollowing again changes nothing and breaks nothing.
    assert client.post(reverse("commitments:unfollow", args=[card.pk])).status_code == 302


def test_following_tells_whoever_turned_those_emails_off(client, citizen, card, english):
    EmailPreference.objects.create(user=citizen, kind="commitment_progress", enabled=False)
    client.force_login(citizen)
    response = client.post(reverse("commitments:follow", args=[card.pk]), follow=True)
    assert "turned off in your preferences" in text(response)


def test_an_anonymous_visitor_is_asked_to_sign_in(client, card, english):
    page = card.get_absolute_url()
    content = text(client.get(page))
    assert "Sign in to follow this commitment" in content
    assert f"{reverse('account_login')}?next={page}" in unquote(content)
    assert "Stop following" not in content
    assert reverse("commitments:follow", args=[card.pk]) not in content

    response = client.post(reverse("commitments:follow", args=[card.pk]))
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [page]
    assert not Follow.objects.exists()


def test_a_draft_or_a_get_is_refused(client, citizen, card):
    client.force_login(citizen)
    draft = CommitmentFactory(theme=card.theme, status="draft")
    assert client.post(reverse("commitments:follow", args=[draft.pk])).status_code == 404
    assert client.get(reverse("commitments:follow", args=[card.pk])).status_code == 405
    assert client.post(f"/fr/commitments/{'9' * 20}/follow/").status_code == 404
    assert not Follow.objects.exists()


def test_the_shared_page_carries_no_ones_follow_state(client, citizen, french_citizen, card, english):
    Follow.objects.create(commitment=card, user=citizen)
    page = card.get_absolute_url()
    client.force_login(citizen)
    assert "Stop following" in text(client.get(page))  # the page is cached now
    # The same cached page, to someone else and to a visitor.
    other = Client()
    other.force_login(french_citizen)
    assert "Stop following" not in text(other.get(page))
    assert "Follow this commitment" in text(other.get(page))
    anonymous = text(Client().get(page))
    assert "Stop following" not in anonymous and "Sign in to follow this commitment" in anonymous


def follow_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum("commitments_follow" in query["sql"] for query in queries)


def test_the_follow_state_costs_one_query_whatever_the_followers(client, citizen, card):
    page = card.get_absolute_url()
    client.force_login(citizen)
    client.get(page)  # warm
    assert follow_queries(client, page) == 1
    for user in UserFactory.create_batch(30):
        Follow.objects.create(commitment=card, user=user)
    client.get(page)
    assert follow_queries(client, page) == 1
    assert follow_queries(Client(), page) == 0


@pytest.mark.django_db(transaction=True)
def test_a_double_click_makes_one_follow():
    card = CommitmentFactory(status="in_implementation")
    user = UserFactory()
    clients = []
    for _ in range(4):
        client = Client()
        client.force_login(user)
        clients.append(client)
    url = reverse("commitments:follow", args=[card.pk])
    statuses = in_parallel(lambda: clients.pop().post(url).status_code)
    assert statuses == [302] * 4
    assert Follow.objects.filter(commitment=card, user=user).count() == 1


# Progress emails.


def test_a_validated_update_reaches_each_follower_in_their_language(
    citizen, french_citizen, card, milestone, focal, staff, django_capture_on_commit_callbacks
):
    Follow.objects.create(commitment=card, user=citizen)
    Follow.objects.create(commitment=card, user=french_citizen)
    bystander = UserFactory(email="bystander@example.org")
    update = submit(milestone, focal)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.validate(update, by=staff)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([citizen.email, french_citizen.email])
    assert to(bystander.email) == []
    (french,) = to(french_citizen.email)
    body = plain(french)
    assert "Publier le budget ouvert" in french.subject
    assert "Bonjour Julien" in body
    assert "Publier les données budgétaires" in body
    assert "en cours" in body and "60 %" in body and "24 jeux publiés par l'État & les communes" in body
    assert f"/fr/commitments/{card.pk}/" in body
    (arabic,) = to(citizen.email)
    body = plain(arabic)
    assert "نشر الميزانية المفتوحة" in arabic.subject
    assert "مرحبا Amina" in body and "نشر المعطيات" in body and "في طور الإنجاز" in body
    assert f"/ar/commitments/{card.pk}/" in body
    # Optional: one click unsubscribes.
    assert "List-Unsubscribe" in french.extra_headers
    assert french.alternatives[0][1] == "text/html"


def test_a_follower_who_turned_them_off_gets_nothing(
    citizen, card, milestone, focal, staff, django_capture_on_commit_callbacks
):
    Follow.objects.create(commitment=card, user=citizen)
    EmailPreference.objects.create(user=citizen, kind="commitment_progress", enabled=False)
    update = submit(milestone, focal)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.validate(update, by=staff)
    assert to(citizen.email) == []


def test_a_returned_update_tells_followers_nothing_and_its_author_why(
    citizen, card, milestone, focal, staff, django_capture_on_commit_callbacks
):
    Follow.objects.create(commitment=card, user=citizen)
    update = submit(milestone, focal)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.return_update(update, by=staff, reason="Joindre le lien vers les données.")
    assert to(citizen.email) == []
    (returned,) = to(focal.email)
    body = plain(returned)
    assert "Joindre le lien vers les données." in body
    assert "نشر المعطيات" in body  # the milestone, in the focal point's Arabic
    assert f"/admin/commitments/progressupdate/add/?milestone={milestone.pk}" in body


def test_nothing_leaves_before_the_decision_commits(citizen, card, milestone, focal, staff):
    Follow.objects.create(commitment=card, user=citizen)
    update = submit(milestone, focal)
    mail.outbox.clear()
    lifecycle.validate(update, by=staff)  # the test's transaction never commits
    assert mail.outbox == []
    assert Notification.objects.get(kind="commitment_progress").recipient == citizen


def test_a_submitted_update_tells_the_secretariat(
    citizen, card, milestone, focal, staff, django_capture_on_commit_callbacks
):
    salma = secretariat_member()
    with django_capture_on_commit_callbacks(execute=True):
        update = submit(milestone, focal)
    # The superuser and the group's member; not the citizen, not the author.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, salma.email])
    body = plain(to(salma.email)[0])
    assert "focal-finances" in body and "Publier le budget ouvert" in body
    assert f"/fr/admin/commitments/progressupdate/{update.pk}/change/" in body

    # A member of the secretariat reporting is not told of their own update.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit(milestone, salma)
    assert [m.to[0] for m in mail.outbox] == [staff.email]


# The weekly digest.


@pytest.fixture
def week(card, milestone, institution, focal, staff):
    """Seen from MONDAY: the focal point's institution has one overdue
    milestone (and one of a draft card, one not yet due, one done, one
    cancelled); another institution has one overdue too. The focal point
    had an update returned three days ago and one ten days ago."""
    today = MONDAY.date()
    milestone.ends_on = today - timedelta(days=3)
    milestone.save()

    def step(description, ends_on, status=S.IN_PROGRESS, commitment=card, responsible=institution):
        return Milestone.objects.create(
            commitment=commitment,
            description_fr=description,
            description_ar=description,
            responsible_institution=responsible,
            ends_on=ends_on,
            status=status,
        )

    step("Pas encore due", today + timedelta(days=1))
    step("Due aujourd'hui", today)
    step("Déjà réalisée", today - timedelta(days=30), status=S.DONE)
    step("Abandonnée", today - timedelta(days=30), status=S.CANCELLED)
    step("Brouillon en retard", today - timedelta(days=30), commitment=CommitmentFactory(status="draft"))
    elsewhere = InstitutionFactory()
    other_focal = focal_point(elsewhere, "focal-sante@example.org", "fr")
    step("Santé en retard", today - timedelta(days=5), responsible=elsewhere)
    returned_step = step("Rapport retourné", today + timedelta(days=60))
    with time_machine.travel(MONDAY - timedelta(days=10)):
        old = submit(returned_step, focal, text="ancien")
        lifecycle.return_update(old, by=staff, reason="Raison ancienne")
    with time_machine.travel(MONDAY - timedelta(days=3)):
        recent = submit(returned_step, focal, text="récent")
        lifecycle.return_update(recent, by=staff, reason="Ajouter la source des chiffres")
    Notification.objects.all().delete()
    mail.outbox.clear()
    return other_focal


def test_the_digest_lists_overdue_milestones_and_returned_updates(
    week, focal, milestone, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY), django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests() == 2
    (digest,) = to(focal.email)
    body = plain(digest)
    assert "نشر المعطيات" in body  # the overdue milestone, in Arabic
    for absent in (
        "Pas encore due",
        "Due aujourd'hui",
        "Déjà réalisée",
        "Abandonnée",
        "Brouillon en retard",
        "Santé en retard",
        "Raison ancienne",
    ):
        assert absent not in body, absent
    assert "Rapport retourné" in body and "Ajouter la source des chiffres" in body
    assert f"?milestone={milestone.pk}" in body
    assert digest.alternatives[0][1] == "text/html"
    # The other institution's focal point, in French, with theirs only.
    (other,) = to(week.email)
    body = plain(other)
    assert "Santé en retard" in body and "Bonjour" in body
    assert "Publier les données budgétaires" not in body and "Rapport retourné" not in body


def test_the_digest_goes_once_a_week_even_if_beat_runs_twice(week, focal, django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY), django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests() == 2
    with time_machine.travel(MONDAY + timedelta(hours=1)), django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests() == 0
    assert len(to(focal.email)) == 1 and len(to(week.email)) == 1
    # The next week, the milestones still overdue are told again.
    with time_machine.travel(MONDAY + timedelta(days=7)), django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests() == 2
    assert len(to(focal.email)) == 2


def test_nobody_with_nothing_to_report_gets_a_digest(
    institution, milestone, focal, citizen, django_capture_on_commit_callbacks
):
    idle = focal_point(InstitutionFactory(), "idle@example.org")
    with time_machine.travel(MONDAY), django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests() == 0  # the milestone ends in 2030
    assert mail.outbox == []
    assert not Notification.objects.filter(recipient__in=[focal, idle, citizen]).exists()


def test_beat_sends_the_digests_on_monday_morning(settings):
    from ogp_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["commitment-weekly-digests"]
    assert app.tasks[entry["task"]].name == send_weekly_digests.name
    schedule = entry["schedule"]  # in CELERY_TIMEZONE, Casablanca's
    assert (schedule.day_of_week, schedule.hour, schedule.minute) == ({1}, {7}, {0})


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_the_same_moment_send_one_digest_each(monkeypatch):
    today = MONDAY.date()
    people = []
    for n in range(3):
        institution = InstitutionFactory()
        card = CommitmentFactory(status="in_implementation", lead_institution=institution)
        Milestone.objects.create(
            commitment=card,
            description_fr=f"Étape {n}",
            responsible_institution=institution,
            ends_on=today - timedelta(days=2),
        )
        people.append(focal_point(institution, f"focal-{n}@example.org"))
    # The outbox rows are what is sent (each once: tests/core); kept from
    # eager Celery here, whose join guard is a global that threads race on.
    monkeypatch.setattr("core.notifications.enqueue", lambda pk: None)
    with time_machine.travel(MONDAY):
        results = in_parallel(send_weekly_digests, count=4)
    assert sum(results) == 3
    rows = Notification.objects.filter(kind="commitment_digest").values_list("to_email", flat=True)
    assert sorted(rows) == sorted(person.email for person in people)
