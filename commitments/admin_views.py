"""The staff's pages of one commitment or update beyond the admin's own,
routed by their ModelAdmin (whose scope decides who finds the row at all):

- a card's move through its life cycle (the buttons on its page), and a
  draft's submission for review by its drafters;
- a comment in a draft's thread;
- the secretariat's decision on a progress update or a proposed change
  (the same two, through its admin's `decisions`): validate it, or return
  it to its author with a reason (after a form)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from core.transitions import TransitionError

from . import lifecycle
from .forms_admin import DraftCommentForm, ReturnForm
from .models import ChangeRequest, Commitment, DraftComment, ProgressUpdate
from .rules import may_move, may_submit_for_review

C = Commitment.Status


@dataclass(frozen=True)
class Decisions:
    """The secretariat's two decisions on a row that waits for it (a
    progress update, a proposed change), and what the pages say of them."""

    validate: Callable
    return_: Callable
    validated: str
    returned: str
    title: str


UPDATE_DECISIONS = Decisions(
    validate=lifecycle.validate,
    return_=lifecycle.return_update,
    validated=gettext_lazy("The update is validated: its figures are public."),
    returned=gettext_lazy("The update is returned to its author."),
    title=gettext_lazy("Return the update"),
)
CHANGE_DECISIONS = Decisions(
    validate=lifecycle.validate_change,
    return_=lifecycle.return_change,
    validated=gettext_lazy("The change is validated: the card shows it."),
    returned=gettext_lazy("The change is returned to its author."),
    title=gettext_lazy("Return the change"),
)


def _attempt(model_admin, request, move, done: str) -> None:
    """Makes a recorded move and tells the user how it went."""
    try:
        move()
    except TransitionError as error:
        model_admin.message_user(
            request, gettext("Not changed: %(reason)s") % {"reason": error}, messages.ERROR
        )
    else:
        model_admin.message_user(request, done, messages.SUCCESS)


def move(model_admin, request, object_id, to):
    commitment = model_admin.scoped_object_or_404(request, object_id)
    back = HttpResponseRedirect(reverse("admin:commitments_commitment_change", args=[commitment.pk]))
    if to not in C.values:
        raise Http404
    if not may_move(request.user, commitment, to):
        raise PermissionDenied
    _attempt(
        model_admin,
        request,
        lambda: lifecycle.move(commitment, to, by=request.user),
        gettext("The commitment is now “%(status)s”.") % {"status": C(to).label},
    )
    return back


def submit_for_review(model_admin, request, object_id):
    commitment = model_admin.scoped_object_or_404(request, object_id)
    if not may_submit_for_review(request.user, commitment):
        raise PermissionDenied
    _attempt(
        model_admin,
        request,
        lambda: lifecycle.submit_for_review(commitment, by=request.user),
        gettext("The draft is submitted for review: the secretariat is told."),
    )
    return HttpResponseRedirect(reverse("admin:commitments_commitment_change", args=[commitment.pk]))


def comment(model_admin, request, object_id):
    commitment = model_admin.scoped_object_or_404(request, object_id)
    if not request.user.has_perm("commitments.add_draftcomment"):
        raise PermissionDenied
    form = DraftCommentForm(request.POST)
    if form.is_valid():
        DraftComment.objects.create(
            commitment=commitment, author=request.user, text=form.cleaned_data["text"]
        )
        model_admin.message_user(
            request, gettext("Your comment was added to the draft's thread."), messages.SUCCESS
        )
    else:
        model_admin.message_user(
            request,
            gettext("The comment was not added: %(errors)s") % {"errors": " ".join(form.errors["text"])},
            messages.ERROR,
        )
    return HttpResponseRedirect(
        reverse("admin:commitments_commitment_change", args=[commitment.pk]) + "#draft-thread"
    )


def _decision(model_admin, request, object_id) -> ProgressUpdate | ChangeRequest:
    update = model_admin.scoped_object_or_404(request, object_id)
    if not model_admin.has_validate_permission(request):
        raise PermissionDenied
    return update


def _back(update):
    opts = update._meta
    return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[update.pk]))


def validate(model_admin, request, object_id):
    update = _decision(model_admin, request, object_id)
    _attempt(
        model_admin,
        request,
        lambda: model_admin.decisions.validate(update, by=request.user),
        str(model_admin.decisions.validated),
    )
    return _back(update)


def return_update(model_admin, request, object_id):
    update = _decision(model_admin, request, object_id)
    form = ReturnForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        _attempt(
            model_admin,
            request,
            lambda: model_admin.decisions.return_(
                update, by=request.user, reason=form.cleaned_data["reason"]
            ),
            str(model_admin.decisions.returned),
        )
        return _back(update)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": update,
        "title": str(model_admin.decisions.title),
        "form": form,
    }
    return TemplateResponse(request, "admin/commitments/progressupdate/return.html", context)
