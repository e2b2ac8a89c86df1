"""The commitments' lines of a plan's OGP checklist (plans.checklist),
registered from commitments.apps:

- standard 5, implementation and monitoring: milestones updated with
  evidence — every milestone marked done shows public evidence, and every
  milestone under way (begun, neither done nor cancelled) has a validated
  progress update at least every six months (counted from its start before
  its first): at risk in the last month before the six months are up, not
  met after;
- the plan rules: the IRM lens rule (inclusion and technology only on top of
  transparency, participation or accountability), which the card's form and
  the database refuse (commitments.models.lenses_admitted): counted here.

The public cards only (not drafts), neither withdrawn nor not retained; what
the public sees of them (validated updates, public evidence). Two queries
each, whatever the plan's size."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.checklist import Line, Result, State, moment, months_after
from plans.models import Plan

from .generations import COMMITMENTS
from .models import IRM_LENSES, Commitment, Evidence, Milestone, ProgressUpdate, lenses_admitted

# An update at least every UPDATE_EVERY_MONTHS; at risk from WARN_BEFORE before.
UPDATE_EVERY_MONTHS = 6
WARN_BEFORE = timedelta(days=30)
EVIDENCE_SHOWN = 5  # the commitments named as evidence, at most
C = Commitment.Status
M = Milestone.Status


def _cards(plan: Plan):
    return (
        Commitment.objects.public().filter(plan_id=plan.pk).exclude(status__in=[C.WITHDRAWN, C.NOT_RETAINED])
    )


def _evidence(plan: Plan, day) -> Result:
    now = moment(day)
    # As the rows stand today: evidence added late still shows the milestone done.
    public_evidence = Evidence.objects.public().filter(milestone=OuterRef("pk"))
    updates = ProgressUpdate.objects.filter(
        milestone=OuterRef("pk"), state=ProgressUpdate.State.VALIDATED, created_at__lte=now
    ).order_by("-created_at")
    rows = (
        Milestone.objects.filter(commitment__in=_cards(plan))
        .exclude(status=M.CANCELLED)
        .annotate(
            has_evidence=Exists(public_evidence), last_update=Subquery(updates.values("created_at")[:1])
        )
        .values_list("commitment_id", "status", "starts_on", "has_evidence", "last_update")
    )
    done = without_evidence = under_way = late = soon = 0
    offending: dict[int, str] = {}  # commitment id: its worst state
    for commitment, status, starts_on, has_evidence, last_update in rows:
        if status == M.DONE:
            done += 1
            if not has_evidence:
                without_evidence += 1
                offending[commitment] = State.NOT_MET
            continue
        begun = (starts_on is not None and starts_on <= day) or status != M.NOT_STARTED
        if not begun:
            continue
        under_way += 1
        since = timezone.localdate(last_update) if last_update else starts_on
        if since is None:
            continue  # begun with no date and never updated: nothing to count from
        due = months_after(since, UPDATE_EVERY_MONTHS)
        if day > due:
            late += 1
            offending[commitment] = State.NOT_MET
        elif day >= due - WARN_BEFORE:
            soon += 1
            offending.setdefault(commitment, State.AT_RISK)
    figures = [
        (_("Milestones done"), str(done)),
        (_("Done without public evidence"), str(without_evidence)),
        (_("Milestones under way"), str(under_way)),
        (_("Not updated in six months"), str(late)),
        (_("Update due within a month"), str(soon)),
    ]
    evidence = [(_("The plan's dashboard"), reverse("commitments:dashboard", args=[plan.slug]))]
    shown = sorted(offending, key=lambda pk: (offending[pk] != State.NOT_MET, pk))[:EVIDENCE_SHOWN]
    for card in Commitment.objects.filter(pk__in=shown).order_by("number"):
        evidence.append((f"{card.number}. {card.title}", reverse("commitments:detail", args=[card.pk])))
    values = {"done": done, "without": without_evidence, "late": late, "soon": soon}
    if without_evidence or late:
        parts = []
        if without_evidence:
            parts.append(_("Milestones marked done without public evidence: %(without)s.") % values)
        if late:
            parts.append(_("Milestones under way not updated in six months: %(late)s.") % values)
        return Result(State.NOT_MET, " ".join(parts), figures, evidence)
    if soon:
        summary = _("Milestones under way whose six-monthly update is due within a month: %(soon)s.")
        return Result(State.AT_RISK, summary % values, figures, evidence)
    if not done and not under_way:
        return Result(State.MET, _("No milestone has begun yet."), figures, evidence)
    summary = _(
        "Every milestone done shows its evidence, and every milestone under way was updated in the last "
        "six months."
    )
    return Result(State.MET, summary, figures, evidence)


def _lenses(plan: Plan, day) -> Result:
    any_lens = Q()
    for name in IRM_LENSES:
        any_lens |= Q(**{f"irm_{name}": True})
    counted = (
        Commitment.objects.public()
        .filter(plan_id=plan.pk)
        .aggregate(
            cards=Count("pk"),
            rated=Count("pk", filter=any_lens),
            stray=Count("pk", filter=~lenses_admitted()),
        )
    )
    figures = [
        (_("Public commitments"), str(counted["cards"])),
        (_("With the IRM's lenses recorded"), str(counted["rated"])),
        (_("Inclusion or technology alone"), str(counted["stray"])),
    ]
    evidence = [(_("The plan's commitments"), reverse("commitments:index", args=[plan.slug]))]
    if counted["stray"]:
        summary = _("Commitments with inclusion or technology recorded without a core value: %(stray)s.")
        return Result(State.NOT_MET, summary % counted, figures, evidence)
    if not counted["rated"]:
        summary = _(
            "No IRM lens is recorded yet; the commitment's form refuses inclusion or technology alone."
        )
        return Result(State.MET, summary, figures, evidence)
    summary = _(
        "Every commitment rated (%(rated)s) has inclusion and technology only on top of transparency, "
        "participation or accountability."
    )
    return Result(State.MET, summary % counted, figures, evidence)


def reads(plan: Plan) -> list[str]:
    return [COMMITMENTS.name(plan.pk)]


LINES = [
    Line(
        "monitoring",
        "commitments.evidence",
        gettext_lazy("Milestones updated with evidence"),
        _evidence,
        reads,
        20,
    ),
    Line("rules", "commitments.lenses", gettext_lazy("The IRM lens rule"), _lenses, reads, 20),
]
