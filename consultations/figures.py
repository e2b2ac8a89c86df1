"""A consultation's figures, computed from its comments in one grouped
query each, for its page, its report, its document and its open data:
"N comments, M answered", and the answer rate per institution with the
overdue ones (accountability in public) and per commitment or section.
Hidden comments count nowhere (they are owed no answer)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from plans.models import Institution

from .models import AnswerStatus, Comment, Consultation


@dataclass
class Tally:
    comments: int = 0
    answered: int = 0
    overdue: int = 0

    @property
    def awaiting(self) -> int:
        return self.comments - self.answered

    @property
    def rate(self) -> int | None:
        """Answered, in whole percent (None when there is nothing to answer)."""
        return round(100 * self.answered / self.comments) if self.comments else None


@dataclass
class InstitutionTally(Tally):
    institution: Institution | None = None  # None: the secretariat


def _counts(overdue: bool) -> dict:
    answered = Q(answer_status=AnswerStatus.ANSWERED)
    return {
        "comments": Count("pk"),
        "answered": Count("pk", filter=answered),
        # Every awaiting comment is overdue once the due date has passed.
        "overdue": Count("pk", filter=~answered if overdue else Q(pk__isnull=True)),
    }


def is_overdue(consultation: Consultation, today=None) -> bool:
    """Past the day answers were owed by (the Python twin of due_before)."""
    due = consultation.due()
    return due is not None and (today or timezone.localdate()) > due


def total(consultation: Consultation, today=None) -> Tally:
    rows = Comment.objects.published().filter(consultation=consultation)
    return Tally(**rows.aggregate(**_counts(is_overdue(consultation, today))))


def tally(comments) -> Tally:
    """How many of these comments (one target's) are published, and how
    many of those answered: one query."""
    answered = Count("pk", filter=Q(answer_status=AnswerStatus.ANSWERED))
    return Tally(**comments.published().aggregate(comments=Count("pk"), answered=answered))


def by_institution(consultation: Consultation, today=None) -> list[InstitutionTally]:
    """One row per institution owing answers (the secretariat's last), most
    comments first."""
    rows = (
        Comment.objects.published()
        .filter(consultation=consultation)
        .order_by()
        .values("owed_by")
        .annotate(**_counts(is_overdue(consultation, today)))
    )
    rows = list(rows)
    institutions = Institution.objects.in_bulk([row["owed_by"] for row in rows if row["owed_by"]])
    tallies = [
        InstitutionTally(
            comments=row["comments"],
            answered=row["answered"],
            overdue=row["overdue"],
            institution=institutions.get(row["owed_by"]),
        )
        for row in rows
    ]
    return sorted(tallies, key=lambda t: (t.institution is None, -t.comments, str(t.institution or "")))


def summed(rows) -> Tally:
    """The tallies of `rows` (by_institution's: every published comment is
    owed by one of them) added up: the consultation's total, no query more."""
    return Tally(
        comments=sum(row.comments for row in rows),
        answered=sum(row.answered for row in rows),
        overdue=sum(row.overdue for row in rows),
    )


def by_target(consultation: Consultation, field: str = "commitment") -> dict[int, Tally]:
    """Per commitment (or `field="section"`), by its id; the whole text's under 0."""
    rows = (
        Comment.objects.published()
        .filter(consultation=consultation)
        .order_by()
        .values(field)
        .annotate(comments=Count("pk"), answered=Count("pk", filter=Q(answer_status=AnswerStatus.ANSWERED)))
    )
    return {row[field] or 0: Tally(comments=row["comments"], answered=row["answered"]) for row in rows}


@dataclass
class Targets:
    """A consultation's tallies per commitment and per section (by id), and
    of the whole text's comments (on neither)."""

    commitments: dict[int, Tally]
    sections: dict[int, Tally]
    whole: Tally


def by_targets(consultation: Consultation, *, commitments=(), sections=()) -> Targets:
    """Per commitment and per section among these (ids: the page of them
    shown), and for the whole text, in one grouped query (its page's
    tables): only what is shown is counted, however many there are."""
    answered = Count("pk", filter=Q(answer_status=AnswerStatus.ANSWERED))
    shown = (
        Q(commitment__in=commitments)
        | Q(section__in=sections)
        | Q(commitment__isnull=True, section__isnull=True)
    )
    rows = (
        Comment.objects.published()
        .filter(shown, consultation=consultation)
        .order_by()
        .values("commitment", "section")
        .annotate(comments=Count("pk"), answered=answered)
    )
    found = Targets({}, {}, Tally())
    for row in rows:
        tally = Tally(comments=row["comments"], answered=row["answered"])
        if row["commitment"]:
            found.commitments[row["commitment"]] = tally
        elif row["section"]:
            found.sections[row["section"]] = tally
        else:
            found.whole = tally
    return found


def by_consultation(consultations) -> dict[int, Tally]:
    """Each of these consultations' "N comments, M answered" (a plan's
    list of them), by id, in one grouped query; the overdue ones counted
    for those whose answers were owed before today (each row's window
    read by its Python twin: its plan with its phases is set)."""
    consultations = list(consultations)
    overdue = [c.pk for c in consultations if is_overdue(c)]
    answered = Q(answer_status=AnswerStatus.ANSWERED)
    late = Q(consultation__in=overdue) if overdue else Q(pk__isnull=True)
    rows = (
        Comment.objects.published()
        .filter(consultation__in=[c.pk for c in consultations])
        .order_by()
        .values("consultation")
        .annotate(
            comments=Count("pk"),
            answered=Count("pk", filter=answered),
            overdue=Count("pk", filter=~answered & late),
        )
    )
    tallies = {c.pk: Tally() for c in consultations}
    for row in rows:
        consultation = row.pop("consultation")
        tallies[consultation] = Tally(**row)
    return tallies
