"""The consultation's report, "what we heard, what we did" (spec:
cocreation.md, "Public consultation on the draft plan"; ogp.md, standard 4),
computed from the data, never typed: how long it ran, who took part (people
and associations, each counted once), the comments per commitment and per
theme (or per section of a text), how they were taken into account, how long
the answers took, and for each commitment consulted on what changed in the
adopted version — read from the card's own history (commitments.history:
the consulted version against today's), not from a copy frozen here.

The report page, its PDF and the co-creation report's table read it. Hidden
comments count nowhere, as in the consultation's figures (figures.py), which
it builds on. A fixed number of queries whatever the number of comments
and of commitments."""

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from commitments.history import consulted_versions
from commitments.models import Commitment
from core.text import fold
from plans.models import Association, Theme

from . import figures
from .models import AnswerStatus, Comment, Consultation, Disposition


@dataclass
class Duration:
    opens_on: date | None
    closes_on: date | None

    @property
    def days(self) -> int | None:
        """Days open, the first and the last included."""
        if self.opens_on is None or self.closes_on is None:
            return None
        return (self.closes_on - self.opens_on).days + 1


@dataclass
class Participants:
    # Accounts that commented, each once (an account deleted since cannot
    # be told apart from another: its comments are counted in `erased`).
    people: int = 0
    # Associations on whose behalf someone commented: listed on the portal,
    # or declared by name (names folded as the search folds them), each once.
    associations: int = 0
    erased: int = 0  # comments of accounts deleted since


@dataclass
class Share:
    key: str  # a Disposition, or "awaiting"
    label: object  # lazy: read in the page's language
    count: int
    percent: int | None  # of every comment; None when there is none


@dataclass
class AnswerTimes:
    answered: int = 0
    # Days from a comment to its answer, counted on the calendar (Casablanca).
    median_days: float | None = None
    longest_days: int | None = None
    # Answered after the day answers were owed by.
    late: int = 0
    # Still awaiting an answer after that day.
    overdue: int = 0
    due_on: date | None = None


@dataclass
class Row:
    """The comments on one commitment, section, theme, or the whole text."""

    tally: figures.Tally
    number: int | None = None
    title: str = ""
    target: object = None  # the commitment or section; None for the whole text or a theme
    theme: object = None


@dataclass
class Change:
    """A commitment consulted on, and what changed in its adopted version
    (commitments.history). `state`: "compared" (the entries say what changed,
    none: nothing did), "undecided" (still proposed: no version adopted yet),
    "drafting" (back in drafting: what is written on it now is not public) or
    "unrecorded" (decided, but its history records no move out of the
    consultation, as for a card entered already adopted: nothing to compare)."""

    commitment: Commitment
    state: str
    consulted_on: object = None
    entries: list = field(default_factory=list)

    @property
    def compared(self) -> bool:
        return self.state == "compared"


@dataclass
class Report:
    consultation: Consultation
    duration: Duration
    total: figures.Tally
    participants: Participants
    dispositions: list[Share]
    times: AnswerTimes
    by_institution: list
    # Per commitment (draft plan) or per section (text), in order (on the
    # report page, a page of them: build(paged=)).
    targets: list[Row]
    # Per theme (draft plan) of the commitments consulted on.
    themes: list[Row]
    # The comments on the whole text (or the plan as a whole).
    general: figures.Tally
    changes: list[Change]

    @property
    def on_draft_plan(self) -> bool:
        return self.consultation.subject == Consultation.Subject.DRAFT_PLAN


def _comments(consultation: Consultation):
    return Comment.objects.published().filter(consultation=consultation)


def duration(consultation: Consultation) -> Duration:
    return Duration(*consultation.window())


def participants(consultation: Consultation) -> Participants:
    """Two queries: the counts, then the names declared (few) to fold."""
    comments = _comments(consultation)
    counted = comments.aggregate(
        people=Count("author", distinct=True),
        listed=Count("association", distinct=True),
        erased=Count("pk", filter=Q(author__isnull=True)),
    )
    # A declared name counts once however it is spelled, and not at all when
    # it is the name of an association listed among the comments.
    listed = Association.objects.filter(pk__in=comments.values("association"))
    listed_names = {
        fold(name).casefold().strip()
        for row in listed.values_list("name_ar", "name_fr", "name_en")
        for name in row
        if name
    }
    declared = comments.filter(association__isnull=True).exclude(association_name="")
    names = {fold(name).casefold().strip() for name in declared.values_list("association_name", flat=True)}
    return Participants(
        people=counted["people"],
        associations=counted["listed"] + len(names - listed_names),
        erased=counted["erased"],
    )


def dispositions(consultation: Consultation, total: int) -> list[Share]:
    """Each disposition's count and share of every comment, in the
    disposition's order, then those awaiting an answer (one query)."""
    rows = _comments(consultation).order_by().values("disposition").annotate(n=Count("pk"))
    counts = {row["disposition"]: row["n"] for row in rows}

    def percent(count: int) -> int | None:
        return round(100 * count / total) if total else None

    shares = [
        Share(key, label, counts.get(key, 0), percent(counts.get(key, 0)))
        for key, label in Disposition.choices
    ]
    # Awaiting an answer: no disposition yet (the model's constraint).
    awaiting = AnswerStatus.AWAITING
    shares.append(Share(awaiting.value, awaiting.label, counts.get("", 0), percent(counts.get("", 0))))
    return shares


def answer_times(consultation: Consultation, total: figures.Tally) -> AnswerTimes:
    """One query: the answered comments counted per day made and day
    answered (Casablanca): a few rows, however many comments."""
    due = consultation.due()
    casablanca = timezone.get_current_timezone()
    pairs = (
        _comments(consultation)
        .filter(answer_status=AnswerStatus.ANSWERED)
        .annotate(
            made_on=TruncDate("created_at", tzinfo=casablanca),
            answered_on=TruncDate("answered_at", tzinfo=casablanca),
        )
        .order_by()
        .values_list("made_on", "answered_on")
        .annotate(n=Count("pk"))
    )
    days, late = [], 0
    for made_on, answered_on, n in pairs:
        days += [max(0, (answered_on - made_on).days)] * n
        if due is not None and answered_on > due:
            late += n
    return AnswerTimes(
        answered=len(days),
        median_days=statistics.median(days) if days else None,
        longest_days=max(days) if days else None,
        late=late,
        overdue=total.overdue,
        due_on=due,
    )


def _commitments(consultation: Consultation, ids=None) -> list[Commitment]:
    """The commitments consulted on (of `ids` only, when given), in order."""
    rows = consultation.commitments.select_related("theme", "lead_institution").order_by("number", "pk")
    return list(rows if ids is None else rows.filter(pk__in=ids))


def targets(
    consultation: Consultation, paged: Callable | None = None
) -> tuple[list[Row], list[Row], figures.Tally, list[Commitment]]:
    """The comments per commitment and per theme, or per section; those on
    the whole text; and the commitments of the rows, loaded with `paged`
    for the rows it keeps only (every commitment counts in its theme).
    Every commitment or section is listed, commented on or not."""
    if consultation.subject != Consultation.Subject.DRAFT_PLAN:
        counted = figures.by_target(consultation, "section")
        rows = [
            Row(counted.get(section.pk, figures.Tally()), section.number, section.title, section)
            for section in consultation.sections.order_by("number")
        ]
        return (paged(rows) if paged else rows), [], counted.get(0, figures.Tally()), []
    counted = figures.by_target(consultation)
    # Every commitment's number and theme (a few columns, however many there are).
    listed = list(consultation.commitments.order_by("number", "pk").values_list("pk", "number", "theme"))
    themes = Theme.objects.in_bulk({theme for _pk, _number, theme in listed})
    rows = [
        Row(counted.get(pk, figures.Tally()), number, target=pk, theme=themes[theme])
        for pk, number, theme in listed
    ]
    by_theme: dict[int, Row] = {}
    for row in rows:
        theme = by_theme.setdefault(
            row.theme.pk, Row(figures.Tally(), row.theme.number, row.theme.name, None, row.theme)
        )
        theme.tally.comments += row.tally.comments
        theme.tally.answered += row.tally.answered
    if paged is not None:
        rows = paged(rows)
    cards = _commitments(consultation, None if paged is None else [row.target for row in rows])
    by_pk = {card.pk: card for card in cards}
    for row in rows:
        row.target = by_pk[row.target]
        row.title = row.target.title
    themes_in_order = sorted(by_theme.values(), key=lambda row: row.number)
    return rows, themes_in_order, counted.get(0, figures.Tally()), cards


def changes(consultation: Consultation, commitments: list[Commitment]) -> list[Change]:
    """For each commitment consulted on, what changed between the version
    put to consultation and today's: the card's own public history
    (commitments.history, the comparison its page shows), read for all the
    cards at once in a fixed number of queries."""
    plan = consultation.plan
    decided = [
        card
        for card in commitments
        if card.status not in (Commitment.Status.DRAFT, Commitment.Status.PROPOSED)
    ]
    versions = consulted_versions(decided, plan)
    found = []
    for card in commitments:
        card.plan = plan
        version = versions.get(card.pk)
        if card.status == Commitment.Status.DRAFT:
            found.append(Change(card, "drafting"))  # what is written on it now is not public
        elif card.status == Commitment.Status.PROPOSED:
            found.append(Change(card, "undecided"))
        elif version is None:
            found.append(Change(card, "unrecorded"))
        else:
            found.append(Change(card, "compared", version.consulted_on, version.since_consulted))
    return found


def build(consultation: Consultation, today: date | None = None, *, paged: Callable | None = None) -> Report:
    """The report of `consultation`, its plan (with its phases) loaded.
    With `paged` (given the rows per commitment or section, it returns those
    shown: a page of them, plans.lists.page_of), the report page's: only
    those rows, and what changed in those commitments; every other figure
    counts every comment (the document's are the same, its rows all)."""
    institutions = figures.by_institution(consultation, today)
    total = figures.summed(institutions)
    rows, themes, general, commitments = targets(consultation, paged)
    return Report(
        consultation=consultation,
        duration=duration(consultation),
        total=total,
        participants=participants(consultation),
        dispositions=dispositions(consultation, total.comments),
        times=answer_times(consultation, total),
        by_institution=institutions,
        targets=rows,
        themes=themes,
        general=general,
        changes=changes(consultation, commitments),
    )


def summary(consultation: Consultation, today: date | None = None) -> dict:
    """The figures of one line of a table of consultations (the co-creation
    report's): comments, participants, answered, dispositions (five queries)."""
    total = figures.total(consultation, today)
    return {
        "consultation": consultation,
        "state": consultation.state(today),
        "duration": duration(consultation),
        "total": total,
        "participants": participants(consultation),
        "dispositions": dispositions(consultation, total.comments),
    }
