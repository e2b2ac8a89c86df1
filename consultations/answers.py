"""The answer to a consultation comment: a recorded move (core.transitions)
that sets the disposition and the reasoned text, public under the comment,
and tells the author in their language. A focal point answers for their
institution only, the secretariat for any (consultations.rules.may_answer).

    awaiting ─► answered ─► answered (an answer changed: the earlier one stays in the events)
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.notifications import notify, register_kind
from core.transitions import Machine, TransitionError  # noqa: F401 - callers catch it from here

from .models import AnswerStatus, Comment, CommentEvent, Disposition
from .rules import may_answer

A = AnswerStatus

ALLOWED = {A.AWAITING: {A.ANSWERED}, A.ANSWERED: {A.ANSWERED}}

MACHINE = Machine(
    model=Comment, field="answer_status", allowed=ALLOWED, event_model=CommentEvent, event_link="comment"
)


def _load(context: dict) -> dict:
    comment = Comment.objects.select_related("consultation__plan", "commitment", "section", "owed_by").get(
        pk=context["comment_id"]
    )
    return {"comment": comment, "event": CommentEvent.objects.get(pk=context["event_id"])}


register_kind("consultation_answered", gettext_lazy("Answers to my consultation comments"), context=_load)


def check(disposition: str, text: str) -> None:
    """The answer's own rules, for answer() and the admin's form: a
    disposition, a reasoned text, and a longer one for "not taken into
    account" (CONSULTATION_NOT_TAKEN_MIN_LENGTH)."""
    errors = {}
    if disposition not in Disposition.values:
        errors["disposition"] = _("Choose how the comment was taken into account.")
    text = (text or "").strip()
    if not text:
        errors["answer"] = _("Write the reasoned answer: it is published under the comment.")
    elif disposition == Disposition.NOT_TAKEN and len(text) < settings.CONSULTATION_NOT_TAKEN_MIN_LENGTH:
        minimum = settings.CONSULTATION_NOT_TAKEN_MIN_LENGTH
        errors["answer"] = ngettext(
            "A comment not taken into account is owed the reasons why: at least %(n)d character.",
            "A comment not taken into account is owed the reasons why: at least %(n)d characters.",
            minimum,
        ) % {"n": minimum}
    if errors:
        raise ValidationError(errors)


def _tell_author(comment: Comment, event: CommentEvent) -> None:
    if comment.author_id:
        notify(
            user=comment.author,
            kind="consultation_answered",
            context={"comment_id": comment.pk, "event_id": event.pk},
        )


@transaction.atomic
def answer(comment: Comment, *, by, disposition: str, text: str) -> CommentEvent:
    """Answers (or changes the answer to) `comment` as `by`. Raises
    PermissionDenied when `by` may not answer it, ValidationError when the
    answer breaks its rules, TransitionError when the comment is hidden."""
    if not may_answer(by, comment):
        raise PermissionDenied(_("You may answer only the comments owed an answer by your institution."))
    text = (text or "").strip()
    check(disposition, text)
    if comment.is_hidden:
        raise TransitionError(_("This comment is hidden by moderation: it is owed no answer while hidden."))
    now = timezone.now()
    return MACHINE.move(
        comment,
        A.ANSWERED,
        by=by,
        changes={"disposition": disposition, "answer": text, "answered_at": now},
        notify=_tell_author,
        created_at=now,
        disposition=disposition,
        answer=text,
        institution_id=comment.owed_by_id,
    )
