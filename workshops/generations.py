"""The generation (core.generations) of a plan's workshops: what the
workshop lists, pages, calendar feed and open data are cached under. Every
write of a workshop, its programme, polls and registrations bumps it
(workshops.apps)."""

from core.generations import PerPlan

WORKSHOPS = PerPlan("workshops")
