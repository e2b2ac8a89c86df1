"""The generation (core.generations) of a plan's committee: what the
committee's pages, its meetings, decisions register, open data and its
agenda and minutes PDFs are cached under. Every write of the committee and
of the rows under it bumps it (committee.apps)."""

from core.generations import PerPlan

COMMITTEE = PerPlan("committee")
