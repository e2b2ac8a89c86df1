"""The generation (core.generations) of a plan's consultations: what their
pages, report, open data and documents are cached under. Every write of a
consultation and the rows under it bumps it (consultations.apps); a
commitment's page shows its consultation comments (COMMITMENTS shows it)."""

from core.generations import PerPlan

CONSULTATIONS = PerPlan("consultations")
