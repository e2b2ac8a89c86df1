"""Issue 8, items 1 and 2 in Debian's headless Chromium: the order in which
the years of a range are drawn inside Arabic text, and signing in from a
French page."""

import shutil

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]

PLAN_AR = "خطة العمل الوطنية للحكومة المنفتحة 2021-2023"
TITLE_AR = "تحسين الحصول على المعلومات 2024-2026 via le portail"

# The left edge, on screen, of the first text of `first` and of `second`
# under the element (each may sit in a text node of its own).
EDGES = """([element, first, second]) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const edges = {};
  for (let node; (node = walker.nextNode());) {
    for (const needle of [first, second]) {
      const at = node.data.indexOf(needle);
      if (at >= 0 && !(needle in edges)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        edges[needle] = range.getBoundingClientRect().left;
      }
    }
  }
  return [edges[first], edges[second]];
}"""

# Text that no element can hold (the <title>, an input's value) drawn in a
# span of the same direction and font, as the tab or the field draws it.
DRAWN = """([text, direction, font]) => {
  const span = document.createElement("span");
  span.dir = direction;
  span.style.font = font;
  span.style.whiteSpace = "pre";
  span.style.unicodeBidi = "isolate";
  span.textContent = text;
  document.body.append(span);
  return span;
}"""


def reads_left_to_right(page, element, first: str, second: str) -> bool:
    left_of_first, left_of_second = element.evaluate(
        f"(element, args) => ({EDGES})([element, ...args])", [first, second]
    )
    assert left_of_first is not None and left_of_second is not None, (first, second)
    return left_of_first < left_of_second


def drawn(page, text: str, direction: str = "rtl", font: str = "16px sans-serif"):
    return page.evaluate_handle(DRAWN, [text, direction, font]).as_element()


@pytest.fixture
def plans(db):
    plan = PlanFactory(slug="nap2-2021-2023", title_ar=PLAN_AR)
    ThemeFactory(plan=plan, number=1)
    other = PlanFactory(slug="tetouan")
    ThemeFactory(plan=other, number=1)
    return plan, other


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_plans_years_read_2021_then_2023_in_arabic(live_server, page, plans):
    plan, other = plans
    page.goto(f"{live_server.url}/ar/plans/{plan.slug}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The heading.
    assert reads_left_to_right(page, page.locator("h1"), "2021", "2023")
    # The window's title, drawn right to left as the tab draws it.
    title = page.title()
    assert "2021" in title
    assert reads_left_to_right(page, drawn(page, title), "2021", "2023")

    # The plan as a link: the breadcrumb of its lists, and "Other plans" on another plan's list.
    page.goto(f"{live_server.url}/ar/plans/{plan.slug}/ideas/")
    assert reads_left_to_right(page, page.locator(".breadcrumb a").nth(1), "2021", "2023")
    page.goto(f"{live_server.url}/ar/plans/{other.slug}/ideas/")
    link = page.locator(".other-plans a", has_text="2021")
    assert reads_left_to_right(page, link, "2021", "2023")
    # The list of plans.
    page.goto(f"{live_server.url}/ar/plans/")
    assert reads_left_to_right(page, page.locator("h2 a", has_text="2021"), "2021", "2023")


def test_a_citizens_title_reads_2024_then_2026_on_its_page_and_in_the_form(live_server, page, plans, citizen):
    plan, _other = plans
    idea = IdeaFactory(theme=plan.themes.get(), title=TITLE_AR, author=citizen)
    page.goto(f"{live_server.url}/ar/ideas/{idea.pk}/")
    heading = page.locator("h1")
    assert heading.evaluate("h1 => h1.matches(':dir(rtl)')")
    assert reads_left_to_right(page, heading, "2024", "2026")
    assert reads_left_to_right(page, drawn(page, page.title()), "2024", "2026")

    # In My ideas.
    sign_in(page, live_server, citizen)
    page.goto(f"{live_server.url}/ar/ideas/mine/")
    assert reads_left_to_right(page, page.locator(".idea-title"), "2024", "2026")

    # In the form's field, sent back for correction with what was typed.
    page.goto(f"{live_server.url}/ar/plans/{plan.slug}/ideas/new/")
    page.fill("#id_title", TITLE_AR)
    page.locator("form[enctype] button[type=submit]").click()
    field = page.locator("#id_title")
    assert field.get_attribute("dir") == "auto"
    assert field.evaluate("input => input.matches(':dir(rtl)')")  # it follows the Arabic typed
    value, font = field.evaluate("input => [input.value, getComputedStyle(input).font]")
    assert reads_left_to_right(page, drawn(page, value, "rtl", font), "2024", "2026")


def test_signing_in_from_a_french_page_stays_in_french(live_server, page, plans):
    plan, _other = plans
    user = UserFactory(email="julie@example.org", language="ar")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # A phone set to Arabic (the browser's locale), reading the French pages.
    page.goto(f"{live_server.url}/fr/plans/{plan.slug}/")
    page.locator(".account a", has_text="Se connecter").click()
    assert page.url == f"{live_server.url}/fr/accounts/login/?next=/fr/plans/{plan.slug}/"
    page.go_back()
    # A page for signed-in users sends to the login page in its own language.
    page.locator("main a.button", has_text="Proposer une idée").click()
    submit = f"/fr/plans/{plan.slug}/ideas/new/"
    assert page.url == f"{live_server.url}/fr/accounts/login/?next={submit}"
    assert page.locator("html").get_attribute("lang") == "fr"
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "a-long-test-password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + submit)
    assert page.locator("html").get_attribute("lang") == "fr"
    # Signing out lands on the French home page.
    page.locator(".account summary").click()
    page.locator(".account button", has_text="Se déconnecter").click()
    page.wait_for_url(f"{live_server.url}/fr/")
