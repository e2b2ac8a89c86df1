"""The committee's public pages, a plan's tab (plans.lists): the committee
(members by side, parity, terms, attendance), its meetings, a meeting
(agenda, attendance, minutes, decisions, documents, PDFs), the decisions
register and the handbook — everything the handbook says is public
(spec: committee.md, "Published"), and nothing of a draft (committee.rules).

Each page is kept whole for visitors who are not signed in
(`public_page`), and its body is cached for everyone (`rendered`) under
the plans' generation and the committee's of the plan (COMMITTEE): a write
of the committee or of any row under it rebuilds them."""

from collections import Counter
from datetime import date

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import documents as published
from core import generations
from plans.lists import list_context, page_of, plan_list
from plans.models import Plan
from plans.queries import menu_order, public_plan_by_pk, public_plans

from . import documents, rules
from .decisions import with_outcomes
from .generations import COMMITTEE
from .membership import parity
from .models import Attendance, Committee, Decision, HandbookVersion, Meeting, Membership, Side
from .reviews import REVIEWS_A_YEAR, reviews_by_year

PER_PAGE = 20


def _names(plan: Plan) -> list[str]:
    """What a committee page of `plan` is read from."""
    return ["plans", COMMITTEE.name(plan.pk)]


def _committee(plan: Plan) -> Committee | None:
    # With its selection round (the committee page links to it): no query more.
    committee = Committee.objects.filter(plan=plan).select_related("selection").first()
    if committee is not None:
        committee.plan = plan
    return committee


def _page(request, plan: Plan, part: str, context, *, key: str = "", names=None, **extra):
    """A committee page: its body (`committee/_<part>.html` from `context()`,
    run on a miss only) cached for everyone under the plan's committee
    (or `names`), in the plan's list layout (`committee/<part>.html`).
    What depends on the time as well (a meeting held once its time has
    come) is at most FRAGMENT_CACHE_SECONDS late, as everywhere."""
    body = generations.rendered(
        request,
        f"committee:{part}:{plan.pk}:{key}",
        names or _names(plan),
        f"committee/_{part}.html",
        lambda: {"plan": plan, **context()},
    )
    return render(request, f"committee/{part}.html", list_context(plan, body=body, **extra))


# --- The entry: /<lang>/committee/ -------------------------------------------


def _committees() -> dict[int, tuple[date, date]]:
    """Each public plan's committee's term, by plan: one query, cached under
    the plans and their committees."""
    plans = public_plans()

    def build() -> dict[int, tuple[date, date]]:
        rows = Committee.objects.filter(plan__in=[plan.pk for plan in plans])
        return {
            plan_id: (start, end)
            for plan_id, start, end in rows.values_list("plan", "term_start", "term_end")
        }

    names = ["plans", *(COMMITTEE.name(plan.pk) for plan in plans)]
    return generations.cached("committee:terms", names, build)


@require_GET
@generations.public_page
def entry(request):
    """The main menu's Committee: the committee sitting today (its term holds
    today; the default member's first, as the menu picks a plan:
    plans.queries.menu_order), else a chooser of the plans that have one."""
    terms = _committees()
    today = timezone.localdate()
    plans = [plan for plan in public_plans() if plan.pk in terms]
    sitting = menu_order(plan for plan in plans if terms[plan.pk][0] <= today <= terms[plan.pk][1])
    if sitting:
        return redirect(reverse("committee:index", args=[sitting[0].slug]))
    committees = [(plan, *terms[plan.pk]) for plan in menu_order(plans)]
    return render(request, "committee/entry.html", {"committees": committees})


# --- The committee: members by side, parity, terms, attendance -------------------


ROLE_ORDER = {Membership.Role.CHAIR: 0, Membership.Role.MEMBER: 1, Membership.Role.DEPUTY: 2}


def _members_context(plan: Plan):
    def context() -> dict:
        committee = _committee(plan)
        if committee is None:
            return {"committee": None}
        seats = committee.memberships.select_related("institution", "association", "deputy_of")
        # Attendance at the meetings whose minutes are published, per member:
        # one query whatever the number of members and meetings.
        counted = (
            Attendance.objects.filter(meeting__in=rules.published_meetings().filter(committee=committee))
            .values("member")
            .annotate(
                recorded=Count("pk"),
                present=Count("pk", filter=Q(presence=Attendance.Presence.PRESENT)),
                excused=Count("pk", filter=Q(presence=Attendance.Presence.EXCUSED)),
            )
        )
        attendance = {row["member"]: row for row in counted}
        # Who sits, and the parity, today; for a committee whose term is
        # over (or not begun), on the term's last (or first) day.
        day = min(max(timezone.localdate(), committee.term_start), committee.term_end)
        sides = {Side.PUBLIC: [], Side.CIVIL: []}
        for seat in seats:
            row = attendance.get(seat.pk)
            seat.recorded = row["recorded"] if row else 0
            seat.present = row["present"] if row else 0
            seat.excused = row["excused"] if row else 0
            seat.rate = round(100 * seat.present / seat.recorded) if seat.recorded else None
            seat.sits = seat.is_sitting(day)
            sides[seat.side].append(seat)
        for members in sides.values():
            members.sort(key=lambda seat: (not seat.sits, ROLE_ORDER.get(seat.role, 9), seat.name.casefold()))
        handbook = HandbookVersion.objects.filter(member=plan.member_id).order_by("-number").first()
        return {
            "committee": committee,
            "sides": [(side, Side(side).label, members) for side, members in sides.items()],
            "parity": parity(committee, day),
            "day": day,
            "handbook": handbook,
        }

    return context


@require_GET
@generations.public_page
@plan_list
def index(request, plan: Plan):
    return _page(request, plan, "committee", _members_context(plan))


# --- The meetings: upcoming and past, the implementation reviews per year ---------


def _labelled(meetings) -> list[Meeting]:
    """Meetings annotated `with_status`, each with its status's label."""
    meetings = list(meetings)
    for meeting in meetings:
        meeting.status_label = Meeting.Status(meeting.status).label
    return meetings


def _meetings_context(request, plan: Plan, now):
    def context() -> dict:
        committee = _committee(plan)
        if committee is None:
            return {"committee": None}
        meetings = Meeting.objects.with_status(now).filter(committee=committee)
        upcoming = _labelled(meetings.filter(starts_at__gt=now).order_by("starts_at", "pk"))
        past = meetings.filter(starts_at__lte=now).order_by("-starts_at", "-pk")
        return {
            "committee": committee,
            "upcoming": upcoming,
            "past": page_of(request, past, PER_PAGE, prepare=_labelled),
            "reviews": reviews_by_year(committee, plan, now),
            "reviews_a_year": REVIEWS_A_YEAR,
        }

    return context


@require_GET
@generations.public_page(query=["page"])
@plan_list
def meetings(request, plan: Plan):
    context = _meetings_context(request, plan, timezone.now())
    return _page(request, plan, "meetings", context, key=generations.page_word(request))


# --- A meeting ------------------------------------------------------------------


def _cancellation(meeting: Meeting) -> str:
    event = meeting.events.filter(to_status=Meeting.Status.CANCELLED).order_by("-created_at", "-pk").first()
    return event.reason if event else ""


def _pdfs(meeting: Meeting) -> list[dict]:
    """The agenda's PDF once it is out, the minutes' once published, in each
    of their languages (committee.documents, served by committee:meeting_document)."""
    out = []
    if rules.agenda_is_out(meeting) and meeting.cancelled_at is None:
        out.append(documents.AGENDA)
    if rules.shows_minutes(meeting):
        out.append(documents.MINUTES)
    return [
        {
            "kind": document.kind,
            "urls": [
                (
                    language,
                    published.language_name(language),
                    reverse("committee:meeting_document", args=[meeting.pk, document.kind, language]),
                )
                for language in document.in_languages()
            ],
        }
        for document in out
    ]


def _meeting_context(meeting: Meeting):
    def context() -> dict:
        shown = rules.shows_minutes(meeting)
        agenda = list(meeting.agenda_items.order_by("number")) if rules.agenda_is_out(meeting) else []
        result = {
            "meeting": meeting,
            "status_label": Meeting.Status(meeting.status).label,
            "agenda": agenda,
            "shows_agenda": rules.agenda_is_out(meeting),
            "shows_minutes": shown,
            "cancellation": _cancellation(meeting) if meeting.cancelled_at else "",
            "pdfs": _pdfs(meeting),
        }
        if shown:
            attendance = list(
                meeting.attendance.select_related("member").order_by("member__side", "member__name")
            )
            decisions = meeting.meeting_decisions.select_related("meeting", "agenda_item").order_by("number")
            guests = (
                meeting.guests.values_list("organisation").annotate(n=Count("pk")).order_by("organisation")
            )
            present = Counter(
                row.member.side for row in attendance if row.presence == Attendance.Presence.PRESENT
            )
            result |= {
                # Members by name (public office), each side apart.
                "attendance": [
                    (Side(side).label, present[side], [row for row in attendance if row.member.side == side])
                    for side in (Side.PUBLIC, Side.CIVIL)
                ],
                "guests": list(guests),
                "decisions": with_outcomes(decisions),
                "documents": list(rules.public_documents(meeting).order_by("title", "pk")),
            }
        return result

    return context


@require_GET
@generations.public_page
@plan_list
def meeting(request, plan: Plan, pk: int):
    now = timezone.now()
    found = (
        Meeting.objects.with_status(now).filter(committee__plan=plan, pk=pk).select_related("chair").first()
    )
    if found is None:
        raise Http404
    context = _meeting_context(found)
    return _page(request, plan, "meeting", context, key=f"{pk}:{found.status}", meeting=found, other_plans=[])


# --- The decisions register -----------------------------------------------------------


def _decisions_context(request, plan: Plan):
    def context() -> dict:
        committee = _committee(plan)
        if committee is None:
            return {"committee": None}
        decisions = (
            Decision.objects.filter(meeting__in=rules.published_meetings().filter(committee=committee))
            .select_related("meeting", "agenda_item")
            .order_by("-meeting__starts_at", "-meeting_id", "number")
        )
        return {
            "committee": committee,
            "decisions": page_of(request, decisions, PER_PAGE, prepare=with_outcomes),
        }

    return context


@require_GET
@generations.public_page(query=["page"])
@plan_list
def decisions(request, plan: Plan):
    context = _decisions_context(request, plan)
    return _page(request, plan, "decisions", context, key=generations.page_word(request))


# --- The handbook -------------------------------------------------------------------


def _handbook_context(plan: Plan):
    def context() -> dict:
        versions = list(
            HandbookVersion.objects.filter(member=plan.member_id)
            .select_related("decision__meeting__committee")
            .order_by("-number")
        )
        for version in versions:
            # The decision that adopted it, on its meeting's page (of the
            # plan its committee served) when that page is public.
            version.decision_url = None
            decision = version.decision
            if decision is not None and rules.shows_minutes(decision.meeting):
                adopted_in = public_plan_by_pk(decision.meeting.committee.plan_id)
                if adopted_in is not None:
                    page = reverse("committee:meeting", args=[adopted_in.slug, decision.meeting_id])
                    version.decision_url = f"{page}#decision-{decision.number}"
        return {"versions": versions, "current": versions[0] if versions else None}

    return context


@require_GET
@generations.public_page
@plan_list
def handbook(request, plan: Plan):
    # The handbook is the OGP member's: every plan of the member shows it,
    # and the decisions adopting its versions are of their committees.
    same_member = [other.pk for other in public_plans() if other.member_id == plan.member_id]
    names = ["plans", *(COMMITTEE.name(pk) for pk in same_member)]
    return _page(request, plan, "handbook", _handbook_context(plan), names=names)
