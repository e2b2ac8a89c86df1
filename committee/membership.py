"""The rules of a seat (spec: committee.md, articles 3, 4 and 12; issue 20,
"Members"), each written once and asked by the model's `clean()` — so the
admin's form and any other form meet them — with the database's
constraints behind them where two requests could race (one seat per person).

- A public member represents an institution that leads at least one
  commitment of the committee's plan.
- Nobody sits for civil society more than two consecutive terms, neither a
  person nor an association: a third designation is refused, naming the two
  earlier terms (the committees of the OGP member's two previous plans).
  A person is the same account; where one of the two seats has no account
  (never had one, or it was erased: the seat keeps the published name), the
  same published name, compared as the search compares words
  (core.text.fold). Two accounts are two people, even with one name.
- A deputy stands in for a member of the same committee and side.
- Parity: as many public-administration members as civil-society members,
  counting the seats held on a day, deputies left out (they sit for their
  member). Shown, and warned about; never refused (a seat is designated one
  at a time)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment
from core.bidi import isolate
from core.text import fold

from .models import AbsenceFlag, Committee, Membership, Side, sitting

DEPUTY = Membership.Role.DEPUTY
# Article 12: how a civil-society membership ends besides the end of term
# and a withdrawal.
CIVIL_ONLY = (Membership.EndReason.DISSOLUTION, Membership.EndReason.ABSENCES)
# A card that is no commitment of the plan: not retained. A draft counts: the
# committee of a plan in co-creation sits while its cards are drafted, each
# led by its institution.
NOT_COMMITMENTS = (Commitment.Status.NOT_RETAINED,)


# Parity.


def counted(day, path: str = "") -> Q:
    """The seats parity counts on `day`: held that day, deputies left out."""
    return sitting(day, path) & ~Q(**{f"{path}role": DEPUTY})


@dataclass(frozen=True)
class Parity:
    public: int
    civil: int

    @property
    def balanced(self) -> bool:
        return self.public == self.civil


def parity(committee: Committee | int, day=None) -> Parity:
    """Both sides' counts on `day` (today) and whether they balance: one query."""
    day = day or timezone.localdate()
    committee_id = getattr(committee, "pk", committee)
    counts = Membership.objects.filter(counted(day), committee_id=committee_id).aggregate(
        public=Count("pk", filter=Q(side=Side.PUBLIC)), civil=Count("pk", filter=Q(side=Side.CIVIL))
    )
    return Parity(counts["public"], counts["civil"])


def with_parity(committees, day=None):
    """Committees annotated with both sides' counts on `day` (the same rule as
    parity(), for a list in its own query): read them with parity_of()."""
    day = day or timezone.localdate()
    seats = counted(day, "memberships__")
    return committees.annotate(
        public_count=Count("memberships", filter=seats & Q(memberships__side=Side.PUBLIC)),
        civil_count=Count("memberships", filter=seats & Q(memberships__side=Side.CIVIL)),
    )


def parity_of(committee) -> Parity:
    return Parity(committee.public_count, committee.civil_count)


# The rules of one seat.


def leading_institutions(plan_id: int):
    """The ids of the institutions leading a commitment of the plan, as a subquery."""
    return (
        Commitment.objects.filter(plan_id=plan_id)
        .exclude(status__in=NOT_COMMITMENTS)
        .values("lead_institution_id")
    )


def earlier_committees(committee: Committee) -> list[Committee]:
    """The committees of the same OGP member's two previous plans, in plan
    order (the older first); fewer when a plan before had no committee."""
    plan = committee.plan
    previous = list(
        Committee.objects.filter(plan__member_id=plan.member_id, plan__number__lt=plan.number)
        .select_related("plan")
        .order_by("-plan__number")[:2]
    )
    numbers = [plan.number - 1, plan.number - 2]
    # Consecutive: the two plans just before, both with a committee.
    if [c.plan.number for c in previous] != numbers:
        return []
    return previous[::-1]


def _same_person(seat: Membership, other: Membership) -> bool:
    if seat.person_id and other.person_id:
        return seat.person_id == other.person_id
    return (
        bool(seat.name.strip()) and fold(seat.name).casefold().split() == fold(other.name).casefold().split()
    )


def _term(committee: Committee) -> str:
    return isolate(f"{committee.plan.title} ({committee.plan.period})")


def third_term(seat: Membership) -> dict[str, str]:
    """The refusals of a civil-society seat that would be a third
    consecutive term, by field: the person's, the association's."""
    if seat.side != Side.CIVIL or not seat.committee_id:
        return {}
    earlier = earlier_committees(seat.committee)
    if len(earlier) < 2:
        return {}
    seats = list(
        Membership.objects.filter(committee__in=earlier, side=Side.CIVIL).only(
            "committee_id", "person_id", "name", "association_id"
        )
    )
    terms = ", ".join(_term(c) for c in earlier)

    def sat_in_both(matches) -> bool:
        return {s.committee_id for s in seats if matches(s)} == {c.pk for c in earlier}

    errors = {}
    if sat_in_both(lambda other: _same_person(seat, other)):
        errors["person" if seat.person_id else "name"] = _(
            "%(who)s already sat for civil society in the two previous terms (%(terms)s): "
            "a third consecutive term is not allowed."
        ) % {"who": isolate(seat.name), "terms": terms}
    if seat.association_id and sat_in_both(lambda other: other.association_id == seat.association_id):
        errors["association"] = _(
            "%(who)s already sat for civil society in the two previous terms (%(terms)s): "
            "a third consecutive term is not allowed."
        ) % {"who": str(seat.association), "terms": terms}
    return errors


def problems(seat: Membership) -> dict[str, str]:
    """Every rule the seat breaks, by field (empty: it may be saved)."""
    errors: dict[str, str] = {}
    if not seat.committee_id:
        return errors
    committee = seat.committee
    # What the side represents.
    if seat.side == Side.PUBLIC:
        if not seat.institution_id:
            errors["institution"] = _("A public-administration member represents an institution.")
        elif (
            not leading_institutions(committee.plan_id)
            .filter(lead_institution_id=seat.institution_id)
            .exists()
        ):
            errors["institution"] = _(
                "%(institution)s leads no commitment of %(plan)s: a public-administration member "
                "represents an institution responsible for at least one commitment of the plan."
            ) % {"institution": str(seat.institution), "plan": str(committee.plan)}
        if seat.association_id:
            errors["association"] = _("A public-administration member represents no association.")
    elif seat.side == Side.CIVIL:
        if not seat.association_id:
            errors["association"] = _("A civil-society member represents an association.")
        if seat.institution_id:
            errors["institution"] = _("A civil-society member represents no institution.")
        errors.update({k: v for k, v in third_term(seat).items() if k not in errors})
    # A deputy, of a member of the same committee and side.
    if seat.role == DEPUTY:
        deputy_of = seat.deputy_of if seat.deputy_of_id else None
        if deputy_of is None:
            errors["deputy_of"] = _("Name the member this deputy stands in for.")
        elif (
            deputy_of.committee_id != seat.committee_id
            or deputy_of.side != seat.side
            or deputy_of.role == DEPUTY
            or (seat.pk and deputy_of.pk == seat.pk)
        ):
            errors["deputy_of"] = _(
                "A deputy stands in for a member (not a deputy) of the same committee and the same side."
            )
    elif seat.deputy_of_id:
        errors["deputy_of"] = _("Only a deputy stands in for a member: choose the role “deputy of a member”.")
    # One seat per person (the database's constraint, said in words).
    if seat.person_id:
        others = Membership.objects.filter(committee_id=seat.committee_id, person_id=seat.person_id)
        if seat.pk:
            others = others.exclude(pk=seat.pk)
        if others.exists():
            errors["person"] = _("This account already holds a seat on this committee: one seat per person.")
    # Its end: a date and a reason, or neither.
    if seat.ends_on and not seat.end_reason:
        errors["end_reason"] = _("Say why the membership ends.")
    elif seat.end_reason and not seat.ends_on:
        errors["ends_on"] = _("Give the day the membership ends.")
    elif seat.ends_on and seat.starts_on and seat.ends_on < seat.starts_on:
        errors["ends_on"] = _("A membership ends on or after the day it starts.")
    if seat.end_reason in CIVIL_ONLY and seat.side != Side.CIVIL:
        errors["end_reason"] = _("Only a civil-society membership ends for this reason.")
    elif seat.end_reason == Membership.EndReason.ABSENCES and not confirmed_absences(seat):
        errors["end_reason"] = _(
            "A membership ends for absences only by the committee's decision: record it on the member's "
            "absence flag."
        )
    return errors


def confirmed_absences(seat: Membership) -> bool:
    """The committee confirmed an absence flag of the seat (or, for a
    deputy, of the member it stands in for: both end)."""
    flagged = [pk for pk in (seat.pk, seat.deputy_of_id) if pk]
    return AbsenceFlag.objects.filter(member_id__in=flagged, outcome=AbsenceFlag.Outcome.CONFIRMED).exists()


def validate(seat: Membership) -> None:
    """Membership.clean(): raises the seat's problems, each on its field."""
    errors = problems(seat)
    if errors:
        raise ValidationError(errors)


def one_seat_refusal() -> str:
    """Said when the database refuses a second seat a parallel request added."""
    return _("This account already holds a seat on this committee: one seat per person.")
