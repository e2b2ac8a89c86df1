"""A consultation opens on the first day of its window: on the draft plan,
the commitments proposed that day become the ones consulted on (a card
proposed later is not, a card withdrawn later stays with its comments).
Done once, whoever asks first — beat (`open_due`) or the first page read
after midnight (`ensure_open`): a conditional UPDATE claims it."""

from django.db import transaction
from django.utils import timezone

from commitments.models import Commitment

from .generations import CONSULTATIONS
from .models import Consultation

# What else happens when a consultation opens (the draft plan's PDF is
# asked: consultations.documents registers it), each called with the row.
ON_OPEN: list = []


def open_one(consultation: Consultation, *, now=None) -> bool:
    """Opens `consultation` if nobody has; True if this call did."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Consultation.objects.filter(pk=consultation.pk, opened_at__isnull=True).update(
            opened_at=now
        )
        if not claimed:
            return False
        consultation.opened_at = now
        if consultation.subject == Consultation.Subject.DRAFT_PLAN:
            proposed = Commitment.objects.filter(plan=consultation.plan_id, status=Commitment.Status.PROPOSED)
            consultation.commitments.set(proposed)
        CONSULTATIONS.bump([consultation.plan_id])  # the UPDATE sent no signal
        for hook in ON_OPEN:
            transaction.on_commit(lambda hook=hook: hook(consultation))
    return True


def ensure_open(consultation: Consultation, today=None) -> None:
    """For a page holding a consultation whose window has begun."""
    if consultation.opened_at is None and consultation.state(today) in ("open", "closed"):
        open_one(consultation)


def open_due(today=None) -> int:
    """Beat: opens every consultation whose window has begun. Returns how many."""
    today = today or timezone.localdate()
    due = Consultation.objects.with_window().filter(opens_on__lte=today, opened_at__isnull=True)
    return sum(open_one(consultation) for consultation in due.select_related("plan"))
