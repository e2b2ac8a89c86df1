import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment
from core import moderation
from ideas import screening
from ideas.models import Comment, Idea, Support
from ideas.statistics import plan_statistics
from tests.bidi import visible
from tests.factories import (
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory(slug="nap-test", start_year=2021, end_year=2023)
    for number, (ar, fr, en) in enumerate(
        [("المحور الأول", "Premier axe", "First theme"), ("المحور الثاني", "Deuxième axe", "")], start=1
    ):
        ThemeFactory(plan=plan, number=number, name_ar=ar, name_fr=fr, name_en=en)
    ThemeFactory(plan=plan, number=3, name_ar="محور بلا أفكار", name_fr="Axe sans idées")
    return plan


def theme(plan, number):
    return plan.themes.get(number=number)


def test_it_counts_participants_ideas_and_the_funnel(plan, staff):
    first, second = theme(plan, 1), theme(plan, 2)
    amina, omar, supporter, commenter = UserFactory.create_batch(4)
    ideas = [
        IdeaFactory(theme=first, author=amina),
        IdeaFactory(theme=first, author=amina),  # one person, two ideas
        IdeaFactory(theme=second, author=omar, association_name="Association Tafra"),
    ]
    workshop = WorkshopFactory(theme=second, attended_count=40)
    WorkshopFactory(theme=first, attended_count=25)
    ideas += IdeaFactory.create_batch(
        2, theme=second, source=Idea.Source.WORKSHOP, workshop=workshop, author=None
    )
    hidden = IdeaFactory(theme=first, author=UserFactory())
    moderation.hide(hidden, by=staff, reason="Spam")
    Support.objects.create(idea=ideas[0], user=supporter)
    Support.objects.create(idea=ideas[0], user=omar)  # already counted as an author
    Comment.objects.create(idea=ideas[2], author=commenter, body="+1")
    # Someone active only in another plan does not count here.
    Support.objects.create(idea=IdeaFactory(), user=UserFactory())

    justice, interior, idle = InstitutionFactory.create_batch(3)
    commitment = CommitmentFactory(theme=first)
    CommitmentFactory(theme=second)
    for idea in ideas[:3]:
        screening.accept(idea, by=staff)
    screening.send_to(ideas[0], by=staff, institutions=[justice, interior])
    screening.send_to(ideas[1], by=staff, institutions=[justice])
    screening.integrate(ideas[0], by=staff, commitments=[commitment])
    screening.not_integrate(ideas[1], by=staff, explanation="Hors délai")
    screening.reject(ideas[3], by=staff, reason="not_precise")

    stats = plan_statistics(plan)

    assert stats["plan"] == "nap-test"
    assert stats["period"] == "2021-2023"
    # amina, omar, the supporter, the commenter and the hidden idea's author;
    # amina, omar and the hidden idea's author proposed.
    assert stats["participants"] == {"online": 5, "proposers": 3, "workshops": 65, "total": 70}
    # The hidden idea was collected: it counts.
    assert stats["ideas"] == {"total": 6, "online": 4, "workshops": 2, "on_behalf_of_associations": 1}
    assert stats["funnel"] == {
        "collected": 6,
        "accepted": 3,
        "not_accepted": 1,
        "integrated": 1,
        "not_integrated": 1,
        "awaiting_screening": 2,
        "awaiting_decision": 1,
    }
    assert stats["proposed_commitments"] == 2
    assert stats["institutions_involved"] == 2
    assert timezone.datetime.fromisoformat(stats["generated_at"])


def test_the_theme_by_source_table_lists_every_theme_in_order_with_zeros(plan):
    IdeaFactory.create_batch(3, theme=theme(plan, 2))
    workshop = WorkshopFactory(theme=theme(plan, 1))
    IdeaFactory(theme=theme(plan, 1), source=Idea.Source.WORKSHOP, workshop=workshop, author=None)
    IdeaFactory(theme=theme(plan, 1))

    assert plan_statistics(plan)["by_theme"] == [
        {"number": 1, "name_ar": "المحور الأول", "name_fr": "Premier axe", "name_en": "First theme",
         "online": 1, "workshops": 1, "total": 2},
        {"number": 2, "name_ar": "المحور الثاني", "name_fr": "Deuxième axe", "name_en": "",
         "online": 3, "workshops": 0, "total": 3},
        {"number": 3, "name_ar": "محور بلا أفكار", "name_fr": "Axe sans idées", "name_en": "",
         "online": 0, "workshops": 0, "total": 0},
    ]  # fmt: skip


def test_an_empty_plan_has_zeros_everywhere(client, plan):
    stats = plan_statistics(plan)
    assert stats["ideas"] == {"total": 0, "online": 0, "workshops": 0, "on_behalf_of_associations": 0}
    assert stats["participants"] == {"online": 0, "proposers": 0, "workshops": 0, "total": 0}
    assert client.get("/fr/plans/nap-test/statistics/").status_code == 200


def make_ideas(plan, count):
    workshop = WorkshopFactory(theme=theme(plan, 1))
    institution = InstitutionFactory()
    commitment = CommitmentFactory(theme=theme(plan, 1))
    for i in range(count):
        source = {"source": Idea.Source.WORKSHOP, "workshop": workshop, "author": None} if i % 3 == 0 else {}
        status = [Idea.Status.SUBMITTED, Idea.Status.INTEGRATED, Idea.Status.NOT_ACCEPTED][i % 3]
        idea = IdeaFactory(theme=theme(plan, 1 + i % 3), status=status, **source)
        idea.sent_to.add(institution)
        idea.commitments.add(commitment)
        Support.objects.create(idea=idea, user=UserFactory())


@pytest.mark.parametrize("count", [10, 200])
def test_the_page_and_json_run_a_constant_number_of_queries(
    client, plan, count, django_assert_max_num_queries
):
    make_ideas(plan, count)
    # 8 for the figures (the workshops' institutions among them), 1 for
    # their fingerprint (the cache is empty), 1 for the main menu's plan, 1
    # for the other plans.
    with django_assert_max_num_queries(11):
        response = client.get("/fr/plans/nap-test/statistics/")
    assert response.status_code == 200
    assert f'<span class="number">{count}</span>' in response.content.decode()
    cache.clear()
    with django_assert_max_num_queries(9):
        assert client.get("/open-data/plans/nap-test/statistics.json").json()["ideas"]["total"] == count


def bars(html: str) -> list[tuple[float, float]]:
    """(x, width) of every bar of the theme chart, in percent."""
    chart = html[html.index('aria-labelledby="themes-svg-title"') :]
    chart = chart[: chart.index("</svg>")]
    return [
        (float(x), float(width))
        for x, width in re.findall(r'<rect class="bar online" x="([\d.]+)%" y="\d+" width="([\d.]+)%"', chart)
    ]


def test_the_charts_are_svg_drawn_from_the_start_side_and_mirrored_in_arabic(client, plan):
    IdeaFactory.create_batch(4, theme=theme(plan, 1))
    IdeaFactory.create_batch(2, theme=theme(plan, 2))

    french = client.get("/fr/plans/nap-test/statistics/").content.decode()
    assert '<svg width="100%"' in french and 'direction="ltr"' in french
    # Bars start on the left, the longest takes 85% of the width.
    assert bars(french) == [(0, 85), (0, 42.5), (0, 0)]

    arabic = client.get("/ar/plans/nap-test/statistics/").content.decode()
    assert 'direction="rtl"' in arabic
    # In Arabic the same bars end on the right edge.
    assert bars(arabic) == [(15, 85), (57.5, 42.5), (100, 0)]
    # Labels in Arabic, anchored on the right.
    assert '<text x="100%" y="14" text-anchor="start">1. المحور الأول</text>' in visible(arabic)


def test_the_page_shows_the_figures_in_an_accessible_table_and_links_to_the_json(client, plan):
    IdeaFactory.create_batch(3, theme=theme(plan, 2))
    html = client.get("/fr/plans/nap-test/statistics/").content.decode()
    assert "<table" in html and "<caption>" in html
    assert (
        '<th scope="row">Deuxième axe</th><td class="num">3</td><td class="num">0</td><td class="num">3</td>'
        in visible(html)
    )
    assert 'href="/open-data/plans/nap-test/statistics.json"' in html
    assert 'href="/fr/open-data/statistics/"' in html  # what each key of it means
    assert "<bdi>2021-2023</bdi>" in html
    assert "style=" not in html.split("<main", 1)[1]  # the CSP forbids style attributes


def test_the_json_is_open_to_any_site_and_keeps_arabic_readable(client, plan):
    response = client.get("/open-data/plans/nap-test/statistics.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    assert "المحور الأول" in response.content.decode()
    assert set(response.json()) == {
        "plan",
        "period",
        "participants",
        "ideas",
        "funnel",
        "by_theme",
        "workshops",
        "proposed_commitments",
        "institutions_involved",
        "generated_at",
    }


def test_a_draft_plan_has_no_statistics(client):
    PlanFactory(slug="secret", status="draft")
    assert client.get("/fr/plans/secret/statistics/").status_code == 404
    assert client.get("/open-data/plans/secret/statistics.json").status_code == 404


def test_commitments_of_the_plan_are_counted_whatever_their_status(plan):
    CommitmentFactory(theme=theme(plan, 1), status=Commitment.Status.NOT_RETAINED)
    CommitmentFactory(theme=theme(plan, 2))
    CommitmentFactory()  # another plan
    assert plan_statistics(plan)["proposed_commitments"] == 2


def collected(client) -> int:
    return client.get("/open-data/plans/nap-test/statistics.json").json()["funnel"]["collected"]


def shown(client, url) -> dict:
    """The figures a visitor reads on the (cached) page: participants online
    and in workshops, proposed commitments, ideas accepted at screening."""
    html = client.get(url).content.decode()
    figures = re.findall(r'<span class="number">(\d+)</span>', html)
    online, workshops = re.search(r"<bdi>(\d+)</bdi> en ligne · <bdi>(\d+)</bdi> en atelier", html).groups()
    accepted = re.search(
        r'<th scope="row"><a href="[^"]*">Acceptées au tri</a></th><td class="num">(\d+)</td>', html
    )
    return {
        "online": int(online),
        "workshops": int(workshops),
        "proposed_commitments": int(figures[2]),
        "accepted": int(accepted.group(1)),
    }


def test_the_figures_come_from_the_cache_until_the_plan_changes(
    client, plan, staff, citizen, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    make_ideas(plan, 5)
    url = "/fr/plans/nap-test/statistics/"
    client.get(url)
    # Everything from the cache: the plans, the figures.
    with django_assert_max_num_queries(0):
        html = client.get(url).content.decode()
    assert '<p class="computed-at">' in html and "<time datetime=" in html  # when they were computed
    assert collected(client) == 5

    online, accepted = shown(client, url)["online"], shown(client, url)["accepted"]
    idea = IdeaFactory(theme=theme(plan, 2))
    assert collected(client) == 6
    # Supports and comments through the pages that write them (they bump the version).
    visitor = Client()
    visitor.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(reverse("ideas:support", args=[idea.pk]))
    assert shown(client, url)["online"] == online + 2  # author, supporter
    screening.accept(idea, by=staff)
    assert shown(client, url)["accepted"] == accepted + 1
    commenter = UserFactory()
    visitor.force_login(commenter)
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(reverse("ideas:comment", args=[idea.pk]), {"body": "Bonne idée"})
    assert shown(client, url)["online"] == online + 3
    before = shown(client, url)["workshops"]
    workshop = WorkshopFactory(theme=theme(plan, 1), attended_count=10)
    assert shown(client, url)["workshops"] == before + 10
    workshop.attended_count = 30
    workshop.save()
    assert shown(client, url)["workshops"] == before + 30
    CommitmentFactory(theme=theme(plan, 1))
    assert shown(client, url)["proposed_commitments"] == 2


def test_workshop_participants_are_attendances_from_rows_else_reported(client, plan):
    casablanca = ZoneInfo("Africa/Casablanca")
    before = WorkshopFactory(
        theme=theme(plan, 1),
        number=1,
        title_fr="Avant le portail",
        starts_at=datetime(2021, 6, 15, 10, 0, tzinfo=casablanca),
        registered_count=229,
        attended_count=87,
    )
    on_portal = WorkshopFactory(
        theme=theme(plan, 2),
        number=2,
        title_fr="Sur le portail",
        starts_at=timezone.now() - timedelta(days=2),
        registered_count=500,  # a reported figure, ignored once there are rows
        attended_count=400,
    )
    for i, status in enumerate(["registered"] * 4 + ["waiting", "cancelled"]):
        Registration.objects.create(
            workshop=on_portal,
            email=f"p{i}@example.org",
            status=status,
            attended_at=timezone.now() if i < 3 else None,
            walk_in=False,
        )
    Registration.objects.create(
        workshop=on_portal,
        email="walkin@example.org",
        status="cancelled",
        walk_in=True,
        attended_at=timezone.now(),
    )
    IdeaFactory.create_batch(
        2, theme=theme(plan, 1), source=Idea.Source.WORKSHOP, workshop=before, author=None
    )
    IdeaFactory(theme=theme(plan, 2), source=Idea.Source.WORKSHOP, workshop=on_portal, author=None)
    IdeaFactory(theme=theme(plan, 2), author=UserFactory())

    stats = plan_statistics(plan)
    assert stats["participants"] == {"online": 1, "proposers": 1, "workshops": 87 + 4, "total": 92}
    assert [
        {key: row[key] for key in ("number", "title_fr", "registered", "attended", "figures_source", "ideas")}
        for row in stats["workshops"]
    ] == [
        {"number": 1, "title_fr": "Avant le portail", "registered": 229, "attended": 87,
         "figures_source": "reported", "ideas": 2},
        {"number": 2, "title_fr": "Sur le portail", "registered": 4, "attended": 4,
         "figures_source": "rows", "ideas": 1},
    ]  # fmt: skip
    assert stats["workshops"][0]["starts_at"] == "2021-06-15T10:00+01:00"

    html = visible(client.get("/fr/plans/nap-test/statistics/").content.decode())
    # The reported figures are marked, and the note says what the mark means.
    assert '<td class="num">1</td><th scope="row">Avant le portail<sup><abbr title="chiffres déclarés' in html
    assert "Sur le portail<sup>" not in html and '<p class="help">* Les ateliers tenus avant' in html
    assert '<td class="num">229</td><td class="num">87</td><td class="num">2</td></tr>' in html
    assert '<td class="num">4</td><td class="num">4</td><td class="num">1</td></tr>' in html
    # The totals: the workshops' column sums, the attendance the key figure.
    assert '<td class="num">233</td><td class="num">91</td><td class="num">3</td></tr>' in html
    assert '<span class="number">92</span>' in html
    assert client.get("/open-data/plans/nap-test/statistics.json").json()["workshops"][1]["attended"] == 4


def test_an_attendance_recorded_updates_the_figures(client, plan):
    workshop = WorkshopFactory(theme=theme(plan, 1), starts_at=timezone.now() - timedelta(hours=3))
    seat = Registration.objects.create(workshop=workshop, email="a@example.org", status="registered")
    assert collected_workshops(client) == 0
    seat.attended_at = timezone.now()
    seat.save()
    assert collected_workshops(client) == 1


def collected_workshops(client) -> int:
    return client.get("/open-data/plans/nap-test/statistics.json").json()["participants"]["workshops"]


def test_a_plan_with_many_workshops_lists_the_first_and_counts_them_all(client, plan):
    from ideas.statistics import WORKSHOP_ROWS

    for number in range(1, WORKSHOP_ROWS + 3):
        WorkshopFactory(
            theme=theme(plan, 1),
            number=number,
            title_fr=f"Atelier numéro {number}",
            starts_at=timezone.now() - timedelta(days=100 - number),
            registered_count=10,
            attended_count=3,
        )
    text = " ".join(
        re.sub(
            r"<[^>]+>", " ", visible(client.get(f"/fr/plans/{plan.slug}/statistics/").content.decode())
        ).split()
    )
    assert f"Atelier numéro {WORKSHOP_ROWS}" in text
    assert f"Atelier numéro {WORKSHOP_ROWS + 1}" not in text
    assert "Et 2 autres ateliers" in text
    # The totals count every workshop; the JSON lists every one.
    assert f"Tous les ateliers {10 * (WORKSHOP_ROWS + 2)} {3 * (WORKSHOP_ROWS + 2)}" in text
    data = client.get(f"/open-data/plans/{plan.slug}/statistics.json").json()
    assert len(data["workshops"]) == WORKSHOP_ROWS + 2
