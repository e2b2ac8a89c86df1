"""Which commitments a staff user works on: a focal point, those their
institution leads (the admin, and the commitments an idea may be integrated into)."""

from core.permissions import by_institution

SCOPE = by_institution("lead_institution")
