"""What consultations show on the pages and documents of the apps below or
beside them (core.slots), which may not read them: on a commitment's page,
for good, the comments it received in public consultations with their
answers (by pages of its own query parameter); on the home page's "open
now", a text open to comments; in the co-creation report, the table of the
plan's consultations (ideas.cocreation_report.PARTS), with the same figures
as each consultation's report (consultations.report). Filled from
ConsultationsConfig.ready()."""

from django.core.paginator import Paginator
from django.utils import timezone

from commitments import slots as commitment_slots
from core import generations
from core.slots import HOME
from ideas import cocreation_report
from plans.queries import public_plans

from . import figures, report
from .generations import CONSULTATIONS
from .models import Comment, Consultation

# A commitment's consultation comments, listed by pages of this many.
ON_COMMITMENT_PER_PAGE = 20


def _on_commitment(commitment, page: str) -> dict:
    """The published comments on `commitment` (a page of them, oldest first)
    with their answers and the tally of them all: a count, a page and the
    tally, whatever their number; nothing when it received none."""
    rows = (
        Comment.objects.published()
        .filter(commitment=commitment)
        .select_related("author", "association", "owed_by", "milestone", "consultation")
        .order_by("created_at", "pk")
    )
    # The tally counts the same rows: the paginator needs no count of its own.
    tally = figures.tally(Comment.objects.filter(commitment=commitment))
    paginator = Paginator(rows, ON_COMMITMENT_PER_PAGE)
    paginator.count = tally.comments
    comments = paginator.get_page(page)
    if not tally.comments:
        return {"comments": comments}
    today = timezone.localdate()
    for comment in comments:
        # Its consultation is of the commitment's plan, which the page holds
        # with its phases (a draft plan's window): no query.
        comment.consultation.plan = commitment.plan
        comment.commitment = commitment
        comment.due_on = comment.consultation.due()
        comment.overdue = comment.due_on is not None and today > comment.due_on
    # A card is consulted on once, as a rule: its consultation named once then.
    consultations = {comment.consultation_id: comment.consultation for comment in comments}
    return {
        "comments": comments,
        "tally": tally,
        "consultation": next(iter(consultations.values())) if len(consultations) == 1 else None,
    }


def open_texts(now) -> dict:
    """The texts open to comments today on every public plan, the soonest to
    close first: one query, cached under their plans' consultations (a draft
    plan's consultation shows as its plan's phase: plans.home)."""
    plans = {plan.pk: plan for plan in public_plans()}
    today = timezone.localdate(now)

    def build() -> list[Consultation]:
        rows = Consultation.objects.open_on(today).filter(
            plan__in=list(plans), subject=Consultation.Subject.TEXT
        )
        return list(rows.order_by("closes_on", "pk"))

    names = [CONSULTATIONS.name(pk) for pk in sorted(plans)]
    rows = generations.cached(f"consultations:open-now:{today}", names, build)
    for row in rows:
        row.plan = plans[row.plan_id]
    return {"consultations": [(row, {"closes_on": row.window()[1]}) for row in rows]}


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
    commitment_slots.PAGE.fill(
        "consultations/slots/commitment_page.html", read=_on_commitment, page="consultation"
    )
    HOME.fill("consultations/home/open_texts.html", read=open_texts)
    cocreation_report.PARTS.fill("consultations/pdf/cocreation_table.html", read=_cocreation_table)
    cocreation_report.READS.shows(CONSULTATIONS)
