"""A commitment's life cycle and the progress its institutions report, as
recorded moves (core.transitions):

    draft ─► proposed ─► adopted ─► in implementation ─► completed
              │   └─► not retained          └──────────┴─► withdrawn
              └─► draft (back for more work)

A draft is proposed only when the quality check has no blocking item, and
only by the secretariat: its drafters submit it for review first
(`submit_for_review`, once, recorded on the card until it goes back to
draft; the secretariat is told).

A progress update is `submitted` by a focal point of the milestone's
institution, then `validated` (its status and completion become the
milestone's, its measurements and evidence public) or `returned` with a
reason (nothing public changes).

A drafter's change to a public card (its texts, milestones, indicators) is
held the same way: a ChangeRequest, `submitted` when their admin form is
saved (commitments.changes gathers it), `validated` (the rows take its
values) or `returned` with a reason, by the secretariat. Both tell the
secretariat when submitted and their author of a return (of a change's
validation too), by the same notices.

Civil society's parallel assessment of a card is filed once per association
(`file_assessment`), then changed in place."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.transitions import Machine, TransitionError

from . import changes, notices, quality
from .models import (
    Assessment,
    ChangeRequest,
    ChangeRequestEvent,
    Commitment,
    CommitmentEvent,
    Milestone,
    ProgressUpdate,
    ProgressUpdateEvent,
)

C = Commitment.Status
U = ProgressUpdate.State

COMMITMENT = Machine(
    model=Commitment,
    field="status",
    allowed={
        C.DRAFT: {C.PROPOSED},
        C.PROPOSED: {C.DRAFT, C.ADOPTED, C.NOT_RETAINED},
        C.ADOPTED: {C.IN_IMPLEMENTATION, C.WITHDRAWN},
        C.IN_IMPLEMENTATION: {C.COMPLETED, C.WITHDRAWN},
    },
    event_model=CommitmentEvent,
    event_link="commitment",
)

DECISIONS = {U.SUBMITTED: {U.VALIDATED, U.RETURNED}}

UPDATE = Machine(
    model=ProgressUpdate,
    field="state",
    allowed=DECISIONS,
    event_model=ProgressUpdateEvent,
    event_link="update",
)

CHANGE = Machine(
    model=ChangeRequest, field="state", allowed=DECISIONS, event_model=ChangeRequestEvent, event_link="change"
)


@transaction.atomic
def move(commitment: Commitment, to: str, *, by) -> CommitmentEvent:
    """Moves a commitment; a draft becomes proposed only with no blocking
    item of the quality check (the refusal lists them), checked under the
    card's row lock so the check and the move see the same card."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.status == C.DRAFT and to == C.PROPOSED:
        items = quality.blocking(commitment)
        if items:
            raise TransitionError(
                _("This card cannot be proposed yet: %(items)s")
                % {"items": " ".join(i.message for i in items)}
            )
    # Back in draft, its drafters submit it for review again.
    changes = {"submitted_for_review_at": None, "submitted_for_review_by": None} if to == C.DRAFT else None
    return COMMITMENT.move(commitment, to, by=by, changes=changes)


@transaction.atomic
def submit_for_review(commitment: Commitment, *, by) -> None:
    """A drafter says the draft is ready: recorded on the card (when, by
    whom) and told to the secretariat, once. The conditional update claims
    it: of two parallel requests, the second waits on the row and then
    matches nothing."""
    claimed = Commitment.objects.filter(
        pk=commitment.pk, status=C.DRAFT, submitted_for_review_at__isnull=True
    ).update(submitted_for_review_at=timezone.now(), submitted_for_review_by=by)
    if not claimed:
        if Commitment.objects.filter(pk=commitment.pk, status=C.DRAFT).exists():
            raise TransitionError(_("This draft is already submitted for review."))
        raise TransitionError(_("Only a draft is submitted for review."))
    notices.tell_review(commitment, by=by)


@transaction.atomic
def submit_update(
    milestone: Milestone, *, by, status: str, completion: int, text: str, measurements=(), evidence=()
) -> ProgressUpdate:
    """A focal point's report: waits for the secretariat's validation.
    `measurements` are unsaved Measurement rows, `evidence` unsaved Evidence
    rows; both stay out of public figures until the update is validated."""
    update = ProgressUpdate.objects.create(
        milestone=milestone, author=by, status=status, completion=completion, text=text
    )
    for row in measurements:
        row.update = update
        row.save()
    for row in evidence:
        row.update = update
        row.milestone = milestone
        row.save()
    notices.tell_secretariat(update, by=by)
    return update


@transaction.atomic
def validate(update: ProgressUpdate, *, by) -> ProgressUpdateEvent:
    """The update becomes public: the milestone takes its status and
    completion (recorded in the milestone's history, with who validated)."""
    event = UPDATE.move(update, U.VALIDATED, by=by)
    milestone = Milestone.objects.select_for_update().get(pk=update.milestone_id)
    milestone.status, milestone.completion = update.status, update.completion
    milestone._history_user = by
    milestone.save(update_fields=["status", "completion"])
    notices.tell_followers(update)
    return event


def return_update(update: ProgressUpdate, *, by, reason: str) -> ProgressUpdateEvent:
    """Sent back to its author with the reason; nothing public changes."""
    if not reason.strip():
        raise TransitionError(_("Say why the update is returned: its author reads it."))
    return UPDATE.move(update, U.RETURNED, by=by, reason=reason.strip(), notify=notices.tell_author)


@transaction.atomic
def submit_change(commitment: Commitment, *, by, changes: list) -> ChangeRequest:
    """A drafter's change to a public card: waits for the secretariat, which is told."""
    change = ChangeRequest.objects.create(commitment=commitment, author=by, changes=changes)
    notices.tell_secretariat(change, by=by)
    return change


@transaction.atomic
def validate_change(change: ChangeRequest, *, by) -> ChangeRequestEvent:
    """The change is written on the card (its rows' history records who
    validated it); a value the card no longer accepts refuses it whole."""
    event = CHANGE.move(change, U.VALIDATED, by=by, notify=notices.tell_author)
    try:
        with transaction.atomic():
            changes.apply(change, by=by)
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages)) from error
    return event


def return_change(change: ChangeRequest, *, by, reason: str) -> ChangeRequestEvent:
    """Sent back to its author with the reason; nothing public changes."""
    if not reason.strip():
        raise TransitionError(_("Say why the change is returned: its author reads it."))
    return CHANGE.move(change, U.RETURNED, by=by, reason=reason.strip(), notify=notices.tell_author)


class AlreadyFiled(Exception):
    """The association has filed its assessment of this card already."""


@transaction.atomic
def file_assessment(assessment: Assessment, *, by) -> Assessment:
    """Saves a new assessment, filed by `by`: one per association and card
    (the database's constraint). Two representatives filing at once wait on
    the card's row, so the second reads the first's and is refused with
    AlreadyFiled rather than an integrity error."""
    list(Commitment.objects.select_for_update().filter(pk=assessment.commitment_id).values_list("pk"))
    filed = Assessment.objects.filter(
        commitment_id=assessment.commitment_id, association_id=assessment.association_id
    )
    if filed.exists():
        raise AlreadyFiled
    assessment.author = by
    assessment.save()
    return assessment
