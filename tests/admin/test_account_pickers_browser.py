"""The account pickers in Debian's headless Chromium (issue 18, item 29): the
secretariat finds an account by typing part of its address or name, picks
it and saves, in Arabic on a phone and in French at 1280 px."""

import shutil

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import AssociationFactory, UserFactory

from .test_browser import sign_in
from .test_roles_and_history import permissions_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]


def pick(page, field: str, typed: str) -> list[str]:
    """Types into the picker; the options it offers."""
    page.click(f".field-{field} .select2-selection")
    page.keyboard.type(typed)
    # The list first shows the first accounts, then what the typing finds.
    page.wait_for_function(
        """typed => {
            const options = [...document.querySelectorAll('.select2-results__option[aria-selected]')];
            return options.length > 0 && options.every(option => option.textContent.includes(typed));
        }""",
        arg=typed,
    )
    return page.locator(".select2-results__option[aria-selected]").all_inner_texts()


@pytest.mark.parametrize("language,width", [("ar", 390), ("fr", 1280)])
def test_the_secretariat_picks_a_representative_by_typing(live_server, page, secretariat, language, width):
    secretariat.groups.first().permissions.add(*permissions_for("plans", "association"))
    association = AssociationFactory(slug="transparence")
    wanted = UserFactory(email="nadia.bennani@example.org", display_name="نادية بناني")
    for n in range(30):
        UserFactory(email=f"citoyen{n}@example.org")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, secretariat)
    with translation.override(language):
        url = reverse("admin:plans_association_change", args=[association.pk])
    page.goto(live_server.url + url)
    assert page.locator(".field-representatives option").count() == 0  # nothing listed up front

    offered = pick(page, "representatives", "bennani")
    assert [text.strip("\u2068\u2069") for text in offered] == [
        "nadia.bennani@example.org\u2069 — \u2068نادية بناني"
    ]
    box = page.locator(".select2-results__option[aria-selected]").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.locator(".select2-results__option[aria-selected]").first.click()
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert list(association.representatives.all()) == [wanted]
