import html
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core import moderation
from core.models import Notification
from ideas import screening
from ideas.models import Comment, Idea, IdeaEvent, Support
from tests.bidi import visible
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, UserFactory
from tests.files import HTML

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def plan():
    plan = PlanFactory(slug="open-plan")
    ThemeFactory(plan=plan, number=1, name_fr="Accès à l'information", name_ar="الولوج إلى المعلومة")
    return plan


def form_data(plan, **overrides):
    data = {
        "theme": plan.themes.get().pk,
        "title": "نشر ميزانية المواطن كل سنة",
        "problem": "لا يجد المواطن معطيات الميزانية",
        "solution": "نشر ميزانية المواطن بصيغة مفتوحة",
        "expected_results": "فهم أفضل للميزانية",
    }
    data.update(overrides)
    return data


def test_a_verified_citizen_submits_an_idea(client, citizen, plan):
    client.force_login(citizen)
    response = client.post(reverse("ideas:submit", args=[plan.slug]), form_data(plan))
    idea = Idea.objects.get()
    assert response["Location"] == idea.get_absolute_url()
    assert (idea.author, idea.source, idea.status, idea.language) == (citizen, "portal", "submitted", "ar")
    assert client.get(reverse("ideas:mine")).context["ideas"][0] == idea


def test_bad_input_is_answered_field_by_field_and_kept(client, citizen, plan):
    client.force_login(citizen)
    response = client.post(
        reverse("ideas:submit", args=[plan.slug]),
        form_data(plan, title="قصير", solution=""),
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"title", "solution"}
    html = response.content.decode()
    assert "لا يجد المواطن معطيات الميزانية" in html  # what was typed stays
    assert not Idea.objects.exists()


def test_an_attachment_is_checked_by_its_content(client, citizen, plan):
    client.force_login(citizen)
    fake = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("ideas:submit", args=[plan.slug]), {**form_data(plan), "attachment": fake})
    assert "attachment" in response.context["form"].errors
    image = SimpleUploadedFile("schema.png", PNG, content_type="image/png")
    response = client.post(
        reverse("ideas:submit", args=[plan.slug]), {**form_data(plan), "attachment": image}
    )
    assert response.status_code == 302
    assert Idea.objects.get().attachment.name.endswith(".png")


def test_an_html_file_named_png_is_refused(client, citizen, plan):
    client.force_login(citizen)
    page = SimpleUploadedFile("photo.png", HTML, content_type="image/png")
    with translation.override("en"):
        url = reverse("ideas:submit", args=[plan.slug])
    response = client.post(url, {**form_data(plan), "attachment": page})
    assert response.status_code == 400
    assert response.context["form"].errors["attachment"] == [
        "The content of this file is not an accepted type. Accepted types: PDF, PNG, JPEG."
    ]
    assert "نشر ميزانية المواطن بصيغة مفتوحة" in response.content.decode()  # what was typed stays
    assert not Idea.objects.exists()
    assert not any(path.is_file() for path in Path(settings.MEDIA_ROOT).rglob("*"))


def test_an_attachment_over_5_mb_is_refused(client, citizen, plan):
    client.force_login(citizen)
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )
    response = client.post(reverse("ideas:submit", args=[plan.slug]), {**form_data(plan), "attachment": big})
    assert "attachment" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_an_unverified_account_cannot_submit_and_is_sent_the_link_to_verify_it(client, plan):
    user = UserFactory()
    client.force_login(user)
    with translation.override("en"):
        url = reverse("ideas:submit", args=[plan.slug])
    response = client.post(url, form_data(plan))
    assert not Idea.objects.exists()
    assert response.status_code == 200
    assert "Verify Your Email Address" in response.content.decode()
    [email] = Notification.objects.filter(recipient=user)
    assert email.context["template"] == "account/email/email_confirmation"


@pytest.mark.parametrize("offset_days,expected", [(-30, "closed"), (30, "opens")])
def test_no_idea_outside_the_collection_phase(client, citizen, offset_days, expected):
    today = timezone.localdate()
    start = today + timedelta(days=offset_days)
    plan = PlanFactory(phases={"collection": (start, start + timedelta(days=10))})
    ThemeFactory(plan=plan)
    client.force_login(citizen)
    response = client.post(
        reverse("ideas:submit", args=[plan.slug]), form_data(plan), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 403
    assert not Idea.objects.exists()
    collection = plan.phases.get()
    html = response.content.decode()
    shown = collection.end if expected == "closed" else collection.start
    assert str(shown.year) in html and str(shown.day) in html


def test_the_idea_page_shows_the_outcome_with_its_reason(client, staff, plan):
    idea = IdeaFactory(theme=plan.themes.get())
    original = IdeaFactory(theme=plan.themes.get())
    screening.reject(idea, by=staff, reason=IdeaEvent.Reason.DUPLICATE, duplicate_of=original)
    html = visible(client.get(idea.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert idea.title in html
    assert original.get_absolute_url() in html
    assert idea.author.display_name in html
    assert idea.author.email not in html


def test_a_hidden_idea_is_shown_to_its_author_and_moderators_only(client, staff, plan):
    idea = IdeaFactory(theme=plan.themes.get())
    moderation.hide(idea, by=staff, reason="Insulte")
    assert client.get(idea.get_absolute_url()).status_code == 404
    # Being staff is not enough (a focal point, the secretariat): moderation is a role.
    clerk = UserFactory(is_staff=True)
    clerk.groups.add(Group.objects.get(name="Secretariat"))
    client.force_login(clerk)
    assert client.get(idea.get_absolute_url()).status_code == 404
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    assert client.get(idea.get_absolute_url()).status_code == 200
    client.force_login(idea.author)
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    assert "Insulte" in response.content.decode()


def test_supports_and_comments(client, citizen, plan):
    idea = IdeaFactory(theme=plan.themes.get())
    client.force_login(citizen)
    client.post(reverse("ideas:support", args=[idea.pk]))
    client.post(reverse("ideas:support", args=[idea.pk]))
    assert Support.objects.filter(idea=idea).count() == 1
    response = client.post(
        reverse("ideas:comment", args=[idea.pk]), {"body": "<script>alert(1)</script> جيد"}
    )
    assert response.status_code == 302
    html = visible(client.get(idea.get_absolute_url()).content.decode())
    assert "&lt;script&gt;alert(1)&lt;/script&gt; جيد" in html
    assert Comment.objects.count() == 1
    client.post(reverse("ideas:support", args=[idea.pk]), {"action": "remove"})
    assert not Support.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_supports_make_one_row(citizen):
    plan = PlanFactory()
    idea = IdeaFactory(theme=ThemeFactory(plan=plan))
    barrier = threading.Barrier(4)
    statuses = []

    def click():
        client = Client()
        client.force_login(citizen)
        barrier.wait()
        statuses.append(client.post(reverse("ideas:support", args=[idea.pk])).status_code)
        connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert Support.objects.filter(idea=idea).count() == 1


def make_ideas(plan, n):
    theme = plan.themes.get()
    users = UserFactory.create_batch(5)
    ideas = IdeaFactory.create_batch(n, theme=theme, author=factory_cycle(users))
    for idea in ideas[:5]:
        Support.objects.create(idea=idea, user=users[0])
        Comment.objects.create(idea=idea, author=users[1], body="ok")
    return ideas


def factory_cycle(items):
    import factory

    return factory.Iterator(items)


@pytest.mark.parametrize("sort", ["new", "supported"])
@pytest.mark.parametrize("n", [10, 200])
def test_the_list_runs_a_constant_number_of_queries(client, plan, n, sort, django_assert_max_num_queries):
    make_ideas(plan, n)
    # Plan, themes, institutions; count, page, its supports, its comments; the
    # "propose" button; the menu's plans.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("ideas:index", args=[plan.slug]) + f"?sort={sort}")
    assert len(response.context["page"]) == min(n, 20)


def test_the_list_counts_supports_and_published_comments_of_the_ideas_shown(client, plan, staff):
    theme = plan.themes.get()
    quiet, popular, discussed = (IdeaFactory(theme=theme) for _ in range(3))
    for user in UserFactory.create_batch(3):
        Support.objects.create(idea=popular, user=user)
    Support.objects.create(idea=discussed, user=UserFactory())
    for body in ("un", "deux"):
        Comment.objects.create(idea=discussed, author=UserFactory(), body=body)
    insult = Comment.objects.create(idea=discussed, author=UserFactory(), body="insulte")
    moderation.hide(insult, by=staff, reason="Insulte")

    url = reverse("ideas:index", args=[plan.slug])
    page = client.get(url + "?sort=supported").context["page"]
    assert [(i, i.support_count, i.comment_count) for i in page] == [
        (popular, 3, 0),
        (discussed, 1, 2),  # the hidden comment is not counted
        (quiet, 0, 0),
    ]
    newest = client.get(url).context["page"]
    assert list(newest) == [discussed, popular, quiet]


@pytest.mark.parametrize("n", [1, 80])
def test_the_idea_page_runs_a_constant_number_of_queries(
    client, staff, plan, n, django_assert_max_num_queries
):
    idea = IdeaFactory(theme=plan.themes.get())
    for user in UserFactory.create_batch(n):
        Support.objects.create(idea=idea, user=user)
        Comment.objects.create(idea=idea, author=user, body="تعليق")
    screening.accept(idea, by=staff)
    # Cold: the idea, the public plans (4), what the page shows of the idea
    # (4), its supports, and a page of comments with their count (3).
    with django_assert_max_num_queries(13):
        response = client.get(idea.get_absolute_url())
    assert response.context["support_count"] == n
    assert response.content.decode().count('<li id="comment-') == min(n, 50)
    # Warm: the idea's row only (is it still there, and visible?).
    with django_assert_max_num_queries(1):
        assert client.get(idea.get_absolute_url()).content == response.content


def test_search_finds_arabic_and_french_ideas(client, plan):
    theme = plan.themes.get()
    ar = IdeaFactory(theme=theme, title="نشر الميزانيات الجماعية", problem="الميزانيات غير منشورة")
    ar.set_language_from_text()
    ar.save()
    fr = IdeaFactory(
        theme=theme,
        title="Publier les marchés publics",
        problem="Les marchés ne sont pas publiés",
        solution="Un portail des marchés",
        expected_results="Plus de concurrence",
    )
    fr.set_language_from_text()
    fr.save()
    found = list(client.get(reverse("ideas:index", args=[plan.slug]) + "?q=marché").context["page"])
    assert found == [fr]
    found = list(client.get(reverse("ideas:index", args=[plan.slug]) + "?q=الميزانيات").context["page"])
    assert found == [ar]


def test_an_integrated_idea_links_to_its_commitments(client, staff, plan):
    from tests.factories import CommitmentFactory

    idea = IdeaFactory(theme=plan.themes.get(), status="sent")
    commitment = CommitmentFactory(theme=idea.theme)
    screening.integrate(idea, by=staff, commitments=[commitment])
    html = client.get(idea.get_absolute_url()).content.decode()
    assert f'href="{commitment.get_absolute_url()}"' in html


def searched(client, plan, words):
    return list(client.get(reverse("ideas:index", args=[plan.slug]), {"q": words}).context["page"])


def idea_in(plan, title, problem="", **fields):
    idea = IdeaFactory.build(theme=plan.themes.get(), title=title, problem=problem or title, **fields)
    idea.author.save()
    idea.set_language_from_text()
    idea.save()
    return idea


def test_search_ignores_accents_in_french(client, plan):
    fes = idea_in(plan, "Un budget participatif à Fès", solution="Des assemblées de quartier")
    idea_in(plan, "Un budget participatif à Rabat", solution="Des assemblées de quartier")
    assert searched(client, plan, "Fes") == [fes]
    assert searched(client, plan, "FÈS budget") == [fes]


@pytest.mark.parametrize(
    "stored,words",
    [
        ("تحسين خدمات الإدارة العمومية", "الادارة"),
        ("تحسين خدمات الادارة العمومية", "الإدارة"),
        ("بناء مدرسة جماعية في الحي", "مدرسه"),
        ("نشر الميزانيّة بالتفصيل", "الميزانية"),  # a shadda
        ("نشر الميزانيـــة بالتفصيل", "الميزانية"),  # tatweel
        ("مستشفى القرية", "مستشفي"),
    ],
)
def test_search_folds_arabic_letter_variants(client, plan, stored, words):
    idea = idea_in(plan, stored)
    idea_in(plan, "نشر محاضر الدورات")
    assert searched(client, plan, words) == [idea]


def test_search_ranks_a_title_match_before_a_text_match(client, plan):
    in_text = idea_in(plan, "Publier les comptes", problem="Les marchés ne sont pas publiés")
    in_title = idea_in(plan, "Ouvrir les marchés publics", problem="Rien n'est publié")
    assert searched(client, plan, "marchés") == [in_title, in_text]


def test_the_vector_is_kept_on_edit_and_on_bulk_insert(client, plan):
    idea = idea_in(plan, "Publier les comptes de la commune", problem="Personne ne sait rien")
    idea.title = "Publier les horaires de la bibliothèque"
    idea.save()
    assert searched(client, plan, "bibliotheque") == [idea]
    assert searched(client, plan, "comptes") == []
    [bulk] = Idea.objects.bulk_create(
        [Idea(plan=plan, theme=idea.theme, author=idea.author, title="Des toilettes publiques à Salé",
              problem="-", solution="-", expected_results="-", language="fr", search_config="french")]
    )  # fmt: skip
    assert searched(client, plan, "Sale toilettes") == [Idea.objects.get(pk=bulk.pk)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_a_search_reads_the_gin_index(plan):
    idea_in(plan, "Publier les marchés publics")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan_text = Idea.objects.search("marchés").order_by().explain()
    assert "idea_search" in plan_text


def test_comments_come_fifty_a_page_oldest_first_and_a_new_one_lands_on_the_last(client, citizen, plan):
    idea = IdeaFactory(theme=plan.themes.get())
    start = timezone.now() - timedelta(days=30)
    authors = UserFactory.create_batch(3)
    Comment.objects.bulk_create(
        Comment(
            idea=idea,
            author=authors[k % 3],
            body=f"تعليق رقم {k} " + "نص طويل نسبيا " * 12,
            created_at=start + timedelta(minutes=k),
        )
        for k in range(300)
    )
    response = client.get(idea.get_absolute_url())
    page = response.context["comments"]
    assert (page.number, page.paginator.num_pages, len(page)) == (1, 6, 50)
    assert page[0].body.startswith("تعليق رقم 0 ")
    assert len(response.content) <= 60 * 1024
    assert '?comments=2#comments" rel="next"' in response.content.decode()
    last = client.get(idea.get_absolute_url() + "?comments=6").context["comments"]
    assert last[49].body.startswith("تعليق رقم 299 ")
    assert client.get(idea.get_absolute_url() + "?comments=99").context["comments"].number == 6

    client.force_login(citizen)
    response = client.post(reverse("ideas:comment", args=[idea.pk]), {"body": "الجديد"})
    new = Comment.objects.get(body="الجديد")
    assert response["Location"] == f"{idea.get_absolute_url()}?comments=7#comment-{new.pk}"
    assert list(client.get(response["Location"]).context["comments"]) == [new]


def test_my_ideas_is_in_the_account_menu_of_every_page(client, citizen, plan):
    # It was linked from an email only (issue 8: a citizen could not find it again).
    pages = {"ar": "/ar/", "fr": f"/fr/plans/{plan.slug}/ideas/"}
    for language, path in pages.items():
        assert f'href="/{language}/ideas/mine/"' not in client.get(path).content.decode()
    client.force_login(citizen)
    for language, path in pages.items():
        html = client.get(path).content.decode()
        start = html.index('<nav class="account"')
        menu = html[start : html.index("</nav>", start)]
        assert f'href="/{language}/ideas/mine/"' in menu  # in the page's language
    assert client.get(reverse("ideas:mine")).status_code == 200


def test_a_citizen_submits_on_behalf_of_an_association_shown_and_counted(client, citizen, plan):
    client.force_login(citizen)
    with translation.override("fr"):
        submit = reverse("ideas:submit", args=[plan.slug])
        statistics = reverse("ideas:statistics", args=[plan.slug])
    data = {
        "theme": plan.themes.get().pk,
        "title": "Publier les budgets des communes chaque année",
        "problem": "Les budgets communaux sont introuvables.",
        "solution": "Les publier en ligne dans un format ouvert.",
        "expected_results": "Des citoyens mieux informés.",
        "association_name": "  Association   Tafra ",
    }
    response = client.post(submit, data)
    assert response.status_code == 302
    idea = Idea.objects.get(author=citizen)
    assert idea.association_name == "Association Tafra"
    page = client.get(response["Location"]).content.decode()
    assert "au nom de <bdi>Association Tafra</bdi> (selon la déclaration de l'auteur)" in html.unescape(page)
    stats = client.get(f"/open-data/plans/{plan.slug}/statistics.json").json()
    assert stats["ideas"]["on_behalf_of_associations"] == 1
    assert "1</bdi> au nom d'une association" in client.get(statistics).content.decode()


def test_a_representative_chooses_their_association_or_names_another_not_both(client, citizen, plan):
    from plans.models import Association

    tafra = Association.objects.create(name="Tafra", slug="tafra")
    tafra.representatives.add(citizen)
    client.force_login(citizen)
    with translation.override("fr"):
        submit = reverse("ideas:submit", args=[plan.slug])
    data = {
        "theme": plan.themes.get().pk,
        "title": "Publier les budgets des communes chaque année",
        "problem": "Les budgets communaux sont introuvables.",
        "solution": "Les publier en ligne.",
        "expected_results": "Des citoyens mieux informés.",
        "association": tafra.pk,
        "association_name": "Une autre",
    }
    response = client.post(submit, data)
    assert response.status_code == 400
    message = "Choisissez une association, ou donnez le nom d'une autre, pas les deux."
    assert message in html.unescape(response.content.decode())
    assert not Idea.objects.exists()
    del data["association_name"]
    assert client.post(submit, data).status_code == 302
    assert Idea.objects.get().on_behalf_of == "Tafra"
