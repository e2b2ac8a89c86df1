"""The screening funnel's categories: what the statistics page counts and what
the idea lists filter by, one definition for both, so a filter's count is the
statistics' figure (issue 8, item 6). "Accepted at screening" is every idea
that passed screening, whatever happened next (sent, integrated or not)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Idea

S = Idea.Status

# key, label, colour of its bar (a class of the stylesheet), the statuses of
# the ideas it holds (None: all)
STAGES = [
    ("collected", _("Ideas collected"), "collected", None),
    ("accepted", _("Accepted at screening"), "accepted", Idea.ACCEPTED_FAMILY),
    ("not_accepted", _("Not accepted"), "rejected", [S.NOT_ACCEPTED]),
    ("integrated", _("Integrated into a commitment"), "integrated", [S.INTEGRATED]),
    ("not_integrated", _("Accepted but not integrated"), "rejected", [S.NOT_INTEGRATED]),
    ("awaiting_screening", _("Waiting for screening"), "waiting", [S.SUBMITTED]),
    (
        "awaiting_decision",
        _("Accepted, waiting for the institution's decision"),
        "waiting",
        [S.ACCEPTED, S.SENT],
    ),
]

STATUSES = {key: statuses for key, _label, _css, statuses in STAGES}
# As a query's condition (Q(): every idea).
CONDITIONS = {key: Q(status__in=statuses) if statuses else Q() for key, statuses in STATUSES.items()}

# What a list can be filtered by: every stage but "collected" (all of them).
FILTERS = [(key, label) for key, label, _css, _statuses in STAGES if key != "collected"]


def count(by_status: dict[str, int]) -> dict[str, int]:
    """How many ideas each stage holds, from how many have each status."""
    return {
        key: sum(n for status, n in by_status.items() if statuses is None or status in statuses)
        for key, statuses in STATUSES.items()
    }
