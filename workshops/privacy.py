"""What workshops holds about a person (core.personal_data): their
registrations. When they delete their account, each registration keeps its
place in the workshop's figures but loses everything personal. A visitor
without an account loses theirs WORKSHOP_GUEST_DATA_DAYS after the workshop
(workshops.tasks.erase_guest_data), the same way. The moves a person made
(a registration's, a workshop's cancellation) are core's part ("moves")."""

from core import documents
from core.personal_data import forget_in_admin_log, register

from .generations import WORKSHOPS
from .models import Registration, Workshop

PERSONAL = {"name": "", "email": "", "organisation": "", "region": "", "role": "", "accessibility": ""}


def export(user) -> list[dict]:
    return [
        {
            "workshop": registration.workshop.title,
            "status": registration.status,
            "code": registration.code,
            "organisation": registration.organisation,
            "region": registration.region,
            "role": registration.role,
            "accessibility": registration.accessibility,
            "registered_on": registration.created_at.isoformat(),
            "attended": registration.attended_at.isoformat() if registration.attended_at else None,
        }
        for registration in Registration.objects.filter(user=user).select_related("workshop")
    ]


def erase(user) -> None:
    rows = Registration.objects.filter(user=user)
    plans = set(rows.values_list("workshop__plan_id", flat=True))
    workshops = set(rows.values_list("workshop_id", flat=True))
    pks = list(rows.values_list("pk", flat=True))
    # An update bypasses the signals that refresh cached pages.
    rows.update(user=None, **PERSONAL)
    forget_in_admin_log(Registration, pks)
    documents.forget(Workshop, workshops)  # the sign-in sheets named them
    WORKSHOPS.bump(plans)


register("workshop_registrations", export=export, erase=erase, models=[Registration])
