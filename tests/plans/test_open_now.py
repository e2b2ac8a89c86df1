"""The way to what is open now (issue 18, point 11): the home page leads with
what a visitor can do today on every member's plans, with the closing dates;
the main menu's Ideas, Workshops and Commitments, and the addresses people
type (`/fr/ideas/`), open the plan at that stage today, or a chooser."""

import shutil
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from plans.models import Member, Plan
from tests.factories import MemberFactory, PlanFactory, ThemeFactory, UserFactory, WorkshopFactory
from tests.test_generations import main_menu
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def open_now(client) -> str:
    html = client.get("/fr/").content.decode()
    return html.split('id="open-now"', 1)[1].split("</section>", 1)[0]


def french(value) -> str:
    """The day as the page writes it: in Casablanca's time (23:30 UTC is the next day there)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    with translation.override("fr"):
        return formats.date_format(value, "j F Y")


@pytest.fixture
def national():
    return MemberFactory(kind=Member.Kind.NATIONAL, slug="morocco")


@pytest.fixture
def commune():
    return MemberFactory(kind=Member.Kind.COMMUNE, slug="tetouan", name_fr="Commune de Tétouan")


@pytest.fixture
def closed(national):
    """The national plan whose collection closed long ago, its commitments followed until last month."""
    return PlanFactory(
        member=national,
        number=2,
        slug="nap2",
        title_fr="Plan national passé",
        start_year=2021,
        end_year=2023,
        phases={
            "collection": (days(-900), days(-870)),
            "drafting": (days(-800), days(-700)),
            "implementation": (days(-690), days(-30)),
        },
    )


@pytest.fixture
def collecting(commune):
    """The commune's plan, collecting ideas until 14 days from today (the factory's timeline)."""
    return PlanFactory(member=commune, slug="tetouan-1", title_fr="Plan de la commune")


def test_the_home_page_leads_with_every_members_open_phases_and_their_closing_dates(
    client, national, closed, collecting
):
    analysing = PlanFactory(
        member=MemberFactory(kind=Member.Kind.REGION, slug="region"),
        slug="region-1",
        title_fr="Plan de la région",
        phases={"collection": (days(-40), days(-11)), "analysis": (days(-10), days(5))},
    )
    consulting = PlanFactory(
        member=MemberFactory(kind=Member.Kind.PARLIAMENT, slug="parliament"),
        slug="parliament-1",
        title_fr="Plan du parlement",
        phases={"consultation": (days(-3), days(25))},
    )
    draft = PlanFactory(
        member=national, number=3, slug="nap3", title_fr="Brouillon", status=Plan.Status.DRAFT
    )

    html = open_now(client)
    # Ideas collected, supported and commented, and the consultation, each
    # with its plan's list (the ideas', the consultations') and the day it closes.
    assert 'href="/fr/plans/tetouan-1/ideas/"' in html and french(days(14)) in html
    assert 'href="/fr/plans/region-1/ideas/"' in html and french(days(5)) in html
    assert 'href="/fr/plans/parliament-1/consultations/"' in html and french(days(25)) in html
    for plan in (collecting, analysing, consulting):
        assert plan.title_fr in html and plan.member.name_fr in html
    # The soonest to close first.
    assert html.index("region-1") < html.index("tetouan-1") < html.index("parliament-1")
    # Neither a plan whose collection closed nor a draft.
    assert closed.title_fr not in html and draft.title_fr not in html

    # Nothing open: said, with the way to the timelines.
    for plan in (collecting, analysing, consulting):
        plan.phases.all().delete()
    html = open_now(client)
    assert "<li" not in html and 'href="/fr/plans/"' in html


def workshop(plan, **fields):
    starts = timezone.now() + timedelta(days=fields.pop("in_days", 10))
    return WorkshopFactory(theme=ThemeFactory(plan=plan), starts_at=starts, **fields)


def test_the_home_page_lists_the_workshops_open_for_registration(client, collecting, closed):
    now = timezone.now()
    opened = workshop(collecting, registration_closes_at=now + timedelta(days=8))
    full = workshop(collecting, in_days=5, capacity=1)
    Registration.objects.create(
        workshop=full, user=UserFactory(), name="Amina", email="amina@example.org", status="registered"
    )
    not_yet = workshop(collecting, registration_opens_at=now + timedelta(days=1))
    closed_registration = workshop(collecting, registration_closes_at=now - timedelta(hours=1))
    cancelled = workshop(collecting, cancelled_at=now)
    held = workshop(collecting, in_days=-2)
    draft_plan = workshop(PlanFactory(status=Plan.Status.DRAFT, slug="draft"))
    of_a_closed_plan = workshop(closed, in_days=3)
    proposed = workshop(collecting, published_at=None)  # an association's, not yet published

    html = open_now(client)
    for shown in (opened, full, of_a_closed_plan):
        assert f'href="/fr/workshops/{shown.pk}/"' in html
    for hidden in (not_yet, closed_registration, cancelled, held, draft_plan, proposed):
        assert f'href="/fr/workshops/{hidden.pk}/"' not in html
    # Soonest first, each with the day its registration closes (else the day it starts).
    assert html.index(f"/workshops/{of_a_closed_plan.pk}/") < html.index(f"/workshops/{full.pk}/")
    assert french(opened.registration_closes_at) in html
    assert french(full.starts_at) in html


def test_the_home_page_follows_phases_and_workshops_as_they_open_and_close(client, collecting):
    opened = workshop(collecting)
    html = open_now(client)
    assert 'href="/fr/plans/tetouan-1/ideas/"' in html and f"/workshops/{opened.pk}/" in html

    # A write: the workshop cancelled, the kept page is rebuilt at once.
    opened.cancelled_at = timezone.now()
    opened.save()
    assert f"/workshops/{opened.pk}/" not in open_now(client)

    # The date alone: past the collection's end (the analysis then open),
    # within FRAGMENT_CACHE_SECONDS.
    collection_ends, analysis_ends = french(days(14)), french(days(45))
    html = open_now(client)
    assert collection_ends in html and analysis_ends not in html
    with time_machine.travel(timezone.now() + timedelta(days=15, minutes=6), tick=False):
        html = open_now(client)
        assert collection_ends not in html and analysis_ends in html


def test_the_home_page_runs_as_many_queries_with_one_open_workshop_as_with_many(client, collecting):
    def cold() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/fr/").status_code == 200
        return len(queries)

    workshop(collecting)
    one = cold()
    other = PlanFactory(slug="other")
    for plan in (collecting, other, other):
        workshop(plan)
    assert cold() == one


def test_the_menu_and_the_typed_addresses_open_the_plan_at_that_stage_today(
    client, national, closed, collecting, settings
):
    current = PlanFactory(member=national, number=3, slug="nap3")
    # The default member's plan collecting ideas first, over the commune's.
    assert client.get("/fr/ideas/")["Location"] == "/fr/plans/nap3/ideas/"
    assert client.get("/fr/workshops/")["Location"] == "/fr/plans/nap3/workshops/"
    menu = main_menu(client.get("/fr/").content.decode())
    assert 'href="/fr/plans/nap3/ideas/"' in menu and 'href="/fr/plans/nap3/workshops/"' in menu

    # A commune running its own portal: its plan.
    settings.PORTAL_MEMBER = "tetouan"
    assert client.get("/fr/ideas/")["Location"] == "/fr/plans/tetouan-1/ideas/"
    settings.PORTAL_MEMBER = ""

    # The default member collects nothing today: another member's open plan,
    # never the national plan whose collection closed.
    current.delete()
    assert client.get("/fr/ideas/")["Location"] == "/fr/plans/tetouan-1/ideas/"
    menu = main_menu(client.get("/fr/").content.decode())
    assert 'href="/fr/plans/tetouan-1/ideas/"' in menu and "nap2/ideas" not in menu


def test_a_section_no_plan_is_at_today_opens_a_chooser(client, closed, collecting):
    # No plan drafts or follows commitments today: the chooser says so and
    # lists the plans that reached that stage (not the commune's, still collecting).
    response = client.get("/fr/commitments/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/fr/plans/nap2/commitments/"' in html
    assert "tetouan-1/commitments" not in html
    assert 'href="/fr/commitments/" aria-current="page"' in main_menu(html)
    assert 'href="/fr/commitments/"' in main_menu(client.get("/fr/").content.decode())
    # In every language, the address a visitor types.
    for language in ("ar", "en"):
        assert client.get(f"/{language}/commitments/").status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")
def test_on_a_phone_in_arabic_the_home_page_leads_with_what_is_open(live_server, page):
    plan = PlanFactory(member=MemberFactory(kind=Member.Kind.NATIONAL, slug="morocco"), slug="nap3")
    workshop(plan)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/ar/")
    items = page.locator(".open-items > li")
    assert items.count() == 2  # the collection and the workshop
    # The first of them on the first screen, under the title; nothing wider than the phone.
    first = items.first.bounding_box()
    assert first["y"] + first["height"] <= 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    items.first.locator("a").click()
    assert page.url == live_server.url + "/ar/plans/nap3/ideas/"
