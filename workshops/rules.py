"""Who sees what of a workshop, for the files served through core.files."""

from core.permissions import is_staff_with
from plans.models import Plan


def can_see_report(user, workshop) -> bool:
    """Everyone once the plan is public; before, the staff who may view
    workshops in the admin."""
    if Plan.objects.public().filter(pk=workshop.plan_id).exists():
        return True
    return is_staff_with(user, "workshops.view_workshop")
