"""The ideas' lines of a plan's OGP checklist (plans.checklist), registered
from ideas.apps:

- standard 3, participation during co-creation: ideas recorded both online
  and from workshops (in person), by the end of the collection of ideas;
- standard 4, reasoned response: every idea with its outcome and reason —
  not accepted (with a reason), integrated into a commitment, or not
  integrated (with an explanation): none waiting for screening or for the
  institution's decision (ideas.funnel) after the drafting of commitments,
  when the plan's ideas are answered.

Ideas hidden by moderation are left out, as from the lists the evidence
links to. One query each: the tallies the database keeps on PostgreSQL,
the rows counted elsewhere (SQLite)."""

from collections import defaultdict

from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.checklist import Line, Result, State, by_deadline, written
from plans.models import PhaseKind, Plan

from . import funnel
from .generations import IDEAS
from .models import Idea, IdeaTally


def published_counts(plan: Plan) -> dict[tuple[str, str], int]:
    """How many published ideas of the plan have each (source, status): one query."""
    if connection.vendor == "postgresql":
        rows = IdeaTally.objects.filter(plan_id=plan.pk, published=True, count__gt=0).values_list(
            "source", "status", "count"
        )
    else:
        rows = (
            Idea.objects.published()
            .filter(plan_id=plan.pk)
            .order_by()
            .values_list("source", "status")
            .annotate(count=Count("pk"))
        )
    counts = defaultdict(int)
    for source, status, count in rows:
        counts[source, status] += count
    return counts


def _list(plan: Plan, **query) -> str:
    url = reverse("ideas:index", args=[plan.slug])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _sources(plan: Plan, day) -> Result:
    counts = published_counts(plan)
    online = sum(n for (source, _status), n in counts.items() if source == Idea.Source.PORTAL)
    workshops = sum(n for (source, _status), n in counts.items() if source == Idea.Source.WORKSHOP)
    figures = [(_("Ideas proposed online"), str(online)), (_("Ideas from workshops"), str(workshops))]
    evidence = [
        (_("The ideas proposed online"), _list(plan, source=Idea.Source.PORTAL)),
        (_("The ideas from workshops"), _list(plan, source=Idea.Source.WORKSHOP)),
        (_("The workshops"), reverse("workshops:index", args=[plan.slug])),
    ]
    values = {"online": online, "workshops": workshops}
    if online and workshops:
        summary = _("Ideas proposed online: %(online)s; collected in workshops: %(workshops)s.")
        return Result(State.MET, summary % values, figures, evidence)
    collection = plan.collection_phase
    values["end"] = written(collection.end if collection else None)
    if collection is not None:
        summary = _(
            "Ideas are to be recorded both online and from workshops by the end of the collection, "
            "%(end)s: %(online)s online, %(workshops)s from workshops."
        )
    else:
        summary = _("Ideas recorded: %(online)s online, %(workshops)s from workshops.")
    return Result(
        by_deadline(plan, day, collection.end if collection else None), summary % values, figures, evidence
    )


def answered_by(plan: Plan):
    """When every idea is owed its outcome: by the end of the drafting of
    commitments (the plan's ideas are answered as its commitments are
    drafted), else of the analysis; None when the timeline has neither."""
    for kind in (PhaseKind.DRAFTING, PhaseKind.ANALYSIS):
        phase = plan.phase(kind)
        if phase is not None:
            return phase.end
    return None


def _outcomes(plan: Plan, day) -> Result:
    by_status = defaultdict(int)
    for (_source, status), n in published_counts(plan).items():
        by_status[status] += n
    stages = funnel.count(by_status)
    total = stages["collected"]
    screening, deciding = stages["awaiting_screening"], stages["awaiting_decision"]
    answered = total - screening - deciding
    figures = [
        (_("Ideas"), str(total)),
        (_("With their outcome and reason"), str(answered)),
        (_("Waiting for screening"), str(screening)),
        (_("Waiting for the institution's decision"), str(deciding)),
    ]
    evidence = [(_("The ideas and their outcome"), _list(plan))]
    if screening:
        evidence.append((_("The ideas waiting for screening"), _list(plan, status="awaiting_screening")))
    if deciding:
        evidence.append((_("The ideas waiting for a decision"), _list(plan, status="awaiting_decision")))
    evidence.append((_("Statistics of the co-creation"), reverse("ideas:statistics", args=[plan.slug])))
    due = answered_by(plan)
    values = {"total": total, "answered": answered, "waiting": screening + deciding, "due": written(due)}
    if not screening and not deciding:
        summary = (
            _("Every idea (%(total)s) has its outcome, with the reason.")
            if total
            else _("No idea has been recorded yet.")
        )
        return Result(State.MET, summary % values, figures, evidence)
    summary = (
        _("Ideas still waiting for their outcome: %(waiting)s of %(total)s, owed by %(due)s.")
        if due
        else _("Ideas still waiting for their outcome: %(waiting)s of %(total)s.")
    )
    return Result(by_deadline(plan, day, due), summary % values, figures, evidence)


def reads(plan: Plan) -> list[str]:
    return [IDEAS.name(plan.pk)]


LINES = [
    Line(
        "participation",
        "ideas.sources",
        gettext_lazy("Ideas taken online and in workshops"),
        _sources,
        reads,
        20,
    ),
    Line(
        "response", "ideas.outcomes", gettext_lazy("Every idea with a reasoned outcome"), _outcomes, reads, 10
    ),
]
