"""Which ideas a staff user works on: a focal point, those sent to their
institution(s); the secretariat and moderators, all of them."""

from core.permissions import by_institution

SCOPE = by_institution("sent_to", moderated=True)
