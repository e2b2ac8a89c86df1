"""Issue 18, point 17, in Debian's headless Chromium: the statistics' split
figures each on a line of their own (not «53 en atelier 19 au nom
d'associations»), in Arabic and French; the Arabic commitment page's
contact in Arabic, one line each, its address left to right; the states
at a glance drawn as SVG beside their word, whatever fonts the computer has."""

import shutil

import pytest

from tests.factories import CommitmentFactory, IdeaFactory, InstitutionFactory, PlanFactory, ThemeFactory
from tests.test_browser_bidi import reads_left_to_right

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]


def boxes(locator) -> list[dict]:
    return [locator.nth(i).bounding_box() for i in range(locator.count())]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_statistics_split_figures_each_on_their_own_line(live_server, page, language):
    plan = PlanFactory()
    IdeaFactory(theme=ThemeFactory(plan=plan))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/{language}/plans/{plan.slug}/statistics/")
    ideas = page.locator(".figure").nth(1).locator(".split")
    first, second = boxes(ideas)
    assert second["y"] >= first["y"] + first["height"] - 1, (first, second)


def test_the_arabic_commitment_contact_is_arabic_one_line_each_its_address_left_to_right(live_server, page):
    lead = InstitutionFactory(
        name_ar="وزارة الاقتصاد والمالية", name_fr="Ministère de l'Économie et des Finances"
    )
    card = CommitmentFactory(
        theme=ThemeFactory(plan=PlanFactory()),
        lead_institution=lead,
        status="in_implementation",
        contact_name="Point focal PGO",
        contact_email="point-focal.pgo@example.ma",
        contact_institution=lead.name_fr,  # as the import or the demo enter it
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/ar/commitments/{card.pk}/")
    items = page.locator("ul.contact li")
    assert items.all_inner_texts()[1] == "وزارة الاقتصاد والمالية"
    tops = [box["y"] for box in boxes(items)]
    assert tops == sorted(tops) and len(set(tops)) == 3  # one line each, in order
    assert reads_left_to_right(page, items.nth(2), "point-focal", "example.ma")


def test_the_states_at_a_glance_are_drawn_as_svg_beside_their_word(live_server, page):
    plan = PlanFactory()
    CommitmentFactory(theme=ThemeFactory(plan=plan), status="in_implementation")
    page.goto(f"{live_server.url}/fr/plans/{plan.slug}/dashboard/")
    states = page.locator(".glance-totals .state")
    assert states.count() == 3
    for i in range(3):
        sign = states.nth(i).locator("svg.state-sign").bounding_box()
        assert sign["width"] >= 12 and sign["height"] >= 12
        # Drawn once per page as a symbol, each sign a reference to it.
        symbol = states.nth(i).locator("use").get_attribute("href")
        assert page.locator(f"symbol{symbol}").locator("path").count() >= 1
        assert states.nth(i).inner_text().strip()  # and its word
