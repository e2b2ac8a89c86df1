"""What every spreadsheet import of a plan's rows looks up (core.imports):
the plan by its slug, a theme by its number within the plan, institutions by
their slug among the plan's member's. Each lookup is remembered for the file,
and a cell naming nothing is refused in words."""

from django.utils.translation import gettext as _

from core.imports import SEPARATOR, Cells, key, whole

from .models import Institution, Plan, Theme


class PlanRows:
    """Mixin for a core.imports.SpreadsheetResource."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._plans: dict[str, Plan | None] = {}
        self._institutions: dict[tuple[int, str], Institution | None] = {}

    def find_plan(self, cells: Cells) -> Plan | None:
        slug = cells.read("plan", key, required=True)
        if not slug:
            return None
        if slug not in self._plans:
            self._plans[slug] = Plan.objects.select_related("member").filter(slug=slug).first()
        if self._plans[slug] is None:
            cells.refuse("plan", _("No action plan has the slug “%(slug)s”.") % {"slug": slug})
        return self._plans[slug]

    def find_theme(self, cells: Cells, plan: Plan | None, column: str = "theme") -> Theme | None:
        number = cells.read(column, whole, required=True, minimum=1)
        if not (plan and number):
            return None
        theme = Theme.objects.filter(plan=plan, number=number).first()
        if theme is None:
            cells.refuse(
                column,
                _("The plan “%(plan)s” has no theme number %(number)s.")
                % {"plan": plan.slug, "number": number},
            )
        return theme

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

    def one_institution(self, cells: Cells, plan: Plan | None, column: str, *, required=False):
        """The one institution the column names; None when the cell is empty
        (or the column absent, or the cell refused)."""
        found = self.institutions(cells, plan, column, required=required)
        if found is None:
            return None
        if len(found) > 1 or (required and not found):
            cells.refuse(column, _("Name one institution (its slug)."))
            return None
        return found[0] if found else None
