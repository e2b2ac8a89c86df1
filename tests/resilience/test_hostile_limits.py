"""Rate limits on every public write (issue 23, "Hostile input"): per person
and per client address, refused with a message in the visitor's language
saying when to try again, nothing saved by the post refused.

- Ideas, comments on ideas, supports and consultation comments count per
  person (core.limits.publish, tests/ideas/test_ratelimits.py) and, since
  this tier, per client address too (core.limits.public_post: a script
  with many accounts behind one address is held).
- A visitor's workshop registration and a sign-up have no person: per
  client address. Failed logins and password resets also per address typed
  (tests/core/test_rate_limits.py, test_password_reset_limit.py).
- A signed-in person's workshop registration is one per workshop (the
  database's constraint), the selection's forms are for representatives
  and committee members: no rate, said in the README."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import Comment as ConsultationComment
from core.models import User
from ideas.models import Comment, Idea, Support
from tests.conftest import built_once, make_citizen
from tests.consultations.factories import SectionFactory, TextConsultationFactory
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db

RATE = 3  # posts allowed, per person and per address, in the tests
RETRY = "يمكنكم إعادة المحاولة"  # "You may try again…", in Arabic


@pytest.fixture(autouse=True)
def _low_rates(settings):
    settings.IDEAS_RATE_POSTS = settings.CONSULTATIONS_RATE_POSTS = f"{RATE}/h"
    settings.IDEAS_RATE_SUPPORT = settings.PUBLIC_RATE_POSTS_PER_ADDRESS = f"{RATE}/h"
    settings.WORKSHOPS_RATE_GUEST = f"{RATE}/h"
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": f"{RATE}/h/ip"}
    # What a person publishes (counted from their rows) stays below: the floods are tried.
    settings.IDEAS_RATE_SUBMIT = settings.IDEAS_RATE_COMMENT = "50/h"
    settings.CONSULTATIONS_RATE_COMMENT = "50/h"


@built_once
def stage():
    plan = PlanFactory(slug="limits")
    theme = ThemeFactory(plan=plan, number=1)
    people = [make_citizen(f"limits-{n}@example.org", f"Personne {n}", "ar") for n in range(RATE + 2)]
    author = make_citizen("limits-author@example.org", "Autrice", "ar")
    ideas = [IdeaFactory(theme=theme, author=author) for _ in range(RATE + 3)]
    consultation = TextConsultationFactory(plan=plan)
    SectionFactory(consultation=consultation, number=1)
    workshop = WorkshopFactory(theme=theme, starts_at=timezone.now() + timedelta(days=9), capacity=50)
    return {
        "plan": plan,
        "theme": theme,
        "people": people,
        "ideas": ideas,
        "consultation": consultation,
        "workshop": workshop,
    }


# Each public write: (path, data for the n-th post, the rows a post adds, signed in).
def writes(stage) -> dict:
    plan, theme, ideas = stage["plan"], stage["theme"], stage["ideas"]
    section = reverse("consultations:section", args=[plan.slug, stage["consultation"].pk, 1])
    workshop = stage["workshop"]

    def idea(n):
        texts = dict.fromkeys(("title", "problem", "solution"), f"Publier le budget citoyen, proposition {n}")
        return {"theme": theme.pk, "expected_results": "Un budget lu", **texts}

    return {
        "idea": (lambda n: f"/ar/plans/{plan.slug}/ideas/new/", idea, Idea, True),
        "comment": (
            lambda n: f"/ar/ideas/{ideas[1].pk}/comment/",
            lambda n: {"body": f"D'accord {n}"},
            Comment,
            True,
        ),
        # A support per idea: a second on the same idea would add no row anyway.
        "support": (lambda n: f"/ar/ideas/{ideas[n + 1].pk}/support/", lambda n: {}, Support, True),
        "consultation comment": (
            lambda n: section,
            lambda n: {"body": f"Un avis {n}"},
            ConsultationComment,
            True,
        ),
        "workshop registration without an account": (
            lambda n: f"/ar/workshops/{workshop.pk}/register/guest/",
            lambda n: {"name": f"Invité {n}", "email": f"guest-{n}@example.org"},
            Registration,
            False,
        ),
        "sign-up": (
            lambda n: "/ar/accounts/signup/",
            lambda n: {
                "display_name": f"Nouveau {n}",
                "email": f"new-{n}@example.org",
                "password1": "une-phrase-longue-9",
                "password2": "une-phrase-longue-9",
            },
            User,
            False,
        ),
    }


def translated(message: str) -> str:
    with translation.override("ar"):
        return translation.gettext(message)


def post(client, path: str, data: dict):
    """The answer to a post; a redirect to a page whose message refuses
    (a support's) counts as the 429 it stands for."""
    response = client.post(path, data)
    if response.status_code == 302:
        following = client.get(response["Location"])
        if RETRY in following.content.decode():
            following.status_code = 429
            return following
    return response


def client_for(stage, person: int | None, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    if person is not None:
        client.force_login(stage["people"][person])
    return client


NAMES = [
    "idea",
    "comment",
    "support",
    "consultation comment",
    "workshop registration without an account",
    "sign-up",
]


@pytest.mark.parametrize("name", NAMES)
def test_one_address_is_refused_after_its_rate_whoever_posts(stage, name):
    path, data, model, signed_in = writes(stage)[name]
    answers = []
    for n in range(RATE):
        client = client_for(stage, n if signed_in else None, "203.0.113.7")
        answers.append(post(client, path(n), data(n)).status_code)
    assert 429 not in answers, answers
    before = model.objects.count()
    client = client_for(stage, RATE if signed_in else None, "203.0.113.7")
    response = post(client, path(RATE), data(RATE))
    assert response.status_code == 429, name
    html = response.content.decode()
    if model is User:  # allauth's refusal: the portal's page in the visitor's language
        assert 'lang="ar"' in html and 'class="site-header"' in html
        assert f"<h1>{translated('Too many attempts')}</h1>" in html
    else:
        assert RETRY in html, "the refusal says when to try again, in Arabic"
    assert model.objects.count() == before, "the refused post saved nothing"
    # Another address is not held by this one.
    other = client_for(stage, RATE + 1 if signed_in else None, "198.51.100.23")
    assert post(other, path(RATE + 1), data(RATE + 1)).status_code != 429


@pytest.mark.parametrize("name", NAMES[:4])  # those of a signed-in person
def test_one_person_is_refused_after_their_rate_from_any_address(stage, name):
    path, data, model, _signed_in = writes(stage)[name]
    answers = [
        post(client_for(stage, 0, f"192.0.2.{n + 1}"), path(n), data(n)).status_code for n in range(RATE)
    ]
    assert 429 not in answers, answers
    before = model.objects.count()
    response = post(client_for(stage, 0, "192.0.2.99"), path(RATE), data(RATE))
    assert response.status_code == 429
    assert RETRY in response.content.decode()
    assert model.objects.count() == before
