"""Law 09-08: every model linked to a person is answered for by a part of
core.personal_data — in their download, handled when they delete their
account. Walks the app registry (third-party apps and django-simple-history's
models included), so a new model with a user field fails here until some
app's part names it."""

from django.apps import apps
from django.contrib.auth import get_user_model

from core.personal_data import PARTS


def user_links() -> dict:
    """Each installed model with a foreign key, one-to-one or many-to-many
    field to the user model: {model: [field names]}."""
    user = get_user_model()
    links: dict = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is user:
                links.setdefault(model, []).append(field.name)
    return links


def pointing_at(pk: int) -> set[str]:
    """The user fields ("app.Model.field") of every model that still hold `pk`."""
    return {
        f"{model._meta.label}.{name}"
        for model, names in user_links().items()
        for name in names
        if model._base_manager.filter(**{name: pk}).exists()
    }


def test_every_model_linked_to_a_person_is_covered_by_a_part():
    covered = {model for part in PARTS.values() for model in part.covers()}
    missing = {model._meta.label: names for model, names in user_links().items() if model not in covered}
    assert missing == {}, "Register these in the app's privacy.py (core.personal_data): " + repr(missing)


def test_each_part_names_only_models_linked_to_a_person():
    """A part that names a model without a user field names the wrong one."""
    links = user_links()
    wrong = {key: sorted(m._meta.label for m in part.covers() - set(links)) for key, part in PARTS.items()}
    assert {key: labels for key, labels in wrong.items() if labels} == {}


def test_the_walk_sees_what_it_must():
    """The walk itself: the links every kind of field makes are found,
    from the project's apps, third-party apps and history models alike."""
    labels = {model._meta.label: names for model, names in user_links().items()}
    assert labels["plans.Institution"] == ["focal_points"]  # many-to-many
    assert labels["account.EmailAddress"] == ["user"]  # allauth
    assert labels["admin.LogEntry"] == ["user"]  # django.contrib.admin
    assert set(labels["commitments.HistoricalAssessment"]) == {"author", "history_user"}  # simple-history
    assert labels["commitments.Follow"] == ["user"]
