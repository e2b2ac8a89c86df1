"""The public pages of commitments: the plan's list with its filters, the
commitment page (card, milestones, indicators drawn and tabulated, history,
civil society's assessment) and the plan's dashboard; every figure from the
validated data only."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments import lifecycle
from commitments.models import Assessment, Evidence, Indicator, Measurement, Milestone
from tests.bidi import visible
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
S = Milestone.Status


def milestone(card, completion, status=S.IN_PROGRESS, weight=None, ends_on=None, **fields):
    return Milestone.objects.create(
        commitment=card,
        description_ar=fields.pop("description_ar", f"مرحلة {completion}"),
        completion=completion,
        status=status,
        weight=weight,
        ends_on=ends_on,
        **fields,
    )


def at(url: str, language: str = "en") -> str:
    """The page's address in this language (the prefix decides it)."""
    return re.sub(r"^/(ar|fr|en)/", f"/{language}/", url)


def get(client, url, language="en"):
    response = client.get(at(url, language))
    assert response.status_code == 200
    return visible(response.content.decode())


@pytest.fixture
def plan():
    return PlanFactory()


def test_the_list_shows_each_commitments_weighted_completion_and_level(client, plan):
    theme = ThemeFactory(plan=plan)
    weighted = CommitmentFactory(theme=theme, title_en="Budget ouvert")
    milestone(weighted, 100, S.DONE, weight=3)
    milestone(weighted, 0, weight=1)
    milestone(weighted, 10, S.CANCELLED)  # left out
    CommitmentFactory(theme=theme, title_en="Registre des lobbies")
    html = get(client, reverse("commitments:index", args=[plan.slug]))
    assert re.search(r'<progress max="100" value="75">', html)
    assert "75 % complete" in html and "level: substantial" in html
    assert "no milestone yet" in html and "level: not started" in html


def test_a_draft_card_is_absent_from_the_list_the_dashboard_and_its_page(client, plan):
    theme = ThemeFactory(plan=plan)
    draft = CommitmentFactory(theme=theme, status="draft", title_en="Brouillon secret")
    CommitmentFactory(theme=theme, title_en="Engagement public")
    for name in ("commitments:index", "commitments:dashboard"):
        html = get(client, reverse(name, args=[plan.slug]))
        assert "Engagement public" in html and "Brouillon secret" not in html
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_list_filters_by_theme_institution_status_and_level(client, plan):
    one, two = ThemeFactory(plan=plan), ThemeFactory(plan=plan)
    ministry = InstitutionFactory(member=plan.member)
    a = CommitmentFactory(theme=one, title_en="Alpha", lead_institution=ministry, status="adopted")
    b = CommitmentFactory(theme=two, title_en="Bravo", status="in_implementation")
    b.involved_institutions.add(ministry)
    c = CommitmentFactory(theme=two, title_en="Charlie", status="in_implementation")
    milestone(a, 100, S.DONE)
    milestone(b, 30)
    milestone(b, 100, S.DONE, weight=3)  # (30 + 300) / 4 = 82: substantial
    milestone(c, 20)
    url = at(reverse("commitments:index", args=[plan.slug]))

    def titles(query):
        return sorted(x.title_en for x in client.get(f"{url}?{query}").context["commitments"])

    assert titles(f"theme={two.pk}") == ["Bravo", "Charlie"]
    assert titles(f"institution={ministry.pk}") == ["Alpha", "Bravo"]  # lead or involved
    assert titles("status=in_implementation") == ["Bravo", "Charlie"]
    assert titles("level=complete") == ["Alpha"]
    assert titles("level=substantial") == ["Bravo"]
    assert titles("level=limited") == ["Charlie"]
    assert titles("level=not_started") == []
    assert titles(f"theme={two.pk}&level=limited") == ["Charlie"]
    # The filters are kept in the form.
    html = client.get(f"{url}?level=limited").content.decode()
    assert '<option value="limited" selected>' in html


@pytest.mark.parametrize(
    "query",
    [
        "theme=1%00",
        "theme=99999999999999999999999",
        "institution=%E2%80%AE12",
        "status=draft",
        "level=%00",
        "level=" + "x" * 5000,
        "page=99999999999999",
    ],
)
def test_hostile_filter_values_are_left_out_with_a_message(client, plan, query):
    CommitmentFactory(theme=ThemeFactory(plan=plan), title_en="Engagement public")
    response = client.get(at(reverse("commitments:index", args=[plan.slug])) + "?" + query)
    assert response.status_code == 200
    html = visible(response.content.decode())
    assert "Engagement public" in html  # the bad value filters nothing out
    if not query.startswith("page"):
        assert "could not be read and were left out" in html


def test_a_drafts_status_is_no_filter(client, plan):
    theme = ThemeFactory(plan=plan)
    CommitmentFactory(theme=theme, status="draft", title_en="Brouillon secret")
    html = get(client, reverse("commitments:index", args=[plan.slug]) + "?status=draft")
    assert "Brouillon secret" not in html and "left out" in html


def test_another_plans_theme_is_left_out(client, plan):
    CommitmentFactory(theme=ThemeFactory(plan=plan), title_en="Engagement public")
    elsewhere = ThemeFactory()
    html = get(client, reverse("commitments:index", args=[plan.slug]) + f"?theme={elsewhere.pk}")
    assert "Engagement public" in html and "left out" in html


@pytest.fixture
def card(plan):
    partner = AssociationFactory(name_en="Transparency Maroc")
    card = CommitmentFactory(
        theme=ThemeFactory(plan=plan),
        status="in_implementation",
        title_en="Données ouvertes",
        problem_en="Les données publiques sont dispersées.",
        access_to_information=True,
        contact_name="Cellule open data",
        contact_email="opendata@example.ma",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
        irm_potential="substantial",
        irm_verifiable=True,
        other_partners="Chambre de commerce",
    )
    card.partner_associations.add(partner)
    return card


def test_the_page_shows_the_card_the_irm_ratings_and_milestones_with_evidence(client, card):
    late = milestone(
        card, 40, ends_on=timezone.localdate() - timedelta(days=3), description_en="Publier le catalogue"
    )
    milestone(card, 100, S.DONE, ends_on=timezone.localdate() - timedelta(days=3), description_en="Voter")
    Evidence.objects.create(milestone=late, title="Le catalogue", url="https://data.example.ma/catalogue")
    html = get(client, card.get_absolute_url())
    for text in (
        "Les données publiques sont dispersées.",
        "access to information",
        "Cellule open data",
        "opendata@example.ma",
        "Transparency Maroc",
        "Chambre de commerce",
        "Publier le catalogue",
        "https://data.example.ma/catalogue",
        "70 % complete",  # (40 + 100) / 2
        "level: substantial",
    ):
        assert text in html, text
    # The IRM's ratings, read-only.
    irm = html.split("Independent Reporting Mechanism")[1]
    assert "substantial" in irm.split("History")[0]
    assert html.count("overdue</strong>") == 1  # the milestone done on time is not


def test_a_returned_update_changes_nothing_on_the_page_a_validated_one_does(client, card):
    step = milestone(card, 0, S.NOT_STARTED)
    indicator = Indicator.objects.create(
        commitment=card, name_en="Jeux publiés", baseline_value=0, target_value=40
    )
    focal, secretariat = UserFactory(), UserFactory(is_staff=True, is_superuser=True)

    def report(value, link):
        return lifecycle.submit_update(
            step,
            by=focal,
            status=S.IN_PROGRESS,
            completion=60,
            text="fait",
            measurements=[Measurement(indicator=indicator, measured_on=timezone.localdate(), value=value)],
            evidence=[Evidence(title="Preuve", url=link)],
        )

    lifecycle.return_update(report(Decimal(17), "https://returned.example/"), by=secretariat, reason="Non")
    html = get(client, card.get_absolute_url())
    assert "0 % complete" in html and "returned.example" not in html and ">17.00<" not in html
    dashboard = get(client, reverse("commitments:dashboard", args=[card.plan.slug]))
    assert "none yet" in dashboard

    lifecycle.validate(report(Decimal(24), "https://validated.example/"), by=secretariat)
    html = get(client, card.get_absolute_url())
    assert "60 % complete" in html and "validated.example" in html and ">24.00<" in html
    assert "returned.example" not in html
    # The history tells who (by role, never by name) and what changed.
    history = html.split('id="history-title"')[1]
    assert "the secretariat" in history
    assert "not started" in history and "in progress" in history
    assert secretariat.display_name not in history
    dashboard = get(client, reverse("commitments:dashboard", args=[card.plan.slug]))
    assert "none yet" not in dashboard and "60 %" in dashboard


def test_each_indicator_is_drawn_and_tabulated_mirrored_in_arabic(client, card):
    indicator = Indicator.objects.create(
        commitment=card,
        name_en="Jeux publiés",
        baseline_value=5,
        baseline_on=date(2026, 1, 1),
        target_value=40,
        target_on=date(2027, 12, 31),
    )
    Measurement.objects.create(
        indicator=indicator, measured_on=date(2026, 6, 1), value=12, source="data.gov.ma"
    )
    Measurement.objects.create(indicator=indicator, measured_on=date(2027, 1, 1), value=25)
    for language in ("en", "ar"):
        html = client.get(at(card.get_absolute_url(), language)).content.decode()
        svg = re.search(r"<svg class=\"indicator-chart\".*?</svg>", html, re.S).group(0)
        assert 'class="target"' in svg and 'class="baseline"' in svg
        points = re.search(r'points="([^"]+)"', svg).group(1).split()
        xs = [float(p.split(",")[0]) for p in points]
        ys = [float(p.split(",")[1]) for p in points]
        assert len(xs) == 2 and ys[1] < ys[0]  # 25 drawn above 12
        # Time runs in the reading direction: leftwards in Arabic.
        assert (xs[1] > xs[0]) == (language == "en")
        table = re.search(r'<table class="data indicator-values">.*?</table>', html, re.S).group(0)
        values = visible(table).replace(",00", ".00")  # the Arabic decimal comma
        assert all(v in values for v in ("5.00", "12.00", "25.00", "40.00", "data.gov.ma"))


def test_civil_societys_assessment_beside_the_official_completion(client, card):
    milestone(card, 100, S.DONE)
    association = AssociationFactory(name_en="Observatoire citoyen")
    Assessment.objects.create(commitment=card, association=association, rating="limited", text="Peu visible.")
    html = get(client, card.get_absolute_url())
    progress = html.split('id="progress-title"')[1].split("The card")[0]
    assert "100 % complete" in progress and "Observatoire citoyen" in progress and "Peu visible." in progress
    dashboard = get(client, reverse("commitments:dashboard", args=[card.plan.slug]))
    row = re.search(rf'<tr>\s*<th scope="row"><a href="{card.get_absolute_url()}".*?</tr>', dashboard, re.S)
    assert "state-done" in row.group(0) and "Observatoire citoyen: limited" in row.group(0)
    comparison = re.search(r'<table class="data comparison">.*?</table>', dashboard, re.S).group(0)
    assert re.search(r'complete</th><td class="num">1</td><td class="num">0</td>', comparison)
    assert re.search(r'limited</th><td class="num">0</td><td class="num">1</td>', comparison)


def test_the_dashboard_shows_completion_overall_per_theme_institution_and_overdue(client, plan):
    one, two = (
        ThemeFactory(plan=plan, name_en="Transparence"),
        ThemeFactory(plan=plan, name_en="Participation"),
    )
    a = CommitmentFactory(theme=one, status="in_implementation")
    b = CommitmentFactory(theme=two, status="in_implementation")
    CommitmentFactory(theme=two, status="not_retained", title_en="Non retenu")
    milestone(a, 100, S.DONE)
    milestone(b, 20, ends_on=timezone.localdate() - timedelta(days=1), description_en="Étape en retard")
    html = get(client, reverse("commitments:dashboard", args=[plan.slug]))
    overall = html.split('id="overall-title"')[1].split("</section>")[0]
    assert "60 % complete" in overall  # (100 + 20) / 2
    themes = html.split('id="themes-title"')[1].split("</section>")[0]
    assert re.search(r'Transparence</th><td class="num">1</td><td>.*?100 %', themes)
    assert re.search(r'Participation</th><td class="num">1</td><td>.*?20 %', themes)
    assert a.lead_institution.name_ar in html.split('id="institutions-title"')[1]
    assert "1 overdue milestone" in html and "Étape en retard" in html
    assert "Non retenu" not in html
    glance = html.split('id="glance-title"')[1]
    # Each state its sign drawn as SVG (no emoji font needed) and its word.
    assert (
        glance.count('class="state state-done"><svg')
        == glance.count('class="state state-in_progress"><svg')
        == 1
    )
    for state in ("done", "in_progress", "not_done"):
        assert overall.count(f'class="state state-{state}"><svg') == 1  # the totals
    assert not re.search("[\u2714\u274c\U0001f51c]", html)


def test_the_dashboard_says_what_it_counts_and_counts_involved_institutions(client, plan):
    theme = ThemeFactory(plan=plan)
    lead = InstitutionFactory(member=plan.member, name_en="Finance")
    involved = InstitutionFactory(member=plan.member, name_en="Economy")
    card = CommitmentFactory(theme=theme, lead_institution=lead, status="in_implementation")
    card.involved_institutions.add(involved)
    milestone(card, 100, S.DONE, responsible_institution=lead)
    milestone(card, 20, responsible_institution=involved)
    milestone(card, 60, responsible_institution=involved)
    html = get(client, reverse("commitments:dashboard", args=[plan.slug]))
    overall = html.split('id="overall-title"')[1].split("</section>")[0]
    assert "proposed, adopted, in implementation or completed" in overall
    institutions = html.split('id="institutions-title"')[1].split("</section>")[0]
    assert "it leads or takes part in" in institutions
    # Economy leads nothing: its two milestones count for it, (20 + 60) / 2.
    assert re.search(
        r'Economy\W*(</bdi>)?</th><td class="num">1</td><td class="num">2</td><td>.*?40 %', institutions
    )
    assert re.search(
        r'Finance\W*(</bdi>)?</th><td class="num">1</td><td class="num">1</td><td>.*?100 %', institutions
    )


def test_the_dashboard_is_in_the_plans_tabs(client, plan):
    html = client.get(reverse("commitments:index", args=[plan.slug])).content.decode()
    assert reverse("commitments:dashboard", args=[plan.slug]) in html


def test_a_large_plans_dashboard_pages_its_table_and_counts_every_commitment(client, plan):
    from commitments import views

    theme = ThemeFactory(plan=plan)
    cards = [
        CommitmentFactory(theme=theme, status="in_implementation", number=n, title_en=f"Carte {n:03d}")
        for n in range(1, views.GLANCE_PER_PAGE + 4)
    ]
    late = timezone.localdate() - timedelta(days=3)
    Milestone.objects.bulk_create(
        Milestone(commitment=card, description_ar="مرحلة", completion=10, status=S.IN_PROGRESS, ends_on=late)
        for card in cards
    )
    url = reverse("commitments:dashboard", args=[plan.slug])
    first = get(client, url)
    glance = first.split('id="glance-title"')[1].split("</section>")[0]
    assert glance.count("<tr>") == views.GLANCE_PER_PAGE + 1  # the head's row and a page of commitments
    assert "Carte 001" in glance and "Carte 031" not in glance and 'rel="next"' in glance
    # The figures above the table count every commitment, not the page's.
    assert f"The mean of {len(cards)} commitments" in first
    assert f"{len(cards)} overdue milestones" in first
    overdue = first.split('id="overdue-title"')[1]
    assert overdue.count("<tr>") == views.OVERDUE_ROWS + 1
    assert "And 3 more overdue milestones" in overdue and "commitments.json?plan=" in overdue

    second = get(client, url + "?page=2")
    glance = second.split('id="glance-title"')[1].split("</section>")[0]
    assert "Carte 031" in glance and "Carte 033" in glance and "Carte 001" not in glance
    # Hostile page numbers read as the first page.
    assert "Carte 001" in get(client, url + "?page=%00") and "Carte 001" in get(
        client, url + "?page=" + "9" * 40
    )
