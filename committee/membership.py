"""The rules of a seat (spec: committee.md, article 3).

PLACEHOLDER (c-public): only `parity()`, which the public committee page
reads, until the c-members helper's module (the rules of a seat, parity
included) replaces this file whole."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from .models import Membership, Side, sitting


@dataclass(frozen=True)
class Parity:
    """Both sides' counts of sitting members (deputies not counted)."""

    public: int
    civil: int

    @property
    def balanced(self) -> bool:
        return self.public == self.civil


def parity(committee, day=None) -> Parity:
    """The committee's balance on `day` (today): one query."""
    seats = (
        Membership.objects.filter(sitting(day or timezone.localdate()), committee=committee)
        .exclude(role=Membership.Role.DEPUTY)
        .values_list("side")
        .annotate(n=Count("pk"))
    )
    counts = dict(seats)
    return Parity(public=counts.get(Side.PUBLIC, 0), civil=counts.get(Side.CIVIL, 0))
