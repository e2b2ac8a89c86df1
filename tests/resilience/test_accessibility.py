"""Issue 23, accessibility, in Debian's Chromium on the demo served by
gunicorn in production settings: every public page type (tests/resilience/
pages.py), in Arabic and in French, has no serious or critical violation by
axe-core and fits a screen 320 CSS px wide (a phone, or a 640 px window at
200 % zoom) without scrolling sideways; the idea form and a workshop's
registration form are filled and sent with the keyboard alone; focus is
visible; the first Tab reaches a skip link to the content; the charts have
their figures in a table.

One demo, one server and one browser for the module. Each page type is a
test, its two languages side by side in two tabs whose axe-core runs
overlap (Chromium gives each tab a process: the two cores both work). The
tabs are a phone's, 320 px wide: axe-core checks the layout that reflows
(the stylesheet is mobile first; a wider screen changes only margins, type
sizes and where the account menu opens). It checks the site's header and
footer, the same on every page, on three page types (PageType.whole), and
the rest of each page on every type: the header's contrast alone took 40 %
of its time."""

import re
import shutil

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from django.utils import translation

from tests import databases
from tests.conftest import make_citizen
from tests.core.production import gunicorn
from tests.resilience.pages import PAGE_TYPES, public_pages

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]

LANGUAGES = ("ar", "fr")
EMAIL, PASSWORD = "karima@example.org", "keyboard-only-password"
# A phone 320 CSS px wide, or a 640 px window at 200 % zoom: WCAG 1.4.10 (reflow).
NARROW = {"width": 320, "height": 640}
# The violations that stop or seriously hinder a person (axe's impact).
BLOCKING = {"serious", "critical"}
# What axe-core checks of a page (PageType.whole: all of it).
WHOLE = None
CONTENT = {"exclude": [["header.site-header"], ["footer.site-footer"]]}
# Bounds: nothing waits or tabs for ever.
TIMEOUT_MS = 10_000
MAX_TABS = 80
BY_NAME = {page_type.name: page_type for page_type in PAGE_TYPES}


@pytest.fixture(scope="module")
def site(loaded, django_db_blocker):
    """The demo, a citizen who signs in with a password (committed, for
    gunicorn to read), and the path of each public page type."""
    with django_db_blocker.unblock():
        citizen = make_citizen(EMAIL, "Karima", "ar")
        # Hashed as production hashes: gunicorn checks it with its settings.
        citizen.set_password(PASSWORD)
        citizen.save(update_fields=["password"])
        return {"citizen": citizen, "pages": public_pages()}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Unlike the other tests' (tests/conftest.py), the cache is not emptied
    before each test: gunicorn keeps the pages it built for the next visitor,
    as in production, and each test does not wait for them to be built again."""


@pytest.fixture(scope="module")
def portal(site, tmp_path_factory):
    """The portal's address: gunicorn with DEBUG off on the module's database."""
    from django.core.cache import cache

    # Nothing of another module's pages: gunicorn shares the tests' cache.
    cache.clear()
    folder = tmp_path_factory.mktemp("portal")
    with gunicorn(folder, DATABASE_URL=databases.url(), MEDIA_ROOT=str(folder / "media")) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def chromium(launch_browser):
    """The module's browser (Debian's Chromium, with tests/conftest.py's arguments)."""
    browser = launch_browser()
    yield browser
    browser.close()


def new_tab(chromium, *, axe: bool = False):
    """A tab in a context of its own (its own cookies, its own process)."""
    context = chromium.new_context(locale="ar-MA", viewport=NARROW)
    context.set_default_timeout(TIMEOUT_MS)
    if axe:
        # In every page of the context before its own scripts, outside its
        # Content-Security-Policy (which allows no inline script).
        context.add_init_script(path=AXE_FILE_PATH)
    return context.new_page()


def sign_in(page, portal) -> None:
    page.goto(f"{portal}/fr/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{portal}/fr/")


@pytest.fixture(scope="module")
def tabs(chromium, portal):
    """The module's tabs with axe-core: a visitor's and a signed-in
    citizen's, in each language."""
    tabs = {
        (who, language): new_tab(chromium, axe=True)
        for who in ("visitor", "citizen")
        for language in LANGUAGES
    }
    sign_in(tabs["citizen", "fr"], portal)
    tabs["citizen", "ar"].context.add_cookies(tabs["citizen", "fr"].context.cookies())
    yield tabs
    for page in tabs.values():
        page.context.close()


def tab(tabs, page_type, language: str):
    return tabs["citizen" if page_type.signed_in else "visitor", language]


def visit(page, portal, site, page_type, language: str) -> None:
    response = page.goto(f"{portal}/{language}{site['pages'][page_type.name]}")
    assert response.status == page_type.status, (page.url, response.status)
    assert page.locator("html").get_attribute("lang") == language, page.url


def described(violations: list[dict]) -> str:
    """axe's violations as a reader of the failure needs them: the rule, its
    impact, what it asks, and each element (its selector and what is wrong)."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(node['target'])}: {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


# The elements beyond the window's edge on the side it scrolls to (the end of
# the line), outside a box that scrolls by itself (a wide table in its
# .table-scroll: WCAG 1.4.10 excepts data tables).
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const rtl = document.documentElement.dir === "rtl";
  const inScroller = (element) => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(e).overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((e) => {
      const box = e.getBoundingClientRect();
      return box.width && (rtl ? box.left < -1 : box.right > width + 1) && !inScroller(e);
    })
    .slice(0, 8)
    .map((e) => {
      const box = e.getBoundingClientRect();
      const edges = `[${Math.round(box.left)}, ${Math.round(box.right)}]`;
      const text = (e.textContent || "").trim().slice(0, 40);
      return `${e.tagName.toLowerCase()}.${e.classList.value} ${edges} ${text}`;
    });
}"""


def sideways(page) -> str | None:
    """What sticks out, if the page scrolls sideways (its tab is 320 px wide)."""
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert inner_width == NARROW["width"]
    if scroll_width > inner_width:
        return f"{scroll_width} px wide at {inner_width} px: {page.evaluate(OVERFLOWING)}"
    return None


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name.replace(",", "").replace(" ", "-"))
def test_every_page_type_passes_axe_and_reads_at_320_px(tabs, portal, site, page_type):
    pages = {language: tab(tabs, page_type, language) for language in LANGUAGES}
    for language, page in pages.items():
        visit(page, portal, site, page_type, language)
    # Both runs started before either is awaited: one per tab's process.
    for page in pages.values():
        page.evaluate(
            "what => { window.axeRun = axe.run(what || document, {resultTypes: ['violations']}); }",
            WHOLE if page_type.whole else CONTENT,
        )
    problems = []
    for page in pages.values():
        results = page.evaluate("() => window.axeRun")
        violations = [v for v in results["violations"] if v["impact"] in BLOCKING]
        if violations:
            problems.append(
                f"{page.url} (axe-core {results['testEngine']['version']}):\n{described(violations)}"
            )
        wide = sideways(page)
        if wide:
            problems.append(f"{page.url} scrolls sideways: {wide}")
    assert not problems, "\n".join(problems)


def test_the_account_menu_open_reads_at_320_px(tabs, portal, site):
    for language in LANGUAGES:
        page = tabs["citizen", language]
        visit(page, portal, site, BY_NAME["idea form"], language)
        page.locator(".account summary").click()
        menu = page.locator(".account details ul")
        assert menu.is_visible()
        box = menu.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], (page.url, box)
        assert sideways(page) is None, page.url
        page.locator(".account summary").click()  # closed again for the next test


# --- The keyboard alone ---------------------------------------------------------


def fill_by_keyboard(page, form: str, values: dict[str, str]) -> list[str]:
    """From where the focus is, Tab through the page: type each field's
    value when the focus reaches it (a select chooses as a person does, by
    typing the start of its option) and press Enter on the form's submit
    button. Returns the fields' names in the order Tab reached them."""
    reached = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        name, is_submit = page.evaluate(
            """form => {
              const e = document.activeElement;
              if (!e || !e.form || !e.form.matches(form)) return [null, false];
              return [e.name, e.type === "submit"];
            }""",
            form,
        )
        if name in values and name not in reached:
            reached.append(name)
            page.keyboard.type(values[name])
        elif is_submit:
            assert set(reached) == set(values), f"the submit button came before {set(values) - set(reached)}"
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return reached
    raise AssertionError(f"{form}'s submit button not reached in {MAX_TABS} Tabs; fields reached: {reached}")


def test_a_citizen_signs_in_and_submits_an_idea_with_the_keyboard_alone(chromium, portal, site):
    from ideas.models import Idea

    page = new_tab(chromium)
    try:
        form = site["pages"]["idea form"]
        page.goto(f"{portal}/fr{form}")
        # A visitor is asked to sign in first: that form by keyboard too.
        assert page.url.startswith(f"{portal}/fr/accounts/login/")
        fill_by_keyboard(page, "main form", {"login": EMAIL, "password": PASSWORD})
        page.wait_for_url(f"{portal}/fr{form}")

        # The theme whose name starts with a word any keyboard types ("Transparence"),
        # as a person reads it (without the invisible marks around it).
        options = page.locator("#id_theme option")
        labels = [re.sub("[\u200e\u200f\u2066-\u2069]", "", label) for label in options.all_text_contents()]
        index, word = next(
            (i, m[0]) for i, label in enumerate(labels) if i and (m := re.match(r"[A-Za-z]+(?=\s)", label))
        )
        theme = int(options.nth(index).get_attribute("value"))
        title = "Publier les marchés publics des communes"
        values = {
            "theme": word,
            "title": title,
            "problem": "Les citoyens ne savent pas comment les communes dépensent leur budget.",
            "solution": "Publier chaque mois les marchés des communes en données ouvertes.",
            "expected_results": "Un meilleur suivi de l'argent public par les citoyens.",
        }
        reached = fill_by_keyboard(page, "main form[enctype]", values)
        assert reached == ["theme", "title", "problem", "solution", "expected_results"]
        errors = page.locator(".errorlist").all_inner_texts()
        assert re.match(rf"^{re.escape(portal)}/fr/ideas/\d+/$", page.url), (
            f"typed {word!r} for the theme",
            errors,
        )
        idea = Idea.objects.get(title=title)
        assert (idea.author, idea.theme_id) == (site["citizen"], theme)
        assert page.locator("h1").inner_text() == title
    finally:
        page.context.close()


def test_a_visitor_registers_for_a_workshop_with_the_keyboard_alone(chromium, portal, site):
    from workshops.models import Registration

    page = new_tab(chromium)
    try:
        page.goto(f"{portal}/ar{site['pages']['workshop']}")
        email = "salma@example.org"
        form = "main form[action$='/register/guest/']"
        fill_by_keyboard(page, form, {"name": "سلمى الإدريسي", "email": email})
        registration = Registration.objects.get(email=email)
        assert registration.name == "سلمى الإدريسي"
        assert email in page.locator(".messages").inner_text()  # told to open the link sent
    finally:
        page.context.close()


# --- Focus visible, skip link ------------------------------------------------------

# Each element's outline and shadow, taken before any has the focus; then, for
# the focused element: what it is, how it looked unfocused, how it looks, its size.
UNFOCUSED = """() => {
  const look = (e) => {
    const s = getComputedStyle(e);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow};
  };
  const unfocused = new Map([...document.querySelectorAll("*")].map((e) => [e, look(e)]));
  window.focusedLook = () => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const box = e.getBoundingClientRect();
    return {element: e.outerHTML.slice(0, 120), before: unfocused.get(e), after: look(e),
            width: box.width, height: box.height};
  };
}"""


def shows_focus(look: dict) -> bool:
    """The focused element is drawn, with an outline or a shadow it has not
    without the focus."""
    style, width = look["after"]["outline"].split()[:2]
    outline = style != "none" and float(width.removesuffix("px")) > 0
    shadow = look["after"]["shadow"] != "none"
    changed = look["before"] != look["after"]
    return look["width"] > 0 and look["height"] > 0 and (outline or shadow) and changed


# A page of each kind of control (links, a filter form, a form with a select,
# a file input and the account menu), in one language each: the outline is
# the stylesheet's, whichever the direction.
@pytest.mark.parametrize(
    ("page_name", "language"), [("workshop", "fr"), ("ideas", "ar"), ("idea form", "ar")]
)
def test_focus_is_visible_on_every_element_tab_reaches(tabs, portal, site, page_name, language):
    page = tab(tabs, BY_NAME[page_name], language)
    visit(page, portal, site, BY_NAME[page_name], language)
    page.evaluate(UNFOCUSED)
    reached, unseen = 0, []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        look = page.evaluate("focusedLook()")
        if look is None:
            break  # past the last element
        reached += 1
        if not shows_focus(look):
            unseen.append(look)
    assert reached > 10, (page.url, reached)
    assert not unseen, f"{page.url}: focus not visible on\n" + "\n".join(map(str, unseen))


def test_the_first_tab_reaches_a_skip_link_that_moves_the_focus_to_the_content(tabs, portal, site):
    for language in LANGUAGES:
        page = tabs["visitor", language]
        visit(page, portal, site, BY_NAME["plan"], language)
        page.keyboard.press("Tab")
        link = page.evaluate_handle("document.activeElement").as_element()
        with translation.override(language):
            assert link.inner_text() == translation.gettext("Skip to content")
        box = link.bounding_box()  # out of sight until focused, then seen
        assert box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"]
        page.keyboard.press("Enter")
        assert page.url.endswith("#main")
        # The next Tab goes to the content's first link, past the header's menus.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('main') !== null"), page.url


# --- Charts ---------------------------------------------------------------------


# Each progress bar's value, and the text of its line without the bar's own.
PROGRESS = """bars => bars.map((bar) => {
  const line = bar.parentElement.cloneNode(true);
  line.querySelectorAll("progress").forEach((copy) => copy.remove());
  return [bar.value, line.textContent];
})"""


@pytest.mark.parametrize("page_name", ["statistics", "commitment", "dashboard"])
def test_every_chart_has_its_figures_in_text(tabs, portal, site, page_name):
    """A chart drawn as SVG (role="img") tells nothing to whoever cannot see
    it: its section holds a table with the same figures. A progress bar
    has its percentage written beside it."""
    for language in LANGUAGES:
        page = tabs["visitor", language]
        visit(page, portal, site, BY_NAME[page_name], language)
        charts = page.locator("main svg[role=img]")
        bars = page.locator("main progress").evaluate_all(PROGRESS)
        assert charts.count() or bars, page.url
        for i in range(charts.count()):
            chart = charts.nth(i)
            table = chart.locator(
                "xpath=ancestor::*[self::section or self::figure][.//table][1]//table"
            ).first
            assert table.count(), f"chart {i} of {page.url} has no table beside it"
            cells = " ".join(table.locator("td, th").all_inner_texts())
            for figure in chart.locator("text.value").all_text_contents():
                assert figure.strip() in re.findall(r"\d+", cells), (page.url, i, figure)
            points = chart.locator("circle:not(.baseline)").count()
            if points:
                # An indicator: a row per measurement, besides the baseline and the target.
                assert table.locator("tbody tr:not(.baseline):not(.target)").count() == points
        for value, line in bars:
            assert f"{value:g}" in re.findall(r"\d+", line), (page.url, value, line)
