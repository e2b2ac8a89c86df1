"""Rate limits per signed-in user on submitting, commenting and supporting."""

import time
from datetime import timedelta
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ideas.models import Comment, Idea, Support
from tests.bidi import visible
from tests.clock import retry_times
from tests.core.test_transitions import in_parallel
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TOO_MANY_IDEAS = "لقد أرسلتم أفكارا كثيرة في وقت قصير."


@pytest.fixture
def plan():
    plan = PlanFactory(slug="open-plan")
    ThemeFactory(plan=plan, number=1, name_fr="Accès à l'information", name_ar="الولوج إلى المعلومة")
    return plan


@pytest.fixture
def idea(plan):
    return IdeaFactory(theme=plan.themes.get())


@pytest.fixture(autouse=True)
def _low_rates(settings):
    settings.IDEAS_RATE_SUBMIT = "2/h"
    settings.IDEAS_RATE_COMMENT = "2/h"
    settings.IDEAS_RATE_SUPPORT = "2/h"
    settings.IDEAS_RATE_POSTS = "20/h"


def url(name, arg, language="ar"):
    # The language is in the URL: name it, whatever an earlier test left active.
    with translation.override(language):
        return reverse(name, args=[arg])


def form_data(plan, n):
    return {
        "theme": plan.themes.get().pk,
        "title": f"نشر ميزانية المواطن كل سنة {n}",
        "problem": f"لا يجد المواطن معطيات الميزانية {n}",
        "solution": "نشر ميزانية المواطن بصيغة مفتوحة",
        "expected_results": "فهم أفضل للميزانية",
    }


def test_it_refuses_a_third_idea_says_when_to_retry_and_keeps_what_was_typed(client, citizen, plan):
    client.force_login(citizen)
    submit = url("ideas:submit", plan.slug)
    for n in (1, 2):
        assert client.post(submit, form_data(plan, n)).status_code == 302
    first = Idea.objects.filter(author=citizen).earliest("created_at")
    response = client.post(submit, form_data(plan, 3))
    assert response.status_code == 429
    assert Idea.objects.count() == 2
    html = visible(response.content.decode())
    assert html.count(TOO_MANY_IDEAS) == 1
    # The first idea leaves the hour's window at that time: then a third is
    # allowed. The page counts in whole seconds, so it may be a second later.
    assert any(time in html for time in retry_times(first.created_at + timedelta(hours=1)))
    assert "لا يجد المواطن معطيات الميزانية 3" in html  # what was typed stays
    assert 'value="نشر ميزانية المواطن كل سنة 3"' in html


def test_forms_sent_back_for_correction_do_not_count(client, citizen, plan):
    client.force_login(citizen)
    submit = url("ideas:submit", plan.slug)
    for _ in range(4):
        incomplete = {**form_data(plan, 0), "solution": ""}
        assert client.post(submit, incomplete).status_code == 400
    assert client.post(submit, form_data(plan, 1)).status_code == 302
    assert client.post(submit, form_data(plan, 2)).status_code == 302
    assert Idea.objects.filter(author=citizen).count() == 2


def test_a_flood_of_raw_posts_is_refused_whatever_their_outcome(client, citizen, plan, settings):
    settings.IDEAS_RATE_POSTS = "3/h"
    client.force_login(citizen)
    submit = url("ideas:submit", plan.slug, language="fr")
    for _ in range(3):
        assert client.post(submit, {"title": "court"}).status_code == 400
    response = client.post(submit, form_data(plan, 1))
    assert response.status_code == 429
    assert not Idea.objects.exists()
    assert "Vous pourrez réessayer dans" in response.content.decode()


@pytest.fixture
def slow_count(monkeypatch):
    """Widens the window between counting a person's rows and saving the new
    one, where parallel requests could all pass the last free place."""
    from core import limits

    real = limits.rows_since

    def slow(*args, **kwargs):
        wait = real(*args, **kwargs)
        time.sleep(0.2)
        return wait

    monkeypatch.setattr(limits, "rows_since", slow)


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_cannot_pass_the_limit_together(citizen, plan, slow_count):
    submit = url("ideas:submit", plan.slug)
    clients = []
    for _ in range(4):
        one = Client()
        one.force_login(citizen)
        clients.append(one)
    numbers = iter(range(4))
    statuses = in_parallel(lambda: clients.pop().post(submit, form_data(plan, next(numbers))).status_code)
    assert sorted(statuses) == [302, 302, 429, 429]
    assert Idea.objects.filter(author=citizen).count() == 2


def test_it_does_not_count_showing_the_form(client, citizen, plan):
    client.force_login(citizen)
    submit = url("ideas:submit", plan.slug)
    for _ in range(3):
        assert client.get(submit).status_code == 200
    assert client.post(submit, form_data(plan, 1)).status_code == 302


def test_another_user_is_not_affected(client, citizen, french_citizen, plan):
    submit = url("ideas:submit", plan.slug)
    client.force_login(citizen)
    for n in (1, 2, 3):
        client.post(submit, form_data(plan, n))
    client.force_login(french_citizen)
    assert client.post(submit, form_data(plan, 4)).status_code == 302
    assert Idea.objects.filter(author=french_citizen).count() == 1


def test_it_refuses_a_third_comment_and_keeps_it(client, french_citizen, idea):
    client.force_login(french_citizen)
    comment = url("ideas:comment", idea.pk, language="fr")
    assert client.post(comment, {"body": "x"}).status_code == 400  # too short: not counted
    for body in ("Premier", "Deuxième"):
        assert client.post(comment, {"body": body}).status_code == 302
    response = client.post(comment, {"body": "Un troisième avis, à garder"})
    assert response.status_code == 429
    assert Comment.objects.count() == 2
    html = response.content.decode()
    assert "Vous avez envoyé trop de commentaires en peu de temps." in html
    assert "Vous pourrez réessayer dans" in html
    assert "Un troisième avis, à garder</textarea>" in html


def test_it_refuses_a_third_support_click(client, citizen, french_citizen, idea):
    client.force_login(citizen)
    support = url("ideas:support", idea.pk)
    client.post(support)
    client.post(support, {"action": "remove"})
    response = client.post(support, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert not Support.objects.exists()
    html = response.content.decode()
    assert "لقد غيرتم مساندتكم مرات كثيرة." in html
    assert "يمكنكم إعادة المحاولة بعد" in html
    client.force_login(french_citizen)
    client.post(support)
    assert list(Support.objects.values_list("user", flat=True)) == [french_citizen.pk]


def test_a_citizen_cannot_support_their_own_idea(client, citizen, plan):
    own = IdeaFactory(theme=plan.themes.get(), author=citizen)
    client.force_login(citizen)
    page = client.get(url("ideas:detail", own.pk, language="fr")).content.decode()
    assert "Soutenir cette idée" not in page
    assert "C'est votre idée" in page
    response = client.post(url("ideas:support", own.pk, language="fr"), follow=True)
    assert not Support.objects.exists()
    assert "C'est votre idée" in response.content.decode()


def click(clients, url):
    client, data = clients.pop()
    return client.post(url, data).status_code


@pytest.fixture
def slow_insert(monkeypatch):
    """Widens the windows between reading a person's support and writing it,
    where a parallel click could insert or withdraw it."""
    from django.db.models import QuerySet

    def slowed(real, seconds):
        def slow(self, *args, **kwargs):
            if self.model is Support:
                time.sleep(seconds)
            return real(self, *args, **kwargs)

        return slow

    # A withdrawal lands after an insert failed, before get_or_create reads again.
    monkeypatch.setattr(QuerySet, "get", slowed(QuerySet.get, 0.05))
    monkeypatch.setattr(QuerySet, "create", slowed(QuerySet.create, 0.05))
    monkeypatch.setattr(QuerySet, "delete", slowed(QuerySet.delete, 0.12))


@pytest.mark.django_db(transaction=True)
def test_parallel_support_and_withdraw_clicks_never_fail(citizen, settings, slow_insert):
    settings.IDEAS_RATE_SUPPORT = "1000/h"
    plan = PlanFactory()
    idea = IdeaFactory(theme=ThemeFactory(plan=plan))
    support = url("ideas:support", idea.pk)
    for _ in range(5):
        clients = []
        for action in ("add", "remove") * 3:
            one = Client()
            one.force_login(citizen)
            clients.append((one, {"action": action}))
        statuses = in_parallel(partial(click, clients, support), count=6)
        assert statuses == [302] * 6
        assert Support.objects.filter(idea=idea).count() <= 1


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_with_redis_down_a_citizen_still_submits_supports_and_comments(client, citizen, redis_down):
    from django.urls import reverse
    from django.utils import translation

    from ideas.models import Comment, Idea, Support
    from tests.factories import IdeaFactory, PlanFactory, ThemeFactory

    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    other = IdeaFactory(theme=theme)
    client.force_login(citizen)
    with translation.override("ar"):
        response = client.post(
            reverse("ideas:submit", args=[plan.slug]),
            {
                "theme": theme.pk,
                "title": "نشر محاضر المجلس الجماعي",
                "problem": "لا تنشر",
                "solution": "نشرها",
                "expected_results": "شفافية",
            },
        )
        assert response.status_code == 302
        client.post(reverse("ideas:support", args=[other.pk]))
        client.post(reverse("ideas:comment", args=[other.pk]), {"body": "فكرة جيدة"})
    assert Idea.objects.filter(author=citizen).count() == 1
    assert Support.objects.filter(user=citizen).count() == 1
    assert Comment.objects.filter(author=citizen).count() == 1
