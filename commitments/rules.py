"""Which commitments a staff user works on: the secretariat all; a focal
point those their institution leads or is involved in; a representative
those their association co-drafts (the admin, and the commitments an idea
may be integrated into). Their milestones, indicators and progress follow
the card; a focal point edits only the milestones of their institution."""

from core.permissions import (
    by_institution,
    is_representative,
    is_secretariat,
    is_staff_with,
    represented_associations,
)
from plans.models import Plan

from .models import Assessment, Commitment, Evidence

SCOPE = by_institution(
    "lead_institution", "involved_institutions", associations=("co_drafting_associations",)
)
# The rows under a card: seen by whoever sees the card.
MILESTONES = by_institution(
    "commitment__lead_institution",
    "commitment__involved_institutions",
    associations=("commitment__co_drafting_associations",),
)
INDICATORS = MILESTONES
# Updates: those of the milestones of one's institution (the secretariat all).
UPDATES = by_institution("milestone__responsible_institution")

# Civil society's parallel assessment: filed by a representative of an
# association, for it, on a public card; the secretariat reads every one and
# may delete one that breaks the charter, but never writes civil society's
# words (no moderation field: a hidden assessment would be a silent edit).
# Focal points have no view here: their side is the progress they report;
# they read the assessments on the public pages like everyone.
ASSESSMENTS = by_institution(associations=("association",))


def can_edit_milestone(user, milestone) -> bool:
    """The secretariat, and the focal points of the milestone's responsible
    institution (the others of the card read it)."""
    if not is_staff_with(user, "commitments.change_milestone"):
        return False
    if is_secretariat(user):
        return True
    return milestone.responsible_institution_id is not None and (
        milestone.responsible_institution.focal_points.filter(pk=user.pk).exists()
    )


def can_curate(user) -> bool:
    """Moves a card beyond its draft, validates or returns progress."""
    return is_secretariat(user)


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


def may_file(user, assessment: Assessment | None = None) -> bool:
    """A representative, for an association of theirs."""
    if assessment is None:
        return is_representative(user)
    return assessment.association_id in represented_associations(user)
