"""Issue 8, item 1 (server side): names, titles and numbers isolated in one
place, core.bidi; dir="auto" on every text field of the site and the admin.
What the browser makes of it is in tests/test_browser_bidi.py."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation

from core.bidi import (
    FSI,
    LRI,
    LRM,
    PDI,
    RLM,
    BidiAdminMixin,
    bdi,
    bdi_html,
    bdi_numbers,
    isolate,
    time_range,
    time_range_text,
)
from ideas.models import Idea
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, UserFactory

PLAN_AR = "خطة العمل الوطنية للحكومة المنفتحة 2021-2023"
TITLE_AR = "تحسين الحصول على المعلومات 2024-2026 via le portail"


def test_a_range_inside_arabic_is_isolated_left_to_right():
    assert isolate(PLAN_AR) == f"{FSI}خطة العمل الوطنية للحكومة المنفتحة {LRI}2021-2023{PDI}{PDI}"
    assert bdi(PLAN_AR) == '<bdi>خطة العمل الوطنية للحكومة المنفتحة <bdi dir="ltr">2021-2023</bdi></bdi>'
    assert (
        bdi_numbers("من 12 إلى 3.5% و #7")
        == 'من <bdi dir="ltr">12</bdi> إلى <bdi dir="ltr">3.5%</bdi> و <bdi dir="ltr">#7</bdi>'
    )


def test_french_text_is_isolated_as_a_whole_and_its_numbers_left_alone():
    assert isolate("Plan 2021-2023") == f"{FSI}Plan 2021-2023{PDI}"
    assert bdi("Plan 2021-2023") == "<bdi>Plan 2021-2023</bdi>"


def test_a_date_and_its_times_are_joined_by_the_languages_comma():
    start = timezone.make_aware(datetime(2026, 12, 7, 17, 0))
    end = start + timedelta(minutes=140)
    with translation.override("ar"):
        assert time_range_text(start, end) == f"7 دجنبر 2026، {LRI}17:00–19:20{PDI}"
        assert '2026</time>، <bdi dir="ltr">' in time_range(start, end)
    with translation.override("fr"):
        assert time_range_text(start, end) == f"7 décembre 2026, {LRI}17:00–19:20{PDI}"


def test_what_is_isolated_is_escaped_first():
    assert (
        bdi("<b>خطة</b> 1 & 2")
        == '<bdi>&lt;b&gt;خطة&lt;/b&gt; <bdi dir="ltr">1</bdi> &amp; <bdi dir="ltr">2</bdi></bdi>'
    )
    # A character reference's digits are never mistaken for a number.
    assert bdi_numbers("خطة ' 5") == 'خطة &#x27; <bdi dir="ltr">5</bdi>'
    assert bdi(None) == "" and isolate("") == ""


@pytest.fixture
def arabic_plan(db):
    plan = PlanFactory(slug="nap2-2021-2023", title_ar=PLAN_AR)
    ThemeFactory(plan=plan, number=1)
    return plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rendered,expected",
    [
        # A read-only value is text, not between tags.
        ("خطة 2021-2023", 'خطة <bdi dir="ltr">2021-2023</bdi>'),
        (
            '<td class="field-period">2021-2023</td>',
            '<td class="field-period"><bdi dir="ltr">2021-2023</bdi></td>',
        ),
        ("<td>229 <small>(declared)</small></td>", "<td>229 <small>(declared)</small></td>"),
        ("<td>Plan 2021-2023</td>", "<td>Plan 2021-2023</td>"),
        ("<td>خطة &#x27;5&#x27;</td>", '<td>خطة &#x27;<bdi dir="ltr">5</bdi>&#x27;</td>'),
    ],
)
def test_the_admins_rendered_html_has_its_numbers_isolated(rendered, expected):
    from django.utils.safestring import mark_safe

    assert bdi_html(mark_safe(rendered)) == expected  # noqa: S308


def test_text_not_marked_safe_is_escaped_before_isolating():
    assert bdi_html("<b>خطة 2021-2023</b>") == '&lt;b&gt;خطة <bdi dir="ltr">2021-2023</bdi>&lt;/b&gt;'


def test_the_plan_pages_isolate_the_plans_period_in_heading_title_and_links(client, arabic_plan):
    isolated_title = f"{FSI}خطة العمل الوطنية للحكومة المنفتحة {LRI}2021-2023{PDI}{PDI}"
    html = client.get(f"/ar/plans/{arabic_plan.slug}/").content.decode()
    assert f"<title>{isolated_title} · " in html
    assert '<h1><bdi>خطة العمل الوطنية للحكومة المنفتحة <bdi dir="ltr">2021-2023</bdi></bdi></h1>' in html
    html = client.get(f"/ar/plans/{arabic_plan.slug}/ideas/").content.decode()
    assert f" · {isolated_title} · " in html.split("</title>")[0]
    assert (
        '>خطة العمل الوطنية للحكومة المنفتحة <bdi dir="ltr">2021-2023</bdi></bdi></a></p>' in html
    )  # breadcrumb
    html = client.get("/ar/plans/").content.decode()
    assert '><bdi>خطة العمل الوطنية للحكومة المنفتحة <bdi dir="ltr">2021-2023</bdi></bdi></a></h2>' in html


@pytest.mark.django_db
def test_a_citizens_title_is_isolated_on_its_page_in_my_ideas_and_in_the_list(client, arabic_plan):
    idea = IdeaFactory(theme=arabic_plan.themes.get(), title=TITLE_AR)
    title_html = 'تحسين الحصول على المعلومات <bdi dir="ltr">2024-2026</bdi> via le portail'
    html = client.get(f"/ar/ideas/{idea.pk}/").content.decode()
    assert f'<h1 dir="auto">{title_html}</h1>' in html
    assert f"<title>{FSI}تحسين الحصول على المعلومات {LRI}2024-2026{PDI} via le portail{PDI} · " in html
    assert (
        f'dir="auto">{title_html}</a>' in client.get(f"/ar/plans/{arabic_plan.slug}/ideas/").content.decode()
    )
    client.force_login(idea.author)
    assert f'dir="auto">{title_html}</a>' in client.get("/ar/ideas/mine/").content.decode()


@pytest.mark.django_db
def test_the_submit_form_keeps_the_typed_title_in_order_and_stores_it_without_marks(
    client, citizen, arabic_plan
):
    client.force_login(citizen)
    url = reverse("ideas:submit", args=[arabic_plan.slug])
    html = client.post(url, {"title": TITLE_AR}).content.decode()  # the rest missing: sent back
    typed = re.search(r'<input type="text" name="title"[^>]*>', html)[0]
    assert 'dir="auto"' in typed
    assert f'value="تحسين الحصول على المعلومات {LRI}2024-2026{PDI} via le portail"' in typed
    assert re.search(r'<textarea name="problem"[^>]*dir="auto"', html)

    # What comes back from that field (marks included) is stored as the citizen typed it.
    fields = {
        "theme": arabic_plan.themes.get().pk,
        "title": f"تحسين الحصول على المعلومات {LRI}2024-2026{PDI} via le portail",
        "problem": f"المشكل {LRI}12{PDI}",
        "solution": "الحل المقترح",
        "expected_results": "النتائج",
    }
    assert client.post(url, fields).status_code == 302
    idea = Idea.objects.get()
    assert idea.title == TITLE_AR and idea.problem == "المشكل 12"


@pytest.mark.django_db
def test_a_forms_options_start_with_their_first_letter_for_the_selects_type_ahead(
    client, citizen, arabic_plan
):
    # A person on a focused select types the first letters of an option to
    # reach it; no browser finds a label that starts with an invisible isolate.
    # Each label keeps its direction by a mark after it (tests/resilience/
    # test_accessibility.py chooses the idea's theme so in Chromium).
    theme = arabic_plan.themes.get()
    theme.name_ar, theme.name_fr = "الشفافية", "Transparence (budget)"
    theme.save()
    client.force_login(citizen)
    url = reverse("ideas:submit", args=[arabic_plan.slug])
    html = client.get(url).content.decode()
    assert f'<option value="{theme.pk}">{theme.name_ar}{RLM}</option>' in html
    with translation.override("fr"):
        html = client.get(reverse("ideas:submit", args=[arabic_plan.slug])).content.decode()
    assert f'<option value="{theme.pk}">{theme.name_fr}{LRM}</option>' in html
    # What the browser sends back is the option's value: the idea is filed under it.
    fields = {"theme": theme.pk, "title": "Un titre assez long", "problem": "p", "solution": "s"}
    assert client.post(url, {**fields, "expected_results": "r"}).status_code == 302
    assert Idea.objects.get().theme == theme


def test_every_admin_and_inline_lays_text_fields_out_in_their_own_direction():
    missing = [
        f"{model._meta.label}: {type(item).__name__ if not isinstance(item, type) else item.__name__}"
        for model, model_admin in admin.site._registry.items()
        for item in (model_admin, *model_admin.inlines)
        if not (
            isinstance(item, BidiAdminMixin) or (isinstance(item, type) and issubclass(item, BidiAdminMixin))
        )
    ]
    assert missing == [], "give these admins core.bidi.BidiAdminMixin (ScopedAdmin has it)"


@pytest.mark.django_db
def test_the_admin_fields_and_list_read_arabic_in_order(client, arabic_plan):
    superuser = UserFactory(is_staff=True, is_superuser=True, language="fr")
    IdeaFactory(theme=arabic_plan.themes.get(), title=TITLE_AR)
    client.force_login(superuser)
    html = client.get(reverse("admin:plans_plan_change", args=[arabic_plan.pk])).content.decode()
    title = re.search(r'<input type="text" name="title_ar"[^>]*>', html)[0]
    assert 'dir="auto"' in title and f"{LRI}2021-2023{PDI}" in title
    assert re.search(r'<textarea name="summary_ar"[^>]*dir="auto"', html)
    # The breadcrumbs and heading (the plan's __str__) carry Unicode isolates.
    assert f"المنفتحة {LRI}2021-2023{PDI}{PDI}" in html
    html = client.get(reverse("admin:ideas_idea_changelist")).content.decode()
    assert 'تحسين الحصول على المعلومات <bdi dir="ltr">2024-2026</bdi> via le portail' in html
    assert "css/admin.css" in html


TIME = re.compile(r'<time datetime="([^"]*)"')
VALID = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d{1,3})?([+-]\d\d:\d\d|Z))?")


@pytest.mark.django_db
def test_every_time_element_has_a_valid_html_datetime(client, arabic_plan):
    idea = IdeaFactory(theme=arabic_plan.themes.get())
    assert idea.created_at.microsecond  # what Django's "c" format would have printed
    pages = [
        f"/ar/ideas/{idea.pk}/",
        f"/ar/plans/{arabic_plan.slug}/ideas/",
        f"/ar/plans/{arabic_plan.slug}/",
    ]
    found = [value for path in pages for value in TIME.findall(client.get(path).content.decode())]
    assert len(found) >= 4
    assert [value for value in found if not VALID.fullmatch(value)] == []


@pytest.mark.django_db
def test_the_favicon_answers_and_every_page_links_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert (
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        in client.get("/fr/").content.decode()
    )


def test_the_admin_takes_the_direction_controls_out_of_what_staff_type(rf):
    # Staff text reaches public pages (a screening reason, a progress update):
    # an override typed in the admin would reorder it there as a citizen's would.
    model_admin = admin.site._registry[Idea]
    request = rf.get("/")
    title = model_admin.formfield_for_dbfield(Idea._meta.get_field("title"), request)
    typed = {"title": "Secr\u202etairat \u2067x\u2069", "problem": "نص\u200f (2021)\u202d ok"}
    assert title.widget.value_from_datadict(typed, {}, "title") == "Secrtairat x"
    problem = model_admin.formfield_for_dbfield(Idea._meta.get_field("problem"), request)
    # The marks stay in running text, where Arabic and Latin mix.
    assert problem.widget.value_from_datadict(typed, {}, "problem") == "نص\u200f (2021) ok"
