"""The plain admins: plans with their timeline, themes and documents;
institutions with their focal points; associations; commitments; workshops."""

import pytest
from django.urls import reverse

from core.bidi import isolate
from plans.models import Plan

pytestmark = pytest.mark.django_db

MODELS = [
    "plans.plan",
    "plans.institution",
    "plans.association",
    "commitments.commitment",
    "workshops.workshop",
]


@pytest.fixture
def everything(plan, theme, workshop, commitment_a, focal_a):
    return plan


@pytest.mark.parametrize("model", MODELS)
def test_each_list_and_add_page_opens(client, staff, everything, model):
    app, name = model.split(".")
    client.force_login(staff)
    assert client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{name}_changelist"), {"q": "1"}).status_code == 200
    assert client.get(reverse(f"admin:{app}_{name}_add")).status_code == 200


@pytest.mark.parametrize(
    "model,obj",
    [
        ("plans.plan", "plan"),
        ("plans.institution", "institution_a"),
        ("plans.association", "association"),
        ("commitments.commitment", "commitment_a"),
        ("workshops.workshop", "workshop"),
    ],
)
def test_each_change_page_opens(client, staff, everything, request, model, obj):
    if obj == "association":
        instance = request.getfixturevalue("workshop").organiser
    else:
        instance = request.getfixturevalue(obj)
    app, name = model.split(".")
    client.force_login(staff)
    assert client.get(reverse(f"admin:{app}_{name}_change", args=[instance.pk])).status_code == 200


def test_the_plan_page_edits_its_timeline_themes_and_documents(client, staff, plan, theme):
    client.force_login(staff)
    html = client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()
    for prefix in ("phases", "themes", "documents"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    assert 'name="themes-0-name_ar"' in html  # translated fields, one per language


def test_a_plan_is_created_with_its_timeline_and_themes(client, staff, plan):
    client.force_login(staff)
    data = {
        "member": plan.member.pk,
        "number": 9,
        "title_ar": "خطة العمل الجهوية",
        "title_fr": "Plan d'action régional",
        "title_en": "",
        "slug": "regional-1",
        "start_year": 2026,
        "end_year": 2029,
        "status": "draft",
        "summary_ar": "",
        "summary_fr": "",
        "summary_en": "",
        "timeline_published_on": "",
        "phases-TOTAL_FORMS": 1,
        "phases-INITIAL_FORMS": 0,
        "phases-0-kind": "collection",
        "phases-0-start": "2026-03-01",
        "phases-0-end": "2026-04-15",
        "themes-TOTAL_FORMS": 1,
        "themes-INITIAL_FORMS": 0,
        "themes-0-number": 1,
        "themes-0-name_ar": "الشفافية",
        "themes-0-name_fr": "Transparence",
        "documents-TOTAL_FORMS": 0,
        "documents-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:plans_plan_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Plan.objects.get(slug="regional-1")
    assert [p.kind for p in created.phases.all()] == ["collection"]
    assert [t.name_fr for t in created.themes.all()] == ["Transparence"]


def test_focal_points_are_chosen_by_typing(client, staff, institution_a, focal_a):
    client.force_login(staff)
    html = client.get(reverse("admin:plans_institution_change", args=[institution_a.pk])).content.decode()
    assert 'class="admin-autocomplete' in html  # search-as-you-type (test_account_pickers.py)
    label = f"{isolate(focal_a.email)} — {isolate(focal_a.display_name)}"  # the email tells namesakes apart
    assert f'<option value="{focal_a.pk}" selected>{label}</option>' in html
