"""A drafter's change to a public card, held for the secretariat.

On a card the public sees, a focal point (or a co-drafting association's
representative) changes nothing public directly: progress goes through a
progress update, and whatever else their admin form changed — the card's
texts, a milestone, an indicator, a weight — is gathered from the validated
forms into a ChangeRequest instead of being saved. The secretariat
validates it (`apply`, in lifecycle.validate_change: the rows take the new
values, recorded in their history) or returns it with a reason, as it does
an update."""

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .models import ChangeRequest, Commitment, Indicator, Milestone

# The rows a change may touch, and the fields no drafter's change may carry
# whatever is posted (the figures updates make, the secretariat's fields).
MODELS = {"commitment": Commitment, "milestone": Milestone, "indicator": Indicator}
NEVER = {"id", "plan", "number", "status", "completion", "lead_institution", "commitment"}
NEVER |= {"involved_institutions", "co_drafting_associations", "co_drafters_edit"}


def _never(name: str) -> bool:
    return name in NEVER or name.startswith("irm_")


def _shown(field, value) -> str:
    """How a value reads in the secretariat's list of changes."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(v) for v in value) or "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


def _json(value):
    return DjangoJSONEncoder().default(value) if not isinstance(value, str | int | bool | None) else value


class Proposal:
    """Gathers what one save of the admin's forms would have written."""

    def __init__(self, commitment: Commitment):
        self.commitment = commitment
        self.changes: list[dict] = []
        self.request: ChangeRequest | None = None

    def form(self, form) -> None:
        instance = form.instance
        key = type(instance)._meta.model_name
        if key not in MODELS:
            return
        before = type(instance)._default_manager.filter(pk=instance.pk).first() if instance.pk else None
        fields = {}
        for name in form.changed_data:
            try:
                field = instance._meta.get_field(name)
            except FieldDoesNotExist:  # a form's own field (DELETE, a helper)
                continue
            if _never(name) or not field.editable or form.fields[name].disabled:
                continue
            if field.many_to_many:
                after = list(form.cleaned_data.get(name) or [])
                fields[name] = {
                    "value": sorted(row.pk for row in after),
                    "from": _shown(field, list(getattr(before, name).all()) if before else []),
                    "to": _shown(field, after),
                }
                continue
            value = field.value_from_object(instance)
            old = field.value_from_object(before) if before is not None else None
            if before is not None and old == value:
                continue
            if field.is_relation:
                shown_new, shown_old = getattr(instance, name), getattr(before, name, None)
            else:
                shown_new, shown_old = value, old
            fields[name] = {
                "value": _json(value),
                "from": _shown(field, shown_old),
                "to": _shown(field, shown_new),
            }
        if fields:
            self.changes.append(
                {
                    "model": key,
                    "pk": instance.pk,
                    "label": str(instance) if instance.pk else "",
                    "fields": fields,
                }
            )

    def formset(self, formset) -> None:
        for form in formset.forms:
            if form in getattr(formset, "deleted_forms", ()) or not form.has_changed():
                continue
            if getattr(form, "cleaned_data", None) is None:
                continue
            self.form(form)

    def submit(self, *, by) -> ChangeRequest | None:
        """The change request, or None when the forms changed nothing."""
        from . import lifecycle

        if self.changes:
            self.request = lifecycle.submit_change(self.commitment, by=by, changes=self.changes)
        return self.request


def apply(change: ChangeRequest, *, by) -> None:
    """Writes a validated change: each row takes its new values (a new row
    is created on the card), saved as `by` in the rows' history. A row
    deleted meanwhile is skipped."""
    for entry in change.changes:
        model = MODELS.get(entry.get("model"))
        if model is None:
            continue
        if entry.get("pk") is None:
            if model is Commitment:
                continue
            row = model(commitment_id=change.commitment_id)
        else:
            rows = model._default_manager.select_for_update()
            if model is Commitment:
                rows = rows.filter(pk=change.commitment_id)
            else:
                rows = rows.filter(commitment_id=change.commitment_id)
            row = rows.filter(pk=entry["pk"]).first()
            if row is None:
                continue
        many = {}
        for name, value in entry["fields"].items():
            if _never(name):
                continue
            field = model._meta.get_field(name)
            if field.many_to_many:
                many[name] = value["value"]
            elif value["value"] is None:
                setattr(row, field.attname, None)
            else:
                setattr(row, field.attname, field.to_python(value["value"]))
        row._history_user = by
        row.full_clean(exclude=["commitment"] if model is not Commitment else None)
        row.save()
        for name, pks in many.items():
            getattr(row, name).set(pks)
