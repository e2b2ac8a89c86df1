"""Who works on which ideas: the secretariat screens every one; a focal
point decides on those sent to their institution(s); the secretariat and
moderators see them all in the admin, a focal point those sent to theirs.
Who sees an idea's attachment, for the files served through core.files."""

from core.permissions import can_see, is_secretariat, is_staff_with
from plans.models import Plan
from plans.rules import by_institution, is_focal_point

SCOPE = by_institution("sent_to", moderated=True)


def _may_change_ideas(user) -> bool:
    return is_staff_with(user, "ideas.change_idea")


def can_screen(user) -> bool:
    """Accept, reject, send to institutions, any idea."""
    return _may_change_ideas(user) and is_secretariat(user)


def can_decide_integration(user, idea=None) -> bool:
    """Integrate an idea into commitments, or record that it is not integrated.
    Without an idea: whether the user makes this decision for any idea at all."""
    if not _may_change_ideas(user):
        return False
    if is_secretariat(user):
        return True
    if idea is None:
        return is_focal_point(user)
    return idea.sent_to.filter(focal_points=user).exists()


def can_see_attachment(user, idea) -> bool:
    """Whoever sees the idea: its plan is public and, if it is hidden by
    moderation, the user is its author or a moderator."""
    return can_see(user, idea) and Plan.objects.public().filter(pk=idea.plan_id).exists()
