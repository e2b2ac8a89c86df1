"""The open data of workshops, declared for the open-data registry
(core/datasets.py, collected by opendata.registry): every workshop of the
public plans with its figures. No personal data: figures only.

Column names are stable: add columns at the end, never rename one."""

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.datasets import Column, Dataset, Links
from plans.models import Institution, Plan

from . import figures
from .generations import WORKSHOPS
from .models import Workshop

COLUMNS = [
    Column("plan", _("Identifier (slug) of the action plan.")),
    Column("number", _("Number of the workshop within the plan."), type="integer"),
    Column("title", _("Title of the workshop in Arabic.")),
    Column("theme", _("Number of the workshop's theme within the plan."), type="integer"),
    Column("organiser", _("Association that organised the workshop (name in Arabic).")),
    Column("institutions", _("Institutions taking part (names in Arabic)."), type="list"),
    Column("starts_at", _("Start (ISO 8601, with the offset from UTC)."), type="datetime"),
    Column("ends_at", _("End (ISO 8601, with the offset from UTC)."), type="datetime"),
    Column("mode", _("“in_person”, “online” or “hybrid”.")),
    Column("registered", _("People registered with a seat."), type="integer"),
    Column("attended", _("People who attended."), type="integer"),
    Column(
        "figures_source",
        _(
            "“rows”: registered and attended are counted from the registrations and the attendance "
            "recorded on the portal; “reported”: they are the figures the organiser reported, for a "
            "workshop held before the portal."
        ),
    ),
    Column("ideas", _("Ideas collected at the workshop."), type="integer"),
    Column("title_fr", _("Title of the workshop in French.")),
    Column("title_en", _("Title of the workshop in English.")),
    Column(
        "cancelled_at", _("When the workshop was cancelled (ISO 8601); empty if it was not."), type="datetime"
    ),
    Column("url", _("Address of the workshop's page on the portal.")),
]


def workshop_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """One dict per workshop of the public plans (or of `plan`): two queries."""
    workshops = Workshop.objects.public()
    if plan is not None:
        workshops = workshops.filter(plan=plan)
    workshops = (
        figures.with_figures(workshops)
        .select_related("plan", "theme", "organiser")
        .prefetch_related(Prefetch("institutions", queryset=Institution.objects.order_by("name_ar")))
        .order_by("plan_id", "number")
    )
    casablanca = timezone.get_current_timezone()
    url = links.page("workshops:detail")
    for workshop in workshops:
        counted = figures.of(workshop)
        yield {
            "plan": workshop.plan.slug,
            "number": workshop.number,
            "title": workshop.title_ar or "",
            "theme": workshop.theme.number,
            "organiser": workshop.organiser.name_ar or "",
            "institutions": [institution.name_ar or "" for institution in workshop.institutions.all()],
            "starts_at": workshop.starts_at.astimezone(casablanca).isoformat(timespec="seconds"),
            "ends_at": workshop.ends_at.astimezone(casablanca).isoformat(timespec="seconds"),
            "mode": workshop.mode,
            "registered": counted["registered"],
            "attended": counted["attended"],
            "figures_source": "reported" if counted["reported"] else "rows",
            "ideas": workshop.idea_count,
            "title_fr": workshop.title_fr or "",
            "title_en": workshop.title_en or "",
            "cancelled_at": (
                workshop.cancelled_at.astimezone(casablanca).isoformat(timespec="seconds")
                if workshop.cancelled_at
                else ""
            ),
            "url": url(workshop.pk),
        }


DATASETS = [
    Dataset(
        key="workshops",
        title=_("Thematic workshops of every public action plan, with their figures"),
        description=_(
            "Every workshop of the public action plans: when and how it was held, who organised it, "
            "how many people registered and attended, and how many ideas it collected. In the JSON, "
            "institutions is a list."
        ),
        columns=COLUMNS,
        rows=workshop_rows,
        # The plans (themes, organisers, institutions), the workshops with
        # their registrations, and the ideas (the count collected).
        generations=lambda plan_id: ["plans", *WORKSHOPS.page(plan_id)],
    ),
]
