"""Who may do what with consultations: comment (a signed-in user with a
verified email, while the window is open), answer (the focal points of the
institution that owes the answer, and the secretariat), and what the admin
shows each role (`comments_scope`)."""

from core.permissions import is_active_staff, is_secretariat
from plans.rules import by_institution, institution_ids

# The secretariat sees and answers every comment (and moderators see them to
# moderate); a focal point sees the comments their institution owes.
comments_scope = by_institution("owed_by", moderated=True)


def may_answer(user, comment) -> bool:
    """The secretariat answers any comment; a focal point, the comments their
    institution owes. Nobody answers for an institution they are not a
    focal point of, and a plan-level or section comment is the secretariat's."""
    if not is_active_staff(user):
        return False
    if is_secretariat(user):
        return True
    return comment.owed_by_id is not None and comment.owed_by_id in institution_ids(user)


def can_see_text(user, consultation) -> bool:
    """The text put to consultation is public once its plan is; before, the
    staff who may view consultations in the admin."""
    from core.permissions import is_staff_with
    from plans.queries import public_plan_by_pk

    return public_plan_by_pk(consultation.plan_id) is not None or is_staff_with(
        user, "consultations.view_consultation"
    )
