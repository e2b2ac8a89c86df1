from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, F, Prefetch, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import generations
from core.transitions import TransitionError
from plans.models import Institution, Plan
from plans.views import list_context, plan_list, with_public_plan

from . import figures as workshop_figures
from . import registration
from .forms_list import WorkshopFilterForm
from .models import STATUS_LABELS, Registration, Workshop

PER_PAGE = 20


@require_GET
@plan_list
def index(request, plan: Plan):
    form = WorkshopFilterForm(request.GET or None, themes=list(plan.themes.all()))
    now = timezone.now()
    # Each with its figures, counted in the page's query for its rows only.
    workshops = (
        workshop_figures.with_figures(form.filter(Workshop.objects.filter(plan=plan)))
        .select_related("theme", "organiser")
        .prefetch_related(Prefetch("institutions", queryset=Institution.objects.order_by("name")))
        .annotate(
            # Upcoming first, soonest first; then those held, latest first.
            past=Case(When(starts_at__lt=now, then=Value(1)), default=Value(0)),
            upcoming_at=Case(When(starts_at__gte=now, then=F("starts_at"))),
        )
        .order_by("past", "upcoming_at", "-starts_at", "number")
    )
    query = form.query()  # the valid filters only: a key of bounded length
    number = generations.page_word(request)

    def context() -> dict:
        page = Paginator(workshops, PER_PAGE).get_page(number)
        page.object_list = workshop_figures.for_page(list(page.object_list))
        return {
            "plan": plan,
            "form": form,
            "workshops": page,
            "query": query,
            # Values of the query that could not be read, left out.
            "ignored": [form.fields[name].label for name in form.errors if name in form.fields],
        }

    # The same for every visitor, cached until the plan, its workshops (and
    # their registrations) or its ideas (the counts of ideas collected)
    # change; not when the form shows errors, so a hostile query fills no cache.
    names = ["plans", f"workshops:{plan.pk}", f"ideas:{plan.pk}"]
    results = generations.rendered(
        request,
        f"workshops:list:{plan.pk}:{number}:{query}",
        names,
        "workshops/_list.html",
        context,
        cache_if=not form.errors,
    )
    feed = settings.SITE_URL.rstrip("/") + reverse("workshops:feed", args=[plan.slug])
    context = list_context(
        plan,
        results=results,
        feed_url=feed,
        # The same address for calendar apps: a link they subscribe to.
        subscribe_url="webcal://" + feed.split("://", 1)[1],
    )
    return render(request, "workshops/index.html", context)


def _public_workshop(pk: int) -> Workshop:
    """The workshop, if its plan is public (the plans come from the cache)."""
    workshops = Workshop.objects.select_related("theme", "organiser").prefetch_related(
        Prefetch("institutions", queryset=Institution.objects.order_by("name"))
    )
    return with_public_plan(get_object_or_404(workshops, pk=pk))


def _mine(request, workshop: Workshop) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    return Registration.objects.filter(workshop=workshop, user=request.user).first()


def _public_part(workshop: Workshop, figures: dict, status: str):
    """What every visitor sees of the workshop, loaded on a cache miss only."""

    def context() -> dict:
        polls = list(workshop.polls.prefetch_related("options"))
        for poll in polls:
            poll.total = sum(option.votes for option in poll.options.all())
        programme = list(workshop.programme.all())
        return {
            "workshop": workshop,
            "status": status,
            "status_label": STATUS_LABELS[status],
            "institutions": list(workshop.institutions.order_by("name")),
            "programme": programme,
            "programme_minutes": sum(item.minutes for item in programme),
            "polls": polls,
            "ideas": list(workshop.ideas.visible().order_by("pk")) if status == "held" else [],
        }

    return context


@require_GET
def detail(request, pk: int):
    workshop = with_public_plan(
        get_object_or_404(Workshop.objects.select_related("theme", "organiser"), pk=pk)
    )
    mine = _mine(request, workshop)
    # Figures and the public part change with every registration, programme
    # item, poll or idea of the plan's workshops: cached under those.
    names = ["plans", f"workshops:{workshop.plan_id}", f"ideas:{workshop.plan_id}"]
    figures = generations.cached(f"workshops:figures:{pk}", names, lambda: registration.figures(workshop))
    status = workshop.status(figures)
    public_part = generations.rendered(
        request,
        f"workshops:detail:{pk}:{status}",
        names,
        "workshops/_workshop.html",
        _public_part(workshop, figures, status),
    )
    context = {
        "workshop": workshop,
        "public_part": public_part,
        "figures": figures,
        "state": workshop.registration_state(),
        "mine": mine if mine and mine.status in registration.ACTIVE else None,
        "position": registration.waiting_position(mine) if mine else None,
    }
    return render(request, "workshops/detail.html", context)


@verified_email_required
@require_POST
def register(request, pk: int):
    workshop = _public_workshop(pk)
    try:
        mine = registration.register(workshop, user=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        if mine.status == Registration.Status.REGISTERED:
            messages.success(request, _("You have a seat at this workshop. A confirmation is on its way."))
        else:
            messages.success(
                request,
                _("The workshop is full: you are number %(position)s on the waiting list.")
                % {"position": registration.waiting_position(mine)},
            )
    return redirect(workshop.get_absolute_url())


@login_required
@require_POST
def cancel(request, pk: int):
    workshop = _public_workshop(pk)
    mine = _mine(request, workshop)
    if mine is None or mine.status not in registration.ACTIVE:
        messages.error(request, _("You are not registered for this workshop."))
    else:
        try:
            registration.give_up(mine, by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your registration is cancelled."))
    return redirect(workshop.get_absolute_url())
