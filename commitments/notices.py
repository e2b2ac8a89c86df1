"""What the commitments tell people by email, through the outbox
(core.notifications: the row is written in the transaction of the event,
the email rendered and sent after the commit, in the recipient's language):

- a commitment's followers: each validated progress update (optional: they
  unsubscribe in one click); a returned one tells them nothing, nor does
  anything on a card back in draft (checked when the update is validated
  and again when the email is sent: nothing of a draft reaches the public);
- the secretariat: an update, or a drafter's change to a public card,
  awaits its validation; a draft card is submitted for review;
- an update's author: it was returned, with the reason; a change's author:
  it was validated, or returned with the reason;
- each focal point, weekly: the overdue milestones of their institution and
  the updates returned to them in the last seven days (commitments.tasks).

The rows hold ids; what they point to is loaded when the email is sent."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from core.notifications import notify, register_kind
from core.permissions import secretariat_members
from plans.models import Plan

from .models import (
    ChangeRequest,
    ChangeRequestEvent,
    Commitment,
    Follow,
    Milestone,
    ProgressUpdate,
    ProgressUpdateEvent,
)

U = ProgressUpdate.State

# The rows that wait for the secretariat's decision, by the name their
# emails (commitment_<name>_<what>) and stored context (<name>_id) use.
WAITING = {ProgressUpdate: "update", ChangeRequest: "change"}


def _returns(events=ProgressUpdateEvent):
    return Prefetch(
        "events",
        events.objects.filter(to_status=U.RETURNED).order_by("-created_at"),
        to_attr="returns",
    )


def _load_update(context: dict) -> dict:
    update = (
        ProgressUpdate.objects.select_related("milestone__commitment", "author")
        .prefetch_related(_returns())
        .get(pk=context["update_id"])
    )
    return {
        "update": update,
        "milestone": update.milestone,
        "commitment": update.milestone.commitment,
        "returned": update.returns[0] if update.returns else None,
    }


def _load_change(context: dict) -> dict:
    change = (
        ChangeRequest.objects.select_related("commitment", "author")
        .prefetch_related(_returns(ChangeRequestEvent))
        .get(pk=context["change_id"])
    )
    return {
        "change": change,
        "commitment": change.commitment,
        "rows": list(change.rows()),  # in the recipient's language
        "returned": change.returns[0] if change.returns else None,
    }


def _load_draft(context: dict) -> dict:
    """The draft, and who submitted it (an account deleted since: nobody)."""
    return {
        "commitment": Commitment.objects.get(pk=context["commitment_id"]),
        "submitted_by": get_user_model().objects.filter(pk=context.get("by_id")).first(),
    }


def _load_public_update(context: dict) -> dict:
    """A follower's email: only of a validated update on a card the public
    sees when the email is sent. A card gone back to draft since tells
    nothing (its title, milestones and the update's text may be drafts now)."""
    loaded = _load_update(context)
    if not _is_public(loaded["commitment"]) or loaded["update"].state != U.VALIDATED:
        raise Commitment.DoesNotExist("The commitment or the update is no longer public.")
    return loaded


def _is_public(commitment: Commitment) -> bool:
    return Commitment.objects.public().filter(pk=commitment.pk, plan__in=Plan.objects.public()).exists()


def _load_digest(context: dict) -> dict:
    milestones = list(
        Milestone.objects.filter(pk__in=context["milestone_ids"])
        .select_related("commitment", "responsible_institution")
        .order_by("ends_on", "commitment__number", "position", "pk")
    )
    updates = list(
        ProgressUpdate.objects.filter(pk__in=context["update_ids"])
        .select_related("milestone__commitment")
        .prefetch_related(_returns())
        .order_by("-created_at", "-pk")
    )
    if not milestones and not updates:
        raise Milestone.DoesNotExist("Everything the digest was about has been deleted.")
    for update in updates:
        update.returned = update.returns[0] if update.returns else None
    return {"milestones": milestones, "updates": updates, "week": date.fromisoformat(context["week"])}


register_kind(
    "commitment_progress",
    gettext_lazy("Validated progress of the commitments I follow"),
    context=_load_public_update,
)
# Work of the staff, about their own tasks: always sent (and left out of the
# public's email preferences).
register_kind(
    "commitment_update_submitted",
    gettext_lazy("A progress update awaits validation (secretariat)"),
    optional=False,
    context=_load_update,
)
register_kind(
    "commitment_update_returned",
    gettext_lazy("A progress update I submitted is returned"),
    optional=False,
    context=_load_update,
)
register_kind(
    "commitment_change_submitted",
    gettext_lazy("A change to a public commitment awaits validation (secretariat)"),
    optional=False,
    context=_load_change,
)
register_kind(
    "commitment_change_returned",
    gettext_lazy("A change I proposed to a commitment is returned"),
    optional=False,
    context=_load_change,
)
register_kind(
    "commitment_change_validated",
    gettext_lazy("A change I proposed to a commitment is validated"),
    optional=False,
    context=_load_change,
)
register_kind(
    "commitment_review_requested",
    gettext_lazy("A draft commitment is submitted for review (secretariat)"),
    optional=False,
    context=_load_draft,
)
register_kind(
    "commitment_digest",
    gettext_lazy("Weekly digest of my institution's commitments (focal points)"),
    optional=False,
    context=_load_digest,
)


def tell_followers(update: ProgressUpdate) -> int:
    """Each follower of the update's commitment; returns how many were
    written to: none while the card is a draft."""
    if not _is_public(update.milestone.commitment):
        return 0
    follows = Follow.objects.filter(
        commitment_id=update.milestone.commitment_id, user__is_active=True
    ).select_related("user")
    told = 0
    for follow in follows:
        if notify(user=follow.user, kind="commitment_progress", context={"update_id": update.pk}):
            told += 1
    return told


def _tell(user, row, what: str) -> None:
    name = WAITING[type(row)]
    notify(user=user, kind=f"commitment_{name}_{what}", context={f"{name}_id": row.pk})


def _secretariat(*, but) -> list:
    """Every member of the secretariat but `but` (who acted)."""
    members = secretariat_members().exclude(email="")
    if but is not None:
        members = members.exclude(pk=but.pk)
    return list(members)


def tell_secretariat(row: ProgressUpdate | ChangeRequest, *, by) -> int:
    """An update or a change awaits validation: every member of the
    secretariat but the one who submitted it."""
    members = _secretariat(but=by)
    for user in members:
        _tell(user, row, "submitted")
    return len(members)


def tell_author(row: ProgressUpdate | ChangeRequest, event) -> None:
    """Its author reads the decision (Machine.move's notify hook): the
    reason of a return; a change's validation too."""
    if row.author_id and row.author.is_active:
        _tell(row.author, row, event.to_status)


def tell_review(commitment: Commitment, *, by) -> int:
    """A draft is submitted for review: the secretariat, which proposes it."""
    members = _secretariat(but=by)
    for user in members:
        notify(
            user=user,
            kind="commitment_review_requested",
            context={"commitment_id": commitment.pk, "by_id": by.pk if by else None},
        )
    return len(members)
