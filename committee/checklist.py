"""The steering committee's lines of a plan's OGP checklist (plans.checklist),
registered from committee.apps:

- standard 1, space for dialogue: a committee with members on both sides on
  the day assessed; its last meeting held less than six months before (the
  committee's own rule: `tasks.next_meeting_due`, and its warning a month
  before, `tasks.WARN_BEFORE`); its handbook published;
- standard 5, implementation and monitoring: at least two implementation
  reviews in each year of the plan (committee.reviews).

Each reads the plan's committee generation (the handbook bumps it for every
plan of its member) and runs a fixed number of queries."""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from plans.checklist import Line, Result, State, moment, written
from plans.models import Plan

from .generations import COMMITTEE
from .membership import parity
from .models import Committee, HandbookVersion, Meeting
from .reviews import REVIEWS_A_YEAR, reviews_by_year
from .tasks import WARN_BEFORE, next_meeting_due


def _committee(plan: Plan) -> Committee | None:
    return Committee.objects.filter(plan_id=plan.pk).first()


def _none(plan: Plan) -> Result:
    return Result(State.NOT_MET, _("No steering committee is recorded for this plan."))


def _forum(plan: Plan, day) -> Result:
    committee = _committee(plan)
    if committee is None:
        return _none(plan)
    # Who sits on the day; before the term begins (or after it ends), on its first (or last) day.
    on = min(max(day, committee.term_start), committee.term_end)
    seats = parity(committee, on)
    figures = [
        (_("Public administration members"), str(seats.public)),
        (_("Civil-society members"), str(seats.civil)),
    ]
    evidence = [(_("The steering committee"), reverse("committee:index", args=[plan.slug]))]
    values = {"public": seats.public, "civil": seats.civil, "day": written(on)}
    if seats.public and seats.civil:
        summary = _(
            "On %(day)s the committee has %(public)s public-administration and %(civil)s civil-society "
            "members."
        )
        if not seats.balanced:
            summary += " " + _("The handbook asks for as many on each side.")
        return Result(State.MET, summary % values, figures, evidence)
    summary = _(
        "On %(day)s the committee lacks members on one side: %(public)s public, %(civil)s civil society."
    )
    return Result(State.NOT_MET, summary % values, figures, evidence)


def _meetings(plan: Plan, day) -> Result:
    committee = _committee(plan)
    if committee is None:
        return _none(plan)
    now = moment(day)
    kept = Meeting.objects.filter(committee=committee, cancelled_at__isnull=True)
    last = kept.filter(starts_at__lte=now).order_by("-starts_at", "-pk").first()
    planned = kept.filter(starts_at__gt=now).order_by("starts_at", "pk").first()
    held_on = timezone.localdate(last.starts_at) if last else None
    planned_on = timezone.localdate(planned.starts_at) if planned else None
    due = next_meeting_due(held_on, committee.term_start)
    figures = [
        (_("Last meeting held on"), written(held_on)),
        (_("Next meeting due by"), written(due)),
        (_("Next meeting planned on"), written(planned_on)),
    ]
    evidence = [(_("The committee's meetings"), reverse("committee:meetings", args=[plan.slug]))]
    if last is not None:
        evidence.insert(0, (str(last), reverse("committee:meeting", args=[plan.slug, last.pk])))
    values = {"last": written(held_on), "due": written(due), "start": written(committee.term_start)}
    if day > due:
        summary = (
            _("The committee last met on %(last)s: it should have met again by %(due)s.")
            if last
            else _(
                "The committee has not met since its term began on %(start)s: it should have met by %(due)s."
            )
        )
        return Result(State.NOT_MET, summary % values, figures, evidence)
    if day >= due - WARN_BEFORE and (planned_on is None or planned_on > due):
        summary = _(
            "The committee must meet again by %(due)s (at least once every six months), and no meeting "
            "is planned by then."
        )
        return Result(State.AT_RISK, summary % values, figures, evidence)
    summary = (
        _("The committee last met on %(last)s; the next meeting is due by %(due)s.")
        if last
        else _("The committee's term began on %(start)s; its first meeting is due by %(due)s.")
    )
    return Result(State.MET, summary % values, figures, evidence)


def _handbook(plan: Plan, day) -> Result:
    version = (
        HandbookVersion.objects.filter(member_id=plan.member_id, adopted_on__lte=day)
        .order_by("-number")
        .first()
    )
    evidence = [(_("The committee's handbook"), reverse("committee:handbook", args=[plan.slug]))]
    if version is None:
        return Result(State.NOT_MET, _("No version of the committee's handbook is published."), (), evidence)
    values = {"number": version.number, "date": written(version.adopted_on)}
    figures = [(_("Version"), str(version.number)), (_("Adopted on"), written(version.adopted_on))]
    summary = _("The handbook's version %(number)s, adopted on %(date)s, is published.") % values
    return Result(State.MET, summary, figures, evidence)


def _reviews(plan: Plan, day) -> Result:
    committee = _committee(plan)
    if committee is None:
        return _none(plan)
    years = [year for year in reviews_by_year(committee, plan, moment(day)) if year["year"] <= day.year]
    figures = [
        (
            str(year["year"]),
            ngettext("%(held)s held", "%(held)s held", year["held"]) % {"held": year["held"]}
            + (
                " · "
                + ngettext("%(planned)s planned", "%(planned)s planned", year["planned"])
                % {"planned": year["planned"]}
                if year["planned"]
                else ""
            ),
        )
        for year in years
    ]
    evidence = [(_("The committee's meetings"), reverse("committee:meetings", args=[plan.slug]))]
    missed = [str(year["year"]) for year in years if year["state"] == "missed"]
    values = {"years": get_text_list(missed, _("and")), "count": REVIEWS_A_YEAR}
    if missed:
        summary = _("Fewer than %(count)s implementation reviews were held in: %(years)s.")
        return Result(State.NOT_MET, summary % values, figures, evidence)
    current = next((year for year in years if year["state"] == "current"), None)
    if current is not None and current["held"] + current["planned"] < REVIEWS_A_YEAR:
        values |= {"year": current["year"], "held": current["held"], "planned": current["planned"]}
        summary = _(
            "%(year)s: implementation reviews held: %(held)s; planned: %(planned)s; %(count)s a year are "
            "asked for."
        )
        return Result(State.AT_RISK, summary % values, figures, evidence)
    if not years:
        summary = _("Implementation begins in %(year)s: %(count)s reviews a year are due from then.")
        return Result(
            State.MET, summary % {"year": plan.start_year, "count": REVIEWS_A_YEAR}, figures, evidence
        )
    summary = _(
        "At least %(count)s implementation reviews held (or planned) in each year of the plan so far."
    )
    return Result(State.MET, summary % values, figures, evidence)


def reads(plan: Plan) -> list[str]:
    return [COMMITTEE.name(plan.pk)]


LINES = [
    Line(
        "dialogue",
        "committee.forum",
        gettext_lazy("A committee of government and civil society"),
        _forum,
        reads,
        10,
    ),
    Line(
        "dialogue",
        "committee.meetings",
        gettext_lazy("Last meeting less than six months ago"),
        _meetings,
        reads,
        20,
    ),
    Line("dialogue", "committee.handbook", gettext_lazy("Handbook published"), _handbook, reads, 30),
    Line(
        "monitoring",
        "committee.reviews",
        gettext_lazy("At least two implementation reviews a year"),
        _reviews,
        reads,
        10,
    ),
]
