"""The generation (core.generations) of a plan's commitments: what the
commitment lists, pages, the dashboard and the open data are cached under.
Every write that changes what the public sees of a card bumps it
(commitments.apps)."""

from core.generations import PerPlan

COMMITMENTS = PerPlan("commitments")
