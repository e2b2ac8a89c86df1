from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import generations, limits
from core.transitions import TransitionError
from plans.lists import cached_page, list_context, page_of, plan_list
from plans.models import Institution, Plan
from plans.queries import with_public_plan

from . import figures as workshop_figures
from . import registration
from .forms import DetailsForm, GuestForm
from .forms_list import WorkshopFilterForm
from .generations import WORKSHOPS
from .models import STATUS_LABELS, Registration, Workshop
from .slots import OUTPUTS

PER_PAGE = 20


@require_GET
@generations.public_page(query=[*WorkshopFilterForm.base_fields, "page"])
@plan_list
def index(request, plan: Plan):
    form = WorkshopFilterForm(request.GET or None, themes=list(plan.themes.all()))
    now = timezone.now()
    # Each with its figures and status, counted in the page's query for its rows only.
    workshops = (
        workshop_figures.with_status(form.filter(Workshop.objects.published().filter(plan=plan)), now)
        .select_related("theme", "organiser")
        .prefetch_related(Prefetch("institutions", queryset=Institution.objects.order_by("name")))
        .upcoming_first(now)
    )

    def context() -> dict:
        page = page_of(request, workshops, PER_PAGE, prepare=workshop_figures.for_page)
        return {"plan": plan, "workshops": page}

    # The same for every visitor, cached until the plan, its workshops (and
    # their registrations) or its ideas (the counts of ideas collected) change.
    names = ["plans", *WORKSHOPS.page(plan.pk)]
    results = cached_page(
        request,
        form,
        key=f"workshops:list:{plan.pk}",
        names=names,
        template="workshops/_list.html",
        context=context,
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
    """The workshop, if published and its plan is public (the plans come from the cache)."""
    workshops = Workshop.objects.published().select_related("theme", "organiser")
    return with_public_plan(get_object_or_404(workshops, pk=pk))


def _mine(request, workshop: Workshop) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    return Registration.objects.filter(workshop=workshop, user=request.user).first()


def _public_part(workshop: Workshop, status: str):
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
            # What the apps above show among its outputs (the ideas collected).
            "shown": OUTPUTS.render(workshop) if status == "held" else "",
        }

    return context


def _seat_links(row: Registration) -> None:
    """Once reminded, a person with a seat keeps or releases it: the same
    signed links as in their email, so one view serves both."""
    row.keep_path = row.release_path = None
    if row.status == Registration.Status.REGISTERED and row.reminded_at and registration.can_change(row):
        row.release_path = registration.link_path(row, "release")
        if row.seat_confirmed_at is None:
            row.keep_path = registration.link_path(row, "keep")


def _render_detail(request, workshop: Workshop, *, details_form=None, guest_form=None, status=200):
    mine = _mine(request, workshop)
    if mine is not None and mine.status in registration.ACTIVE:
        mine.workshop = workshop
        _seat_links(mine)
    else:
        mine = None
    state = workshop.registration_state()
    # Figures and the public part change with every registration, programme
    # item, poll or idea of the plan's workshops: cached under those.
    names = ["plans", *WORKSHOPS.page(workshop.plan_id)]
    figures = generations.cached(
        f"workshops:figures:{workshop.pk}", names, lambda: registration.figures(workshop)
    )
    now_status = workshop.status(figures)
    public_part = generations.rendered(
        request,
        f"workshops:detail:{workshop.pk}:{now_status}",
        names,
        "workshops/_workshop.html",
        _public_part(workshop, now_status),
    )
    context = {
        "workshop": workshop,
        "public_part": public_part,
        "figures": figures,
        "state": state,
        "mine": mine,
        "position": registration.waiting_position(mine) if mine else None,
        "can_cancel": mine is not None and registration.can_change(mine),
    }
    if mine is None and state == "open":
        if request.user.is_authenticated:
            context["details_form"] = details_form or DetailsForm()
        else:
            context["guest_form"] = guest_form or GuestForm()
            context["guest_data_days"] = settings.WORKSHOP_GUEST_DATA_DAYS
    return render(request, "workshops/detail.html", context, status=status)


@require_GET
@generations.public_page
def detail(request, pk: int):
    return _render_detail(request, _public_workshop(pk))


@verified_email_required
@require_POST
def register(request, pk: int):
    workshop = _public_workshop(pk)
    form = DetailsForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, workshop, details_form=form, status=400)
    try:
        mine = registration.register(
            workshop, user=request.user, language=get_language(), **form.cleaned_data
        )
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


@require_POST
def register_guest(request, pk: int):
    """A visitor without an account registers with their name and email;
    their registration counts once they open the link sent to that address."""
    workshop = _public_workshop(pk)
    if request.user.is_authenticated:
        return redirect(workshop.get_absolute_url())
    form = GuestForm(request.POST)
    # Every post counts, valid or not: each valid one sends an email to
    # an address anyone may type.
    wait = limits.flood(request, "workshops.guest", "WORKSHOPS_RATE_GUEST", key="ip")
    if wait:
        message = _("Too many registrations were sent from your connection.")
        messages.error(request, f"{message} {limits.retry_message(wait)}")
        return _render_detail(request, workshop, guest_form=form, status=429)
    if not form.is_valid():
        return _render_detail(request, workshop, guest_form=form, status=400)
    try:
        registration.register(workshop, language=get_language(), **form.cleaned_data)
    except TransitionError as error:
        messages.error(request, str(error))
        return _render_detail(request, workshop, guest_form=form, status=400)
    messages.success(
        request,
        _(
            "One more step: we have sent a link to %(email)s. Open it to confirm your registration; "
            "until then no seat is kept for you."
        )
        % {"email": form.cleaned_data["email"]},
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
    if request.POST.get("from") == "mine":
        return redirect("workshops:mine")
    return redirect(workshop.get_absolute_url())


@login_required
@require_GET
def mine(request):
    rows = list(registration.for_person(request.user))
    for row in rows:
        row.can_cancel = registration.can_change(row)
        _seat_links(row)
    return render(request, "workshops/mine.html", {"registrations": rows})


def _confirm(row: Registration, by) -> str:
    row = registration.confirm(row)
    if row.status == Registration.Status.REGISTERED:
        return _("Your address is confirmed and you have a seat. A confirmation is on its way.")
    if row.status == Registration.Status.WAITING:
        return _(
            "Your address is confirmed. The workshop is full: "
            "you are number %(position)s on the waiting list."
        ) % {"position": registration.waiting_position(row)}
    raise TransitionError(_("This registration is cancelled."))


def _cancel(row: Registration, by) -> str:
    registration.give_up(row, by=by)
    return _("Your registration is cancelled.")


def _keep(row: Registration, by) -> str:
    registration.keep_seat(row)
    return _("Thank you: your seat is confirmed. See you at the workshop.")


def _release(row: Registration, by) -> str:
    registration.give_up(row, by=by, to=Registration.Status.RELEASED)
    return _("Your seat is released: it goes to the next person waiting. Thank you for telling us.")


# What each signed link does (workshops.registration.link): the heading of
# its page, its one button and the move the button makes.
LINKS = {
    "confirm": (gettext_lazy("Confirm your registration"), gettext_lazy("Confirm my registration"), _confirm),
    "cancel": (gettext_lazy("Cancel your registration"), gettext_lazy("Cancel my registration"), _cancel),
    "keep": (gettext_lazy("Confirm your seat"), gettext_lazy("I will come: confirm my seat"), _keep),
    "release": (gettext_lazy("Release your seat"), gettext_lazy("I cannot come: release my seat"), _release),
}


def _link_possible(action: str, row: Registration) -> bool:
    S = Registration.Status
    if action == "confirm":
        return row.status == S.PENDING and row.workshop.registration_state() == "open"
    if not registration.can_change(row):
        return False
    if action == "keep":
        return row.status == S.REGISTERED and row.seat_confirmed_at is None
    if action == "release":
        return row.status == S.REGISTERED
    return True


@never_cache  # a personal link (core.middleware.private_when_signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def by_link(request, token: str, action: str, pk: int | None = None):
    """A link from an email. Opening it shows the registration and one
    button; only the button (a POST) acts, since mail scanners open links."""
    heading, button, act = LINKS[action]
    try:
        row = registration.from_link(token, action, pk)
    except registration.InvalidLink as error:
        # The workshop it was for, when known and public: where to see where
        # things stand, or register again.
        workshop = error.workshop
        if workshop is not None:
            try:
                workshop = with_public_plan(workshop)
            except Http404:
                workshop = None
        context = {"heading": heading, "invalid": True, "workshop": workshop}
        return render(request, "workshops/link.html", context, status=400)
    if request.method == "POST":
        try:
            messages.success(request, act(row, by=row.user))
        except TransitionError as error:
            messages.error(request, str(error))
        return redirect(request.path)
    context = {
        "heading": heading,
        "button": button,
        "action": action,
        "registration": row,
        "workshop": row.workshop,
        "position": registration.waiting_position(row),
        "possible": _link_possible(action, row),
    }
    return render(request, "workshops/link.html", context)
