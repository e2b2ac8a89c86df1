"""Hostile terms in the admin's autocomplete: never a 500 — on PostgreSQL,
which refuses a NUL byte in text. (Apart from test_hostile_input.py, whose
rows, built once for its module, would be there to be found.)"""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def autocomplete_fields():
    """(source admin's model, field) for every autocomplete field of the site."""
    return [
        pytest.param(model, field, id=f"{model._meta.label_lower}.{field}")
        for model, model_admin in admin.site._registry.items()
        for field in model_admin.autocomplete_fields
    ]


@pytest.mark.parametrize("model,field", autocomplete_fields())
@pytest.mark.parametrize("term", ["\x00", "a\x00", "%", "' OR 1=1 --"])
def test_the_autocomplete_answers_hostile_terms(client, staff, model, field, term):
    client.force_login(staff)
    query = {
        "term": term,
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "field_name": field,
    }
    response = client.get(reverse("admin:autocomplete"), query)
    assert response.status_code == 200
    # Nothing to find but, in an account picker, the searcher's own account.
    found = [result for result in response.json()["results"] if result["id"] != str(staff.pk)]
    assert found == [] or term == "%"
    for page in ["abc", "\x00", "-1"]:
        assert client.get(reverse("admin:autocomplete"), {**query, "page": page}).status_code in (200, 404)
    assert client.get(reverse("admin:autocomplete"), {**query, "app_label": "\x00"}).status_code == 403
