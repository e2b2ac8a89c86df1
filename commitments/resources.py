"""Commitments, milestones and indicators as spreadsheets (CSV or XLSX),
through the admin: what is exported imports back unchanged, and an import is
the whole file or nothing (core.imports), each bad cell named by its column.

- A commitment is found by its plan's slug and its number: a row for an
  existing one updates it (recorded in its history), any other creates a
  draft. Its status is exported to be read; an import never moves it (the
  life cycle's buttons do).
- A milestone or an indicator is found by its `id` (as exported); a row
  without one creates a new one under the commitment its `plan` and
  `commitment` (number) name.
- Institutions are named by their slug among the plan's member's, several
  separated by ";"; associations by their slug; texts in one column per
  language (title_ar, title_fr, title_en…); OGP values 1 or 0; dates
  YYYY-MM-DD. A column left out of the file leaves that field as it is."""

from django.conf import settings
from django.utils.translation import gettext as _
from import_export.fields import Field

from core.imports import (
    SEPARATOR,
    CellError,
    Cells,
    SpreadsheetResource,
    boolean,
    choice,
    decimal,
    iso_date,
    key,
    whole,
)
from plans.imports import PlanRows
from plans.models import Association, Plan

from .models import OGP_VALUES, Commitment, Indicator, Milestone


def translated(*names: str) -> list[str]:
    return [f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES]


COMMITMENT_COLUMNS = [
    "plan",
    "number",
    "theme",
    "status",
    *translated("title", "summary"),
    "lead_institution",
    "involved_institutions",
    "partner_associations",
    "co_drafting_associations",
    "other_partners",
    *translated("problem", "status_quo", "description", "contribution", "expected_results"),
    *OGP_VALUES,
    "starts_on",
    "ends_on",
    "contact_name",
    "contact_email",
    "contact_institution",
]
MILESTONE_COLUMNS = [
    "id",
    "plan",
    "commitment",
    "position",
    *translated("description"),
    "responsible_institution",
    "starts_on",
    "ends_on",
    *translated("expected_output"),
    "status",
    "completion",
    "weight",
]
INDICATOR_COLUMNS = [
    "id",
    "plan",
    "commitment",
    "position",
    *translated("name"),
    "kind",
    "unit",
    "baseline_value",
    "baseline_on",
    "target_value",
    "target_on",
]


class CommitmentResource(PlanRows, SpreadsheetResource):
    columns = COMMITMENT_COLUMNS
    required = ["plan", "number", "theme", "title_ar", "lead_institution"]
    texts = [
        *translated("title", "summary", "problem", "status_quo", "description", "contribution"),
        *translated("expected_results"),
        "other_partners",
        "contact_name",
        "contact_email",
        "contact_institution",
    ]
    one_line = frozenset({"title", "other_partners", "contact_name", "contact_institution"})

    class Meta:
        model = Commitment
        fields = COMMITMENT_COLUMNS
        export_order = COMMITMENT_COLUMNS
        import_order = COMMITMENT_COLUMNS
        clean_model_instances = True
        skip_diff = False

    @classmethod
    def get_display_name(cls):
        return _("Commitments (one row per card)")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("plan", "theme", "lead_institution").prefetch_related(
            "involved_institutions", "partner_associations", "co_drafting_associations"
        )

    def export_plan(self, commitment):
        return commitment.plan.slug

    def export_theme(self, commitment):
        return commitment.theme.number

    def _slugs(self, commitment, name: str) -> str:
        pending = getattr(commitment, "_pending_links", {})
        if name in pending:
            rows = pending[name]
        elif commitment.pk is None:
            return ""
        else:
            rows = getattr(commitment, name).all()
        return SEPARATOR.join(sorted(row.slug for row in rows))

    def export_involved_institutions(self, commitment):
        return self._slugs(commitment, "involved_institutions")

    def export_partner_associations(self, commitment):
        return self._slugs(commitment, "partner_associations")

    def export_co_drafting_associations(self, commitment):
        return self._slugs(commitment, "co_drafting_associations")

    def existing(self, row):
        try:
            slug, number = key(row.get("plan")), whole(row.get("number"), minimum=1)
        except CellError:
            return None
        if not slug or number is None:
            return None
        found = Commitment.objects.select_for_update(of=("self",)).filter(plan__slug=slug, number=number)
        return found.first()

    def import_instance(self, instance: Commitment, row, **kwargs):
        cells = Cells(row)
        plan = self.find_plan(cells)
        number = cells.read("number", whole, required=True, minimum=1)
        if plan and number:
            self.once_per_file(
                cells,
                (plan.pk, number),
                kwargs.get("row_number"),
                "number",
                _("commitment %(number)s of this plan") % {"number": number},
            )
        theme = self.find_theme(cells, plan)
        if theme is not None:
            instance.theme = theme
        lead = self.one_institution(cells, plan, "lead_institution", required=True)
        links = {"involved_institutions": self.institutions(cells, plan, "involved_institutions")}
        for column in ("partner_associations", "co_drafting_associations"):
            links[column] = self.associations(cells, column)
        self.texts_from(cells, instance)
        for column in OGP_VALUES:
            self.set_if_given(cells, instance, column, boolean)
        for column in self.dates:
            self.set_if_given(cells, instance, column, iso_date)
        self.check_dates(cells, instance)
        cells.check()

        if instance.pk is None:
            instance.plan, instance.number = plan, number
            instance.status = Commitment.Status.DRAFT
        instance.lead_institution = lead
        instance._pending_links = {
            column: rows for column, rows in links.items() if rows is not None and column in row
        }

    def associations(self, cells: Cells, column: str) -> list | None:
        value = cells.read(column, key)
        if value is None:
            return None
        slugs = [slug.strip() for slug in value.split(SEPARATOR) if slug.strip()]
        found = {association.slug: association for association in Association.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            cells.refuse(column, _("No association has the slug “%(slug)s”.") % {"slug": ", ".join(unknown)})
            return None
        return [found[slug] for slug in slugs]

    def save_m2m(self, instance, row, **kwargs):
        # Set after the card is saved; each change is a history entry.
        for name, rows in getattr(instance, "_pending_links", {}).items():
            getattr(instance, name).set(rows)


class UnderCommitmentResource(PlanRows, SpreadsheetResource):
    """Milestones and indicators: under a commitment named by its plan and
    number, found again by their id."""

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("commitment__plan")

    def export_plan(self, row):
        return row.commitment.plan.slug

    def export_commitment(self, row):
        return row.commitment.number

    def existing(self, row):
        try:
            pk = whole(row.get("id"), minimum=1, maximum=2**31 - 1)
        except CellError:
            return None
        if pk is None:
            return None
        model = self._meta.model
        return (
            model.objects.select_for_update(of=("self",)).select_related("commitment").filter(pk=pk).first()
        )

    def under(self, cells: Cells, instance, row_number) -> Plan | None:
        """The commitment, the id and the position: read, checked, set."""
        plan = self.find_plan(cells)
        number = cells.read("commitment", whole, required=True, minimum=1)
        commitment = None
        if plan and number:
            commitment = Commitment.objects.filter(plan=plan, number=number).first()
            if commitment is None:
                cells.refuse(
                    "commitment",
                    _("The plan “%(plan)s” has no commitment number %(number)s.")
                    % {"plan": plan.slug, "number": number},
                )
        pk = cells.read("id", whole, minimum=1, maximum=2**31 - 1)
        if pk is not None:
            self.once_per_file(cells, (pk,), row_number, "id", _("this id"))
            if instance.pk is None:
                cells.refuse(
                    "id",
                    _("No %(model)s has the id %(id)s: leave the cell empty to add one.")
                    % {"model": self._meta.model._meta.verbose_name, "id": pk},
                )
            elif commitment and instance.commitment_id != commitment.pk:
                cells.refuse(
                    "commitment",
                    _("The %(model)s %(id)s belongs to commitment %(number)s, not %(other)s.")
                    % {
                        "model": self._meta.model._meta.verbose_name,
                        "id": pk,
                        "number": instance.commitment.number,
                        "other": commitment.number,
                    },
                )
        if commitment is not None and instance.pk is None:
            instance.commitment = commitment
        self.set_if_given(cells, instance, "position", whole)
        if instance.position is None:
            instance.position = 0
        return plan


class MilestoneResource(UnderCommitmentResource):
    columns = MILESTONE_COLUMNS
    required = ["plan", "commitment", "description_ar"]
    texts = translated("description", "expected_output")

    plan = Field(column_name="plan")

    class Meta:
        model = Milestone
        fields = MILESTONE_COLUMNS
        export_order = MILESTONE_COLUMNS
        import_order = MILESTONE_COLUMNS
        clean_model_instances = True
        skip_diff = False

    @classmethod
    def get_display_name(cls):
        return _("Milestones (one row per milestone)")

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset).select_related("responsible_institution")

    def import_instance(self, instance: Milestone, row, **kwargs):
        cells = Cells(row)
        plan = self.under(cells, instance, kwargs.get("row_number"))
        if "responsible_institution" in row:
            instance.responsible_institution = self.one_institution(cells, plan, "responsible_institution")
        self.texts_from(cells, instance)
        for column in self.dates:
            self.set_if_given(cells, instance, column, iso_date)
        self.check_dates(cells, instance)
        status = cells.read("status", choice, choices=Milestone.Status)
        if status:
            instance.status = status
        self.set_if_given(cells, instance, "completion", whole, maximum=100)
        if instance.completion is None:
            instance.completion = 0
        self.set_if_given(cells, instance, "weight", whole)
        cells.check()


class IndicatorResource(UnderCommitmentResource):
    columns = INDICATOR_COLUMNS
    required = ["plan", "commitment", "name_ar"]
    texts = [*translated("name"), "unit"]
    one_line = frozenset({"name", "unit"})
    dates = ("baseline_on", "target_on")

    plan = Field(column_name="plan")

    class Meta:
        model = Indicator
        fields = INDICATOR_COLUMNS
        export_order = INDICATOR_COLUMNS
        import_order = INDICATOR_COLUMNS
        clean_model_instances = True
        skip_diff = False

    @classmethod
    def get_display_name(cls):
        return _("Indicators (one row per indicator)")

    def import_instance(self, instance: Indicator, row, **kwargs):
        cells = Cells(row)
        self.under(cells, instance, kwargs.get("row_number"))
        self.texts_from(cells, instance)
        kind = cells.read("kind", choice, choices=Indicator.Kind)
        if kind:
            instance.kind = kind
        for column in ("baseline_value", "target_value"):
            self.set_if_given(cells, instance, column, decimal)
        for column in self.dates:
            self.set_if_given(cells, instance, column, iso_date)
        cells.check()
