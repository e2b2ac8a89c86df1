"""Accounts are picked in the admin by typing (issue 18, item 29): no picker
lists every account (380 on the demo, 10,000 at scale), and the search-as-
you-type endpoint answers only for a declared picker, to whoever may fill
it in, with what that picker offers them (core.scoping.ScopedAutocomplete)."""

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
)
from django.contrib.auth.models import Group
from django.forms import ModelChoiceField
from django.test import RequestFactory
from django.urls import reverse

from core.models import User
from tests.factories import AssociationFactory, UserFactory

from .test_roles_and_history import label, permissions_for

pytestmark = pytest.mark.django_db

SEARCHED = (AutocompleteSelect, AutocompleteSelectMultiple, ForeignKeyRawIdWidget, ManyToManyRawIdWidget)


def account_fields(model_admin, request):
    """(name, form field) of every account picker on an admin's add form and
    its inlines' forms."""
    forms = [model_admin.get_form(request)]
    forms += [
        formset.form
        for formset, _inline in model_admin.get_formsets_with_inlines(request)
        if hasattr(formset, "form")
    ]
    for form in forms:
        for name, field in form.base_fields.items():
            if isinstance(field, ModelChoiceField) and field.queryset.model is User:
                yield f"{form._meta.model._meta.label}.{name}", field


def test_every_account_picker_of_the_admin_is_searched_not_listed(staff):
    request = RequestFactory().get("/")
    request.user = staff
    listed = [
        name
        for model_admin in admin.site._registry.values()
        for name, field in account_fields(model_admin, request)
        if not isinstance(getattr(field.widget, "widget", field.widget), SEARCHED)
    ]
    assert listed == []


@pytest.fixture
def cast(institution_a, focal_a, secretariat, moderator):
    """Accounts to find: citizens, staff, a representative of an association."""
    secretariat.groups.first().permissions.add(
        *permissions_for("plans", "institution"), *permissions_for("plans", "association")
    )
    association = AssociationFactory(slug="transparence")
    representative = UserFactory(email="rep@transparence.ma", display_name="Rep", is_staff=True)
    representative.groups.add(Group.objects.get_or_create(name="Association representatives")[0])
    association.representatives.add(representative)
    citizens = [UserFactory(email=f"citoyen{n}@example.org", display_name=f"Citoyen {n}") for n in range(3)]
    return {
        "institution": institution_a,
        "association": association,
        "citizens": citizens,
        "focal point": focal_a,
        "representative": representative,
        "secretariat": secretariat,
        "moderator": moderator,
    }


def ask(client, model_name, field_name, term="", app_label="plans"):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


def emails(response) -> set[str]:
    return {result["text"].split(" — ")[0].strip("\u2068\u2069") for result in response.json()["results"]}


@pytest.mark.parametrize("role", ["anonymous", "citizen", "focal point", "representative", "moderator"])
@pytest.mark.parametrize("field", [("institution", "focal_points"), ("association", "representatives")])
def test_no_other_role_enumerates_accounts_through_the_pickers(client, cast, role, field):
    if role == "citizen":
        client.force_login(cast["citizens"][0])
    elif role != "anonymous":
        client.force_login(cast[role])
    response = ask(client, *field, term="example.org")
    assert response.status_code in (302, 403)
    assert b"citoyen" not in response.content


def test_the_secretariat_finds_focal_points_among_staff_accounts_only(client, cast):
    client.force_login(cast["secretariat"])
    response = ask(client, "institution", "focal_points")
    assert response.status_code == 200
    found = emails(response)
    assert cast["focal point"].email in found and cast["representative"].email in found
    assert not any(email.startswith("citoyen") for email in found)
    assert emails(ask(client, "institution", "focal_points", term="citoyen")) == set()
    assert emails(ask(client, "institution", "focal_points", term="focal-fin")) == {cast["focal point"].email}


def test_the_secretariat_finds_any_account_as_a_representative_by_typing(client, cast):
    """A citizen may represent their association when submitting ideas."""
    client.force_login(cast["secretariat"])
    response = ask(client, "association", "representatives", term="citoyen1")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"id": str(cast["citizens"][1].pk), "text": label("citoyen1@example.org", "Citoyen 1")}
    ]


@pytest.mark.parametrize(
    "source",
    [
        ("ideas", "idea", "author"),  # a raw id field, not a picker
        ("commitments", "follow", "user"),  # no admin
        ("core", "emailpreference", "user"),
    ],
)
def test_a_relation_that_is_not_a_declared_picker_answers_nothing(client, staff, cast, source):
    """Django's own endpoint answered anyone who may view accounts, through
    any relation to them, with every account."""
    app_label, model_name, field_name = source
    client.force_login(staff)  # a superuser
    assert ask(client, model_name, field_name, app_label=app_label).status_code == 403


def test_the_pickers_show_the_chosen_accounts_and_search_for_the_others(client, cast):
    client.force_login(cast["secretariat"])
    institution, focal = cast["institution"], cast["focal point"]
    html = client.get(reverse("admin:plans_institution_change", args=[institution.pk])).content.decode()
    assert 'class="admin-autocomplete' in html
    assert f'<option value="{focal.pk}" selected>{label(focal.email, focal.display_name)}</option>' in html
    assert "citoyen0@example.org" not in html and cast["representative"].email not in html
    html = client.get(
        reverse("admin:plans_association_change", args=[cast["association"].pk])
    ).content.decode()
    assert "citoyen0@example.org" not in html and cast["representative"].email in html
