"""Work done once, even when two runs ask at the same moment (beat running
twice, a retried task): each piece of work is claimed by inserting a row
under a unique constraint, in the transaction that does the work. A
parallel run waits on the unique index until the first commits, then fails
to insert and leaves the work alone; if the first rolls back, the second
takes it. The generic row is `core.models.Reminder` (a kind and a key): the
committee's reminders and convocations due, the consultations' reminders
to answer; the commitments' weekly digests have their own (`DigestSent`: a
person and a week)."""

from django.db import IntegrityError, models, transaction


def claim(model: type[models.Model], **fields) -> bool:
    """Inserts the row of `fields`; False if it is already there."""
    try:
        with transaction.atomic():
            model._default_manager.create(**fields)
    except IntegrityError:
        return False
    return True
