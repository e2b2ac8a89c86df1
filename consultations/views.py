"""The public consultation's pages (spec: cocreation.md, "Public consultation
on the draft plan"): the main menu's entry, a plan's tab listing its
consultations, a consultation (its state and countdown, "N comments, M
answered" and the answer rate per institution with the overdue ones, its
commitments or sections), the comments on a commitment, a section or the
whole text with their answers and the form, and "My comments".

What is the same for every visitor is cached under the plans, the public
names, the plan's consultations and its commitments (`_names`); a page is
kept whole for visitors who are not signed in (`public_page`). What a
signed-in person sees of their own (a hidden comment and its reason, the
form, a form with errors) is rendered for them, uncached."""

from dataclasses import dataclass
from datetime import date

from allauth.account.decorators import verified_email_required
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from commitments.generations import COMMITMENTS
from commitments.models import Commitment, Milestone
from core import generations, limits
from core.models import Moderation
from plans.lists import list_context, page_of, plan_list
from plans.models import Plan
from plans.queries import menu_order, public_plans

from . import figures, routing
from .forms import CommentForm
from .generations import CONSULTATIONS
from .models import Comment, Consultation, Section
from .opening import ensure_open

COMMENTS_PER_PAGE = 30
# A consultation's page lists its commitments (or sections) by pages of this many.
TARGETS_PER_PAGE = 30
MINE_PER_PAGE = 30
# Raw comment posts counted together against floods (core.limits.publish).
POSTS = ("consultations.posts", "CONSULTATIONS_RATE_POSTS")


def _names(plan: Plan) -> list[str]:
    """What a consultation page of `plan` is read from: the plans (their
    phases: a draft plan's window), the public names, the consultations and
    the commitments (their titles, lead institutions and milestones)."""
    return ["plans", "people", CONSULTATIONS.name(plan.pk), COMMITMENTS.name(plan.pk)]


# --- The consultations, from the cache ---------------------------------------


def _of_plans(plans: list[Plan]) -> dict[int, list[Consultation]]:
    """The consultations of these public plans by plan, newest first, each
    with its plan from the cached public plans (its phases: a draft plan's
    window): one query, cached under their consultations."""

    def build() -> list[Consultation]:
        return list(Consultation.objects.filter(plan__in=[plan.pk for plan in plans]))

    key = "consultations:of:" + ".".join(str(plan.pk) for plan in plans)
    rows = generations.cached(key, [CONSULTATIONS.name(plan.pk) for plan in plans], build)
    by_pk = {plan.pk: plan for plan in plans}
    found: dict[int, list[Consultation]] = {}
    for row in rows:
        row.plan = by_pk[row.plan_id]
        found.setdefault(row.plan_id, []).append(row)
    return found


def _consultation(plan: Plan, pk: int) -> Consultation:
    """The consultation `pk` of `plan`, or 404; opened if its window has
    begun and nobody has yet (opening.ensure_open)."""
    consultation = next((row for row in _of_plans([plan]).get(plan.pk, []) if row.pk == pk), None)
    if consultation is None:
        raise Http404
    ensure_open(consultation)
    return consultation


def timing(consultation: Consultation, today: date) -> dict:
    """Its state and dates as a page says them: the days left, or until it
    opens; the day answers are owed by, and whether that day has passed."""
    opens, closes = consultation.window()
    state = consultation.state(today)
    due = consultation.due()
    return {
        "state": state,
        "opens_on": opens,
        "closes_on": closes,
        "due_on": due,
        "days_left": (closes - today).days if state == "open" else None,
        "days_to_open": (opens - today).days if state == "upcoming" else None,
        "overdue": due is not None and today > due,
    }


# --- The main menu's entry: /<lang>/consultations/ ----------------------------


@require_GET
@generations.public_page
def index(request):
    """The consultation open today (the default member's first, as the menu
    picks a plan: plans.queries.menu_order; of a plan, the one closing
    first), else a chooser of the plans that have consultations."""
    plans = public_plans()
    found = _of_plans(plans)
    today = timezone.localdate()
    with_open = menu_order(
        plan for plan in plans if any(row.is_open(today) for row in found.get(plan.pk, []))
    )
    if with_open:
        rows = [row for row in found[with_open[0].pk] if row.is_open(today)]
        first = min(rows, key=lambda row: (row.window()[1], row.pk))
        return redirect(first.get_absolute_url())
    chooser = [
        (plan, [(row, timing(row, today)) for row in found[plan.pk]])
        for plan in menu_order(plan for plan in plans if found.get(plan.pk))
    ]
    return render(request, "consultations/entry.html", {"chooser": chooser})


# --- A plan's tab: its consultations -------------------------------------------


@require_GET
@generations.public_page
@plan_list
def plan_consultations(request, plan: Plan):
    consultations = _of_plans([plan]).get(plan.pk, [])
    for consultation in consultations:
        ensure_open(consultation)
    today = timezone.localdate()

    def context() -> dict:
        tallies = figures.by_consultation(consultations)
        return {
            "plan": plan,
            "consultations": [(row, timing(row, today), tallies[row.pk]) for row in consultations],
        }

    body = generations.rendered(
        request, f"consultations:plan:{plan.pk}:{today}", _names(plan), "consultations/_plan.html", context
    )
    return render(request, "consultations/plan.html", list_context(plan, body=body))


# --- A consultation ----------------------------------------------------------------


def _detail_context(request, consultation: Consultation, today: date):
    def context() -> dict:
        # A draft plan is consulted on by commitment (those proposed when it
        # opened), a text by section: a page of them, counted for that page.
        on_draft_plan = consultation.subject == Consultation.Subject.DRAFT_PLAN
        if on_draft_plan:
            rows = consultation.commitments.public().select_related("lead_institution").order_by("number")
        else:
            rows = consultation.sections.order_by("number")
        targets = page_of(request, rows, TARGETS_PER_PAGE)
        ids = [row.pk for row in targets]
        counted = figures.by_targets(
            consultation, commitments=ids if on_draft_plan else (), sections=() if on_draft_plan else ids
        )
        found = counted.commitments if on_draft_plan else counted.sections
        for row in targets:
            row.tally = found.get(row.pk, figures.Tally())
        institutions = figures.by_institution(consultation, today)
        total = figures.summed(institutions)
        return {
            "consultation": consultation,
            "plan": consultation.plan,
            "timing": timing(consultation, today),
            "total": total,
            "institutions": institutions,
            "commitments": targets if on_draft_plan else [],
            "sections": [] if on_draft_plan else targets,
            # The whole text's comments (neither on a commitment nor on a section).
            "general": counted.whole,
        }

    return context


@require_GET
@generations.public_page(query=["page"])
@plan_list
def detail(request, plan: Plan, pk: int):
    consultation = _consultation(plan, pk)
    today = timezone.localdate()
    body = generations.rendered(
        request,
        f"consultations:detail:{pk}:{generations.page_word(request)}:{today}",
        _names(plan),
        "consultations/_detail.html",
        _detail_context(request, consultation, today),
    )
    context = list_context(plan, consultation=consultation, body=body, other_plans=[])
    return render(request, "consultations/detail.html", context)


# --- The comments on a commitment, a section or the whole text ------------------------


@dataclass
class Target:
    """What the comments of a page are on: a commitment of the
    consultation, a section of its text, or the whole (neither)."""

    consultation: Consultation
    commitment: Commitment | None = None
    section: Section | None = None

    @property
    def kind(self) -> str:
        return "commitment" if self.commitment else "section" if self.section else "general"

    @property
    def key(self) -> str:
        return f"{self.kind}:{(self.commitment or self.section).pk}" if self.kind != "general" else "general"

    @property
    def rows(self) -> dict:
        if self.commitment is not None:
            return {"commitment": self.commitment}
        if self.section is not None:
            return {"section": self.section}
        return {"commitment__isnull": True, "section__isnull": True}

    def comments(self):
        return Comment.objects.filter(consultation=self.consultation, **self.rows)

    def url(self) -> str:
        plan, pk = self.consultation.plan.slug, self.consultation.pk
        if self.commitment is not None:
            return reverse("consultations:commitment", args=[plan, pk, self.commitment.number])
        if self.section is not None:
            return reverse("consultations:section", args=[plan, pk, self.section.number])
        return reverse("consultations:general", args=[plan, pk])


def _visible(request, target: Target):
    """The comments this visitor sees, oldest first: the published ones, and
    a signed-in person's own hidden ones (with the moderator's reason)."""
    rows = target.comments().select_related("author", "association", "owed_by", "milestone")
    if request.user.is_authenticated:
        own = Q(author=request.user) & ~Q(moderation=Moderation.PUBLISHED)
        rows = rows.filter(Q(moderation=Moderation.PUBLISHED) | own).prefetch_related("moderation_events")
    else:
        rows = rows.published()
    return rows.order_by("created_at", "pk")


def _target_context(target: Target):
    def context() -> dict:
        shown = {"consultation": target.consultation, "plan": target.consultation.plan, "kind": target.kind}
        if target.commitment is not None:
            milestones = Milestone.objects.select_related("responsible_institution")
            shown["commitment"] = (
                Commitment.objects.select_related("lead_institution", "theme")
                .prefetch_related(Prefetch("milestones", milestones))
                .get(pk=target.commitment.pk)
            )
        elif target.section is not None:
            shown["section"] = target.section
        shown["tally"] = figures.tally(target.comments())
        return shown

    return context


def dated_rows(comments: list[Comment], due: date | None, today: date) -> list[Comment]:
    """Comments of one consultation, each with the day its answer is owed by
    and whether that day has passed (what `_comment.html` says of it)."""
    for comment in comments:
        comment.due_on = due
        comment.overdue = due is not None and today > due
    return comments


def _can_comment(user) -> str:
    """Who the visitor is to the form: "anonymous", "unverified" (an
    account whose email is not verified yet) or "verified"."""
    if not user.is_authenticated:
        return "anonymous"
    return "verified" if EmailAddress.objects.filter(user=user, verified=True).exists() else "unverified"


def _render(request, target: Target, form: CommentForm | None = None, status: int = 200):
    consultation, plan = target.consultation, target.consultation.plan
    today = timezone.localdate()
    names = _names(plan)
    head = generations.rendered(
        request,
        f"consultations:target:{consultation.pk}:{target.key}:{today}",
        names,
        "consultations/_target.html",
        _target_context(target),
    )
    user = request.user
    # The comments are the same for every visitor unless this one also sees
    # a hidden comment of their own, or has sent a form back with errors.
    own_hidden = user.is_authenticated and (
        target.comments().filter(author=user).exclude(moderation=Moderation.PUBLISHED).exists()
    )
    page = generations.page_word(request)

    def comments_context() -> dict:
        due = consultation.due()
        dated = lambda rows: dated_rows(rows, due, today)  # noqa: E731
        return {
            "comments": page_of(request, _visible(request, target), COMMENTS_PER_PAGE, prepare=dated),
            "fragment": "#comments",
        }

    comments = generations.rendered(
        request,
        f"consultations:comments:{consultation.pk}:{target.key}:{page}:{today}",
        names,
        "consultations/_comments.html",
        comments_context,
        cache_if=not (own_hidden or (form is not None and form.is_bound)),
    )
    when = timing(consultation, today)
    who = _can_comment(user) if when["state"] == "open" else ""
    if form is None and who == "verified":
        form = CommentForm(user=user, commitment=target.commitment)
    context = list_context(
        plan,
        consultation=consultation,
        target=target,
        head=head,
        comments=comments,
        timing=when,
        who=who,
        form=form,
        action=target.url(),
        other_plans=[],
    )
    return render(request, "consultations/comments.html", context, status=status)


def _too_many(seconds: int) -> str:
    return f"{_('You have sent too many comments in a short time.')} {limits.retry_message(seconds)}"


def _post(request, target: Target):
    """A comment sent: refused with a message and nothing saved outside the
    window; published and routed (routing.post) within it, under the rate
    limit (core.limits.publish); sent back with what was typed otherwise."""
    consultation = target.consultation
    if not consultation.is_open():
        messages.error(request, _("This consultation is not open for comments: nothing was saved."))
        return redirect(target.url())
    form = CommentForm(request.POST, user=request.user, commitment=target.commitment)

    def create() -> Comment:
        data = form.cleaned_data
        return routing.post(
            consultation,
            author=request.user,
            body=data["body"],
            commitment=target.commitment,
            milestone=data.get("milestone"),
            section=target.section,
            association=data.get("association"),
            association_name=data.get("association_name", ""),
        )

    mine = Comment.objects.filter(author=request.user)
    try:
        wait, comment = limits.publish(request, form, mine, "CONSULTATIONS_RATE_COMMENT", create, posts=POSTS)
    except ValidationError as error:  # closed meanwhile (midnight), or a target not of the consultation
        form.add_error(None, error)
        return _render(request, target, form, status=400)
    if wait:
        form.add_error(None, _too_many(wait))
        return _render(request, target, form, status=429)
    if not form.is_valid():
        return _render(request, target, form, status=400)
    if comment.owed_by_id:
        messages.success(
            request,
            _("Your comment is published. %(institution)s owes it a public answer by %(date)s.")
            % {"institution": comment.owed_by.name, "date": _date(consultation.due())},
        )
    else:
        messages.success(
            request,
            _("Your comment is published. The secretariat owes it a public answer by %(date)s.")
            % {"date": _date(consultation.due())},
        )
    # Oldest first: the new comment is on the last page.
    last = max(1, -(-_visible(request, target).count() // COMMENTS_PER_PAGE))
    return redirect(f"{target.url()}?page={last}#comment-{comment.pk}")


def _date(day: date | None) -> str:
    return date_format(day, "j F Y") if day else ""


def _comment_page(request, target: Target):
    if request.method == "POST":
        return verified_email_required(_post)(request, target)
    return _render(request, target)


@require_http_methods(["GET", "POST"])
@generations.public_page(query=["page"])
@plan_list
def commitment(request, plan: Plan, pk: int, number: int):
    consultation = _consultation(plan, pk)
    found = consultation.commitments.public().filter(number=number).select_related("lead_institution").first()
    if found is None:
        raise Http404
    found.plan = plan
    return _comment_page(request, Target(consultation, commitment=found))


@require_http_methods(["GET", "POST"])
@generations.public_page(query=["page"])
@plan_list
def section(request, plan: Plan, pk: int, number: int):
    consultation = _consultation(plan, pk)
    found = Section.objects.filter(consultation=consultation, number=number).first()
    if found is None:
        raise Http404
    return _comment_page(request, Target(consultation, section=found))


@require_http_methods(["GET", "POST"])
@generations.public_page(query=["page"])
@plan_list
def general(request, plan: Plan, pk: int):
    consultation = _consultation(plan, pk)
    return _comment_page(request, Target(consultation))


# --- My comments -------------------------------------------------------------------


def _with_due(comments: list[Comment]) -> list[Comment]:
    """Each comment with the day its answer is owed by, and whether that day
    has passed: one query for the page's consultations."""
    ids = {comment.consultation_id for comment in comments}
    due = dict(Consultation.objects.with_window().filter(pk__in=ids).values_list("pk", "due_on"))
    today = timezone.localdate()
    for comment in comments:
        comment.due_on = due.get(comment.consultation_id)
        comment.overdue = comment.due_on is not None and today > comment.due_on
    return comments


@login_required
@require_GET
def mine(request):
    comments = (
        Comment.objects.filter(author=request.user)
        .select_related("consultation__plan", "commitment", "section", "milestone", "owed_by", "association")
        .prefetch_related("moderation_events")
        .order_by("-created_at", "-pk")
    )
    page = page_of(request, comments, MINE_PER_PAGE, prepare=_with_due)
    return render(request, "consultations/mine.html", {"comments": page})
