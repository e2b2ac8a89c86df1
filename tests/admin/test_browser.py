"""The admin's idea pages in Debian's headless Chromium: what a focal point
and the secretariat see at 1280 px and on a phone, in Arabic and French."""

import shutil

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import IdeaFactory, PlanFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]

LONG_TITLE = "لقاءات مفتوحة مع المنتخبين في الأحياء لتتبع تنفيذ برنامج عمل الجماعة 2024-2026"


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_moves_do_not_cover_the_ideas_title(live_server, page, staff, theme, language, width):
    idea = IdeaFactory(theme=theme, title=LONG_TITLE)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, staff)
    with translation.override(language):
        url = reverse("admin:ideas_idea_change", args=[idea.pk])
    page.goto(live_server.url + url)
    title = page.locator("#content > h2").bounding_box()
    buttons = page.locator(".object-tools a")
    assert buttons.count() >= 4  # accept, not accepted, hide, history, view on site
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert not overlaps(box, title), f"button {i} over the title"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_focal_point_sees_the_status_column_at_1280_px(live_server, page, focal_a, idea_a, language):
    idea_a.title = LONG_TITLE
    idea_a.save()
    long = "Deuxième plan d'action national pour le gouvernement ouvert du Royaume du Maroc 2021-2023"
    type(idea_a.plan).objects.filter(pk=idea_a.plan_id).update(title_ar=long, title_fr=long, title_en=long)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, focal_a)
    with translation.override(language):
        url = reverse("admin:ideas_idea_changelist")
    page.goto(live_server.url + url)
    status = page.locator("td.field-status").first
    box = status.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert page.locator("th.column-status").bounding_box()["x"] + box["width"] <= 1280


# The admin's layout (issue 18, point 7) and the direction of codes and
# ranges inside Arabic (point 32): measured, at 1280 px in French and on a
# phone in Arabic.

TITLES = "#content h1, #content h2"


def open_admin(page, live_server, user, name: str, language: str, width: int, *args):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, user)
    with translation.override(language):
        page.goto(live_server.url + reverse(f"admin:{name}", args=args))


def document_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def tools_leave_the_titles_clear(page, width: int, margin: int = 0) -> int:
    """The object tools cover no title and stay inside the screen; their number."""
    titles = [page.locator(TITLES).nth(i).bounding_box() for i in range(page.locator(TITLES).count())]
    tools = page.locator(".object-tools li")
    for i in range(tools.count()):
        box = tools.nth(i).bounding_box()
        for title in titles:
            assert not overlaps(box, title), f"tool {i} over a title"
        assert box["x"] >= margin and box["x"] + box["width"] <= width - margin, f"tool {i} at the edge"
    return tools.count()


def visual_order(page, selector: str) -> str:
    """The characters of the element's text as they are laid out, left to right."""
    return page.evaluate(
        """(selector) => {
            const element = document.querySelector(selector);
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            const placed = [];
            let node;
            while ((node = walker.nextNode())) {
                for (let i = 0; i < node.data.length; i++) {
                    const range = document.createRange();
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const box = range.getBoundingClientRect();
                    if (box.width && node.data[i].trim()) placed.push([box.left, node.data[i]]);
                }
            }
            return placed.sort((a, b) => a[0] - b[0]).map((p) => p[1]).join("");
        }""",
        selector,
    )


@pytest.mark.parametrize("language,width", [("fr", 1280), ("ar", 390)])
def test_a_workshops_page_fits_the_screen_and_its_tools_leave_the_title_clear(
    live_server, page, staff, workshop, language, width
):
    workshop.add_standard_programme()  # a tabular inline: three titles, minutes, speaker
    open_admin(page, live_server, staff, "workshops_workshop_change", language, width, workshop.pk)
    assert page.locator("#programme-group").count() == 1
    assert document_width(page) <= width
    assert tools_leave_the_titles_clear(page, width) >= 4  # registrations, sheets, history…
    # The institutions' picker: its help in the page's language, inside its box.
    helps = page.evaluate(
        """() => Array.from(document.querySelectorAll(".selector .helptext")).map((e) => {
            const own = e.getBoundingClientRect(), box = e.closest(".selector").getBoundingClientRect();
            const inside = own.left >= box.left && own.right <= box.right;
            return [e.innerText, inside && e.scrollWidth <= e.clientWidth];
        })"""
    )
    assert len(helps) == 2
    for text, inside in helps:
        assert inside, text
        assert "selecting them" not in text


@pytest.mark.parametrize("language,width", [("fr", 1280), ("ar", 390)])
def test_the_life_cycle_buttons_look_like_the_links_beside_them(
    live_server, page, staff, commitment_a, language, width
):
    open_admin(page, live_server, staff, "commitments_commitment_change", language, width, commitment_a.pk)
    assert document_width(page) <= width
    tools_leave_the_titles_clear(page, width, margin=8)
    buttons = page.locator(".object-tools button")
    assert buttons.count() >= 1
    link = page.locator(".object-tools a").first
    look = "(e) => { const s = getComputedStyle(e); return [s.backgroundColor, s.borderRadius, s.color]; }"
    expected = link.evaluate(look)
    assert expected[1] != "0px"
    for i in range(buttons.count()):
        assert buttons.nth(i).evaluate(look) == expected


def test_an_import_refused_row_by_row_fits_the_page(live_server, page, staff, plan):
    from commitments.resources import COMMITMENT_COLUMNS

    long = "Un texte long qui décrit le problème en détail, " * 6
    rows = [",".join(COMMITMENT_COLUMNS)]
    for number in range(1, 4):
        cells = {column: long for column in COMMITMENT_COLUMNS if column.endswith(("_fr", "_ar", "_en"))}
        cells.update(plan="nap9", number=str(number), theme="1", lead_institution="inconnue")
        rows.append(",".join(f'"{cells.get(column, "")}"' for column in COMMITMENT_COLUMNS))
    open_admin(page, live_server, staff, "commitments_commitment_import", "fr", 1280)
    page.set_input_files(
        "#id_import_file",
        files=[{"name": "cartes.csv", "mimeType": "text/csv", "buffer": "\n".join(rows).encode()}],
    )
    page.select_option("#id_format", label="csv")
    with page.expect_navigation():
        page.locator("#content form input[type=submit]").click()
    page.locator("table.import-preview").wait_for()
    assert page.locator(".import-row-errors li").count() >= 3
    assert document_width(page) <= 1280


def test_codes_read_left_to_right_inside_arabic_help(live_server, page, staff):
    open_admin(page, live_server, staff, "commitments_commitment_import", "ar", 390)
    codes = page.locator(".help code")
    found = [i for i in range(codes.count()) if codes.nth(i).inner_text() == "_ar"]
    assert found
    page.evaluate("(i) => document.querySelectorAll('.help code')[i].id = 'the-code'", found[0])
    assert visual_order(page, "#the-code") == "_ar"


def test_a_bare_range_reads_in_order_in_an_arabic_cell(live_server, page, staff):
    PlanFactory(slug="nap2", start_year=2021, end_year=2023)
    open_admin(page, live_server, staff, "plans_plan_changelist", "ar", 1280)
    assert visual_order(page, "td.field-period") == "2021-2023"
