"""What people type: length limits said on the form and enforced with a clear
message (item 15), the request body capped before it is read (item 15), the
direction controls stripped in one place and staff-like public names refused
(item 16), and the staff badge on staff comments (item 16)."""

import pytest
from django.test import Client
from django.utils import translation

from core.forms import is_reserved_name
from core.models import User
from ideas.models import IDEA_TEXT_MAX_LENGTH, Comment, Idea
from tests.factories import IdeaFactory, InstitutionFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db

RLO, PDI, LRI, RLM = "\u202e", "\u2069", "\u2066", "\u200f"


@pytest.fixture
def plan():
    plan = PlanFactory(slug="open-plan")
    ThemeFactory(plan=plan, number=1)
    return plan


def idea_data(plan, **overrides):
    return {
        "theme": plan.themes.get().pk,
        "title": "Publier le budget citoyen chaque année",
        "problem": "Le budget n'est pas lisible.",
        "solution": "Le publier en format ouvert.",
        "expected_results": "Un budget compris.",
        **overrides,
    }


# Item 15: lengths.


def test_a_too_long_problem_is_refused_with_a_clear_message_and_kept(client, citizen, plan):
    client.force_login(citizen)
    problem = "Le budget n'est pas lisible. " * 400  # about 11,600 characters
    response = client.post(f"/fr/plans/{plan.slug}/ideas/new/", idea_data(plan, problem=problem))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["problem"]
    assert f"{IDEA_TEXT_MAX_LENGTH}" in errors["problem"][0].replace("\u202f", "").replace(" ", "")
    html = response.content.decode()
    assert "Le budget n&#x27;est pas lisible. Le budget" in html  # what was typed stays
    assert not Idea.objects.exists()


def test_the_idea_form_says_its_limits(client, citizen, plan):
    client.force_login(citizen)
    html = client.get(f"/fr/plans/{plan.slug}/ideas/new/").content.decode()
    for name in ("problem", "solution", "expected_results"):
        assert f'maxlength="{IDEA_TEXT_MAX_LENGTH}"' in html.split(f'name="{name}"')[1].split(">")[0] or (
            f'maxlength="{IDEA_TEXT_MAX_LENGTH}"' in html.split(f'name="{name}"')[0].rsplit("<", 1)[1]
        )
    assert html.count("5000 caractères au plus") + html.count("5000 characters at most") >= 3


def test_a_too_long_comment_is_refused_and_kept(client, citizen):
    idea = IdeaFactory()
    client.force_login(citizen)
    response = client.post(f"/fr/ideas/{idea.pk}/comment/", {"body": "x" * 3001})
    assert response.status_code == 400
    assert list(response.context["comment_form"].errors) == ["body"]
    assert not Comment.objects.exists()


def test_a_too_long_public_name_is_refused(client, citizen):
    client.force_login(citizen)
    response = client.post(
        "/fr/account/preferences/", {"profile-display_name": "A" * 81, "profile-language": "fr"}
    )
    assert response.status_code == 200
    assert "display_name" in response.context["profile_form"].errors
    citizen.refresh_from_db()
    assert citizen.display_name == "Amina"


def test_a_three_megabyte_post_answers_413_in_the_pages_language(client, citizen, plan):
    client.force_login(citizen)
    response = client.post(f"/fr/plans/{plan.slug}/ideas/new/", idea_data(plan, problem="x" * 3_000_000))
    assert response.status_code == 413
    html = response.content.decode()
    assert 'lang="fr"' in html
    with translation.override("fr"):
        assert translation.gettext("What you sent is too large") in html
    assert not Idea.objects.exists()


def test_a_body_declared_larger_than_the_cap_is_not_read(settings, plan):
    settings.REQUEST_MAX_BYTES = 1000

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    client = Client()
    response = client.generic(
        "POST",
        f"/ar/plans/{plan.slug}/ideas/new/",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH="50000000",
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert 'lang="ar"' in response.content.decode()


# Item 16: direction controls, reserved names, staff badge.


def test_direction_controls_are_stripped_from_a_public_name_at_signup(client):
    client.post(
        "/fr/accounts/signup/",
        {
            "display_name": f"{RLO}Salma{PDI} {RLM}B.",
            "email": "salma@example.org",
            "password1": "une-phrase-longue-9",
            "password2": "une-phrase-longue-9",
        },
    )
    assert User.objects.get(email="salma@example.org").display_name == "Salma B."


def test_direction_controls_are_stripped_from_an_idea_and_a_comment(client, citizen, plan):
    client.force_login(citizen)
    title = f"Publier {RLO}le budget{PDI} citoyen chaque année"
    problem = f"Le budget {LRI}2021-2023{PDI} n'est pas lisible. {RLM}"
    client.post(f"/fr/plans/{plan.slug}/ideas/new/", idea_data(plan, title=title, problem=problem))
    idea = Idea.objects.get()
    assert idea.title == "Publier le budget citoyen chaque année"
    # In running text the isolates go; the marks that mixed Arabic and Latin text needs stay.
    assert idea.problem == f"Le budget 2021-2023 n'est pas lisible. {RLM}"
    client.post(f"/fr/ideas/{idea.pk}/comment/", {"body": f"D'accord {RLO}tout à fait"})
    assert Comment.objects.get().body == "D'accord tout à fait"


@pytest.mark.parametrize(
    "name",
    [
        "Secrétariat (démo)",
        "Secretariat",
        "SECRETARIAT",
        "secretariat du portail",
        "الكتابة",
        "الكتابــة",  # with tatweel
        "Modérateur Karim",
        "Admin",
        "Équipe officielle",
        f"Secr{RLO}étariat",
        "Secr\u200bétariat",  # a zero-width space inside
    ],
)
def test_staff_like_public_names_are_refused(client, citizen, name):
    assert is_reserved_name(name)
    client.force_login(citizen)
    response = client.post(
        "/fr/account/preferences/", {"profile-display_name": name, "profile-language": "fr"}
    )
    assert "display_name" in response.context["profile_form"].errors
    citizen.refresh_from_db()
    assert citizen.display_name == "Amina"


def test_staff_may_sign_with_the_names_kept_for_them(client, citizen):
    citizen.is_staff = True
    citizen.save()
    client.force_login(citizen)
    response = client.post(
        "/fr/account/preferences/", {"profile-display_name": "Secrétariat (démo)", "profile-language": "fr"}
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == "Secrétariat (démo)"


def test_an_institutions_name_or_acronym_is_refused_as_a_public_name(client):
    InstitutionFactory(
        name_ar="المديرية العامة للأمن الوطني",
        name_fr="Direction générale de la sûreté nationale",
        acronym="DGSN",
    )
    for name in ("Direction Generale de la Surete Nationale", "المديرية العامة للامن الوطني", "dgsn"):
        assert is_reserved_name(name), name
    response = client.post(
        "/ar/accounts/signup/",
        {
            "display_name": "direction générale de la sûreté nationale",
            "email": "fake@example.org",
            "password1": "une-phrase-longue-9",
            "password2": "une-phrase-longue-9",
        },
    )
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert 'value="direction générale de la sûreté nationale"' in response.content.decode()  # kept
    assert not User.objects.filter(email="fake@example.org").exists()


@pytest.mark.parametrize("name", ["Amina", "Karim Benali", "سلمى", "Dgsn fan", "Adminou", "كتاب الطفل"])
def test_ordinary_names_are_accepted(name):
    InstitutionFactory(acronym="DGSN")
    assert not is_reserved_name(name)


def test_staff_comments_carry_a_badge_nobody_else_can_show(client, staff, citizen):
    idea = IdeaFactory()
    Comment.objects.create(idea=idea, author=staff, body="Réponse officielle : merci.")
    Comment.objects.create(idea=idea, author=citizen, body="Réponse officielle : ceci est faux.")
    html = client.get(f"/fr/ideas/{idea.pk}/").content.decode()
    with translation.override("fr"):
        title = translation.gettext("A member of the secretariat or of an institution")
    badge = f'<span class="badge" title="{title}">'
    staff_item, citizen_item = html.split('<li id="comment-')[1:3]
    assert badge in staff_item.replace("&#x27;", "'")
    assert 'class="badge"' not in citizen_item

    # Staff status is part of the cached comments: a change shows at once.
    citizen.is_staff = True
    citizen.save(update_fields=["is_staff"])
    html = Client().get(f"/fr/ideas/{idea.pk}/").content.decode()
    assert html.split('<li id="comment-')[2].count('class="badge"') == 1
