"""What consultations add to the pages and documents of the apps beside them
(core.slots), which may not import consultations: the co-creation report's
table of the plan's public consultations (ideas.cocreation_report.PARTS),
with the same figures as each consultation's report (consultations.report).
Filled from ConsultationsConfig.ready()."""

from ideas import cocreation_report

from . import report
from .generations import CONSULTATIONS
from .models import Consultation


def _cocreation_table(plan) -> dict:
    """The plan's consultations that have opened, oldest first, each with
    its comments, participants, answers and dispositions (two queries, then
    five per consultation: a plan has one or two)."""
    consultations = (
        Consultation.objects.filter(plan=plan.pk)
        .select_related("plan")
        .prefetch_related("plan__phases")
        .order_by("created_at", "pk")
    )
    begun = [c for c in consultations if c.state() in ("open", "closed")]
    return {"rows": [report.summary(consultation) for consultation in begun]}


def fill() -> None:
    cocreation_report.PARTS.fill("consultations/pdf/cocreation_table.html", read=_cocreation_table)
    cocreation_report.READS.shows(CONSULTATIONS)
