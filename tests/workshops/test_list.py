"""A plan's workshops list: each workshop's status, mode and figures (derived
from the registrations, or reported and said so), the filters by theme and
mode, kept from page to page, and hostile queries."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.models import Idea
from tests.bidi import visible
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, UserFactory, WorkshopFactory
from workshops import figures, registration
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def plan():
    plan = PlanFactory(slug="nap-test")
    ThemeFactory(plan=plan, number=1, name_fr="Budget ouvert")
    ThemeFactory(plan=plan, number=2, name_fr="Justice ouverte")
    return plan


def theme(plan, number):
    return plan.themes.get(number=number)


def in_days(days: float):
    return timezone.now() + timedelta(days=days)


def page(client, query="", language="fr") -> str:
    response = client.get(f"/{language}/plans/nap-test/workshops/{query}")
    assert response.status_code == 200
    return visible(response.content.decode())


def card(html: str, title: str) -> str:
    """The list item of the workshop with this title."""
    start = html.index(f">{title}<")
    return html[start : html.index("</li>", start)]


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/\w\w/workshops/\d+/">([^<]+)</a></h2>', html)


def test_figures_come_from_the_rows_or_are_said_to_be_reported(client, plan):
    held = WorkshopFactory(theme=theme(plan, 1), title_fr="Tenu", starts_at=in_days(-3))
    people = [Registration.Status.REGISTERED] * 3 + [S.WAITING, S.CANCELLED]
    for i, status in enumerate(people):
        Registration.objects.create(
            workshop=held,
            email=f"p{i}@example.org",
            status=status,
            attended_at=timezone.now() if i < 2 else None,
        )
    # Ideas collected at the workshop: joined to the registrations they
    # would multiply both counts.
    IdeaFactory.create_batch(4, theme=theme(plan, 1), source=Idea.Source.WORKSHOP, workshop=held, author=None)
    WorkshopFactory(
        theme=theme(plan, 2), title_fr="Avant le portail", registered_count=229, attended_count=87
    )

    html = page(client)
    derived = card(html, "Tenu")
    assert "inscrits : 3" in derived
    assert "présents : 2" in derived
    assert "4 idées recueillies" in derived
    assert "Déclarés" not in derived
    reported = card(html, "Avant le portail")
    assert "Déclarés par l'organisateur : 229 inscrits, 87 présents." in reported


def test_the_figures_of_a_page_are_those_of_the_workshop_page(plan):
    workshops = [
        WorkshopFactory(theme=theme(plan, 1), capacity=2, starts_at=in_days(5)),
        WorkshopFactory(theme=theme(plan, 1), registered_count=10, attended_count=4),
        WorkshopFactory(theme=theme(plan, 2), capacity=None, starts_at=in_days(5)),
    ]
    for user in UserFactory.create_batch(3):
        registration.register(workshops[0], user=user)
    registration.register(workshops[2], user=UserFactory())
    listed = figures.for_page(list(figures.with_status(Workshop.objects.filter(plan=plan))))
    assert {w.pk: w.figures for w in listed} == {w.pk: registration.figures(w) for w in workshops}
    assert {w.pk: w.figures["seats_left"] for w in listed}[workshops[0].pk] == 0


def test_each_workshop_shows_its_status_and_mode(client, plan):
    def made(title, **fields):
        return WorkshopFactory(theme=theme(plan, 1), title_fr=title, title_en=title, **fields)

    made("Ouvert", starts_at=in_days(10), capacity=5)
    full = made("Complet", starts_at=in_days(11), capacity=1)
    registration.register(full, user=UserFactory())
    made("Bientôt", starts_at=in_days(20), registration_opens_at=in_days(5))
    made("Fermé", starts_at=in_days(2), registration_closes_at=in_days(-1))
    made("Tenu", starts_at=in_days(-2), mode=Workshop.Mode.ONLINE)
    made("Annulé", starts_at=in_days(3), cancelled_at=timezone.now(), mode=Workshop.Mode.HYBRID)
    html = page(client, language="en")
    expected = {
        "Ouvert": ("open", "registration open"),
        "Complet": ("full", "full: waiting list open"),
        "Bientôt": ("planned", "registration not open yet"),
        "Fermé": ("closed", "registration closed"),
        "Tenu": ("held", "held"),
        "Annulé": ("cancelled", "cancelled"),
    }
    for title, (status, label) in expected.items():
        assert f'<span class="status {status}">{label}</span>' in card(html, title), title
    assert "<span>online</span>" in card(html, "Tenu")
    assert "<span>hybrid</span>" in card(html, "Annulé")
    assert "<span>in person</span>" in card(html, "Ouvert")
    # Seats left before the workshop, attendance after it.
    assert "5 seats left" in card(html, "Ouvert")


def test_filters_by_theme_and_mode_keep_the_order(client, plan):
    first, second = theme(plan, 1), theme(plan, 2)
    WorkshopFactory(theme=first, title_fr="Budget à Rabat", starts_at=in_days(-30))
    WorkshopFactory(theme=first, title_fr="Budget en ligne", starts_at=in_days(-3), mode="online")
    WorkshopFactory(theme=first, title_fr="Budget à venir", starts_at=in_days(4), mode="online")
    WorkshopFactory(theme=second, title_fr="Justice en ligne", starts_at=in_days(-1), mode="online")

    assert titles(page(client, f"?theme={first.pk}")) == [
        "Budget à venir",
        "Budget en ligne",
        "Budget à Rabat",
    ]
    assert titles(page(client, "?mode=online")) == ["Budget à venir", "Justice en ligne", "Budget en ligne"]
    html = page(client, f"?theme={first.pk}&mode=online")
    assert titles(html) == ["Budget à venir", "Budget en ligne"]
    # The form shows what is chosen.
    assert f'<option value="{first.pk}" selected>1. Budget ouvert</option>' in html
    assert '<option value="online" selected>' in html
    empty = page(client, f"?theme={second.pk}&mode=in_person", language="en")
    assert titles(empty) == [] and "No workshop matches these filters." in empty


@pytest.mark.parametrize(
    "query",
    [
        "?theme=%00",
        "?theme=99999999999999999999999",
        "?theme=-1",
        "?theme=abc",
        "?mode=%00online",
        "?mode=teleport",
        "?mode=online%E2%80%AE",
        "?theme=1%E2%80%8F",
    ],
)
def test_values_that_cannot_be_read_are_left_out_and_said(client, plan, query):
    WorkshopFactory(theme=theme(plan, 1), title_fr="Le seul")
    html = page(client, query)
    assert titles(html) == ["Le seul"]
    assert 'role="alert"' in html


def test_another_plans_theme_is_left_out(client, plan):
    WorkshopFactory(theme=theme(plan, 1), title_fr="Le seul")
    other = ThemeFactory()
    WorkshopFactory(theme=other, title_fr="D'un autre plan")
    html = page(client, f"?theme={other.pk}")
    assert titles(html) == ["Le seul"] and 'role="alert"' in html


def test_the_pages_keep_the_filters(client, plan):
    first = theme(plan, 1)
    WorkshopFactory.create_batch(21, theme=first, mode="online")
    WorkshopFactory.create_batch(3, theme=theme(plan, 2), mode="online")
    WorkshopFactory.create_batch(2, theme=first, mode="in_person")
    html = page(client, f"?theme={first.pk}&mode=online")
    assert len(titles(html)) == 20
    assert f'href="?theme={first.pk}&amp;mode=online&amp;page=2"' in html
    second = page(client, f"?theme={first.pk}&mode=online&page=2")
    assert len(titles(second)) == 1
    assert f'href="?theme={first.pk}&amp;mode=online&amp;page=1"' in second


def test_a_filtered_page_is_cached_apart_and_updated_by_a_registration(
    client, plan, django_assert_max_num_queries
):
    first = theme(plan, 1)
    workshop = WorkshopFactory(theme=first, title_fr="Ouvert", starts_at=in_days(10), capacity=1)
    WorkshopFactory(theme=theme(plan, 2), title_fr="Autre")
    query = f"?theme={first.pk}"
    assert titles(page(client, query)) == ["Ouvert"]
    with django_assert_max_num_queries(0):
        assert titles(page(client, query)) == ["Ouvert"]
    assert titles(page(client)) == ["Ouvert", "Autre"]
    registration.register(workshop, user=UserFactory())
    assert 'class="status full"' in card(page(client, query), "Ouvert")
