"""Generations (core.generations): every public page that caches what it
shows learns of each write to that data on the next request. Each test serves
a page first (the cache is warm), writes as the admin, an import or the
portal would (a plain ORM save, delete or many-to-many change, or a POST),
and reads the page again as a visitor would see it.

Inside the test's transaction on_commit callbacks do not run: `bump()` also
renews the tokens at once, so the next request must already show the write."""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from commitments import lifecycle
from commitments.generations import COMMITMENTS
from commitments.models import Commitment, Evidence, Indicator, Measurement, Milestone
from core import generations, moderation
from core.personal_data import erase_account
from ideas import screening
from ideas.models import Comment, Idea, Support
from ideas.views import COMMENTS_PER_PAGE
from plans.models import Member, Plan, PlanDocument
from tests.bidi import visible
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    MemberFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.generations import WORKSHOPS
from workshops.models import Registration, Workshop
from workshops.tasks import erase_guest_data, send_seat_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MemberFactory(kind=Member.Kind.NATIONAL, slug="morocco")


@pytest.fixture
def plan(member):
    """The running plan: its collection phase is open today (the factory's timeline)."""
    plan = PlanFactory(member=member, number=2, slug="nap2", title_en="Second national plan")
    ThemeFactory(plan=plan, number=1, name_en="Access to information")
    return plan


@pytest.fixture
def other(member):
    """An older plan of the same member, without a timeline."""
    return PlanFactory(
        member=member,
        number=1,
        slug="nap1",
        start_year=2018,
        end_year=2020,
        title_en="First national plan",
        phases={},
    )


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def visible_page(client, path: str) -> str:
    return visible(page(client, path))


def main_menu(html: str) -> str:
    return html.split('<nav class="sections"', 1)[1].split("</nav>", 1)[0]


def signed_in(user) -> Client:
    visitor = Client()
    visitor.force_login(user)
    return visitor


# The mechanism.


def test_cached_keeps_the_value_until_one_of_its_generations_is_bumped():
    builds = {"figures": 0, "elsewhere": 0}

    def build(name):
        def count():
            builds[name] += 1
            return f"{name} #{builds[name]}"

        return count

    def figures():
        return generations.cached("test:figures", ["plans", "ideas:1"], build("figures"))

    def elsewhere():
        return generations.cached("test:elsewhere", ["workshops:1"], build("elsewhere"))

    assert figures() == "figures #1" and elsewhere() == "elsewhere #1"
    assert figures() == "figures #1" and elsewhere() == "elsewhere #1"
    assert builds == {"figures": 1, "elsewhere": 1}

    generations.bump("ideas:2")  # another plan's ideas: nothing here changes
    assert figures() == "figures #1"
    generations.bump("ideas:1")
    assert figures() == "figures #2"
    assert figures() == "figures #2"
    # The entry under other generations was not touched.
    assert elsewhere() == "elsewhere #1"
    generations.bump("workshops:1")
    assert elsewhere() == "elsewhere #2"
    assert figures() == "figures #2"
    assert builds == {"figures": 2, "elsewhere": 2}


def test_cached_in_process_follows_the_generations_too():
    builds = []

    def plans():
        return generations.cached(
            "test:kept", ["plans"], lambda: builds.append(1) or len(builds), in_process=True
        )

    assert plans() == 1
    assert plans() == 1
    generations.bump("plans")
    assert plans() == 2
    assert len(builds) == 2


def test_two_requests_missing_at_once_build_once_and_both_get_the_value():
    builds = []
    started = threading.Event()

    def slow():
        started.set()
        time.sleep(0.5)
        builds.append(1)
        return f"figures #{len(builds)}"

    def get():
        return generations.cached("test:busy", ["ideas:1"], slow)

    results = []
    first = threading.Thread(target=lambda: results.append(get()))
    first.start()
    started.wait(5)
    # A second worker misses while the first builds: it waits for that build.
    second = get()
    first.join(5)
    assert builds == [1]
    assert results == [second] == ["figures #1"]


def test_while_one_worker_rebuilds_the_others_serve_the_previous_value():
    version = {"n": 1}
    building, release = threading.Event(), threading.Event()

    def build():
        if version["n"] > 1:
            building.set()
            release.wait(5)
        return f"figures v{version['n']}"

    def get():
        return generations.cached("test:stale", ["ideas:1"], build)

    assert get() == "figures v1"
    version["n"] = 2
    generations.bump("ideas:1")
    rebuilt = []
    worker = threading.Thread(target=lambda: rebuilt.append(get()))
    worker.start()
    building.wait(5)
    # Another request meanwhile: the previous figures at once, no second build.
    assert get() == "figures v1"
    release.set()
    worker.join(5)
    assert rebuilt == ["figures v2"]
    assert get() == "figures v2"


def test_a_visitors_page_is_served_again_without_running_the_view(client, plan, django_assert_num_queries):
    idea = IdeaFactory(theme=plan.themes.get(), title="Open the budgets")
    first = page(client, f"/en/ideas/{idea.pk}/")
    with django_assert_num_queries(0):
        again = Client().get(f"/en/ideas/{idea.pk}/")
    assert again.content.decode() == first
    # Signed in, the page is built for its visitor.
    html = page(signed_in(UserFactory(display_name="Salma")), f"/en/ideas/{idea.pk}/")
    assert "Salma" in html and "Salma" not in page(client, f"/en/ideas/{idea.pk}/")


def test_an_address_with_a_word_the_page_does_not_read_is_served_but_not_kept(client, plan):
    """Its links repeat the query string: kept, it would carry one visitor's
    words to every other; and unknown words would fill the cache."""
    idea = IdeaFactory(theme=plan.themes.get(), title="Open the budgets")
    for _visitor in range(2):
        with CaptureQueriesContext(connection) as queries:
            html = page(Client(), f"/en/ideas/{idea.pk}/?utm_source=mail")
        assert queries.captured_queries and "utm_source=mail" in html
    assert "utm_source" not in page(client, f"/en/ideas/{idea.pk}/")


def test_a_page_with_a_form_is_not_kept_each_visitor_gets_their_own_token(plan):
    workshop = WorkshopFactory(theme=plan.themes.get(), starts_at=timezone.now() + timedelta(days=10))
    tokens = set()
    for _visitor in range(2):
        html = page(Client(), f"/en/workshops/{workshop.pk}/")
        assert "Or register without an account:" in html
        tokens |= set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 2


def test_a_message_for_one_visitor_is_not_kept_for_the_others(client, plan, citizen):
    page(client, "/en/")
    leaving = signed_in(citizen)
    response = leaving.post(reverse("account_logout"), follow=True)
    assert "You have signed out." in response.content.decode()
    assert "You have signed out." not in page(client, "/en/")


def test_rendered_is_cached_per_language():
    request = RequestFactory().get("/")
    contexts = []

    def context():
        contexts.append(translation.get_language())
        return {"comments": Paginator([], 10).get_page(1)}

    def render():
        return generations.rendered(request, "test:fragment", ["ideas:1"], "ideas/_comments.html", context)

    with translation.override("ar"):
        arabic = render()
        assert render() == arabic
    with translation.override("fr"):
        render()
        render()
    with translation.override("ar"):
        render()
    # Built once per language, not once per request nor once for all languages.
    assert contexts == ["ar", "fr"]
    generations.bump("ideas:1")
    with translation.override("ar"):
        render()
    assert contexts == ["ar", "fr", "ar"]


def test_the_same_cached_fragment_is_served_in_each_visitors_language(client, plan):
    WorkshopFactory(theme=plan.themes.get(), title_ar="لقاء حول الميزانية", title_fr="Atelier budget")
    for _round in ("cold", "warm"):
        arabic = page(client, "/ar/plans/nap2/workshops/")
        french = page(client, "/fr/plans/nap2/workshops/")
        assert "لقاء حول الميزانية" in arabic and "Atelier budget" not in arabic
        assert "Atelier budget" in french and "لقاء حول الميزانية" not in french


@pytest.mark.parametrize("value", ["abc", "9" * 50, "\x00", "-1", "", "1.5"])
def test_page_word_maps_anything_but_a_small_number_to_the_first_page(value):
    request = RequestFactory().get("/", {"page": value})
    assert generations.page_word(request) == "1"


def test_page_word_keeps_a_page_number_and_reads_the_parameter_named():
    request = RequestFactory().get("/", {"page": "7", "comments": "3"})
    assert generations.page_word(request) == "7"
    assert generations.page_word(request, "comments") == "3"
    assert generations.page_word(RequestFactory().get("/")) == "1"


# The plans' generation: the menu, the plans list, a plan's page, every list's plan.


def test_a_write_that_bypasses_the_signals_is_not_seen_until_bumped(client, plan):
    """What the tests below rely on: the pages are served from the cache."""
    page(client, "/en/plans/nap2/")
    Plan.objects.filter(pk=plan.pk).update(title_en="Renamed behind the cache's back")
    assert "Renamed behind" not in page(client, "/en/plans/nap2/")
    generations.bump("plans")
    assert "Renamed behind" in page(client, "/en/plans/nap2/")


def test_a_renamed_plan_shows_on_the_next_request(client, plan, other):
    paths = ["/en/plans/", "/en/plans/nap2/", "/en/plans/nap2/ideas/", "/en/plans/nap1/workshops/"]
    for path in paths:
        assert "Second national plan" in page(client, path)

    plan.title_en = "Open budgets plan"
    plan.save()

    for path in paths:
        html = page(client, path)
        assert "Open budgets plan" in html, path
        assert "Second national plan" not in html, path


def test_moved_phases_change_the_current_phase_on_the_next_request(client, plan):
    collecting = "Current phase: <strong>Collection of ideas</strong>"
    assert collecting in page(client, "/en/plans/nap2/")
    assert collecting in page(client, "/en/plans/")
    assert "Propose an idea" in page(client, "/en/plans/nap2/ideas/")

    today = timezone.localdate()
    collection, analysis = plan.phases.get(kind="collection"), plan.phases.get(kind="analysis")
    collection.end = today - timedelta(days=1)
    collection.save()
    analysis.start = today
    analysis.save()

    analysing = "Current phase: <strong>Analysis of ideas</strong>"
    html = page(client, "/en/plans/nap2/")
    assert analysing in html and collecting not in html
    assert "The collection of ideas closed on" in html
    html = page(client, "/en/plans/")
    assert analysing in html and collecting not in html
    # The list no longer invites ideas.
    assert "Propose an idea" not in page(client, "/en/plans/nap2/ideas/")


def test_the_main_menu_follows_the_current_plan_when_phases_change(client, member):
    today = timezone.localdate()
    PlanFactory(member=member, number=1, slug="nap1", start_year=2022, end_year=2024)  # runs today
    newer = PlanFactory(
        member=member,
        number=2,
        slug="nap2",
        phases={"collection": (today + timedelta(days=30), today + timedelta(days=60))},
    )
    older_ideas, newer_ideas = 'href="/en/plans/nap1/ideas/"', 'href="/en/plans/nap2/ideas/"'
    # The older plan runs today: the menu opens it.
    for path in ("/en/", "/en/plans/"):
        assert older_ideas in main_menu(page(client, path))

    collection = newer.phases.get(kind="collection")
    collection.start = today
    collection.save()

    for path in ("/en/", "/en/plans/", "/en/plans/nap1/"):
        menu = main_menu(page(client, path))
        assert newer_ideas in menu and older_ideas not in menu, path

    # Its collection moved back to next month: the menu returns to the older plan.
    collection.start = today + timedelta(days=30)
    collection.save()
    assert older_ideas in main_menu(page(client, "/en/plans/nap2/"))


def test_a_renamed_theme_shows_on_the_plan_page_the_idea_filters_and_the_idea_page(client, plan):
    theme = plan.themes.get()
    idea = IdeaFactory(theme=theme)
    assert ">Access to information</a>" in visible_page(client, "/en/plans/nap2/")
    assert f'<option value="{theme.pk}">1. Access to information</option>' in visible_page(
        client, "/en/plans/nap2/ideas/"
    )
    assert "1. Access to information" in visible_page(client, f"/en/ideas/{idea.pk}/")

    theme.name_en = "Open budgets"
    theme.save()

    html = visible_page(client, "/en/plans/nap2/")
    assert ">Open budgets</a>" in html and "Access to information" not in html
    html = visible_page(client, "/en/plans/nap2/ideas/")
    assert f'<option value="{theme.pk}">1. Open budgets</option>' in html
    assert "Access to information" not in html
    html = visible_page(client, f"/en/ideas/{idea.pk}/")
    assert "1. Open budgets" in html and "Access to information" not in html


def test_a_new_theme_is_a_new_choice_of_the_idea_filters(client, plan):
    page(client, "/en/plans/nap2/ideas/")
    added = ThemeFactory(plan=plan, number=2, name_en="Public procurement")
    assert f'<option value="{added.pk}">2. Public procurement</option>' in page(
        client, "/en/plans/nap2/ideas/"
    )


def test_a_new_plan_document_shows_on_the_plan_page(client, plan):
    assert "No document has been published yet." in page(client, "/en/plans/nap2/")

    PlanDocument.objects.create(
        plan=plan,
        title="Minutes of the multi-stakeholder forum",
        kind=PlanDocument.Kind.MINUTES,
        date=timezone.localdate(),
        language="fr",
        url="https://example.org/minutes.pdf",
    )

    html = visible(page(client, "/en/plans/nap2/"))
    assert 'href="https://example.org/minutes.pdf">Minutes of the multi-stakeholder forum</a>' in html
    assert "No document has been published yet." not in html


def test_a_plan_made_draft_disappears_from_every_page_on_the_next_request(client, plan, other):
    idea = IdeaFactory(theme=plan.themes.get())
    own_pages = [
        "/en/plans/nap2/",
        "/en/plans/nap2/ideas/",
        "/en/plans/nap2/workshops/",
        "/en/plans/nap2/commitments/",
        "/en/plans/nap2/statistics/",
        f"/en/ideas/{idea.pk}/",
        "/open-data/plans/nap2/statistics.json",
    ]
    for path in own_pages:
        page(client, path)
    assert "Second national plan" in page(client, "/en/plans/")
    assert 'href="/en/plans/nap2/workshops/"' in page(client, "/en/plans/nap1/workshops/")
    assert 'href="/en/plans/nap2/ideas/"' in main_menu(page(client, "/en/"))

    plan.status = Plan.Status.DRAFT
    plan.save()

    for path in own_pages:
        page(client, path, status=404)
    assert "Second national plan" not in page(client, "/en/plans/")
    # Gone from the other plans of the lists and from the menu.
    html = page(client, "/en/plans/nap1/workshops/")
    assert "Second national plan" not in html and 'href="/en/plans/nap2/' not in html
    # No other plan collects ideas: the menu opens the chooser.
    menu = main_menu(page(client, "/en/"))
    assert 'href="/en/plans/nap2/' not in menu and 'href="/en/ideas/"' in menu


def test_a_plan_made_public_appears_on_the_next_request(client, plan):
    draft = PlanFactory(
        member=plan.member, number=3, slug="nap3", status=Plan.Status.DRAFT, title_en="Third plan"
    )
    page(client, "/en/plans/nap3/", status=404)
    assert "Third plan" not in page(client, "/en/plans/")

    draft.status = Plan.Status.COCREATION
    draft.save()

    assert "Third plan" in page(client, "/en/plans/nap3/")
    assert "Third plan" in page(client, "/en/plans/")
    assert 'href="/en/plans/nap3/ideas/"' in page(client, "/en/plans/nap2/ideas/")


# Workshops.


def test_an_edited_or_deleted_workshop_shows_on_the_next_request(client, plan):
    theme = plan.themes.get()
    kept = WorkshopFactory(theme=theme, title_en="Budget forum in Tangier", attended_count=12)
    gone = WorkshopFactory(theme=theme, title_en="Youth forum in Oujda")
    html = page(client, "/en/plans/nap2/workshops/")
    assert "Budget forum in Tangier" in html and "Youth forum in Oujda" in html
    assert "<bdi>12</bdi>" in html

    kept.title_en = "Budget forum in Tetouan"
    kept.attended_count = 87
    kept.save()
    html = page(client, "/en/plans/nap2/workshops/")
    assert "Budget forum in Tetouan" in html and "Tangier" not in html
    assert "<bdi>87</bdi>" in html and "<bdi>12</bdi>" not in html

    gone.delete()
    html = page(client, "/en/plans/nap2/workshops/")
    assert "Youth forum in Oujda" not in html and "Budget forum in Tetouan" in html


def test_a_new_workshop_and_its_institutions_show_on_the_next_request(client, plan):
    # Made beforehand: a new association or institution bumps the plans' generation.
    finance = InstitutionFactory(member=plan.member, name_en="Ministry of Finance")
    organiser = AssociationFactory()
    assert "No workshop has been announced" in page(client, "/en/plans/nap2/workshops/")
    workshop = WorkshopFactory(theme=plan.themes.get(), organiser=organiser, title_en="Forum in Fes")
    assert "Forum in Fes" in page(client, "/en/plans/nap2/workshops/")
    workshop.institutions.add(finance)  # a many-to-many change only
    assert "Ministry of Finance" in page(client, "/en/plans/nap2/workshops/")


def test_a_workshop_write_that_bypasses_the_signals_is_not_seen_until_bumped(client, plan):
    workshop = WorkshopFactory(theme=plan.themes.get(), title_en="Forum in Agadir")
    page(client, "/en/plans/nap2/workshops/")
    Workshop.objects.filter(pk=workshop.pk).update(title_en="Forum in Safi")
    assert "Forum in Agadir" in page(client, "/en/plans/nap2/workshops/")
    WORKSHOPS.bump([plan.pk])
    assert "Forum in Safi" in page(client, "/en/plans/nap2/workshops/")


def test_the_workshop_writes_that_bypass_the_signals_bump_the_plans_workshops(plan, other, settings):
    def token() -> str:
        return generations.current(WORKSHOPS.name(plan.pk))

    theme = plan.themes.get()
    tomorrow = WorkshopFactory(theme=theme, starts_at=timezone.now() + timedelta(hours=30))
    Registration.objects.create(workshop=tomorrow, user=UserFactory(), status=Registration.Status.REGISTERED)
    held = WorkshopFactory(
        theme=theme, starts_at=timezone.now() - timedelta(days=settings.WORKSHOP_GUEST_DATA_DAYS + 2)
    )
    Registration.objects.create(workshop=held, email="guest@example.org", name="Guest")
    person = UserFactory()
    Registration.objects.create(workshop=tomorrow, user=person, status=Registration.Status.WAITING)
    untouched = generations.current(WORKSHOPS.name(other.pk))

    before = token()
    assert send_seat_reminders() == 1  # the seat's reminder is claimed by an update
    assert token() != before
    before = token()
    assert erase_guest_data() == 1
    assert token() != before
    before = token()
    erase_account(person)
    assert token() != before
    assert generations.current(WORKSHOPS.name(other.pk)) == untouched  # another plan's pages stay


@pytest.fixture
def workshops(plan):
    """25 upcoming workshops, one a day: "Workshop 00" to "Workshop 24", in
    list order (upcoming ones come soonest first)."""
    first = timezone.now() + timedelta(days=1)
    theme = plan.themes.get()
    return [
        WorkshopFactory(theme=theme, title_en=f"Workshop {i:02}", starts_at=first + timedelta(days=i))
        for i in range(25)
    ]


def titles(html: str) -> list[str]:
    # Each workshop's title, a link to its page, heads its card.
    text = re.sub(r"<h2><a [^>]*>", "<h2>", visible(html)).replace("</a></h2>", "</h2>")
    return [chunk.split("</h2>", 1)[0] for chunk in text.split("<h2>Workshop ")[1:]]


def test_the_workshops_list_shows_twenty_a_page(client, workshops):
    numbers = [f"{i:02}" for i in range(25)]
    first = page(client, "/en/plans/nap2/workshops/")
    assert titles(first) == numbers[:20]
    assert "Page <bdi>1</bdi> of <bdi>2</bdi>" in first
    assert titles(page(client, "/en/plans/nap2/workshops/?page=2")) == numbers[20:]
    assert titles(page(client, "/en/plans/nap2/workshops/?page=1")) == numbers[:20]


def test_a_deleted_workshop_moves_the_next_one_up_a_page(client, workshops):
    page(client, "/en/plans/nap2/workshops/")
    page(client, "/en/plans/nap2/workshops/?page=2")
    workshops[0].delete()
    assert titles(page(client, "/en/plans/nap2/workshops/"))[-1] == "20"
    assert titles(page(client, "/en/plans/nap2/workshops/?page=2")) == ["21", "22", "23", "24"]


@pytest.mark.parametrize("hostile", ["abc", "\x00", "1.5"])
def test_a_hostile_page_number_shows_the_first_page(client, workshops, hostile):
    first_page = [f"{i:02}" for i in range(20)]
    # The hostile request first, on a cold cache: what it caches is page 1.
    assert titles(page(client, f"/en/plans/nap2/workshops/?page={hostile}")) == first_page
    assert titles(page(client, "/en/plans/nap2/workshops/")) == first_page
    assert titles(page(client, "/en/plans/nap2/workshops/?page=2")) == [f"{i:02}" for i in range(20, 25)]


@pytest.mark.parametrize("hostile", ["9" * 50, "-1"])
def test_a_hostile_page_number_on_a_cold_cache_does_not_poison_the_first_page(client, workshops, hostile):
    first_page = [f"{i:02}" for i in range(20)]
    shown = titles(page(client, f"/en/plans/nap2/workshops/?page={hostile}"))
    assert titles(page(client, "/en/plans/nap2/workshops/")) == first_page
    assert shown == first_page


@pytest.mark.parametrize("hostile", ["9" * 50, "-1"])
def test_a_hostile_page_number_on_a_cold_cache_does_not_poison_the_first_page_of_ideas(
    client, plan, settings, hostile
):
    settings.IDEAS_PER_PAGE = 2
    for title in ("Oldest idea", "Middle idea", "Newest idea"):
        IdeaFactory(theme=plan.themes.get(), title=title)
    shown = page(client, f"/en/plans/nap2/ideas/?page={hostile}")
    html = page(client, "/en/plans/nap2/ideas/")
    assert "Newest idea" in html and "Oldest idea" not in html
    assert "Newest idea" in shown


@pytest.mark.parametrize("hostile", ["9" * 50, "-1"])
def test_a_hostile_page_number_on_a_cold_cache_does_not_poison_the_first_page_of_comments(
    client, plan, hostile
):
    idea = IdeaFactory(theme=plan.themes.get())
    author = UserFactory()
    Comment.objects.bulk_create(
        Comment(idea=idea, author=author, body=f"Opinion {i:02}") for i in range(COMMENTS_PER_PAGE + 1)
    )
    page(client, f"/en/ideas/{idea.pk}/?comments={hostile}")
    html = page(client, f"/en/ideas/{idea.pk}/")
    assert "Opinion 00" in html and f"Opinion {COMMENTS_PER_PAGE}" not in html


# Commitments.


def test_a_new_or_renamed_commitment_shows_on_the_next_request(client, plan):
    theme = plan.themes.get()
    # Made beforehand: a new institution bumps the plans' generation.
    lead = InstitutionFactory(member=plan.member)
    first = CommitmentFactory(theme=theme, number=1, title_en="Publish budgets", lead_institution=lead)
    assert "Publish budgets" in page(client, "/en/plans/nap2/commitments/")

    CommitmentFactory(theme=theme, number=2, title_en="Open contracting", lead_institution=lead)
    assert "Open contracting" in page(client, "/en/plans/nap2/commitments/")

    first.title_en = "Publish citizen budgets"
    first.status = Commitment.Status.ADOPTED
    first.save()
    html = page(client, "/en/plans/nap2/commitments/")
    assert "Publish citizen budgets" in html and "Publish budgets" not in html
    assert "status-commitment-adopted" in html

    first.delete()
    html = page(client, "/en/plans/nap2/commitments/")
    assert "Publish citizen budgets" not in html and "Open contracting" in html


def test_linking_ideas_from_either_side_updates_the_count_of_ideas_integrated(client, plan):
    commitment = CommitmentFactory(theme=plan.themes.get())
    ideas = IdeaFactory.create_batch(2, theme=plan.themes.get())
    url = "/en/plans/nap2/commitments/"
    assert "<bdi>0</bdi> ideas integrated" in page(client, url)

    ideas[0].commitments.add(commitment)
    assert "<bdi>1</bdi> idea integrated" in page(client, url)
    commitment.ideas.add(ideas[1])  # from the other side
    assert "<bdi>2</bdi> ideas integrated" in page(client, url)
    commitment.ideas.remove(ideas[0])
    assert "<bdi>1</bdi> idea integrated" in page(client, url)
    ideas[1].commitments.remove(commitment)
    assert "<bdi>0</bdi> ideas integrated" in page(client, url)
    commitment.ideas.set(ideas)
    assert "<bdi>2</bdi> ideas integrated" in page(client, url)
    ideas[0].commitments.clear()
    assert "<bdi>1</bdi> idea integrated" in page(client, url)


def test_integrating_an_idea_through_screening_updates_the_count(client, plan, staff):
    commitment = CommitmentFactory(theme=plan.themes.get())
    idea = IdeaFactory(theme=plan.themes.get(), status=Idea.Status.SENT)
    assert "<bdi>0</bdi> ideas integrated" in page(client, "/en/plans/nap2/commitments/")
    screening.integrate(idea, by=staff, commitments=[commitment])
    assert "<bdi>1</bdi> idea integrated" in page(client, "/en/plans/nap2/commitments/")


def test_clearing_a_commitments_ideas_from_its_side_updates_the_count(client, plan):
    commitment = CommitmentFactory(theme=plan.themes.get())
    commitment.ideas.add(*IdeaFactory.create_batch(2, theme=plan.themes.get()))
    assert "<bdi>2</bdi> ideas integrated" in page(client, "/en/plans/nap2/commitments/")
    commitment.ideas.clear()
    assert "<bdi>0</bdi> ideas integrated" in page(client, "/en/plans/nap2/commitments/")


@pytest.fixture
def reported(plan):
    """A commitment under way, its first milestone at 0 %, and the focal
    point who reports on it."""
    card = CommitmentFactory(
        theme=plan.themes.get(), number=1, status=Commitment.Status.IN_IMPLEMENTATION, title_en="Open budgets"
    )
    milestone = Milestone.objects.create(commitment=card, position=1, description_en="Publish the budget")
    Indicator.objects.create(commitment=card, position=1, name_en="Datasets", unit="datasets")
    return card, milestone, UserFactory()


def submit(milestone, focal, completion: int):
    return lifecycle.submit_update(
        milestone,
        by=focal,
        status=Milestone.Status.IN_PROGRESS,
        completion=completion,
        text="Done",
        measurements=[
            Measurement(indicator=milestone.commitment.indicators.get(), measured_on="2022-06-01", value=7)
        ],
        evidence=[Evidence(title="Report", url="https://data.example.ma/report")],
    )


def test_a_progress_update_changes_the_public_pages_only_once_validated(client, plan, reported, staff):
    card, milestone, focal = reported
    url = f"/en/commitments/{card.pk}/"
    assert "<bdi>0 %</bdi> complete" in page(client, url)
    token = generations.current(COMMITMENTS.name(plan.pk))

    # Waiting for validation, with its measurement and evidence: nothing
    # public changed, so the plan's cached pages stay.
    update = submit(milestone, focal, 60)
    assert generations.current(COMMITMENTS.name(plan.pk)) == token
    # Returned: nothing public changes either.
    lifecycle.return_update(submit(milestone, focal, 90), by=staff, reason="Unclear.")
    assert generations.current(COMMITMENTS.name(plan.pk)) == token
    assert "<bdi>0 %</bdi> complete" in page(client, url)

    lifecycle.validate(update, by=staff)
    assert generations.current(COMMITMENTS.name(plan.pk)) != token
    html = page(client, url)
    assert "<bdi>60 %</bdi> complete" in html and "<bdi>0 %</bdi> complete" not in html
    assert "https://data.example.ma/report" in html  # its evidence is public now


# An idea's page: its text and outcome, its comments, its supports.


@pytest.fixture
def idea(plan, citizen):
    return IdeaFactory(
        theme=plan.themes.get(),
        author=citizen,
        title="Open the municipal budgets",
        solution="Publish the budgets as open data",
    )


def idea_page(client, idea, status: int = 200) -> str:
    return page(client, f"/en/ideas/{idea.pk}/", status)


def test_a_comment_sent_through_the_portal_shows_on_the_next_request(client, idea, french_citizen):
    assert "No comment yet." in idea_page(client, idea)
    response = signed_in(french_citizen).post(
        reverse("ideas:comment", args=[idea.pk]), {"body": "And the communes' budgets too"}
    )
    assert response.status_code == 302
    html = idea_page(client, idea)
    assert "And the communes&#x27; budgets too" in html and "Julien" in html
    assert "No comment yet." not in html


def test_a_comment_written_in_the_orm_shows_on_the_next_request(client, idea):
    idea_page(client, idea)
    Comment.objects.create(idea=idea, author=UserFactory(display_name="Omar"), body="Imported from the forum")
    html = idea_page(client, idea)
    assert "Imported from the forum" in html and "Omar" in html


def test_a_deleted_comment_disappears_on_the_next_request(client, idea, french_citizen):
    comment = Comment.objects.create(idea=idea, author=french_citizen, body="Posted twice by mistake")
    assert "Posted twice by mistake" in idea_page(client, idea)
    comment.delete()
    assert "Posted twice by mistake" not in idea_page(client, idea)


def test_a_hidden_comment_disappears_for_the_public_and_stays_with_its_author(
    client, idea, french_citizen, staff
):
    comment = Comment.objects.create(idea=idea, author=french_citizen, body="A rude remark")
    bystander = signed_in(UserFactory())
    assert "A rude remark" in idea_page(client, idea)
    assert "A rude remark" in idea_page(bystander, idea)

    moderation.hide(comment, by=staff, reason="Insults another participant")

    # Its author first: what they see (uncached) must not reach anyone else.
    author = signed_in(french_citizen)
    html = idea_page(author, idea)
    assert "A rude remark" in html
    assert "Hidden by moderation. Reason:" in html and "Insults another participant" in html
    for visitor in (client, bystander):
        html = idea_page(visitor, idea)
        assert "A rude remark" not in html and "Insults another participant" not in html
        assert "No comment yet." in html
    assert "A rude remark" in idea_page(author, idea)

    moderation.show(comment, by=staff)
    html = idea_page(client, idea)
    assert "A rude remark" in html and "Hidden by moderation" not in html


def supports(html: str) -> int:
    """The count the idea page's support section shows."""
    section = html.split('<section id="support"', 1)[1]
    return int(section.split("<bdi>", 1)[1].split("</bdi>", 1)[0])


def test_a_support_changes_the_count_on_the_next_request(client, idea, french_citizen):
    assert supports(idea_page(client, idea)) == 0
    supporter = signed_in(french_citizen)
    assert supporter.post(reverse("ideas:support", args=[idea.pk])).status_code == 302
    assert supports(idea_page(client, idea)) == 1
    Support.objects.create(idea=idea, user=UserFactory())
    assert supports(idea_page(client, idea)) == 2
    assert supporter.post(reverse("ideas:support", args=[idea.pk]), {"action": "remove"}).status_code == 302
    assert supports(idea_page(client, idea)) == 1


def test_an_idea_edited_in_the_orm_shows_on_the_next_request(client, idea):
    assert "Publish the budgets as open data" in idea_page(client, idea)
    idea.solution = "Publish every budget line, every quarter"
    idea.save()
    html = idea_page(client, idea)
    assert "Publish every budget line, every quarter" in html
    assert "Publish the budgets as open data" not in html


def test_a_screening_decision_shows_in_the_outcome_on_the_next_request(client, idea, staff):
    assert "status-accepted" not in idea_page(client, idea)
    screening.accept(idea, by=staff)
    assert "status-accepted" in idea_page(client, idea)


def test_a_hidden_idea_is_404_for_the_public_and_visible_to_its_author(client, idea, citizen, staff):
    bystander = signed_in(UserFactory())
    idea_page(client, idea)
    idea_page(bystander, idea)
    assert "Open the municipal budgets" in page(client, "/en/plans/nap2/ideas/")

    moderation.hide(idea, by=staff, reason="Personal data in the text")

    author = signed_in(citizen)
    html = idea_page(author, idea)
    assert "Personal data in the text" in html and "Publish the budgets as open data" in html
    idea_page(client, idea, status=404)
    idea_page(bystander, idea, status=404)
    assert "Open the municipal budgets" not in page(client, "/en/plans/nap2/ideas/")

    moderation.show(idea, by=staff)
    html = idea_page(client, idea)
    assert "Publish the budgets as open data" in html and "Personal data in the text" not in html


def test_a_renamed_commitment_shows_on_the_page_of_an_idea_it_integrated(client, idea, staff):
    commitment = CommitmentFactory(theme=idea.theme, title_en="Publish budgets")
    screening.accept(idea, by=staff)
    screening.send_to(idea, by=staff, institutions=[commitment.lead_institution])
    screening.integrate(idea, by=staff, commitments=[commitment])
    assert "Publish budgets" in idea_page(client, idea)
    commitment.title_en = "Publish citizen budgets"
    commitment.save()
    assert "Publish citizen budgets" in idea_page(client, idea)


def test_a_renamed_workshop_shows_on_the_page_of_an_idea_it_collected(client, plan):
    workshop = WorkshopFactory(theme=plan.themes.get(), title_en="Forum in Tangier")
    idea = IdeaFactory(theme=plan.themes.get(), source=Idea.Source.WORKSHOP, workshop=workshop, author=None)
    assert "Forum in Tangier" in idea_page(client, idea)
    workshop.title_en = "Forum in Tetouan"
    workshop.save()
    assert "Forum in Tetouan" in idea_page(client, idea)


def test_a_commenters_new_display_name_shows_on_the_idea_page(client, idea, french_citizen):
    Comment.objects.create(idea=idea, author=french_citizen, body="Good idea")
    assert "Julien" in idea_page(client, idea)
    french_citizen.display_name = "Julien B."
    french_citizen.save()
    assert "Julien B." in idea_page(client, idea)


# Statistics: the page and its JSON.


def statistics(client) -> dict:
    return client.get("/open-data/plans/nap2/statistics.json").json()


def test_a_new_idea_shows_in_the_statistics_on_the_next_request(client, plan):
    assert statistics(client)["ideas"]["total"] == 0
    assert '<span class="number">0</span>' in page(client, "/en/plans/nap2/statistics/")

    IdeaFactory(theme=plan.themes.get())

    assert statistics(client)["ideas"]["total"] == 1
    html = page(client, "/en/plans/nap2/statistics/")
    ideas_figure = html.split("Ideas collected</dt>", 1)[1].split("</dd>", 1)[0]
    assert '<span class="number">1</span>' in ideas_figure


def test_a_workshops_attendance_shows_in_the_statistics_on_the_next_request(client, plan):
    workshop = WorkshopFactory(theme=plan.themes.get(), attended_count=40)
    assert statistics(client)["participants"]["workshops"] == 40
    assert "<bdi>40</bdi> in workshops" in page(client, "/en/plans/nap2/statistics/")

    workshop.attended_count = 65
    workshop.save()

    assert statistics(client)["participants"] == {"online": 0, "proposers": 0, "workshops": 65, "total": 65}
    html = page(client, "/en/plans/nap2/statistics/")
    assert "<bdi>65</bdi> in workshops" in html and "<bdi>40</bdi>" not in html


def test_a_renamed_theme_shows_in_the_statistics_on_the_next_request(client, plan):
    assert statistics(client)["by_theme"][0]["name_en"] == "Access to information"
    assert '<th scope="row">Access to information</th>' in visible_page(client, "/en/plans/nap2/statistics/")

    theme = plan.themes.get()
    theme.name_en = "Open budgets"
    theme.save()

    assert statistics(client)["by_theme"][0]["name_en"] == "Open budgets"
    html = visible_page(client, "/en/plans/nap2/statistics/")
    assert '<th scope="row">Open budgets</th>' in html and "Access to information" not in html


def test_a_new_commitment_shows_in_the_statistics_on_the_next_request(client, plan):
    lead = InstitutionFactory(member=plan.member)
    assert statistics(client)["proposed_commitments"] == 0
    CommitmentFactory(theme=plan.themes.get(), lead_institution=lead)
    assert statistics(client)["proposed_commitments"] == 1
