"""What commitments holds about a person (core.personal_data): the cards
they follow, and for staff and associations' representatives what they
wrote and changed. When they delete their account:

- what is theirs alone goes: which cards they follow, the weekly digests
  sent to them;
- what they wrote for others stays, without their name. A parallel
  assessment is its association's public statement (one per association);
  a progress update is their institution's report, and its validation, its
  measurements and evidence are the public record of the plan; a comment on
  a draft is part of the drafters' shared thread, which the others' replies
  answer. A watchdog reading the plan needs all of them; law 09-08 needs
  only that they no longer point to the person. The same for the history
  of every change they made to a card and its rows: the change stays, "by
  whom" goes (the public history names roles, never people), and from a
  draft they submitted for review (when it was submitted stays)."""

from core.personal_data import attached, register

from .generations import COMMITMENTS
from .history import ERASED
from .models import (
    Assessment,
    ChangeRequest,
    Commitment,
    DigestSent,
    DraftComment,
    Evidence,
    Follow,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
)

# Each model with a history, and the way from its history's rows to the plan
# whose commitment page shows that history.
HISTORY = {
    Commitment: "plan_id",
    Milestone: "commitment__plan_id",
    Indicator: "commitment__plan_id",
    Measurement: "indicator__commitment__plan_id",
    Evidence: "milestone__commitment__plan_id",
    Assessment: "commitment__plan_id",
}


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    updates = (
        ProgressUpdate.objects.filter(author=user)
        .select_related("milestone__commitment__plan")
        .prefetch_related("evidence")
        .order_by("created_at", "pk")
    )
    return {
        "following": [
            {
                "commitment": follow.commitment_id,
                "title": follow.commitment.title,
                "since": _when(follow.created_at),
            }
            for follow in Follow.objects.filter(user=user).select_related("commitment").order_by("created_at")
        ],
        "progress_updates": [
            {
                "id": update.pk,
                "plan": update.milestone.commitment.plan.slug,
                "commitment": update.milestone.commitment.number,
                "milestone": update.milestone_id,
                "state": update.state,
                "status": update.status,
                "completion": update.completion,
                "text": update.text,
                "created_at": _when(update.created_at),
                "evidence": [
                    {
                        "title": row.title,
                        "url": row.url or None,
                        "file": attached(row.file, f"evidence-{row.pk}"),
                    }
                    for row in update.evidence.all()
                ],
            }
            for update in updates
        ],
        "assessments": [
            {
                "commitment": assessment.commitment_id,
                "association": assessment.association.name,
                "rating": assessment.rating,
                "text": assessment.text,
                "updated_at": _when(assessment.updated_at),
            }
            for assessment in Assessment.objects.filter(author=user).select_related("association")
        ],
        "draft_comments": [
            {
                "commitment": comment.commitment_id,
                "text": comment.text,
                "created_at": _when(comment.created_at),
            }
            for comment in DraftComment.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "proposed_changes": [
            {
                "commitment": change.commitment_id,
                "state": change.state,
                "changes": change.changes,
                "created_at": _when(change.created_at),
            }
            for change in ChangeRequest.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "drafts_submitted_for_review": [
            {"commitment": pk, "at": _when(at)}
            for pk, at in Commitment.objects.filter(submitted_for_review_by=user)
            .order_by("pk")
            .values_list("pk", "submitted_for_review_at")
        ],
        "weekly_digests": [
            _when(week)
            for week in DigestSent.objects.filter(user=user).order_by("week").values_list("week", flat=True)
        ],
        "changes": [
            {"record": model._meta.model_name, "id": pk, "change": kind, "at": _when(at)}
            for model in HISTORY
            for pk, kind, at in model.history.filter(history_user=user)
            .order_by("history_date")
            .values_list("id", "history_type", "history_date")
        ],
    }


def erase(user) -> None:
    Follow.objects.filter(user=user).delete()
    DigestSent.objects.filter(user=user).delete()
    # Who wrote an update, an assessment (each version of it in its history
    # too) or a comment on a draft shows on no public page: nothing cached
    # changes.
    ProgressUpdate.objects.filter(author=user).update(author=None)
    Assessment.objects.filter(author=user).update(author=None)
    Assessment.history.filter(author=user).update(author=None)
    DraftComment.objects.filter(author=user).update(author=None)
    ChangeRequest.objects.filter(author=user).update(author=None)
    # Who submitted a draft for review (when stays): seen in the admin only.
    Commitment.objects.filter(submitted_for_review_by=user).update(submitted_for_review_by=None)
    # The public history says who changed what (by role): the commitment
    # pages of these plans, which an update does not bump by itself.
    plans = set()
    for model, path in HISTORY.items():
        records = model.history.filter(history_user=user)
        plans |= set(records.values_list(path, flat=True))
        records.update(history_user=None, history_change_reason=ERASED)
    COMMITMENTS.bump(plans)


register(
    "commitments",
    export=export,
    erase=erase,
    models=[
        Follow,
        DigestSent,
        ProgressUpdate,
        Assessment,
        DraftComment,
        ChangeRequest,
        Commitment,
        *(model.history.model for model in HISTORY),
    ],
)
