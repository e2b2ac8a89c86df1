"""Who sees what of a plan, for the files served through core.files."""

from core.permissions import is_staff_with

from .models import Plan


def can_see_document(user, document) -> bool:
    """Everyone once the plan is public; before, the staff who may view plan
    documents in the admin (the secretariat checks a draft's documents)."""
    if Plan.objects.public().filter(pk=document.plan_id).exists():
        return True
    return is_staff_with(user, "plans.view_plandocument")
