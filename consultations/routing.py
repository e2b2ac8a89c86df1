"""A comment is made and routed: it is published at once, the institution
that owes it an answer is fixed (the commitment's lead institution; none,
the secretariat, for the whole text or a section) and that institution's
focal points are told. Refused, with nothing saved, outside the window or
on a target that is not the consultation's."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import notify, register_kind
from core.text import detect_language
from plans.models import Institution

from .models import Comment, Consultation


def _load(context: dict) -> dict:
    return {
        "comment": Comment.objects.select_related("consultation__plan", "commitment", "owed_by").get(
            pk=context["comment_id"]
        )
    }


register_kind(
    "consultation_comment_owed",
    gettext_lazy("Consultation comments my institution must answer"),
    optional=False,
    context=_load,
)


def check_target(consultation: Consultation, *, commitment=None, milestone=None, section=None) -> None:
    """The target belongs to the consultation: a commitment consulted on
    (and a milestone of it), a section of its text, or nothing (the whole)."""
    if commitment is not None and section is not None:
        raise ValidationError(_("A comment is on a commitment or on a section, not both."))
    if commitment is not None and not consultation.commitments.filter(pk=commitment.pk).exists():
        raise ValidationError(_("This commitment is not under this consultation."))
    if milestone is not None and (commitment is None or milestone.commitment_id != commitment.pk):
        raise ValidationError(_("This milestone is not one of the commitment's."))
    if section is not None and section.consultation_id != consultation.pk:
        raise ValidationError(_("This section is not part of this consultation."))


@transaction.atomic
def post(
    consultation: Consultation,
    *,
    author,
    body: str,
    commitment=None,
    milestone=None,
    section=None,
    association=None,
    association_name: str = "",
    today=None,
) -> Comment:
    """Publishes a comment of `author` and routes it. The caller has checked
    who may comment (a verified account) and the rate limit."""
    if not consultation.is_open(today):
        raise ValidationError(_("This consultation is not open for comments."))
    check_target(consultation, commitment=commitment, milestone=milestone, section=section)
    comment = Comment.objects.create(
        consultation=consultation,
        commitment=commitment,
        milestone=milestone,
        section=section,
        author=author,
        association=association,
        association_name="" if association is not None else association_name,
        body=body,
        language=detect_language(body),
        owed_by=commitment.lead_institution if commitment is not None else None,
        created_at=timezone.now(),
    )
    if comment.owed_by_id:
        tell_institution(comment)
    return comment


def tell_institution(comment: Comment) -> None:
    """Each focal point of the institution that owes the answer is told."""
    institution = Institution.objects.get(pk=comment.owed_by_id)
    for person in institution.focal_points.filter(is_active=True, is_staff=True):
        notify(user=person, kind="consultation_comment_owed", context={"comment_id": comment.pk})
