"""Hostile query strings and form values in the admin: a clear message, a 400
or a 404, never a 500 — on PostgreSQL, which refuses a NUL byte in text."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.urls import reverse

from tests.admin.conftest import sent_idea
from tests.conftest import built_once
from tests.factories import InstitutionFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


@built_once
def rows():
    """A superuser, and an idea sent to an institution by a verified citizen:
    built once for every case of the module."""
    citizen = UserFactory(email="hostile-citizen@example.org")
    EmailAddress.objects.create(user=citizen, email=citizen.email, verified=True, primary=True)
    theme = ThemeFactory()
    idea = sent_idea(InstitutionFactory(member=theme.plan.member), theme=theme, author=citizen)
    staff = UserFactory(email="hostile-admin@example.org", is_staff=True, is_superuser=True, language="fr")
    return {"staff": staff, "idea": idea}


HOSTILE = ["\x00", "a\x00b", "abc", "-1", "99999999999999999999", "1e400", "' OR 1=1 --", "%", "2026-13-45"]


def changelists():
    return [pytest.param(model, id=model._meta.label_lower) for model in admin.site._registry]


@pytest.mark.parametrize("model", changelists())
def test_every_changelist_answers_hostile_filter_values_without_error(client, rows, model):
    client.raise_request_exception = False  # a 500 is counted, not raised
    client.force_login(rows["staff"])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200
    cl = response.context["cl"]
    parameters = {"q", "o", "p"}
    for spec in cl.filter_specs:
        parameters.update(spec.expected_parameters())
    if cl.date_hierarchy:
        parameters.update(f"{cl.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    failures = []
    for parameter in sorted(parameters):
        for value in HOSTILE:
            status = client.get(url, {parameter: value}).status_code
            if status >= 500:
                failures.append(f"{parameter}={value!r}: {status}")
    assert failures == []


@pytest.mark.parametrize("parameter", ["status", "q"])
def test_a_nul_byte_in_a_filter_or_search_shows_the_list_unfiltered(client, rows, parameter):
    client.force_login(rows["staff"])
    url = reverse("admin:ideas_idea_changelist")
    response = client.get(url, {parameter: "a\x00"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [] or response.redirect_chain[-1][0].endswith("?e=1")
    assert rows["idea"] in response.context["cl"].result_list


def test_a_bad_filter_value_says_so(client, rows):
    client.force_login(rows["staff"])
    response = client.get(reverse("admin:ideas_idea_changelist"), {"status": "\x00"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?e=1")
    assert [str(m) for m in response.context["messages"]] == [
        "إحدى قيم التصفية أو البحث غير صالحة: تعرض القائمة بدونها."
    ]


@pytest.mark.parametrize("model", changelists())
def test_every_action_refuses_selected_ids_that_are_not_ids(client, rows, model):
    client.raise_request_exception = False
    client.force_login(rows["staff"])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    actions = list(admin.site._registry[model].get_actions(client.get(url).wsgi_request))
    failures = []
    for action in actions:
        for value in ["abc", "\x00", "1.5", "99999999999999999999"]:
            response = client.post(url, {"action": action, "index": 0, "_selected_action": value})
            if response.status_code >= 500:
                failures.append(f"{action} {value!r}: {response.status_code}")
    assert failures == []


def test_an_action_on_an_id_that_is_not_one_changes_nothing_and_says_so(client, staff, submitted_idea):
    client.force_login(staff)
    url = reverse("admin:ideas_idea_changelist")
    data = {"action": "accept_ideas", "index": 0, "_selected_action": ["abc", submitted_idea.pk]}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    said = [str(m) for m in response.context["messages"]]
    assert "التحديد غير صالح: لم يتغير أي شيء." in said
    submitted_idea.refresh_from_db()
    assert submitted_idea.status == "submitted"
