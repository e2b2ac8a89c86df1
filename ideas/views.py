from collections import defaultdict
from urllib.parse import urlencode

from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import generations, limits
from core.models import Moderation
from core.permissions import can_see
from plans.lists import cached_page, list_context, page_of, plan_list
from plans.models import Plan
from plans.queries import institutions_of, public_plans, with_public_plan

from . import funnel, statistics
from .forms import CommentForm, IdeaFilterForm, IdeaForm
from .generations import IDEAS, page_names
from .models import Comment, Idea, Support, with_counts


def _filtered(ideas, data: dict, *, rank: bool = False, skip: str = ""):
    """The ideas that pass the filters' valid values (IdeaFilterForm.valid_data),
    but `skip`; with `rank`, a search annotates how well each idea matches."""
    if data.get("theme"):
        ideas = ideas.filter(theme_id=data["theme"])
    if data.get("status") and skip != "status":
        ideas = ideas.filter(funnel.CONDITIONS[data["status"]])
    if data.get("source"):
        ideas = ideas.filter(source=data["source"])
    if data.get("institution"):
        received = Idea.sent_to.through.objects.filter(institution=data["institution"]).values("idea")
        ideas = ideas.filter(Q(pk__in=received) | Q(institution=data["institution"]))
    if data.get("q"):
        ideas = ideas.search(data["q"]) if rank else ideas.matching(data["q"])
    return ideas


def _ordered(ideas, data: dict):
    # A search without a chosen order lists the best matches first.
    sort = data.get("sort") or ("relevance" if data.get("q") else "new")
    if sort == "supported":
        return ideas.by_support()
    if sort == "relevance" and connection.vendor == "postgresql":
        return ideas.order_by("-rank", "-created_at", "-pk")
    return ideas.order_by("-created_at", "-pk")


# What the links to the same search elsewhere (another plan, every plan) keep:
# the filters that mean the same in every plan.
SHARED_FILTERS = ("q", "status", "source", "sort")


def _shared_query(data: dict) -> str:
    return urlencode({name: data[name] for name in SHARED_FILTERS if name in data})


def _plan_facet(plans: list[Plan], data: dict, current: Plan | None) -> list[dict]:
    """How many ideas of each public plan the search finds with the filters
    every plan shares (a theme is one plan's), each a link to that plan's
    list with them: from the tallies without search words, else one grouped
    query."""
    shared = {name: data[name] for name in SHARED_FILTERS if name in data}
    ids = [plan.pk for plan in plans]
    tallied = None if "q" in shared else statistics.published_by_status(ids, source=shared.get("source", ""))
    if tallied is not None:
        stage = shared.get("status", "collected")
        counts = {plan: funnel.count(by_status)[stage] for plan, by_status in tallied.items()}
    else:
        ideas = _filtered(Idea.objects.visible().filter(plan__in=ids), shared)
        counts = dict(ideas.order_by().values("plan").annotate(n=Count("pk")).values_list("plan", "n"))
    query = _shared_query(data)
    return [
        {
            "plan": plan,
            "count": counts.get(plan.pk, 0),
            "url": reverse("ideas:index", args=[plan.slug]) + (f"?{query}" if query else ""),
            "current": plan == current,
        }
        for plan in plans
    ]


def _stage_counts(ideas, plan_ids: list[int], data: dict) -> dict[str, int]:
    """How many of these ideas (of these plans, filtered by `data` but its
    status) each stage of the funnel holds ("collected": all of them): from
    the tallies when a theme and a source are all the filters, else one
    query."""
    if not any(data.get(name) for name in ("institution", "q")):
        tallied = statistics.published_by_status(
            plan_ids, theme=data.get("theme"), source=data.get("source", "")
        )
        if tallied is not None:
            by_status = defaultdict(int)
            for counts in tallied.values():
                for status, count in counts.items():
                    by_status[status] += count
            return funnel.count(by_status)
    stages = {key: Count("pk", filter=condition or None) for key, condition in funnel.CONDITIONS.items()}
    return _filtered(ideas, data, skip="status").aggregate(**stages)


def _results(
    request,
    form: IdeaFilterForm,
    base,
    *,
    plan_ids: list[int],
    key: str,
    names: list[str],
    facet,
    everywhere: bool = False,
) -> str:
    """The filters, the facet of plans, a page of results (plans.lists)."""
    data = form.valid_data

    def context() -> dict:
        ideas = _ordered(_filtered(base.for_list(), data, rank=True), data)
        counts = _stage_counts(base, plan_ids, data)
        form.count_stages(counts)
        page = page_of(
            request,
            ideas,
            settings.IDEAS_PER_PAGE,
            # The list holds the ideas of the stage chosen: counted already.
            count=counts[data.get("status", "collected")],
            # Supports and comments counted for the ideas shown only.
            prepare=with_counts,
        )
        plans = facet(data) if facet else []
        return {
            "data": data,
            # The secondary filters stay folded on a phone unless one is in use.
            "filtered": any(name in data for name in ("theme", "status", "source", "institution", "sort")),
            "page": page,
            "facet": plans,
            "elsewhere": [entry for entry in plans if entry["count"] and not entry["current"]],
            "facet_total": sum(entry["count"] for entry in plans),
            "everywhere": everywhere,
            "search_url": reverse("ideas:search") + (f"?{shared}" if (shared := _shared_query(data)) else ""),
        }

    return cached_page(request, form, key=key, names=names, template="ideas/_results.html", context=context)


@require_GET
@generations.public_page(query=[*IdeaFilterForm.base_fields, "page"])
@plan_list
def index(request, plan: Plan):
    form = IdeaFilterForm(
        request.GET or None, themes=list(plan.themes.all()), institutions=institutions_of(plan.member_id)
    )
    names = page_names(plan.pk)
    facet = None
    if form.valid_data.get("q"):
        # A search also says how many ideas of every other plan it finds.
        plans = public_plans()
        names = names + [IDEAS.name(other.pk) for other in plans if other.pk != plan.pk]
        facet = lambda data: _plan_facet(plans, data, plan)  # noqa: E731
    base = Idea.objects.visible().filter(plan=plan)
    results = _results(
        request, form, base, plan_ids=[plan.pk], key=f"ideas:list:{plan.pk}", names=names, facet=facet
    )
    collection = plan.collection_phase
    context = list_context(
        plan,
        form=form,
        results=results,
        can_submit=plan.allows("submit_idea"),
        collection=collection,
        collection_state=collection.state() if collection else "",
        # The other plans' lists keep the search and the filters every plan shares.
        other_plans_query=_shared_query(form.valid_data),
    )
    return render(request, "ideas/index.html", context)


@require_GET
@generations.public_page(query=[*IdeaFilterForm.base_fields, "page"])
def search(request):
    """The ideas of every public plan: a search across plans, with how many
    ideas it finds in each plan."""
    plans = public_plans()
    form = IdeaFilterForm(request.GET or None)
    names = ["plans", "people", *(IDEAS.name(plan.pk) for plan in plans)]
    ids = [plan.pk for plan in plans]
    base = Idea.objects.visible().filter(plan__in=ids)
    facet = lambda data: _plan_facet(plans, data, None)  # noqa: E731
    results = _results(
        request, form, base, plan_ids=ids, key="ideas:search", names=names, facet=facet, everywhere=True
    )
    return render(request, "ideas/search.html", {"form": form, "results": results})


def _visible_idea(request, pk: int) -> Idea:
    """The idea, if this visitor may see it: in a public plan, which it
    carries with its phases (from the cache); hidden ideas only to their
    author and moderators."""
    idea = with_public_plan(get_object_or_404(Idea, pk=pk))
    if not can_see(request.user, idea):
        raise Http404
    return idea


@require_GET
@generations.public_page(query=["comments"])
def detail(request, pk: int):
    idea = _visible_idea(request, pk)
    return _render_detail(request, idea, CommentForm())


COMMENTS_PER_PAGE = 50


def _comments(request, idea: Idea) -> Paginator:
    """The idea's comments this visitor sees, oldest first, by pages. A hidden
    comment shows to its author only, with the moderator's reason."""
    comments = Comment.objects.filter(idea=idea).order_by("created_at", "pk")
    if request.user.is_authenticated:
        comments = comments.filter(Q(moderation=Moderation.PUBLISHED) | Q(author=request.user))
    else:
        comments = comments.published()
    comments = comments.select_related("author").prefetch_related("moderation_events")
    return Paginator(comments, COMMENTS_PER_PAGE)


def _render_detail(request, idea: Idea, comment_form: CommentForm, status: int = 200):
    user = request.user
    comments = _comments(request, idea)

    def comments_context() -> dict:
        # A form that failed shows the last page, where the new comment would go.
        number = comments.num_pages if comment_form.is_bound else generations.page_word(request, "comments")
        return {"comments": comments.get_page(number)}

    # The published comments are the same for every visitor: cached, unless
    # this visitor also sees a hidden comment of their own.
    own_hidden = user.is_authenticated and (
        Comment.objects.filter(idea=idea, author=user).exclude(moderation=Moderation.PUBLISHED).exists()
    )
    names = page_names(idea.plan_id)
    key = f"ideas:comments:{idea.pk}:{generations.page_word(request, 'comments')}"
    cache_if = not (comment_form.is_bound or own_hidden)
    comments_html = generations.rendered(
        request, key, names, "ideas/_comments.html", comments_context, cache_if=cache_if
    )

    def idea_context() -> dict:
        full = Idea.objects.for_detail().get(pk=idea.pk)
        return {"idea": full, "events": full.events.all()}

    # Its text, fields and outcome are the same for every visitor who may see
    # it: cached unless moderation hides it.
    key = f"ideas:detail:{idea.pk}"
    public_part = generations.rendered(
        request, key, names, "ideas/_idea.html", idea_context, cache_if=not idea.is_hidden
    )
    support_count = generations.cached(
        f"ideas:supports:{idea.pk}", names, lambda: Support.objects.filter(idea=idea.pk).count()
    )
    supported = user.is_authenticated and Support.objects.filter(idea=idea, user=user).exists()
    return render(
        request,
        "ideas/detail.html",
        {
            "idea": idea,
            "public_part": public_part,
            "support_count": support_count,
            "comments": comments_html,
            "comment_form": comment_form,
            "supported": supported,
            "can_interact": idea.open_for_interaction,
        },
        status=status,
    )


# The ideas' forms count their raw posts together against floods.
POSTS = ("ideas.posts", "IDEAS_RATE_POSTS")


def _too_many(what: str, seconds: int) -> str:
    return f"{what} {limits.retry_message(seconds)}"


@login_required
@require_POST
def support(request, pk: int):
    idea = _visible_idea(request, pk)
    wait = limits.public_post(request, "ideas.support", "IDEAS_RATE_SUPPORT")
    if wait:
        messages.error(request, _too_many(_("You have changed your support too often."), wait))
    elif not idea.open_for_interaction:
        messages.error(request, _("This idea can no longer be supported."))
    elif idea.author_id == request.user.pk:
        messages.error(request, _("This is your own idea: others may support it, you cannot."))
    else:
        # Clicks of one person are served in turn (the lock), so adding is
        # idempotent and withdrawing never races an insert.
        with transaction.atomic():
            limits.lock(request.user)
            if request.POST.get("action") == "remove":
                Support.objects.filter(idea=idea, user=request.user).delete()
                messages.success(request, _("Your support is withdrawn."))
            else:
                Support.objects.get_or_create(idea=idea, user=request.user)
                messages.success(request, _("You support this idea."))
    return redirect(idea.get_absolute_url() + "#support")


@login_required
@require_POST
def comment(request, pk: int):
    idea = _visible_idea(request, pk)
    if not idea.open_for_interaction:
        messages.error(request, _("Comments on this idea are closed."))
        return redirect(idea.get_absolute_url())
    form = CommentForm(request.POST)
    wait, comment = limits.publish(
        request,
        form,
        Comment.objects.filter(author=request.user),
        "IDEAS_RATE_COMMENT",
        lambda: Comment.objects.create(idea=idea, author=request.user, body=form.cleaned_data["body"]),
        posts=POSTS,
    )
    if wait:
        form.add_error(None, _too_many(_("You have sent too many comments in a short time."), wait))
        return _render_detail(request, idea, form, status=429)
    if not form.is_valid():
        return _render_detail(request, idea, form, status=400)
    messages.success(request, _("Your comment is published."))
    # Newest last: the new comment is on the last page.
    last = _comments(request, idea).num_pages
    return redirect(f"{idea.get_absolute_url()}?comments={last}#comment-{comment.pk}")


@verified_email_required
@require_http_methods(["GET", "POST"])
def submit(request, slug: str):
    plan = get_object_or_404(Plan.objects.public().prefetch_related("phases"), slug=slug)
    collection = plan.phase("collection")
    if not plan.allows("submit_idea"):
        return render(
            request,
            "ideas/closed.html",
            {"plan": plan, "collection": collection, "today": timezone.localdate()},
            status=403,
        )
    form = IdeaForm(request.POST or None, request.FILES or None, plan=plan, user=request.user)
    context = {"plan": plan, "form": form, "collection": collection}
    if request.method != "POST":
        return render(request, "ideas/submit.html", context)

    def create() -> Idea:
        idea = form.save(commit=False)
        idea.plan = plan
        idea.author = request.user
        idea.source = Idea.Source.PORTAL
        idea.set_language_from_text()
        idea.save()
        form.save_m2m()
        return idea

    mine = Idea.objects.filter(author=request.user)
    wait, idea = limits.publish(request, form, mine, "IDEAS_RATE_SUBMIT", create, posts=POSTS)
    if wait:
        form.add_error(None, _too_many(_("You have sent too many ideas in a short time."), wait))
        return render(request, "ideas/submit.html", {**context, "limited": True}, status=429)
    if not form.is_valid():
        return render(request, "ideas/submit.html", context, status=400)
    messages.success(
        request, _("Thank you: your idea is published. You will be told of every step of its screening.")
    )
    return redirect(idea.get_absolute_url())


@login_required
@require_GET
def mine(request):
    ideas = (
        Idea.objects.filter(author=request.user)
        .select_related("plan", "theme")
        .prefetch_related(Prefetch("events", to_attr="all_events"), "moderation_events")
        .order_by("-created_at")
    )
    return render(request, "ideas/mine.html", {"ideas": ideas})
