"""Import of the ideas collected in a workshop, from a spreadsheet (CSV or XLSX).

One row per idea, with the columns in `COLUMNS`. Each row is checked on its
own (plan, theme of that plan, workshop of that plan on that theme, texts);
the file is imported whole or not at all (core.imports)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.fields import Field

from core.imports import Cells, SpreadsheetResource, whole
from plans.imports import PlanRows
from workshops.models import Workshop

from .models import TEXTS, Idea

COLUMNS = ["plan", "theme", "workshop", *TEXTS, "institution"]


class WorkshopIdeaResource(PlanRows, SpreadsheetResource):
    columns = COLUMNS
    required = ["plan", "theme", "workshop", *TEXTS]
    texts = list(TEXTS)
    one_line = frozenset({"title"})

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
        cells = Cells(row)
        plan = self.find_plan(cells)
        theme = self.find_theme(cells, plan)
        number = cells.read("workshop", whole, required=True, minimum=1)
        workshop = Workshop.objects.filter(plan=plan, number=number).first() if plan and number else None
        if plan and number and workshop is None:
            cells.refuse(
                "workshop",
                _("The plan “%(plan)s” has no workshop number %(number)s.")
                % {"plan": plan.slug, "number": number},
            )
        if theme and workshop and workshop.theme_id != theme.pk:
            cells.refuse(
                "theme",
                _("Workshop %(workshop)s was about theme %(expected)s, not theme %(number)s.")
                % {"workshop": workshop.number, "expected": workshop.theme.number, "number": theme.number},
            )
        instance.institution = self.one_institution(cells, plan, "institution")
        self.texts_from(cells, instance)
        cells.check()

        instance.plan, instance.theme, instance.workshop = plan, theme, workshop
        instance.source = Idea.Source.WORKSHOP
        instance.created_at = instance.status_changed_at = timezone.now()
        instance.set_language_from_text()
