"""Which commitments a staff user works on: a focal point, those their
institution leads (the admin, and the commitments an idea may be integrated into)."""

from core.permissions import by_institution, is_staff_with
from plans.models import Plan

from .models import Commitment, Evidence

SCOPE = by_institution("lead_institution")


def can_see_evidence(user, evidence) -> bool:
    """Evidence of a public commitment, once public itself (entered by staff,
    or with a validated update), is everyone's; staff who may view evidence
    in the admin see the rest."""
    public = (
        Evidence.objects.public()
        .filter(pk=evidence.pk, milestone__commitment__plan__in=Plan.objects.public())
        .exclude(milestone__commitment__status=Commitment.Status.DRAFT)
    )
    return public.exists() or is_staff_with(user, "commitments.view_evidence")
