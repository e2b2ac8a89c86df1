"""Searching ideas (issue 8, item 5): a plan's list says how many ideas the
words find in every public plan, each a link; an empty result suggests the
plans where they match; /ideas/search/ searches every public plan; the words
stay in every link; accents and Arabic letter variants are folded on
PostgreSQL and on SQLite (`make run`) alike."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import moderation
from ideas import screening
from plans.models import Plan
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def idea_in(plan, title, **fields):
    idea = IdeaFactory.build(theme=plan.themes.get(), title=title, problem=title, **fields)
    idea.author.save()
    idea.set_language_from_text()
    idea.save()
    return idea


@pytest.fixture
def plans():
    """Three public plans and a draft one, each with a theme."""
    made = [
        PlanFactory(slug="nap1", title_fr="Premier plan"),
        PlanFactory(slug="nap2", title_fr="Deuxième plan"),
        PlanFactory(slug="tetouan", title_fr="Plan de Tétouan"),
        PlanFactory(slug="draft", title_fr="Plan en projet", status=Plan.Status.DRAFT),
    ]
    for plan in made:
        ThemeFactory(plan=plan)
    return made


def found(html: str) -> set[int]:
    """The ideas a list shows."""
    return set(map(int, re.findall(r'class="idea-title" href="/(?:\w\w/)?ideas/(\d+)/"', html)))


def facet(html: str) -> dict[str, tuple[str | None, int]]:
    """The plans the page says the search finds ideas in: title → (link, count)."""
    block = re.search(r'<nav class="facet".*?</nav>', html, re.S)
    if block is None:
        return {}
    found = {}
    for item in re.findall(r"<li[^>]*>(.*?)</li>", block.group(0), re.S):
        link = re.search(r'href="([^"]+)"', item)
        title = re.sub(r"<[^>]+>", "", item.rsplit('<span class="count">', 1)[0]).strip()
        count = int(re.search(r'<span class="count"><bdi>(\d+)</bdi>', item).group(1))
        found[title] = (link.group(1).replace("&amp;", "&") if link else None, count)
    return found


def test_a_search_in_a_plan_counts_its_matches_in_every_public_plan(client, plans, staff):
    nap1, nap2, tetouan, draft = plans
    idea_in(nap1, "Un budget participatif à Fès")
    idea_in(nap2, "Le budget des communes en ligne")
    idea_in(nap2, "Publier le budget de l'État")
    hidden = idea_in(tetouan, "Un budget caché")
    moderation.hide(hidden, by=staff, reason="Spam")
    idea_in(draft, "Le budget en projet")

    html = client.get("/fr/plans/nap1/ideas/", {"q": "budget"}).content.decode()
    assert facet(html) == {
        "Premier plan": ("/fr/plans/nap1/ideas/?q=budget", 1),
        "Deuxième plan": ("/fr/plans/nap2/ideas/?q=budget", 2),
        "Plan de Tétouan": (None, 0),  # its one match is hidden; no link to an empty list
        "Tous les plans": ("/fr/ideas/search/?q=budget", 3),
    }
    assert '<a href="/fr/plans/nap1/ideas/?q=budget" aria-current="page">' in html
    # A theme is one plan's: the other plans are counted without it.
    theme = nap1.themes.get().pk
    html = client.get("/fr/plans/nap1/ideas/", {"q": "budget", "theme": theme}).content.decode()
    assert facet(html)["Deuxième plan"] == ("/fr/plans/nap2/ideas/?q=budget", 2)
    assert "Plan en projet" not in html
    # Without words, no plan facet: the list is the plan's.
    assert facet(client.get("/fr/plans/nap1/ideas/").content.decode()) == {}


def test_an_empty_result_suggests_the_plans_where_the_words_match(client, plans):
    nap1, nap2, tetouan, _draft = plans
    idea_in(nap1, "Ouvrir les registres fonciers")
    idea_in(nap2, "Un budget participatif à Fès")
    idea_in(tetouan, "Le budget de la commune de Tétouan")

    html = client.get("/fr/plans/nap1/ideas/", {"q": "Fes", "status": "awaiting_screening"}).content.decode()
    empty = re.search(r'<div class="notice empty">(.*?)</div>', html, re.S).group(1)
    assert "Aucune idée de ce plan ne correspond à votre recherche" in empty
    assert 'href="/fr/plans/nap2/ideas/?q=Fes&amp;status=awaiting_screening"' in empty
    assert "tetouan" not in empty  # no match there
    assert 'href="/fr/ideas/search/?q=Fes&amp;status=awaiting_screening"' in empty
    assert facet(html) == {}  # the suggestion says it all, first

    html = client.get("/fr/plans/nap1/ideas/", {"q": "introuvable"}).content.decode()
    assert "Aucune idée d'aucun plan ne correspond à votre recherche" in html


def test_the_search_across_plans_lists_the_ideas_of_every_public_plan(client, plans):
    nap1, nap2, tetouan, draft = plans
    first = idea_in(nap1, "Un budget participatif à Fès")
    second = idea_in(nap2, "Des marchés publics ouverts à Fès")
    idea_in(tetouan, "Des marchés publics ouverts à Tétouan")
    idea_in(draft, "Un plan de Fès en projet")

    html = client.get("/fr/ideas/search/", {"q": "fes"}).content.decode()
    assert found(html) == {first.pk, second.pk}
    assert facet(html) == {
        "Premier plan": ("/fr/plans/nap1/ideas/?q=fes", 1),
        "Deuxième plan": ("/fr/plans/nap2/ideas/?q=fes", 1),
        "Plan de Tétouan": (None, 0),
        "Tous les plans": ("/fr/ideas/search/?q=fes", 2),
    }
    # Each idea says which plan it belongs to.
    assert '<span class="plan-name"><bdi>Premier plan</bdi></span>' in html
    assert "projet" not in html
    html = client.get("/fr/ideas/search/", {"q": "introuvable"}).content.decode()
    assert "Aucune idée d'aucun plan ne correspond à votre recherche" in html


@pytest.mark.parametrize(
    "stored,words",
    [
        ("Un budget participatif à Fès", "Fes"),
        ("Un budget participatif a Fes", "Fès"),
        ("تحسين خدمات الإدارة العمومية", "الادارة"),
        ("تحسين خدمات الادارة العمومية", "الإدارة"),
    ],
)
def test_the_search_across_plans_folds_accents_and_arabic_letters(client, plans, stored, words):
    idea = idea_in(plans[1], stored)
    idea_in(plans[0], "نشر محاضر الدورات")
    assert found(client.get("/ar/ideas/search/", {"q": words}).content.decode()) == {idea.pk}


def test_the_search_words_stay_in_every_link(client, plans, settings):
    settings.IDEAS_PER_PAGE = 2
    nap1 = plans[0]
    for n in range(5):
        idea_in(nap1, f"Un budget participatif numéro {n}")
    for url in ("/fr/plans/nap1/ideas/", "/fr/ideas/search/"):
        html = client.get(url, {"q": "budget participatif", "sort": "new", "page": 2}).content.decode()
        # Pages, sorts, the facet, the other plans: every link of the page's
        # content to a list of ideas (not the menus' and the plan's tabs, which
        # lead to the list itself).
        main = html[html.index('<main id="main">') :]
        links = re.findall(
            r'href="(\?[^"]*|/fr/(?:plans/[^/]+/ideas|ideas/search)/(?:\?[^"]*)?)"(?! aria-current)', main
        )
        assert links, url
        for link in links:
            assert "q=budget+participatif" in link, link
            assert "sort=new" in link, link
        assert 'rel="prev"' in html and 'rel="next"' in html
        # The box shows the words as typed.
        assert 'value="budget participatif"' in html


def test_a_new_idea_in_another_plan_shows_in_the_facet_at_once(
    client, plans, django_capture_on_commit_callbacks
):
    nap1, nap2, *_ = plans
    idea_in(nap1, "Le budget des communes")
    assert (
        facet(client.get("/fr/plans/nap1/ideas/", {"q": "budget"}).content.decode())["Deuxième plan"][1] == 0
    )
    with django_capture_on_commit_callbacks(execute=True):
        idea_in(nap2, "Le budget de l'État")
    assert (
        facet(client.get("/fr/plans/nap1/ideas/", {"q": "budget"}).content.decode())["Deuxième plan"][1] == 1
    )
    assert facet(client.get("/fr/ideas/search/", {"q": "budget"}).content.decode())["Tous les plans"][1] == 2


def test_a_screening_move_changes_the_stage_counts_of_the_search(client, plans, staff):
    nap1 = plans[0]
    idea = idea_in(nap1, "Le budget des communes")
    url = "/fr/ideas/search/"
    assert found(client.get(url, {"q": "budget", "status": "accepted"}).content.decode()) == set()
    screening.accept(idea, by=staff)
    assert found(client.get(url, {"q": "budget", "status": "accepted"}).content.decode()) == {idea.pk}


SQLITE_SCRIPT = """
import django, os, re
os.environ["DJANGO_SETTINGS_MODULE"] = "ogp_portal.settings"
django.setup()
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
# The tables straight from the models (a second), not the migrations' history
# (some fifteen seconds): what is tested is the search, not the migrations.
settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory
fes = IdeaFactory(theme=ThemeFactory(plan=PlanFactory(slug="nap1")), title="Un budget participatif à Fès")
admin = IdeaFactory(theme=ThemeFactory(plan=PlanFactory(slug="nap2")), title="تحسين خدمات الإدارة العمومية")
client = Client(HTTP_HOST="127.0.0.1")
for url, words in [
    ("/fr/plans/nap1/ideas/", "Fes"), ("/fr/plans/nap1/ideas/", "FÈS budget"),
    ("/ar/plans/nap2/ideas/", "الادارة"), ("/fr/ideas/search/", "fes"), ("/ar/ideas/search/", "الادارة"),
    ("/fr/plans/nap1/ideas/", "الادارة"),
]:
    html = client.get(url, {"q": words}).content.decode()
    print(url, words, sorted(set(re.findall(r'class="idea-title" href="/(?:\\w\\w/)?ideas/(\\d+)/"', html))),
          # the plan facet: each plan's count, then every plan's
          re.findall(r'<span class="count"><bdi>(\\d+)</bdi>', html)[-1],
          sorted(re.findall(r'<span class="count"><bdi>(\\d+)</bdi>', html)[:-1]))
print("ids", fes.pk, admin.pk)
"""


@pytest.mark.slow  # another Python process
def test_on_sqlite_too_fes_finds_fes_and_hamza_forms_are_folded(tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    environ.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_SCRIPT],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines == [
        "/fr/plans/nap1/ideas/ Fes ['1'] 1 ['0', '1']",
        "/fr/plans/nap1/ideas/ FÈS budget ['1'] 1 ['0', '1']",
        "/ar/plans/nap2/ideas/ الادارة ['2'] 1 ['0', '1']",
        "/fr/ideas/search/ fes ['1'] 1 ['0', '1']",
        "/ar/ideas/search/ الادارة ['2'] 1 ['0', '1']",
        "/fr/plans/nap1/ideas/ الادارة [] 1 ['1']",  # no facet: nap2 suggested, and every plan
        "ids 1 2",
    ]


# One fold (core.text.fold): PostgreSQL's ideas_search_text() mirrors it, and
# SQLite runs it under that name. Words a visitor types, as stored and as
# searched: hamza forms, ta marbuta, alif maqsura, tatweel, short vowels,
# accents, ligatures, capitals.
FOLDED = [
    "الإدارة العمومية",
    "أإآٱ ة ى",
    "مـــدينة",
    "المَعلُومات",
    "Fès, Béni Mellal, Œuvre, Straße",
    "ÉLECTIONS à l'Hôtel de ville",
    "سلا 2026 Tétouan",
]


@pytest.mark.parametrize("text", FOLDED)
def test_postgresql_folds_as_the_python_fold_does(text):
    from django.db import connection

    from core.text import fold

    with connection.cursor() as cursor:
        cursor.execute("SELECT ideas_search_text(%s)", [text])
        assert cursor.fetchone()[0] == fold(text)


@pytest.fixture
def sqlite():
    """An SQLite database beside the test's PostgreSQL, opened through
    Django's backend as `make run` opens its own (the portal's connection
    signal registers ideas_search_text()), with the ideas' searched columns."""
    from django.db import connections

    alias = "embedded"
    embedded = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    configured = connections.configure_settings({"default": connections.settings["default"], alias: embedded})
    connections.settings[alias] = configured[alias]
    connection = connections[alias]
    # Opened here: the test case lets a connection it did not know of be
    # used, not be opened on first use.
    connection.connect()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE ideas_idea (id integer PRIMARY KEY, title text, problem text, solution text, "
            "expected_results text)"
        )
    yield connection
    connection.close()
    del connections[alias]
    del connections.settings[alias]


def test_on_an_sqlite_connection_the_search_folds_as_on_postgresql(sqlite, plans):
    from ideas.models import Idea

    titles = ["تحسين خدمات الإدارة العمومية", "Un budget participatif à Fès", "Plus de poubelles"]
    with sqlite.cursor() as cursor:
        for pk, title in enumerate(titles, start=1):
            cursor.execute("INSERT INTO ideas_idea VALUES (%s, %s, '', '', '')", [pk, title])
    for pk, title in enumerate(titles, start=1):
        idea_in(plans[0], title, pk=100 + pk)
    for words, expected in [("الادارة", {1}), ("fes", {2}), ("BUDGET FÈS", {2}), ("الإداره", {1})]:
        embedded = Idea.objects.using("embedded").matching(words).order_by()
        assert set(embedded.values_list("pk", flat=True)) == expected, words
        # PostgreSQL finds the same ideas.
        on_postgresql = Idea.objects.matching(words).values_list("pk", flat=True)
        assert {pk - 100 for pk in on_postgresql} == expected, words
