"""The progress report at a date, as a document (core.documents): a plan's
implementation as it stood at the end of a day — each commitment's
completion, each theme's and institution's, the milestones overdue then,
the last update validated before it, and the official figure beside civil
society's parallel assessment and the institution's self-assessment.

The figures are the dashboard's, computed by the same functions
(commitments.progress) on the rows as they stood that day (their history):
today's report is the dashboard. Only what was public then and is public
today: the cards counted then (proposed, adopted, in implementation or
completed) that are not drafts today, updates validated before the day's
end. A fixed number of queries, whatever the number of commitments."""

from datetime import date as Date
from datetime import datetime, time, timedelta

from django.utils import formats, timezone
from django.utils.translation import get_language, get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from modeltranslation.utils import resolution_order

from core.bidi import direction
from core.documents import Document
from plans.models import Institution, Plan
from plans.queries import public_plan_by_pk, readable_by_all

from . import progress
from .generations import COMMITMENTS
from .history import translated
from .models import Assessment, Commitment, Completion, ProgressUpdate, ProgressUpdateEvent

# The ends of the half-years the documents page offers (OGP's repository is
# updated at least twice a year).
HALF_YEAR_ENDS = ((6, 30), (12, 31))


def dates(plan: Plan) -> list[Date]:
    """The end of each half-year of the plan's period that is over today
    (in the portal's time zone), oldest first."""
    today = timezone.localdate()
    ends = (
        Date(year, month, day)
        for year in range(plan.start_year, plan.end_year + 1)
        for month, day in HALF_YEAR_ENDS
    )
    return [end for end in ends if end < today]


def _bar(percent: int | None, rtl: bool) -> dict:
    """A completion bar's rectangle, in percent of its width, from the start
    side (the right in Arabic). Strings: a template would localise a number."""
    width = max(0, min(100, percent or 0))
    return {"x": str(100 - width if rtl else 0), "width": str(width)}


def _with_bars(rows: list[dict], rtl: bool) -> list[dict]:
    for row in rows:
        row["bar"] = _bar(row["percent"], rtl)
    return rows


def context(plan: Plan, date: Date | None) -> dict:
    """The report at the end of `date`: today's rows when None or today (a
    later date reads as today: nothing is known of it yet)."""
    today = timezone.localdate()
    day = min(date, today) if date else today
    on = day if day < today else None
    rtl = get_language_bidi()
    languages = resolution_order(get_language())
    cards = progress.counted(plan, on)
    rows = list(
        progress.with_completion(cards, on)
        .order_by("number")
        .values("id", "number", "theme_id", "lead_institution_id", "self_rating", "completion_sql")
    )
    ids = [row["id"] for row in rows]
    # Titles as the public reads them today (the figures are the day's).
    titles = {}
    for pk, *names in Commitment.objects.filter(pk__in=ids).values_list(
        "pk", *(f"title_{code}" for code in languages)
    ):
        titles[pk] = next((name for name in names if name), "")
    institutions = {
        institution.pk: institution.name
        for institution in Institution.objects.filter(pk__in={row["lead_institution_id"] for row in rows})
    }
    themes = {theme.pk: theme for theme in plan.themes.all()}
    labels = {pk: f"{theme.number}. {theme.name}" for pk, theme in themes.items()}
    ratings = dict(Completion.choices)
    assessments: dict[int, list] = {pk: [] for pk in ids}
    for assessment in (
        progress.as_of(Assessment, on)
        .filter(commitment_id__in=cards.values("id"))
        .select_related("association")
        .order_by("commitment_id", "id")
    ):
        assessments[assessment.commitment_id].append(assessment)
    commitments = []
    for row in rows:
        percent = row["completion_sql"]
        level = progress.level(percent)
        commitments.append(
            {
                "id": row["id"],
                "number": row["number"],
                "title": titles.get(row["id"], ""),
                "lead_institution": institutions.get(row["lead_institution_id"], ""),
                "percent": percent,
                "level": level,
                "level_label": level.label,
                "bar": _bar(percent, rtl),
                "self_rating": ratings.get(row["self_rating"], ""),
                "assessments": [
                    {"association": a.association.name, "rating": ratings.get(a.rating, a.rating)}
                    for a in assessments[row["id"]]
                ],
            }
        )
    numbers = {row["id"]: row["number"] for row in rows}
    overall = progress.mean([row["completion_sql"] for row in rows])
    overall_level = progress.level(overall)
    return {
        "plan": plan,
        "document_title": _("Progress report on %(date)s: %(plan)s")
        % {"date": formats.date_format(day, "j F Y"), "plan": plan.title},
        "day": day,
        "commitments": commitments,
        "overall": overall,
        "overall_level": overall_level,
        "overall_level_label": overall_level.label,
        "overall_bar": _bar(overall, rtl),
        # In the themes' order (the dashboard's by their label: 10 before 2).
        "themes": _with_bars(
            sorted(
                progress.grouped(
                    [(row["theme_id"], labels[row["theme_id"]], row["completion_sql"]) for row in rows]
                ),
                key=lambda group: themes[group["key"]].number,
            ),
            rtl,
        ),
        "institutions": _with_bars(progress.per_institution(cards, languages, on), rtl),
        "comparison": [
            {
                "label": label,
                "official": sum(1 for c in commitments if c["level"] == key),
                "assessed": sum(1 for c in commitments for a in assessments[c["id"]] if a.rating == key),
            }
            for key, label in Completion.choices
        ],
        "assessed_commitments": sum(1 for pk in ids if assessments[pk]),
        "self_rated": any(row["self_rating"] for row in rows),
        "overdue": _overdue(cards, on, day, numbers),
        "updates": _last_updates(ids, on, numbers, titles),
    }


def _overdue(cards, on: Date | None, day: Date, numbers: dict[int, int]) -> list[dict]:
    """The counted cards' milestones overdue on `day` (progress.overdue), as they stood then."""
    milestones = (
        progress.milestones_of(cards, on)
        .filter(progress.overdue(day))
        .select_related("responsible_institution")
        .order_by("ends_on", "commitment_id", "id")
    )
    rows = [
        {
            "number": numbers.get(milestone.commitment_id),
            "description": (description := translated(milestone, "description")),
            "dir": direction(description),
            "institution": getattr(milestone.responsible_institution, "name", ""),
            "ends_on": milestone.ends_on,
            "status": milestone.get_status_display(),
            "completion": milestone.completion,
        }
        for milestone in milestones
    ]
    return sorted(rows, key=lambda row: (row["ends_on"], row["number"] or 0))


def _last_updates(ids: list[int], on: Date | None, numbers: dict, titles: dict) -> list[dict]:
    """Each counted card's last update validated by the end of `on` (any
    day today): when it was validated, the milestone, what it reported."""
    decisions = ProgressUpdateEvent.objects.filter(
        to_status=ProgressUpdate.State.VALIDATED,
        update__state=ProgressUpdate.State.VALIDATED,
        update__milestone__commitment_id__in=ids,
    )
    if on is not None:
        decisions = decisions.filter(
            created_at__lt=timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
        )
    last: dict[int, ProgressUpdateEvent] = {}
    for decision in decisions.select_related("update__milestone").order_by("-created_at", "-pk"):
        last.setdefault(decision.update.milestone.commitment_id, decision)
    rows = []
    for pk, decision in last.items():
        update = decision.update
        rows.append(
            {
                "number": numbers[pk],
                "title": titles.get(pk, ""),
                "validated_on": timezone.localtime(decision.created_at).date(),
                "milestone": (milestone := translated(update.milestone, "description")),
                "milestone_dir": direction(milestone),
                "status": update.get_status_display(),
                "completion": update.completion,
                "text": update.text,
                "text_dir": direction(update.text),
            }
        )
    return sorted(rows, key=lambda row: row["number"])


def generations(plan: Plan) -> list[str]:
    return ["plans", COMMITMENTS.name(plan.pk)]


FILE_NAMES = {"ar": "progress-report", "fr": "rapport-avancement", "en": "progress-report"}


def file_name(plan: Plan, language: str, date: Date | None = None) -> str:
    day = date or timezone.localdate()
    return f"{FILE_NAMES.get(language, 'progress-report')}-{plan.period}-{day.isoformat()}-{language}"


PROGRESS_REPORT = Document(
    kind="progress-report",
    title=gettext_lazy("Progress report"),
    template="commitments/pdf/progress_report.html",
    context=context,
    generations=generations,
    file_name=file_name,
    subject="plans.Plan",
    dates=dates,
    can_view=readable_by_all,
    subject_of=public_plan_by_pk,
)
