"""Which ideas a staff user works on: a focal point, those sent to their
institution(s); the secretariat and moderators, all of them."""

from core.permissions import by_institution, can_see
from plans.models import Plan

SCOPE = by_institution("sent_to", moderated=True)


def can_see_attachment(user, idea) -> bool:
    """Whoever sees the idea: its plan is public and, if it is hidden by
    moderation, the user is its author or a moderator."""
    return can_see(user, idea) and Plan.objects.public().filter(pk=idea.plan_id).exists()
