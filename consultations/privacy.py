"""What consultations hold about a person (core.personal_data): the comments
they made, with the answers they were given. Erasing the account detaches
the comments, which stay public as a deleted user's with their answers: the
answers are the institutions' public account of the consultation. The moves
answering them are the person's who answered (core's part erases the actor
of every recorded move)."""

from core.personal_data import register

from .generations import CONSULTATIONS
from .models import Comment


def _when(value):
    return value.isoformat() if value else None


def export(user) -> list[dict]:
    rows = Comment.objects.filter(author=user).select_related("consultation", "commitment", "section")
    return [
        {
            "id": comment.pk,
            "consultation": str(comment.consultation.title),
            "commitment": comment.commitment.number if comment.commitment_id else None,
            "milestone": comment.milestone_id,
            "section": comment.section.number if comment.section_id else None,
            "on_behalf_of": comment.on_behalf_of or None,
            "body": comment.body,
            "moderation": comment.moderation,
            "created_at": _when(comment.created_at),
            "disposition": comment.disposition or None,
            "answer": comment.answer or None,
            "answered_at": _when(comment.answered_at),
        }
        for comment in rows.order_by("created_at", "pk")
    ]


def erase(user) -> None:
    comments = Comment.objects.filter(author=user)
    plan_ids = list(comments.values_list("consultation__plan_id", flat=True))
    comments.update(author=None)
    CONSULTATIONS.bump(plan_ids)  # an update: no signal


register("consultation_comments", export=export, erase=erase, models=[Comment])
