"""A plan's OGP compliance checklist (spec ogp.md): the five Participation
and Co-Creation Standards' minimum requirements and the plan rules, each
checked from the portal's own data, so that the secretariat sees what is
missing before the IRM does.

One registry, many contributors. plans declares the standards and checks
what it holds (the timeline's notice, the document repository, the plan's
length); each app above it adds the lines about its own rows from its
AppConfig.ready() with `register()` (committee: the forum, its meetings,
its handbook and the implementation reviews; ideas: the two sources and the
reasoned outcomes; consultations: the answers; commitments: the milestones'
evidence and the IRM lens rule). plans imports none of them.

A line's `check(plan, day)` says where the requirement stands on `day`:

- met: the requirement holds (or there is nothing yet it applies to, which
  its summary says);
- at risk: it does not hold yet, or will lapse, and there is still time —
  its deadline is ahead;
- not met: its deadline has passed without it.

A plan is assessed as of today, or, once its last year is over, as of the
last day of that year (`assessed_on`): a forum that met every six months
until the plan ended has met the rule, whatever happened since. What the
rows say today counts as it stands (an idea screened late has its outcome).

A line also names the generations it reads (`reads`), so the page, the PDF
(plans.documents) and the open data (plans.datasets) are cached under them
and under the day's (core.generations.day): a deadline passes at midnight."""

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import generations

from .models import Compliance, Member, PhaseKind, Plan

State = Compliance
# The worse of two states wins: a standard is as far as its worst line.
# (Pages and the PDF draw each state's sign beside its word: never colour alone.)
SEVERITY = {State.MET: 0, State.AT_RISK: 1, State.NOT_MET: 2}


@dataclass(frozen=True)
class Standard:
    key: str
    number: int | None  # OGP's number; None for the plan rules
    title: Any  # lazy
    requirement: Any  # lazy: the minimum requirement, paraphrased (spec ogp.md)


STANDARDS = [
    Standard(
        "dialogue",
        1,
        gettext_lazy("Space for dialogue"),
        gettext_lazy(
            "A forum of government and civil society that meets at least every six months; its rules of "
            "participation are public."
        ),
    ),
    Standard(
        "information",
        2,
        gettext_lazy("Open information"),
        gettext_lazy("A public OGP website and a public document repository, updated at least twice a year."),
    ),
    Standard(
        "participation",
        3,
        gettext_lazy("Participation during co-creation"),
        gettext_lazy(
            "The timeline and the opportunities to take part published in advance; input taken online "
            "and in person."
        ),
    ),
    Standard(
        "response",
        4,
        gettext_lazy("Reasoned response"),
        gettext_lazy("An explanation of why ideas and proposals were or were not taken up."),
    ),
    Standard(
        "monitoring",
        5,
        gettext_lazy("Implementation and monitoring"),
        gettext_lazy(
            "At least two meetings a year with civil society to present the results of implementation and "
            "collect comments; progress reported with evidence."
        ),
    ),
    Standard(
        "rules",
        None,
        gettext_lazy("Plan rules"),
        gettext_lazy(
            "A national government's plan runs two or four years, other members' plans four at most; "
            "the IRM's lenses of inclusion and technology count only on top of transparency, "
            "participation or accountability."
        ),
    ),
]
BY_KEY = {standard.key: standard for standard in STANDARDS}


@dataclass(frozen=True)
class Result:
    """Where one requirement stands: its state, a sentence saying why (in the
    active language), the figures it was read from ((label, value), values
    as text) and the evidence, `links` ((label, address) of the pages it counted)."""

    state: str
    summary: str
    figures: Sequence[tuple[str, str]] = ()
    links: Sequence[tuple[str, str]] = ()  # the evidence

    @property
    def label(self) -> str:
        return str(State(self.state).label)


@dataclass(frozen=True)
class Line:
    """One requirement as the portal checks it. `check(plan, day)` gives its
    Result on `day`, in a fixed number of queries whatever the plan's size;
    `reads(plan)` the generations it reads (no query)."""

    standard: str  # a Standard's key
    key: str  # unique: "<app>.<what>"
    label: Any  # lazy: the requirement, in a few words
    check: Callable[[Plan, date], Result]
    reads: Callable[[Plan], Sequence[str]]
    order: int = 0


_lines: dict[str, Line] = {}


def register(*lines: Line) -> None:
    """Adds lines to the checklist (an app's AppConfig.ready(); twice is once)."""
    for line in lines:
        if line.standard not in BY_KEY:
            raise ValueError(f"Unknown standard {line.standard!r} for the checklist line {line.key!r}.")
        _lines[line.key] = line


def lines() -> list[Line]:
    """Every line, standard by standard, in each standard's order."""
    place = {standard.key: index for index, standard in enumerate(STANDARDS)}
    return sorted(_lines.values(), key=lambda line: (place[line.standard], line.order, line.key))


# --- The assessment ------------------------------------------------------------


def assessed_on(plan: Plan, today: date | None = None) -> date:
    """Today, or the plan's last day (31 December of its last year) once past."""
    today = today or timezone.localdate()
    return min(today, date(plan.end_year, 12, 31))


def moment(day: date) -> datetime:
    """The moment `day` is assessed at: now for today, else the end of that day."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@dataclass
class Checked:
    line: Line
    result: Result


@dataclass
class Section:
    standard: Standard
    lines: list[Checked] = field(default_factory=list)

    @property
    def state(self) -> str:
        return worst(checked.result.state for checked in self.lines)

    @property
    def label(self) -> str:
        return str(State(self.state).label)


@dataclass
class Checklist:
    plan: Plan
    day: date  # the day assessed (assessed_on)
    computed_at: datetime
    standards: list[Section]  # those with lines

    @property
    def past(self) -> bool:
        """Assessed as of the plan's last day, which is past."""
        return self.day < timezone.localdate(self.computed_at)

    def results(self) -> list[Checked]:
        return [checked for section in self.standards for checked in section.lines]

    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys(State.values, 0)
        for checked in self.results():
            counted[checked.result.state] += 1
        return counted


def worst(states) -> str:
    return max(states, key=lambda state: SEVERITY[state], default=State.MET)


def assess(plan: Plan, now: datetime | None = None) -> Checklist:
    """Every line of the checklist for `plan`, in the active language."""
    now = now or timezone.now()
    day = assessed_on(plan, timezone.localdate(now))
    by_key = {standard.key: Section(standard) for standard in STANDARDS}
    for line in lines():
        by_key[line.standard].lines.append(Checked(line, line.check(plan, day)))
    return Checklist(plan, day, now, [section for section in by_key.values() if section.lines])


def names(plan: Plan, today: date | None = None) -> list[str]:
    """The generations the checklist of `plan` reads, today's day included."""
    read = ["plans", *(name for line in lines() for name in line.reads(plan))]
    return list(dict.fromkeys([*read, generations.day(today)]))


# --- What the lines share ----------------------------------------------------------


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the month's last: 31 August + 6 → 28 February."""
    years, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def by_deadline(plan: Plan, day: date, deadline: date | None) -> str:
    """A requirement that does not hold yet: at risk until its deadline, not
    met after it; with no deadline in the timeline, at risk until the plan
    is adopted (unscheduled)."""
    if deadline is None:
        return unscheduled(plan)
    return State.AT_RISK if day <= deadline else State.NOT_MET


def unscheduled(plan: Plan) -> str:
    """A requirement whose date the timeline does not give: at risk while
    the plan is being co-created, not met once it is adopted (or closed)."""
    return State.NOT_MET if plan.status in (Plan.Status.ADOPTED, Plan.Status.CLOSED) else State.AT_RISK


def written(day: date | None) -> str:
    """A date as the pages write it (j F Y), in the active language."""
    return date_format(day, "j F Y") if day else "—"


def days(count: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}


# --- plans' own lines: the timeline's notice, the repository, the plan's length -----


def _timeline(plan: Plan, day: date) -> Result:
    """Standard 3: the timeline public at least OGP_TIMELINE_NOTICE_DAYS
    (a setting, 14 by default) before the collection of ideas opened."""
    notice = settings.OGP_TIMELINE_NOTICE_DAYS
    collection = plan.collection_phase
    published = plan.timeline_published_on
    evidence = [(_("The plan's timeline"), plan.get_absolute_url() + "#timeline-title")]
    figures = [(_("Notice asked for"), days(notice)), (_("Timeline published on"), written(published))]
    if collection is None:
        return Result(unscheduled(plan), _("The timeline has no collection of ideas."), figures, evidence)
    latest = collection.start - timedelta(days=notice)
    figures.append((_("Collection of ideas opens on"), written(collection.start)))
    values = {
        "published": written(published),
        "opens": written(collection.start),
        "latest": written(latest),
        "notice": days(notice),
    }
    if published is not None:
        given = (collection.start - published).days
        values["given"] = days(given)
        figures.append((_("Notice given"), days(given)))
        if given >= notice:
            summary = _(
                "The timeline was published on %(published)s, %(given)s before the collection of ideas "
                "opened on %(opens)s (%(notice)s asked for)."
            )
            return Result(State.MET, summary % values, figures, evidence)
        summary = _(
            "The timeline was published on %(published)s, only %(given)s before the collection of ideas "
            "opened on %(opens)s: %(notice)s are asked for."
        )
        return Result(State.NOT_MET, summary % values, figures, evidence)
    if day <= latest:
        summary = _(
            "The timeline is not published yet: it must be by %(latest)s, %(notice)s before the collection "
            "of ideas opens on %(opens)s."
        )
        return Result(State.AT_RISK, summary % values, figures, evidence)
    summary = _(
        "The timeline was not published %(notice)s before the collection of ideas opened on %(opens)s."
    )
    return Result(State.NOT_MET, summary % values, figures, evidence)


def _repository(plan: Plan, day: date) -> Result:
    """Standard 2: something added to the plan's document repository in the
    last six months; at risk after six months without, not met after twelve
    (fewer than two updates a year, whatever the count) or when it never
    had a document six months after the plan's first phase began. The
    checklist's own PDF is not counted: it would update the repository by
    being read."""
    from . import repository
    from .documents import CHECKLIST

    entries = [
        entry
        for entry in repository.entries(plan)
        if entry["kind_key"] != CHECKLIST.kind and entry["date"] <= day
    ]
    address = _documents_url(plan)
    evidence = [(_("The plan's documents"), address)]
    figures = [(_("Documents in the repository"), str(len(entries)))]
    if not entries:
        phases = plan.phases_in_order()
        began = phases[0].start if phases else None
        figures.append((_("Last document added on"), "—"))
        if began is None:
            state = unscheduled(plan)
        else:
            state = State.AT_RISK if day < months_after(began, 6) else State.NOT_MET
        summary = _("The repository holds no document by %(day)s.") % {"day": written(day)}
        return Result(state, summary, figures, evidence)
    last = entries[0]  # newest first
    figures.append((_("Last document added on"), written(last["date"])))
    href = last["href"]
    evidence.append((last["title"], href))
    values = {"date": written(last["date"]), "due": written(months_after(last["date"], 6))}
    if day < months_after(last["date"], 6):
        summary = _("The last document was added on %(date)s: the next is due by %(due)s.")
        return Result(State.MET, summary % values, figures, evidence)
    state = State.AT_RISK if day < months_after(last["date"], 12) else State.NOT_MET
    summary = _("Nothing was added to the repository since %(date)s: more than six months.")
    return Result(state, summary % values, figures, evidence)


def _documents_url(plan: Plan) -> str:
    from django.urls import reverse

    return reverse("plans:documents", args=[plan.slug])


# A plan's length against OGP's: two or four years for a national
# government, four at most for other members; read from the implementation
# phase when the timeline has one, to within LENGTH_SLACK_MONTHS.
LENGTH_SLACK_MONTHS = 3


def _months(start: date, end: date) -> int:
    """Whole months from `start` to the end of `end`, rounded: 1 September
    2022 to 31 December 2023 is 16."""
    return round(((end + timedelta(days=1)) - start).days / (365.25 / 12))


def _length(plan: Plan, day: date) -> Result:
    national = plan.member.kind == Member.Kind.NATIONAL
    allowed = (24, 48) if national else (48,)
    implementation = plan.phase(PhaseKind.IMPLEMENTATION)
    figures = [(_("Period"), plan.period)]
    if implementation is not None:
        months = _months(implementation.start, implementation.end)
        figures.append((_("Implementation, in months"), str(months)))
        if national:
            fits = any(abs(months - wanted) <= LENGTH_SLACK_MONTHS for wanted in allowed)
        else:
            fits = months <= 48 + LENGTH_SLACK_MONTHS
        source = _("from its implementation phase, %(start)s – %(end)s") % {
            "start": written(implementation.start),
            "end": written(implementation.end),
        }
    else:
        # Without an implementation phase, the plan's years: a plan named
        # 2021–2023 runs two years (OGP's cycles start in the second half of
        # the first year), 2022–2023 two as well when it starts on 1 January.
        years = plan.end_year - plan.start_year
        months = None
        fits = 1 <= years <= 4 if national else years <= 4
        source = _("from its years, no implementation phase being in the timeline")
    rule = (
        _("A national government's plan runs two or four years.")
        if national
        else _("This member's plans run four years at most.")
    )
    values = {"period": plan.period, "source": source, "months": months}
    if fits:
        summary = _("The plan's length fits (%(source)s).") % values
        return Result(State.MET, f"{rule} {summary}", figures)
    summary = _("The plan's length does not fit (%(source)s).") % values
    return Result(State.NOT_MET, f"{rule} {summary}", figures)


def plans_reads(plan: Plan) -> list[str]:
    return ["plans"]


def repository_reads(plan: Plan) -> list[str]:
    from core import documents

    # Rendered documents count with the date of their last render.
    return ["plans", documents.generation_of(plan)]


LINES = [
    Line(
        "participation",
        "plans.timeline",
        gettext_lazy("Timeline published in advance"),
        _timeline,
        plans_reads,
    ),
    Line(
        "information",
        "plans.repository",
        gettext_lazy("Document repository updated in the last six months"),
        _repository,
        repository_reads,
    ),
    Line("rules", "plans.length", gettext_lazy("Length of the plan"), _length, plans_reads),
]
