"""Import of the ideas collected in a workshop, from a spreadsheet (CSV or XLSX).

One row per idea, with the columns in `COLUMNS`. Each row is checked on its
own (plan, theme of that plan, workshop of that plan on that theme, texts);
the file is imported whole or not at all (core.imports)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from core.imports import AllOrNothingResource
from plans.models import Institution, Plan, Theme
from workshops.models import Workshop

from .models import TEXTS, Idea

COLUMNS = ["plan", "theme", "workshop", *TEXTS, "institution"]
REQUIRED = ["plan", "theme", "workshop", *TEXTS]


def _number(value) -> int | None:
    """A whole number from a CSV cell ("3") or a spreadsheet one (3 or 3.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().lstrip("#")
    return int(text) if text.isdigit() else None


class WorkshopIdeaResource(AllOrNothingResource, resources.ModelResource):
    # The columns are read by `import_instance` below, which resolves them
    # together (a theme number means something only within its plan).
    plan = Field(column_name="plan")
    theme = Field(column_name="theme")
    workshop = Field(column_name="workshop")
    title = Field(column_name="title")
    problem = Field(column_name="problem")
    solution = Field(column_name="solution")
    expected_results = Field(column_name="expected_results")
    institution = Field(column_name="institution")

    class Meta:
        model = Idea
        fields = COLUMNS
        import_order = COLUMNS
        force_init_instance = True  # every row is a new idea
        use_transactions = True
        clean_model_instances = True
        skip_diff = True

    @classmethod
    def get_display_name(cls):
        return _("Ideas collected in a workshop")

    def import_instance(self, instance: Idea, row, **kwargs):
        errors: dict[str, str] = {}

        def cell(column: str) -> str:
            value = row.get(column)
            return "" if value is None else str(value).strip()

        for column in REQUIRED:
            if column not in row:
                errors[column] = _("The column “%(column)s” is missing from the file.") % {"column": column}
            elif not cell(column):
                errors[column] = _("This cell is empty.")

        plan = theme = workshop = None
        if "plan" not in errors:
            plan = Plan.objects.select_related("member").filter(slug=cell("plan")).first()
            if plan is None:
                errors["plan"] = _("No action plan has the slug “%(slug)s”.") % {"slug": cell("plan")}
        if plan and "theme" not in errors:
            number = _number(row["theme"])
            theme = Theme.objects.filter(plan=plan, number=number).first() if number else None
            if theme is None:
                errors["theme"] = _("The plan “%(plan)s” has no theme number %(number)s.") % {
                    "plan": plan.slug,
                    "number": cell("theme"),
                }
        if plan and "workshop" not in errors:
            number = _number(row["workshop"])
            workshop = Workshop.objects.filter(plan=plan, number=number).first() if number else None
            if workshop is None:
                errors["workshop"] = _("The plan “%(plan)s” has no workshop number %(number)s.") % {
                    "plan": plan.slug,
                    "number": cell("workshop"),
                }
        if theme and workshop and workshop.theme_id != theme.pk:
            errors["theme"] = _(
                "Workshop %(workshop)s was about theme %(expected)s, not theme %(number)s."
            ) % {"workshop": workshop.number, "expected": workshop.theme.number, "number": theme.number}

        institution = None
        if plan and cell("institution"):
            institution = Institution.objects.filter(member=plan.member, slug=cell("institution")).first()
            if institution is None:
                errors["institution"] = _("No institution of %(member)s has the slug “%(slug)s”.") % {
                    "member": plan.member,
                    "slug": cell("institution"),
                }

        if errors:
            raise ValidationError(errors)

        instance.plan, instance.theme, instance.workshop = plan, theme, workshop
        instance.institution = institution
        instance.source = Idea.Source.WORKSHOP
        for column in TEXTS:
            setattr(instance, column, cell(column))
        instance.created_at = instance.status_changed_at = timezone.now()
        instance.set_language_from_text()
