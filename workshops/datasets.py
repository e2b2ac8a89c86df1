"""The open data of workshops, declared for the open-data registry
(core/datasets.py, collected by opendata.registry): every workshop of the
public plans with its figures. No personal data: figures only.

Column names are stable: add columns at the end, never rename one."""

from collections import defaultdict
from collections.abc import Iterator
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.datasets import Column, Dataset, Links
from plans.models import Plan

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


# What a row reads, as values: 860 workshops are written in a fraction of the
# time model objects would take (the first download after a change writes
# the file).
FIELDS = (
    "pk",
    "plan__slug",
    "number",
    "title_ar",
    "title_fr",
    "title_en",
    "theme__number",
    "organiser__name_ar",
    "starts_at",
    "ends_at",
    "mode",
    "cancelled_at",
    # figures.of() reads these
    "reported",
    "registered_count",
    "attended_count",
    "rows_registered",
    "rows_attended",
    "rows_waiting",
    "seats_left",
    "idea_count",
)


def workshop_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """One dict per workshop of the public plans (or of `plan`): two queries,
    the workshops with their figures and the names of their institutions."""
    workshops = Workshop.objects.public()
    if plan is not None:
        workshops = workshops.filter(plan=plan)
    institutions = defaultdict(list)
    taking_part = (
        Workshop.institutions.through.objects.filter(workshop__in=workshops.values("pk"))
        .order_by("institution__name_ar", "institution_id")
        .values_list("workshop_id", "institution__name_ar")
    )
    for workshop_id, name in taking_part:
        institutions[workshop_id].append(name or "")
    rows = figures.with_figures(workshops).order_by("plan_id", "number").values(*FIELDS)
    casablanca = timezone.get_current_timezone()
    url = links.page("workshops:detail")
    for row in rows:
        counted = figures.of(SimpleNamespace(**row))
        yield {
            "plan": row["plan__slug"],
            "number": row["number"],
            "title": row["title_ar"] or "",
            "theme": row["theme__number"],
            "organiser": row["organiser__name_ar"] or "",
            "institutions": institutions.get(row["pk"], []),
            "starts_at": row["starts_at"].astimezone(casablanca).isoformat(timespec="seconds"),
            "ends_at": row["ends_at"].astimezone(casablanca).isoformat(timespec="seconds"),
            "mode": row["mode"],
            "registered": counted["registered"],
            "attended": counted["attended"],
            "figures_source": "reported" if counted["reported"] else "rows",
            "ideas": row["idea_count"],
            "title_fr": row["title_fr"] or "",
            "title_en": row["title_en"] or "",
            "cancelled_at": (
                row["cancelled_at"].astimezone(casablanca).isoformat(timespec="seconds")
                if row["cancelled_at"]
                else ""
            ),
            "url": url(row["pk"]),
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
