"""The consultations' line of a plan's OGP checklist (plans.checklist),
registered from consultations.apps: standard 4, reasoned response — every
published comment of the plan's public consultations answered (a
disposition and a reasoned text, consultations.answers). While answers are
owed (until the closing day plus CONSULTATION_ANSWER_DAYS) the line is at
risk; a comment still awaiting after that day makes it not met. Hidden
comments are owed no answer (consultations.figures). Two queries."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.checklist import Line, Result, State, written
from plans.models import Plan

from .generations import CONSULTATIONS
from .models import AnswerStatus, Comment, Consultation


def _answers(plan: Plan, day) -> Result:
    consultations = list(
        Consultation.objects.filter(plan_id=plan.pk).with_window().order_by("created_at", "pk")
    )
    rows = (
        Comment.objects.published()
        .filter(consultation__in=[c.pk for c in consultations])
        .order_by()
        .values("consultation")
        .annotate(comments=Count("pk"), answered=Count("pk", filter=Q(answer_status=AnswerStatus.ANSWERED)))
    )
    counted = {row["consultation"]: row for row in rows}
    comments = answered = overdue = 0
    due = None  # the earliest day answers still awaited are owed by
    evidence = []
    for consultation in consultations:
        row = counted.get(consultation.pk, {"comments": 0, "answered": 0})
        awaiting = row["comments"] - row["answered"]
        comments += row["comments"]
        answered += row["answered"]
        if awaiting and consultation.due_on is not None:
            if consultation.due_on < day:
                overdue += awaiting
            else:
                due = min(due or consultation.due_on, consultation.due_on)
        evidence.append(
            (consultation.title, reverse("consultations:detail", args=[plan.slug, consultation.pk]))
        )
    figures = [
        (_("Consultations"), str(len(consultations))),
        (_("Comments"), str(comments)),
        (_("Answered"), str(answered)),
        (_("Awaiting an answer"), str(comments - answered)),
        (_("Awaiting after the day they were owed"), str(overdue)),
    ]
    values = {"comments": comments, "answered": answered, "overdue": overdue, "due": written(due)}
    if not consultations:
        return Result(State.MET, _("No public consultation is recorded for this plan."), figures, evidence)
    if answered == comments:
        summary = _("Every comment (%(comments)s) has its reasoned answer.")
        return Result(State.MET, summary % values, figures, evidence)
    if overdue:
        summary = _("Comments still awaiting their answer after the day it was owed: %(overdue)s.")
        return Result(State.NOT_MET, summary % values, figures, evidence)
    summary = _(
        "Comments answered: %(answered)s of %(comments)s; the others are owed their answer by %(due)s."
    )
    return Result(State.AT_RISK, summary % values, figures, evidence)


def reads(plan: Plan) -> list[str]:
    return [CONSULTATIONS.name(plan.pk)]


LINES = [
    Line(
        "response",
        "consultations.answers",
        gettext_lazy("Every consultation comment answered"),
        _answers,
        reads,
        20,
    ),
]
