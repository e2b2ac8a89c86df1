"""Who works on which workshops: the secretariat runs them all; the focal
points of the institutions taking part read a workshop and its
registrations; the organising association's representatives run it (take
the roll, cancel it, publish its outputs) and propose new ones for their
association, which the secretariat publishes. Who sees a workshop's report,
for the files served through core.files."""

from core.permissions import is_secretariat, is_staff_with
from plans.models import Plan
from plans.rules import by_institution, is_representative, represented_associations


def may_add_workshop(user) -> bool:
    """The secretariat adds workshops (published at once); an association's
    representatives propose them for their association."""
    return is_secretariat(user) or is_representative(user)


SCOPE = by_institution("institutions", associations=("organiser",), adds=may_add_workshop)
# A workshop's registrations and polls: seen by whoever sees the workshop.
THROUGH_WORKSHOP = by_institution("workshop__institutions", associations=("workshop__organiser",))


def can_run_workshop(user, workshop=None) -> bool:
    """Takes the roll, cancels the workshop, publishes its outputs: the
    secretariat, and the representatives of the organising association.
    Without a workshop: whether the user runs any workshop at all."""
    if not is_staff_with(user, "workshops.change_registration"):
        return False
    if is_secretariat(user):
        return True
    mine = represented_associations(user)
    return bool(mine) if workshop is None else workshop.organiser_id in mine


def can_publish_workshop(user) -> bool:
    """Publishes a workshop its association proposed: the secretariat."""
    return is_secretariat(user) and is_staff_with(user, "workshops.change_workshop")


def can_edit_proposal(user, workshop) -> bool:
    """Before the secretariat publishes it, the proposing association's
    representatives edit their proposal whole; after, its outputs only."""
    return (
        workshop.published_at is None
        and workshop.cancelled_at is None
        and workshop.organiser_id in represented_associations(user)
        and is_staff_with(user, "workshops.change_workshop")
    )


def can_see_report(user, workshop) -> bool:
    """Everyone once the plan is public; before, the staff who may view
    workshops in the admin."""
    if Plan.objects.public().filter(pk=workshop.plan_id).exists():
        return True
    return is_staff_with(user, "workshops.view_workshop")
