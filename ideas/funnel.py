"""The screening funnel's categories: what the statistics page counts and what
the idea lists filter by, one definition for both, so a filter's count is the
statistics' figure (issue 8, item 6). "Accepted at screening" is every idea
that passed screening, whatever happened next (sent, integrated or not)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Idea

S = Idea.Status

# key, label, colour of its bar (a class of the stylesheet), the ideas it holds
STAGES = [
    ("collected", _("Ideas collected"), "collected", Q()),
    ("accepted", _("Accepted at screening"), "accepted", Q(status__in=Idea.ACCEPTED_FAMILY)),
    ("not_accepted", _("Not accepted"), "rejected", Q(status=S.NOT_ACCEPTED)),
    ("integrated", _("Integrated into a commitment"), "integrated", Q(status=S.INTEGRATED)),
    ("not_integrated", _("Accepted but not integrated"), "rejected", Q(status=S.NOT_INTEGRATED)),
    ("awaiting_screening", _("Waiting for screening"), "waiting", Q(status=S.SUBMITTED)),
    (
        "awaiting_decision",
        _("Accepted, waiting for the institution's decision"),
        "waiting",
        Q(status__in=[S.ACCEPTED, S.SENT]),
    ),
]

CONDITIONS = {key: condition for key, _label, _css, condition in STAGES}

# What a list can be filtered by: every stage but "collected" (all of them).
FILTERS = [(key, label) for key, label, _css, _condition in STAGES if key != "collected"]
