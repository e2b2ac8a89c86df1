"""Rate limits per signed-in user on submitting, commenting and supporting."""

import pytest
from django.urls import reverse
from django.utils import translation

from ideas.models import Comment, Idea, Support
from tests.bidi import visible
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TOO_MANY_IDEAS = "لقد أرسلت أفكارا كثيرة في وقت قصير. يرجى الانتظار قليلا ثم إعادة المحاولة."


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


def test_it_refuses_a_third_idea_and_keeps_what_was_typed(client, citizen, plan):
    client.force_login(citizen)
    submit = url("ideas:submit", plan.slug)
    for n in (1, 2):
        assert client.post(submit, form_data(plan, n)).status_code == 302
    response = client.post(submit, form_data(plan, 3))
    assert response.status_code == 429
    assert Idea.objects.count() == 2
    html = visible(response.content.decode())
    assert html.count(TOO_MANY_IDEAS) == 1
    assert "لا يجد المواطن معطيات الميزانية 3" in html  # what was typed stays
    assert 'value="نشر ميزانية المواطن كل سنة 3"' in html


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
    for body in ("Premier", "Deuxième"):
        assert client.post(comment, {"body": body}).status_code == 302
    response = client.post(comment, {"body": "Un troisième avis, à garder"})
    assert response.status_code == 429
    assert Comment.objects.count() == 2
    html = response.content.decode()
    assert "Vous avez envoyé trop de commentaires en peu de temps." in html
    assert "Un troisième avis, à garder</textarea>" in html


def test_it_refuses_a_third_support_click(client, citizen, french_citizen, idea):
    client.force_login(citizen)
    support = url("ideas:support", idea.pk)
    client.post(support)
    client.post(support, {"action": "remove"})
    response = client.post(support, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert not Support.objects.exists()
    assert "لقد غيرت دعمك مرات كثيرة." in response.content.decode()
    client.force_login(french_citizen)
    client.post(support)
    assert list(Support.objects.values_list("user", flat=True)) == [french_citizen.pk]


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
