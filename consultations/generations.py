"""The generation (core.generations) of a plan's consultations: what their
pages, report, open data and documents are cached under. Every write of a
consultation and the rows under it bumps it (consultations.apps); a
commitment's page shows its consultation comments (COMMITMENTS shows it).

`TEXTS` follows what a consultation puts to the public — the consultation
itself (its title, the commitments consulted on) and a text's sections —
and not its comments: the draft plan's PDF (consultations.documents) reads
it, so that a comment does not make the draft stale."""

from core.generations import PerPlan

CONSULTATIONS = PerPlan("consultations")
TEXTS = PerPlan("consultation-texts")
