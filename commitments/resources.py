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

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Model
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from core.imports import (
    AllOrNothingResource,
    CellError,
    Cells,
    boolean,
    choice,
    decimal,
    iso_date,
    key,
    spreadsheet_safe,
    text,
    whole,
)
from plans.models import Association, Institution, Plan, Theme

from .models import Commitment, Indicator, Milestone


def translated(*names: str) -> list[str]:
    return [f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES]


SEPARATOR = ";"
OGP_VALUES = [
    "access_to_information",
    "civic_participation",
    "public_accountability",
    "technology_and_innovation",
]
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
ONE_LINE = {"title", "name", "unit", "contact_name", "contact_institution", "other_partners"}


def cell(value):
    """A value as the export writes it (and the import reads it back)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        return value.slug
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value


class SpreadsheetResource(AllOrNothingResource, resources.ModelResource):
    """What the three resources share: the export of each column through
    `cell` (a column may have an `export_<column>` method), the lookups of
    plans and institutions (remembered for the file), the rows that change
    nothing skipped (no empty entry in the history), and the same key twice
    in a file refused."""

    columns: list[str]
    required: list[str]
    texts: list[str] = []
    dates = ("starts_on", "ends_on")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._plans: dict[str, Plan | None] = {}
        self._institutions: dict[tuple[int, str], Institution | None] = {}
        self._seen: dict[tuple, int] = {}

    # Export.
    def export_field(self, field, instance, **kwargs):
        column = field.column_name
        method = getattr(self, f"export_{column}", None)
        return cell(method(instance) if method else getattr(instance, column))

    def snapshot(self, instance) -> list:
        return [self.export_field(field, instance) for field in self.get_export_fields()]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        return self.snapshot(instance) == self.snapshot(original)

    # Import.
    def get_or_init_instance(self, instance_loader, row):
        instance = self.existing(row)
        return (instance, False) if instance is not None else (self.init_instance(row), True)

    def existing(self, row):
        raise NotImplementedError

    def find_plan(self, cells: Cells) -> Plan | None:
        slug = cells.read("plan", key, required=True)
        if not slug:
            return None
        if slug not in self._plans:
            self._plans[slug] = Plan.objects.select_related("member").filter(slug=slug).first()
        if self._plans[slug] is None:
            cells.refuse("plan", _("No action plan has the slug “%(slug)s”.") % {"slug": slug})
        return self._plans[slug]

    def institution(self, plan: Plan, slug: str) -> Institution | None:
        if (plan.member_id, slug) not in self._institutions:
            found = Institution.objects.filter(member_id=plan.member_id, slug=slug).first()
            self._institutions[plan.member_id, slug] = found
        return self._institutions[plan.member_id, slug]

    def institutions(self, cells: Cells, plan: Plan | None, column: str, *, required=False) -> list | None:
        """The institutions of `plan`'s member named in the column (slugs
        separated by ";"); None when the column is absent or wrong."""
        value = cells.read(column, key, required=required)
        if value is None or plan is None:
            return None
        slugs = [slug.strip() for slug in value.split(SEPARATOR) if slug.strip()]
        found = [self.institution(plan, slug) for slug in slugs]
        unknown = [slug for slug, institution in zip(slugs, found, strict=True) if institution is None]
        if unknown:
            cells.refuse(
                column,
                _("No institution of %(member)s has the slug “%(slug)s”.")
                % {"member": plan.member, "slug": ", ".join(unknown)},
            )
            return None
        return found

    def texts_from(self, cells: Cells, instance) -> None:
        for column in self.texts:
            value = cells.read(
                column, text, required=column in self.required, one_line=self._one_line(column)
            )
            if column in cells.row and cells.ok(column):
                setattr(instance, column, value)

    @staticmethod
    def _one_line(column: str) -> bool:
        return column.rsplit("_", 1)[0] in ONE_LINE

    def set_if_given(self, cells: Cells, instance, column: str, reader, **options) -> None:
        value = cells.read(column, reader, **options)
        if column in cells.row and cells.ok(column):
            setattr(instance, column, value)

    def check_dates(self, cells: Cells, instance, start="starts_on", end="ends_on") -> None:
        starts, ends = getattr(instance, start), getattr(instance, end)
        if cells.ok(start, end) and starts and ends and ends < starts:
            cells.refuse(
                end,
                _("The end (%(end)s) is before the start (%(start)s).")
                % {"end": ends.isoformat(), "start": starts.isoformat()},
            )

    def once_per_file(self, cells: Cells, row_key: tuple, row_number, column: str, what: str) -> None:
        first = self._seen.setdefault(row_key, row_number)
        if first != row_number:
            cells.refuse(column, _("Row %(row)s already has %(what)s.") % {"row": first, "what": what})


class CommitmentResource(SpreadsheetResource):
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
        theme_number = cells.read("theme", whole, required=True, minimum=1)
        if plan and theme_number:
            theme = Theme.objects.filter(plan=plan, number=theme_number).first()
            if theme is not None:
                instance.theme = theme
            else:
                cells.refuse(
                    "theme",
                    _("The plan “%(plan)s” has no theme number %(number)s.")
                    % {"plan": plan.slug, "number": theme_number},
                )
        lead = self.institutions(cells, plan, "lead_institution", required=True)
        if lead is not None and len(lead) != 1:
            cells.refuse("lead_institution", _("Name one institution (its slug)."))
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
        instance.lead_institution = lead[0]
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


class UnderCommitmentResource(SpreadsheetResource):
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
            responsible = self.institutions(cells, plan, "responsible_institution")
            if responsible is not None:
                if len(responsible) > 1:
                    cells.refuse("responsible_institution", _("Name one institution (its slug)."))
                else:
                    instance.responsible_institution = responsible[0] if responsible else None
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
