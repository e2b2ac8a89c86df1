"""The staff's pages of one workshop, opened from its admin (WorkshopAdmin
routes them, and its scope decides who finds the workshop at all):

- check-in: on a phone at the door, without JavaScript. Search a person by
  name or by the code on their confirmation, mark them present with one
  button, add a walk-in;
- the sign-in sheet, a PDF in Arabic or French (workshops.documents);
- publishing a workshop its association proposed (the secretariat),
  cancelling the workshop and publishing its outputs (those who run it),
  after a confirmation (workshops.notices tells the people)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import documents
from core.bidi import BidiFormMixin
from core.text import strip_controls
from core.transitions import TransitionError

from . import notices, registration
from .documents import SIGN_IN_SHEET
from .generations import WORKSHOPS
from .models import Registration, Workshop
from .registration import with_person
from .rules import can_publish_workshop, can_run_workshop

S = Registration.Status
RESULTS = 30


class SearchForm(BidiFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or code"), max_length=100, required=False)

    def clean_q(self):
        # Direction controls and marks pasted with a name (from a message, a
        # spreadsheet) would make an otherwise equal name miss.
        return " ".join(strip_controls(self.cleaned_data["q"]).split())


class WalkInForm(BidiFormMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    organisation = forms.CharField(label=_("organisation"), max_length=200, required=False)


def _running(model_admin, request, object_id, may=can_run_workshop) -> Workshop:
    workshop = model_admin.scoped_object_or_404(request, object_id)
    if not may(request.user, workshop):
        raise PermissionDenied
    return workshop


def _check_in_url(workshop: Workshop, query: str = "") -> str:
    url = reverse("admin:workshops_workshop_checkin", args=[workshop.pk])
    return f"{url}?{urlencode({'q': query})}" if query else url


def check_in(model_admin, request, object_id):
    workshop = _running(model_admin, request, object_id)
    walk_in_form = WalkInForm(prefix="walk_in")
    if request.method == "POST":
        search = SearchForm(request.POST)
        query = search.cleaned_data["q"] if search.is_valid() else ""
        if "present" in request.POST:
            mark_present(request, workshop, request.POST["present"])
            return HttpResponseRedirect(_check_in_url(workshop, query))
        walk_in_form = WalkInForm(request.POST, prefix="walk_in")
        if walk_in_form.is_valid():
            add_walk_in(request, workshop, **walk_in_form.cleaned_data)
            return HttpResponseRedirect(_check_in_url(workshop))
        # Invalid: the page again, with what was typed and why.
        search = SearchForm()
    else:
        search = SearchForm(request.GET)
    results = None
    if search.is_valid():
        if query := search.cleaned_data["q"]:
            found = with_person(workshop.registrations.filter(status__in=[S.REGISTERED, S.WAITING]))
            found = found.filter(
                Q(person__icontains=query) | Q(code__iexact=query) | Q(organisation__icontains=query)
            )
            results = list(found.order_by(Lower("person"), "pk")[:RESULTS])
    elif search.is_bound:
        messages.error(request, gettext("The search was not valid: type a name or a code."))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": workshop,
        "title": gettext("Check-in"),
        "workshop": workshop,
        "figures": registration.figures(workshop),
        "search": search,
        "results": results,
        "too_many": results is not None and len(results) == RESULTS,
        "walk_in_form": walk_in_form,
    }
    return TemplateResponse(request, "admin/workshops/workshop/check_in.html", context)


def mark_present(request, workshop: Workshop, value: str) -> None:
    """Idempotent: the date is set once, by a conditional update (two phones
    at the door may tap the same person)."""
    try:
        pk = Registration._meta.pk.to_python(value)
        person = with_person(workshop.registrations.filter(status__in=[S.REGISTERED, S.WAITING])).get(pk=pk)
    except (Registration.DoesNotExist, forms.ValidationError, OverflowError):
        messages.error(request, gettext("This person is not among the registrations of this workshop."))
        return
    marked = Registration.objects.filter(pk=person.pk, attended_at__isnull=True).update(
        attended_at=timezone.now()
    )
    if marked:
        WORKSHOPS.bump([workshop.plan_id])  # an update: no signal
        messages.success(request, gettext("%(name)s is present.") % {"name": person.person or person.code})
    else:
        messages.info(
            request, gettext("%(name)s was already marked present.") % {"name": person.person or person.code}
        )


def add_walk_in(request, workshop: Workshop, *, name: str, organisation: str) -> Registration:
    """Someone who came without registering: registered and present at once,
    never taking a seat offered online (workshops.registration._seat_free)."""
    with transaction.atomic():
        walk_in = Registration.objects.create(
            workshop=workshop,
            name=name,
            organisation=organisation,
            walk_in=True,
            status=S.PENDING,
            attended_at=timezone.now(),
        )
        registration.MACHINE.move(walk_in, S.REGISTERED, by=request.user)
    messages.success(
        request,
        gettext("%(name)s was added as a walk-in, present, code %(code)s.")
        % {"name": name, "code": walk_in.code},
    )
    return walk_in


# The sign-in sheet.

SHEET_LANGUAGES = [("ar", "العربية"), ("fr", "Français")]


class SheetForm(forms.Form):
    language = forms.ChoiceField(choices=SHEET_LANGUAGES, required=False)


def sign_in_sheet(model_admin, request, object_id):
    """The sheet (core.documents: rendered in the background, kept until a
    registration or a name changes): its file, or a page that says it is
    being prepared and asks again by itself."""
    workshop = model_admin.scoped_object_or_404(request, object_id)
    form = SheetForm(request.GET)
    if not form.is_valid():
        messages.error(request, gettext("The sign-in sheet is printed in Arabic or in French."))
        return HttpResponseRedirect(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    codes = dict(SHEET_LANGUAGES)
    language = form.cleaned_data["language"] or (get_language() if get_language() in codes else "ar")
    status = documents.ask(SIGN_IN_SHEET, workshop, language)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": workshop,
        "title": gettext("Sign-in sheet"),
        "workshop": workshop,
        "language_name": codes[language],
    }
    return documents.answer(request, status, "admin/workshops/workshop/document_status.html", context)


# Cancelling, publishing the outputs.


class ReasonForm(BidiFormMixin, forms.Form):
    """Why the workshop is cancelled: kept with the move, in its history."""

    reason = forms.CharField(label=_("reason"), max_length=2000, required=False, widget=forms.Textarea)


# Each move: what makes it, its label, who is told, who may make it.
NOTICES = {
    "announce": (
        notices.publish,
        _("Publish the workshop"),
        lambda workshop: workshop.registrations.none(),
        lambda user, workshop: can_publish_workshop(user),
    ),
    "cancel": (
        notices.cancel,
        _("Cancel the workshop"),
        lambda workshop: workshop.registrations.filter(status__in=[S.REGISTERED, S.WAITING]),
        can_run_workshop,
    ),
    "publish": (
        notices.publish_outputs,
        _("Publish the outputs"),
        lambda workshop: workshop.registrations.filter(attended_at__isnull=False),
        can_run_workshop,
    ),
}


def notice(model_admin, request, workshop: Workshop, name: str, **details) -> bool:
    """Publishes, cancels the workshop or publishes its outputs (a recorded
    move, by this user; `details`: the reason of a cancellation), and says
    what happened."""
    function, label, _people, may = NOTICES[name]
    if not may(request.user, workshop):
        messages.error(
            request, gettext("%(workshop)s: you do not run this workshop.") % {"workshop": workshop}
        )
        return False
    try:
        told = function(workshop, by=request.user, **details)
    except TransitionError as error:
        messages.error(request, f"{workshop}: {error}")
        return False
    if name == "announce":
        message = gettext("%(workshop)s is published: it is open to registration from its dates.")
    elif name == "cancel":
        message = ngettext(
            "%(workshop)s is cancelled: %(count)d person is told.",
            "%(workshop)s is cancelled: %(count)d people are told.",
            told,
        )
    else:
        message = ngettext(
            "The outputs of %(workshop)s are published: %(count)d attendee is told.",
            "The outputs of %(workshop)s are published: %(count)d attendees are told.",
            told,
        )
    message %= {"workshop": workshop, "count": told}
    model_admin.log_change(request, workshop, str(label))
    messages.success(request, message)
    return True


def confirm_notice(model_admin, request, object_id, *, name: str):
    _function, label, people, may = NOTICES[name]
    workshop = _running(model_admin, request, object_id, may)
    # A cancellation says why; publishing the outputs asks nothing more.
    form = ReasonForm(request.POST if request.method == "POST" else None) if name == "cancel" else None
    if request.method == "POST" and (form is None or form.is_valid()):
        notice(model_admin, request, workshop, name, **(form.cleaned_data if form else {}))
        return HttpResponseRedirect(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": workshop,
        "title": label,
        "workshop": workshop,
        "name": name,
        "form": form,
        "count": people(workshop).count(),
    }
    return TemplateResponse(request, "admin/workshops/workshop/confirm_notice.html", context)
