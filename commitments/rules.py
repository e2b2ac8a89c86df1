"""Who works on which commitments, and what each may do with them.

The admin's scopes: the secretariat sees every card; a focal point those
their institution leads or is involved in; a representative those their
association co-drafts (also the commitments an idea may be integrated into).
Their milestones, indicators and progress follow the card; a focal point
edits only the milestones of their institution. Drafters (whoever may change
a card) work on the draft and submit it for review when it is ready; every
move of the life cycle — publishing it included — is the secretariat's."""

from django.db.models import Q

from core.files import follows_rows
from core.permissions import is_secretariat, is_staff_with
from plans.models import Plan
from plans.rules import by_institution, institution_ids, is_representative, represented_associations

from .models import Assessment, Commitment

C = Commitment.Status


def may_add_card(user) -> bool:
    """The secretariat, and focal points (for their institution: the admin
    offers only theirs as the lead institution)."""
    return is_secretariat(user) or bool(institution_ids(user))


# Partner associations' representatives see the card to take part in its
# draft thread; co-drafting ones work on it.
SCOPE = by_institution(
    "lead_institution",
    "involved_institutions",
    associations=("co_drafting_associations", "partner_associations"),
    adds=may_add_card,
)
# The rows under a card: seen by whoever sees the card.
MILESTONES = by_institution(
    "commitment__lead_institution",
    "commitment__involved_institutions",
    associations=("commitment__co_drafting_associations",),
)
INDICATORS = MILESTONES
# Changes proposed to a public card: seen by whoever sees the card.
CHANGES = MILESTONES
# Updates: those of the milestones of one's institution (the secretariat all).
UPDATES = by_institution("milestone__responsible_institution")


def may_file(user, assessment: Assessment | None = None) -> bool:
    """A representative, for an association of theirs."""
    if assessment is None:
        return is_representative(user)
    return assessment.association_id in represented_associations(user)


# Civil society's parallel assessment: filed by a representative of an
# association, for it, on a public card; the secretariat reads every one and
# may delete one that breaks the charter, but never writes civil society's
# words (no moderation field: a hidden assessment would be a silent edit).
# Focal points have no view here: their side is the progress they report;
# they read the assessments on the public pages like everyone. A card back
# in draft is off the public pages: its assessment leaves the
# representatives' list too.
ASSESSMENTS = by_institution(
    associations=("association",), only=~Q(commitment__status=C.DRAFT), adds=may_file
)


def can_curate(user) -> bool:
    """Moves a card beyond its draft, validates or returns progress."""
    return is_secretariat(user)


def may_move(user, commitment: Commitment, to: str) -> bool:
    """Every move is the secretariat's: it publishes (draft → proposed) and
    takes a card off the public pages; drafters work on the draft and
    submit it for review (may_submit_for_review)."""
    return user.has_perm("commitments.change_commitment") and can_curate(user)


def can_edit_card(user, commitment) -> bool:
    """The card's own parts (its texts, its indicators and their
    measurements): the secretariat and the lead institution's focal points;
    an involved institution's focal points edit their milestones only."""
    if not is_staff_with(user, "commitments.change_commitment"):
        return False
    if is_secretariat(user) or commitment.lead_institution_id in institution_ids(user):
        return True
    return commitment.co_drafters_edit and bool(
        represented_associations(user) & {a.pk for a in commitment.co_drafting_associations.all()}
    )


def may_change_card(user, commitment) -> bool:
    """Opens the card's form to save it: whoever edits its parts, and the
    focal points of its institutions (their milestones); a representative
    without the right reads it."""
    return can_edit_card(user, commitment) or bool(institution_ids(user))


def may_submit_for_review(user, commitment) -> bool:
    """A draft's drafters (who edit its own parts; not the secretariat,
    which proposes it) say it is ready for review."""
    return commitment.status == C.DRAFT and not can_curate(user) and can_edit_card(user, commitment)


def needs_validation(user, commitment) -> bool:
    """On a card the public sees, what a drafter saves waits for the
    secretariat (commitments.changes); on a draft it is written at once."""
    return not can_curate(user) and commitment.status != C.DRAFT


def can_edit_milestone(user, milestone) -> bool:
    """The secretariat, and the focal points of the milestone's responsible
    institution (the others of the card read it)."""
    if not is_staff_with(user, "commitments.change_milestone"):
        return False
    if is_secretariat(user):
        return True
    return milestone.responsible_institution_id in institution_ids(user)


# Evidence, as the admin shows it: under the milestones of the cards one
# works on, and with the updates on one's institution's milestones.
EVIDENCE = by_institution(
    "milestone__commitment__lead_institution",
    "milestone__commitment__involved_institutions",
    "milestone__responsible_institution",
    associations=("milestone__commitment__co_drafting_associations",),
)


def _public_evidence(rows):
    """Public itself (entered by staff, or with a validated update), on a
    public card of a public plan."""
    cards = Commitment.objects.public().filter(plan__in=Plan.objects.public())
    return rows.public().filter(milestone__commitment__in=cards)


# An evidence file: everyone's once public; before, the staff who may view
# evidence and whose scope holds it (never another institution's draft).
can_see_evidence = follows_rows(
    public=_public_evidence, scope=EVIDENCE, permission="commitments.view_evidence"
)
