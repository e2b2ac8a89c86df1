"""The admin's idea pages in Debian's headless Chromium: what a focal point
and the secretariat see at 1280 px and on a phone, in Arabic and French."""

import shutil

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import IdeaFactory

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
