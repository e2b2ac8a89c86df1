"""The open data of the steering committees, declared for the open-data
registry (core/datasets.py, collected by opendata.registry): the meetings of
the public plans' committees, their attendance and their decisions; and the
published results of the selections of their civil-society members.

What the public pages show (committee.rules): a meeting's agenda once it is
convened; its attendance and decisions once its minutes are published, never
those of a cancelled meeting. Members are public office: they are named;
guests are not, only counted by organisation.

Column names are stable: add columns at the end, never rename one."""

from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.datasets import Column, Dataset, Links
from plans.models import Plan

from . import rules, selection
from .decisions import with_outcomes
from .generations import COMMITTEE
from .models import GRID, AgendaItem, Attendance, Decision, Guest, Score, SelectionRound

MEETING_COLUMNS = [
    Column("plan", _("Identifier (slug) of the action plan whose committee met.")),
    Column("id", _("Identifier of the meeting on the portal."), type="integer"),
    Column("kind", _("“regular”, “review” (implementation review) or “extraordinary”.")),
    Column("title_ar", _("Title of the meeting in Arabic; empty if it has none.")),
    Column("title_fr", _("Title of the meeting in French.")),
    Column("title_en", _("Title of the meeting in English.")),
    Column("starts_at", _("Start (ISO 8601, with the offset from UTC)."), type="datetime"),
    Column("ends_at", _("End (ISO 8601); empty if not set."), type="datetime"),
    Column("place", _("Place of the meeting, as written by the secretariat.")),
    Column("online", _("Whether members could also join online."), type="boolean"),
    Column("chair", _("Name of the member who chaired the meeting; empty if not set.")),
    Column(
        "agenda",
        _("The agenda's items (titles in Arabic), in order; empty until the convocation is sent."),
        type="list",
    ),
    Column(
        "convened_at",
        _("When the convocation was sent to the members (ISO 8601); empty if it was not."),
        type="datetime",
    ),
    Column(
        "minutes_published_at",
        _("When the minutes were published (ISO 8601); empty until then."),
        type="datetime",
    ),
    Column(
        "cancelled_at", _("When the meeting was cancelled (ISO 8601); empty if it was not."), type="datetime"
    ),
    Column(
        "members_present",
        _("Members present, once the minutes are published; empty until then."),
        type="integer",
    ),
    Column("guests", _("Guests present, once the minutes are published; empty until then."), type="integer"),
    Column(
        "decisions",
        _("Decisions taken, once the minutes are published; empty until then."),
        type="integer",
    ),
    Column("url", _("Address of the meeting's page on the portal.")),
]

ATTENDANCE_COLUMNS = [
    Column("plan", _("Identifier (slug) of the action plan whose committee met.")),
    Column("meeting", _("Identifier of the meeting (the id of the meetings dataset)."), type="integer"),
    Column("meeting_date", _("Day of the meeting (ISO 8601 date, Casablanca time)."), type="date"),
    Column(
        "attendee",
        _(
            "“member”: one member of the committee, named (members hold public office); "
            "“guests”: the guests of one organisation, counted, never named."
        ),
    ),
    Column("name", _("The member's name; empty for guests.")),
    Column("side", _("“public” (public administration) or “civil” (civil society); empty for guests.")),
    Column(
        "represents",
        _("The institution or association the member represents, or the guests' organisation (in Arabic)."),
    ),
    Column("role", _("“chair”, “member” or “deputy”; empty for guests.")),
    Column(
        "presence",
        _("“present”, “excused” (absent with a justification) or “absent”; guests were present."),
    ),
    Column("count", _("1 for a member; the number of guests of that organisation."), type="integer"),
]

DECISION_COLUMNS = [
    Column("plan", _("Identifier (slug) of the action plan whose committee decided.")),
    Column("meeting", _("Identifier of the meeting (the id of the meetings dataset)."), type="integer"),
    Column("meeting_date", _("Day of the meeting (ISO 8601 date, Casablanca time)."), type="date"),
    Column("number", _("Number of the decision within the meeting."), type="integer"),
    Column("agenda_item", _("Number of the agenda item it was taken on; empty if none."), type="integer"),
    Column("text_ar", _("The decision in Arabic.")),
    Column("text_fr", _("The decision in French.")),
    Column("text_en", _("The decision in English.")),
    Column("mode", _("“consensus”, or “vote” when every effort at consensus was exhausted.")),
    Column(
        "base",
        _(
            "For a vote, the majority required: “present” (more than half of the members present on "
            "each side) or “committee” (at least half of each side's members of the whole committee, "
            "for a revision of the handbook)."
        ),
    ),
    *(
        Column(name, meaning, type="integer")
        for name, meaning in (
            ("public_for", _("Public administration: votes for; empty for a consensus.")),
            ("public_against", _("Public administration: votes against; empty for a consensus.")),
            ("public_abstain", _("Public administration: abstentions; empty for a consensus.")),
            ("civil_for", _("Civil society: votes for; empty for a consensus.")),
            ("civil_against", _("Civil society: votes against; empty for a consensus.")),
            ("civil_abstain", _("Civil society: abstentions; empty for a consensus.")),
            (
                "public_members",
                _("Public administration: members in the vote's base (present, or of the committee)."),
            ),
            ("civil_members", _("Civil society: members in the vote's base (present, or of the committee).")),
            ("public_needed", _("Public administration: votes for the decision needed to pass.")),
            ("civil_needed", _("Civil society: votes for the decision needed to pass.")),
        )
    ),
    Column(
        "outcome",
        _(
            "“consensus”; for a vote, “passed” (a majority on both sides) or “not_passed”, computed "
            "from the counts and the base, never typed."
        ),
    ),
    Column("url", _("Address of the decision on its meeting's page.")),
]


def _meetings(plan: Plan | None):
    meetings = rules.public_meetings()
    return meetings if plan is None else meetings.filter(committee__plan=plan)


def _published(plan: Plan | None):
    meetings = rules.published_meetings()
    return meetings if plan is None else meetings.filter(committee__plan=plan)


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def _meeting_urls(links: Links):
    """The address of a meeting's page, in the default language (the same
    address always gives the same file)."""
    paths = {}

    def url(slug: str, pk: int) -> str:
        if (slug, pk) not in paths:
            with translation.override(settings.LANGUAGE_CODE):
                paths[slug, pk] = reverse("committee:meeting", args=[slug, pk])
        return links.to(paths[slug, pk])

    return url


def meeting_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """One dict per meeting of the public committees (or `plan`'s): four
    queries, the meetings and, for them, their agenda, attendance and
    decisions counted."""
    meetings = list(
        _meetings(plan)
        .select_related("committee__plan", "chair")
        .order_by("committee__plan_id", "starts_at", "pk")
    )
    ids = [meeting.pk for meeting in meetings]
    agenda = defaultdict(list)
    items = AgendaItem.objects.filter(meeting__in=ids)
    for meeting_id, title in items.order_by("meeting", "number").values_list("meeting", "title_ar"):
        agenda[meeting_id].append(title or "")
    present = dict(
        Attendance.objects.filter(meeting__in=ids, presence=Attendance.Presence.PRESENT)
        .order_by()
        .values_list("meeting")
        .annotate(n=Count("pk"))
    )
    guests = dict(
        Guest.objects.filter(meeting__in=ids).order_by().values_list("meeting").annotate(n=Count("pk"))
    )
    decided = dict(
        Decision.objects.filter(meeting__in=ids).order_by().values_list("meeting").annotate(n=Count("pk"))
    )
    url = _meeting_urls(links)
    for meeting in meetings:
        shown = rules.shows_minutes(meeting)
        yield {
            "plan": meeting.committee.plan.slug,
            "id": meeting.pk,
            "kind": meeting.kind,
            "title_ar": meeting.title_ar or "",
            "title_fr": meeting.title_fr or "",
            "title_en": meeting.title_en or "",
            "starts_at": _iso(meeting.starts_at),
            "ends_at": _iso(meeting.ends_at),
            "place": meeting.place,
            "online": bool(meeting.online_link),
            "chair": meeting.chair.name if meeting.chair else "",
            "agenda": agenda.get(meeting.pk, []) if rules.agenda_is_out(meeting) else [],
            "convened_at": _iso(meeting.convened_at),
            "minutes_published_at": _iso(meeting.minutes_published_at) if shown else "",
            "cancelled_at": _iso(meeting.cancelled_at),
            "members_present": present.get(meeting.pk, 0) if shown else None,
            "guests": guests.get(meeting.pk, 0) if shown else None,
            "decisions": decided.get(meeting.pk, 0) if shown else None,
            "url": url(meeting.committee.plan.slug, meeting.pk),
        }


def attendance_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """The attendance of every meeting whose minutes are published: its
    members by name, then its guests counted by organisation (three queries)."""
    meetings = list(
        _published(plan).select_related("committee__plan").order_by("committee__plan_id", "starts_at", "pk")
    )
    ids = [meeting.pk for meeting in meetings]
    # As values, not rows: a large committee's every attendance is thousands of them.
    members = defaultdict(list)
    rows = (
        Attendance.objects.filter(meeting__in=ids)
        .order_by("meeting", "member__side", "member__name", "pk")
        .values_list(
            "meeting_id",
            "member__name",
            "member__side",
            "member__institution__name_ar",
            "member__association__name_ar",
            "member__role",
            "presence",
        )
    )
    for meeting_id, *row in rows:
        members[meeting_id].append(row)
    guests = defaultdict(list)
    counted = (
        Guest.objects.filter(meeting__in=ids)
        .order_by("meeting", "organisation")
        .values_list("meeting", "organisation")
        .annotate(n=Count("pk"))
    )
    for meeting_id, organisation, n in counted:
        guests[meeting_id].append((organisation, n))
    for meeting in meetings:
        about = {
            "plan": meeting.committee.plan.slug,
            "meeting": meeting.pk,
            "meeting_date": timezone.localtime(meeting.starts_at).date().isoformat(),
        }
        for name, side, institution, association, role, presence in members[meeting.pk]:
            yield {
                **about,
                "attendee": "member",
                "name": name,
                "side": side,
                "represents": institution or association or "",
                "role": role,
                "presence": presence,
                "count": 1,
            }
        for organisation, n in guests[meeting.pk]:
            yield {
                **about,
                "attendee": "guests",
                "name": "",
                "side": "",
                "represents": organisation,
                "role": "",
                "presence": Attendance.Presence.PRESENT.value,
                "count": n,
            }


def decision_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """Every decision of the meetings whose minutes are published, with its
    outcome computed (committee.decisions: three queries)."""
    decisions = (
        Decision.objects.filter(meeting__in=_published(plan))
        .select_related("meeting__committee__plan", "agenda_item")
        .order_by("meeting__committee__plan_id", "meeting__starts_at", "meeting_id", "number")
    )
    url = _meeting_urls(links)
    for decision, outcome in with_outcomes(decisions):
        meeting = decision.meeting
        votes = {name: getattr(decision, name) for name in Decision.VOTES}
        yield {
            "plan": meeting.committee.plan.slug,
            "meeting": meeting.pk,
            "meeting_date": timezone.localtime(meeting.starts_at).date().isoformat(),
            "number": decision.number,
            "agenda_item": decision.agenda_item.number if decision.agenda_item else None,
            "text_ar": decision.text_ar or "",
            "text_fr": decision.text_fr or "",
            "text_en": decision.text_en or "",
            "mode": decision.mode,
            "base": decision.base if outcome else "",
            **votes,
            "public_members": outcome.members["public"] if outcome else None,
            "civil_members": outcome.members["civil"] if outcome else None,
            "public_needed": outcome.needed["public"] if outcome else None,
            "civil_needed": outcome.needed["civil"] if outcome else None,
            "outcome": "consensus" if outcome is None else ("passed" if outcome.passed else "not_passed"),
            "url": f"{url(meeting.committee.plan.slug, meeting.pk)}#decision-{decision.number}",
        }


SELECTION_COLUMNS = [
    Column(
        "plan", _("Identifier (slug) of the action plan whose committee's civil-society seats were filled.")
    ),
    Column("candidacy", _("Identifier of the candidacy on the portal."), type="integer"),
    Column("association_ar", _("The association that applied, in Arabic.")),
    Column("association_fr", _("The association that applied, in French; empty if it has no French name.")),
    Column("person", _("The person the association proposed for the seat.")),
    Column("region", _("Where the association works, as it wrote it.")),
    Column("rank", _("The candidacy's rank by its score (1: the highest)."), type="integer"),
    Column(
        "mean",
        _("The candidacy's score: the mean of the scoring members' totals, to two decimals."),
        type="number",
    ),
    Column(
        "outcome",
        _(
            "“selected” or “not_selected”: the ranking above the line, changed where the selection "
            "committee decided a pair less than 10 points apart otherwise."
        ),
    ),
    Column("member", _("The member of the selection committee who gave these points.")),
    Column(
        "member_seat",
        _(
            "The member's seat: “civil” (elected by the civil society space), “private”, “university” or "
            "“independent”."
        ),
    ),
    Column("member_organisation", _("The organisation the member comes from.")),
    *(
        Column(name, meaning, type="integer")
        for name, meaning in (
            (
                "experience",
                _("Points for the association's experience in open-government fields (out of 20)."),
            ),
            ("mobilising", _("Points for its experience mobilising civil society (out of 15).")),
            ("technology", _("Points for its experience using new technologies (out of 5).")),
            ("implementing", _("Points for its proposals for implementing the current plan (out of 20).")),
            ("evaluating", _("Points for its proposals for evaluating the current plan (out of 20).")),
            ("drafting", _("Points for its proposals for drafting the next plan (out of 20).")),
        )
    ),
    Column("total", _("The member's total for the candidacy (out of 100)."), type="integer"),
    Column("comment", _("The member's comment on the points, published with them.")),
]


def selection_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """One row per candidacy scored and member who scored it, of every
    selection whose results are published (public plans only): for each
    round, its ranking (committee.selection.ranking: three queries) and its
    scores with their members (one)."""
    rounds = SelectionRound.objects.filter(
        published_at__isnull=False, committee__plan__in=Plan.objects.public()
    ).select_related("committee__plan")
    if plan is not None:
        rounds = rounds.filter(committee__plan=plan)
    for round in rounds.order_by("committee__plan_id"):
        ranked = {row.candidacy.pk: row for row in selection.ranking(round).rows}
        scores = (
            Score.objects.filter(candidacy__in=list(ranked))
            .select_related("selector")
            .order_by("selector__kind", "selector__name", "selector_id")
        )
        by_candidacy = defaultdict(list)
        for score in scores:
            by_candidacy[score.candidacy_id].append(score)
        for row in sorted(ranked.values(), key=lambda row: row.rank):
            candidacy = row.candidacy
            about = {
                "plan": round.committee.plan.slug,
                "candidacy": candidacy.pk,
                "association_ar": candidacy.association.name_ar or "",
                "association_fr": candidacy.association.name_fr or "",
                "person": candidacy.name,
                "region": candidacy.region,
                "rank": row.rank,
                "mean": round_mean(row.mean),
                "outcome": candidacy.outcome,
            }
            for score in by_candidacy[candidacy.pk]:
                yield {
                    **about,
                    "member": score.selector.name,
                    "member_seat": score.selector.kind,
                    "member_organisation": score.selector.organisation,
                    **{name: getattr(score, name) for name, _points in GRID},
                    "total": score.total,
                    "comment": score.comment,
                }


def round_mean(mean) -> float | None:
    return None if mean is None else round(float(mean), 2)


def _generations(plan_id: int) -> list[str]:
    # The plans (public or not, their slugs) and the plan's committee.
    return ["plans", COMMITTEE.name(plan_id)]


DATASETS = [
    Dataset(
        key="committee-meetings",
        title=_("Meetings of the steering committees"),
        description=_(
            "Every meeting of the public action plans' steering committees: when and where, its kind, "
            "its agenda once the convocation is sent, and once its minutes are published how many "
            "members and guests attended and how many decisions it took. A meeting's status follows "
            "from its dates. In the JSON, agenda is a list."
        ),
        columns=MEETING_COLUMNS,
        rows=meeting_rows,
        generations=_generations,
    ),
    Dataset(
        key="committee-attendance",
        title=_("Attendance at the steering committees' meetings"),
        description=_(
            "Who attended each meeting whose minutes are published: every member by name, present, "
            "excused or absent (members hold public office), and the guests counted by organisation, "
            "never named."
        ),
        columns=ATTENDANCE_COLUMNS,
        rows=attendance_rows,
        generations=_generations,
    ),
    Dataset(
        key="committee-decisions",
        title=_("Decisions of the steering committees"),
        description=_(
            "The register of the decisions of every meeting whose minutes are published: by consensus, "
            "or by vote with the counts per side, the base the majority was computed on and the outcome "
            "computed from them (a majority on both sides)."
        ),
        columns=DECISION_COLUMNS,
        rows=decision_rows,
        generations=_generations,
    ),
    Dataset(
        key="committee-selection",
        title=_("Selections of the steering committees' civil-society members"),
        description=_(
            "The published results of each selection of a committee's civil-society members: every "
            "candidacy scored (the complete files), its rank, its score — the mean of the scoring members' "
            "totals — and whether it was selected, with the points each member of the selection committee "
            "gave it on each criterion of the grid, their total and their comment: one row per candidacy "
            "and member. Incomplete files are not scored and not listed; nothing is published before the "
            "results are."
        ),
        columns=SELECTION_COLUMNS,
        rows=selection_rows,
        generations=_generations,
    ),
]
