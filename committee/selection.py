"""The selection of civil-society members (spec: committee.md, article 4 and
"Rotation and terms"; issue 22): every rule written once, for the public
pages, the members' scoring pages, the admin and the demo alike.

- **The selection committee's civil-society seat** is elected by the civil
  society space during the round's vote window: one vote per association,
  cast by one of its representatives (the database holds it when two vote
  at once); the count is public.
- **Candidacies** are an association's, made by its representative while
  the call is open: a draft until submitted, changes refused after the
  closing date; a candidacy that would give the person or the association a
  third consecutive civil-society term is refused at submission, naming the
  two earlier terms (committee.membership.third_term, the seat's own rule).
- **Completeness**: the secretariat marks each submitted file complete, or
  incomplete with the reason, a recorded move; the candidate is told why.
- **Scoring**: each scoring member of the selection committee (observers
  never score) scores each complete candidacy on the grid, bounded per
  criterion (and by the database), with a comment; a member sees only their
  own scores until every scoring member has scored every complete file.
- **Ranking**: a candidacy's score is the mean of the members' totals, exact
  (a Fraction; shown to two decimals); every pair tied or less than
  CLOSE_POINTS apart across the selection line is flagged, and decided with
  a reason before the results are published.
- **Publication**: the selected become the civil-society members of the
  committee's term; every candidate is told the result; the results are
  public — each member's points, the means, the decisions on the pairs."""

from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.bidi import isolate
from core.models import User
from core.notifications import notify, register_kind
from core.permissions import is_secretariat
from core.transitions import TransitionError
from plans.models import Association

from .membership import third_term
from .models import (
    CLOSE_POINTS,
    GRID,
    Candidacy,
    CandidacyEvent,
    CandidacyFile,
    Committee,
    Membership,
    PairDecision,
    Score,
    SeatCandidate,
    SeatVote,
    SelectionEvent,
    SelectionRound,
    Selector,
    Side,
)

C = Candidacy.Completeness
OUTCOME = Candidacy.Outcome
ANSWERS = tuple(name for name, _points in GRID)


def _load_round(context: dict) -> dict:
    return {"round": SelectionRound.objects.select_related("committee__plan").get(pk=context["round_id"])}


def _load_candidacy(context: dict) -> dict:
    candidacy = Candidacy.objects.select_related("round__committee__plan", "association").get(
        pk=context["candidacy_id"]
    )
    return {"candidacy": candidacy, "round": candidacy.round, **context}


register_kind(
    "selection_call",
    gettext_lazy("Calls for candidacies to the steering committee"),
    context=_load_round,
)
register_kind(
    "candidacy_incomplete",
    gettext_lazy("My association's candidacy file is incomplete"),
    optional=False,
    context=_load_candidacy,
)
register_kind(
    "selection_result",
    gettext_lazy("The result of my association's candidacy"),
    optional=False,
    context=_load_candidacy,
)


def represented(user):
    """The associations `user` represents on the portal (none for an
    anonymous visitor or a deactivated account)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Association.objects.none()
    return Association.objects.filter(representatives=user)


def represents(user, association_id: int) -> bool:
    """`user` is one of the association's representatives on the portal."""
    return represented(user).filter(pk=association_id).exists()


def lock(round: SelectionRound) -> SelectionRound:
    """The round's row, locked for the rest of the transaction: the moves
    on one round (a vote, a submission, a score, the publication) happen one
    after the other."""
    return SelectionRound.objects.select_for_update().select_related("committee__plan").get(pk=round.pk)


# --- The selection committee's civil-society seat.


def vote(round: SelectionRound, *, by, association: Association, candidate: SeatCandidate, today=None):
    """Casts `association`'s vote for `candidate`, as its representative `by`."""
    if not represents(by, association.pk):
        raise PermissionDenied(_("Only a representative of the association may vote for it."))
    if candidate.round_id != round.pk:
        raise ValidationError({"candidate": _("This person is not a candidate in this selection.")})
    state = round.vote_state(today)
    if state != "open":
        raise ValidationError(
            _window_refusal(_("The vote"), round.vote_opens_on, round.vote_closes_on, state)
        )
    try:
        with transaction.atomic():
            return SeatVote.objects.create(
                round=round, association=association, candidate=candidate, cast_by=by
            )
    except IntegrityError:
        raise ValidationError(
            _("%(association)s has already voted: one vote per association.")
            % {"association": isolate(association.name)}
        ) from None


def tally(round: SelectionRound) -> list[SeatCandidate]:
    """The seat's candidates with their `count` of votes, most first: one query."""
    return list(
        SeatCandidate.objects.filter(round=round)
        .select_related("association")
        .annotate(count=Count("votes"))
        .order_by("-count", "name", "pk")
    )


def winners(round: SelectionRound) -> list[SeatCandidate]:
    """The candidates with the most votes (more than one on a tie; none
    before any vote)."""
    counted = tally(round)
    if not counted or counted[0].count == 0:
        return []
    return [c for c in counted if c.count == counted[0].count]


def elect_refusal(round: SelectionRound, today=None) -> str | None:
    """Why the civil-society seat may not be filled on `today`; None when it may."""
    if round.vote_state(today) != "closed":
        return _("The civil-society seat is filled once the vote has closed.")
    seated = Selector.objects.filter(round=round, kind=Selector.Kind.CIVIL).first()
    if seated is not None:
        return _("The civil-society seat is already filled: %(name)s.") % {"name": isolate(seated.name)}
    return None


def elect(round: SelectionRound, *, candidate: SeatCandidate, organisation: str = "", today=None) -> Selector:
    """Seats the elected candidate on the selection committee, once the vote
    has closed. On a tie the secretariat names one of the tied (the
    handbook is silent; the tie shows in the public count)."""
    refusal = elect_refusal(round, today)
    if refusal:
        raise ValidationError(refusal)
    if candidate not in winners(round):
        raise ValidationError(
            {"elected": _("%(name)s did not receive the most votes.") % {"name": isolate(candidate.name)}}
        )
    try:
        with transaction.atomic():
            return Selector.objects.create(
                round=round,
                kind=Selector.Kind.CIVIL,
                name=candidate.name,
                organisation=organisation or candidate.association.name,
                person=candidate.person,
                elected=candidate,
            )
    except IntegrityError:
        # Filled meanwhile by a parallel request, or the elected's account
        # already holds another seat of this selection committee.
        raise ValidationError(
            _(
                "The civil-society seat was filled meanwhile, or %(name)s already sits on this "
                "selection committee."
            )
            % {"name": isolate(candidate.name)}
        ) from None


def ballot_fixed(round: SelectionRound, today=None) -> bool:
    """The seat's candidates are set before the vote: from its first day the
    ballot is fixed (the admin reads it, no longer changes it)."""
    return round.vote_state(today) != "upcoming"


# --- Candidacies.


def _window_refusal(what, opens_on, closes_on, state: str) -> str:
    from django.utils.formats import date_format

    if state == "upcoming":
        return _("%(what)s opens on %(day)s.") % {"what": what, "day": date_format(opens_on)}
    return _("%(what)s closed on %(day)s.") % {"what": what, "day": date_format(closes_on)}


def call_refusal(round: SelectionRound, today=None) -> str | None:
    """Why a candidacy may not be made or changed on `today`; None while the call is open."""
    state = round.call_state(today)
    if state == "open":
        return None
    return _window_refusal(_("The call for candidacies"), round.call_opens_on, round.call_closes_on, state)


def may_apply(user, round: SelectionRound, association_id: int) -> bool:
    return represents(user, association_id)


def may_edit(user, candidacy: Candidacy, today=None) -> bool:
    """The association's representatives change its candidacy while the call
    is open, until it is submitted (a file under check does not change)."""
    return (
        candidacy.submitted_at is None
        and represents(user, candidacy.association_id)
        and call_refusal(candidacy.round, today) is None
    )


# What a representative writes on a draft: the person proposed, the region
# and the answers (the documents apart, as CandidacyFile rows).
DRAFT_FIELDS = ("name", "region", *ANSWERS)


def start(round: SelectionRound, *, by, association: Association, answers: dict, files=(), today=None):
    """A new draft of `association`'s candidacy, made by its representative
    `by` while the call is open, with `answers` (DRAFT_FIELDS, any of them
    empty) and `files` ((kind, uploaded file) pairs). One per association:
    a second is refused in words (two representatives at once meet at the
    round's lock, then the database's constraint)."""
    if not represents(by, association.pk):
        raise PermissionDenied(_("Only a representative of the association may apply for it."))
    with transaction.atomic():
        round = lock(round)
        refusal = call_refusal(round, today)
        if refusal:
            raise ValidationError(refusal)
        if Candidacy.objects.filter(round=round, association=association).exists():
            raise ValidationError(
                {
                    "association": _("%(association)s already has a candidacy in this selection.")
                    % {"association": isolate(association.name)}
                }
            )
        candidacy = Candidacy.objects.create(
            round=round, association=association, applicant=by, **_draft_values(answers)
        )
        _attach(candidacy, files)
    return candidacy


def change(candidacy: Candidacy, *, by, answers: dict, files=(), remove=(), today=None) -> Candidacy:
    """Saves a draft: `answers` (DRAFT_FIELDS), new documents (`files`: a
    document of a kind the draft holds replaces it, but "other" documents
    add up) and the documents of ids `remove` taken out. Refused once
    submitted or outside the call, and to anyone but the association's
    representatives; nothing is saved then."""
    if not represents(by, candidacy.association_id):
        raise PermissionDenied(_("Only a representative of the association may change its candidacy."))
    with transaction.atomic():
        round = lock(candidacy.round)
        locked = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
        refusal = call_refusal(round, today)
        if refusal:
            raise ValidationError(refusal)
        if locked.submitted_at is not None:
            raise ValidationError(_("This candidacy has been submitted: it can no longer be changed."))
        values = _draft_values(answers)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(values))
        replaced = {kind for kind, _file in files if kind != CandidacyFile.Kind.OTHER}
        gone = list(locked.enclosures.filter(Q(pk__in=list(remove)) | Q(kind__in=replaced)))
        CandidacyFile.objects.filter(pk__in=[row.pk for row in gone]).delete()
        for row in gone:
            # The stored file goes once the row is gone for good.
            transaction.on_commit(lambda name=row.file.name, storage=row.file.storage: storage.delete(name))
        _attach(locked, files)
    locked.round = round
    return locked


def _draft_values(answers: dict) -> dict:
    unknown = set(answers) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"Not a field of a draft: {sorted(unknown)}")
    return {name: (value or "").strip() for name, value in answers.items()}


def _attach(candidacy: Candidacy, files) -> None:
    """Each document checked as every path checks it (its content and size:
    core.files), then stored; a refused one leaves the transaction to roll back."""
    for kind, file in files:
        document = CandidacyFile(candidacy=candidacy, kind=CandidacyFile.Kind(kind), file=file)
        document.full_clean(exclude=["candidacy"])
        document.save()


def seat_of(candidacy: Candidacy) -> Membership:
    """The civil-society seat the candidacy would give (not saved): what
    the rules of a seat are asked about."""
    return Membership(
        committee=candidacy.round.committee,
        side=Side.CIVIL,
        association=candidacy.association,
        name=candidacy.name,
        person=candidacy.person,
    )


def missing(candidacy: Candidacy) -> dict[str, str]:
    """What a submission lacks, by field."""
    errors = {}
    if not candidacy.name.strip():
        errors["name"] = _("Name the person the association proposes.")
    for name in ANSWERS:
        if not (getattr(candidacy, name) or "").strip():
            errors[name] = _("Answer this criterion: the selection committee scores the answers.")
    kinds = set(candidacy.enclosures.values_list("kind", flat=True)) if candidacy.pk else set()
    lacking = [CandidacyFile.Kind(kind).label for kind in CandidacyFile.REQUIRED if kind not in kinds]
    if lacking:
        errors["files"] = _("Attach the file's documents: %(documents)s.") % {
            "documents": ", ".join(str(label) for label in lacking)
        }
    return errors


def submit(candidacy: Candidacy, *, by, today=None) -> CandidacyEvent:
    """Submits the candidacy (it stops being a draft). Raises
    PermissionDenied when `by` does not represent the association,
    ValidationError when the call is not open, the file is incomplete or
    the seat would be a third consecutive term."""
    if not represents(by, candidacy.association_id):
        raise PermissionDenied(_("Only a representative of the association may submit its candidacy."))
    with transaction.atomic():
        round = lock(candidacy.round)
        candidacy = Candidacy.objects.select_for_update().select_related("association").get(pk=candidacy.pk)
        candidacy.round = round
        refusal = call_refusal(round, today)
        if refusal:
            raise ValidationError(refusal)
        if candidacy.submitted_at:
            raise ValidationError(_("This candidacy has already been submitted."))
        errors = missing(candidacy)
        errors.update(
            {("name" if k in ("person", "name") else k): v for k, v in third_term(seat_of(candidacy)).items()}
        )
        if errors:
            raise ValidationError(errors)
        candidacy.submitted_at = timezone.now()
        candidacy.save(update_fields=["submitted_at"])
        return CandidacyEvent.objects.create(
            candidacy=candidacy, actor=by, from_status="draft", to_status="submitted"
        )


# --- Completeness: the secretariat's recorded move.


def may_check(user) -> bool:
    return is_secretariat(user)


def check_file(candidacy: Candidacy, *, by, complete: bool, reason: str = "") -> CandidacyEvent:
    """Marks a submitted file complete, or incomplete with the reason (the
    candidate is told why). Refused once the results are published, and
    for a file already scored (the scores would be of a file now refused)."""
    if not may_check(by):
        raise PermissionDenied(_("The secretariat checks the files."))
    reason = (reason or "").strip()
    if not complete and not reason:
        raise ValidationError({"incomplete_reason": _("Say what is missing: the candidate is told.")})
    to = C.COMPLETE if complete else C.INCOMPLETE
    with transaction.atomic():
        round = lock(candidacy.round)
        locked = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
        if locked.submitted_at is None:
            raise TransitionError(_("A draft is not checked: it has not been submitted."))
        if round.published_at:
            raise TransitionError(_("The results are published: the files can no longer be checked."))
        if locked.completeness == to:
            raise TransitionError(_("The file is already marked so."))
        if not complete and locked.scores.exists():
            raise TransitionError(_("This file has been scored: it can no longer be marked incomplete."))
        event = CandidacyEvent.objects.create(
            candidacy=locked, actor=by, from_status=locked.completeness, to_status=to, reason=reason
        )
        locked.completeness = to
        locked.incomplete_reason = "" if complete else reason
        locked.save(update_fields=["completeness", "incomplete_reason"])
        if not complete and locked.applicant_id:
            notify(
                user=locked.applicant,
                kind="candidacy_incomplete",
                context={"candidacy_id": locked.pk, "reason": reason},
            )
    candidacy.completeness, candidacy.incomplete_reason = locked.completeness, locked.incomplete_reason
    return event


# --- Scoring.


def selector_of(user, round: SelectionRound) -> Selector | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return Selector.objects.filter(round=round, person=user).first()


def scorers(round: SelectionRound):
    """The members who score: the selection committee but its observers."""
    return Selector.objects.filter(round=round).exclude(kind__in=Selector.OBSERVERS)


def scored_files(round: SelectionRound):
    """The candidacies scored: the complete ones."""
    return Candidacy.objects.filter(round=round, completeness=C.COMPLETE)


RECUSED = gettext_lazy(
    "This candidacy is your own association's (you represent it, or it put you forward): "
    "you do not score it, and the mean is of the other members' points."
)


def scoring_refusal(
    round: SelectionRound, selector: Selector | None = None, today=None, candidacy: Candidacy | None = None
) -> str | None:
    """Why `selector` (or anyone, without one) may not score the round's
    files — or `candidacy` — on `today`; None when they may: what `score`
    refuses and what the members' pages say instead of the form."""
    if selector is not None and (selector.round_id != round.pk or selector.is_observer):
        return _("Only the scoring members of this selection committee score its candidacies.")
    if selector is not None and candidacy is not None and recused(candidacy, selector):
        return str(RECUSED)
    if round.call_state(today) != "closed":
        return _("The files are scored once the call for candidacies has closed.")
    if round.published_at:
        return _("The results are published: the scores can no longer change.")
    return None


def score(candidacy: Candidacy, *, selector: Selector, points: dict, comment: str, today=None) -> Score:
    """Records (or changes, until the results are published) `selector`'s
    points for `candidacy`. Raises PermissionDenied for an observer or a
    member of another round, ValidationError on points out of bounds, a
    missing comment, a file not complete or a call still open."""
    if selector.round_id != candidacy.round_id or selector.is_observer:
        raise PermissionDenied(
            _("Only the scoring members of this selection committee score its candidacies.")
        )
    if recused(candidacy, selector):
        raise PermissionDenied(RECUSED)
    errors = {}
    values = {}
    for name, maximum in GRID:
        value = points.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            errors[name] = _("A whole number from 0 to %(maximum)d.") % {"maximum": maximum}
        else:
            values[name] = value
    comment = (comment or "").strip()
    if not comment:
        errors["comment"] = _("Explain the points in a comment: it is published with them.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round = lock(candidacy.round)
        locked = Candidacy.objects.get(pk=candidacy.pk)
        refusal = scoring_refusal(round, today=today)
        if refusal:
            raise ValidationError(refusal)
        if locked.completeness != C.COMPLETE:
            raise ValidationError(_("Only a file checked complete is scored."))
        row, _created = Score.objects.update_or_create(
            candidacy=locked,
            selector=selector,
            defaults={**values, "comment": comment, "scored_at": timezone.now()},
        )
        return row


def recusals(round: SelectionRound) -> set[tuple[int, int]]:
    """(candidacy id, selector id) of every complete file a scoring member
    does not score because it is their own association's: they represent it
    on the portal, or it put them forward for the civil-society seat. Two
    queries."""
    files = scored_files(round)
    represented = files.filter(association__representatives__selection_seats__round=round).values_list(
        "pk", "association__representatives__selection_seats"
    )
    elected = Selector.objects.filter(
        round=round, elected__association__in=files.values("association")
    ).values_list("elected__association", "pk")
    by_association = dict(files.values_list("association", "pk")) if elected else {}
    pairs = set(represented)
    pairs |= {
        (by_association[association], pk) for association, pk in elected if association in by_association
    }
    return pairs


def recused(candidacy: Candidacy, selector: Selector) -> bool:
    """`selector` does not score `candidacy`: its association is theirs."""
    if selector.elected_id and selector.elected.association_id == candidacy.association_id:
        return True
    return bool(selector.person_id) and represents(selector.person, candidacy.association_id)


def scoring_progress(round: SelectionRound) -> tuple[int, int]:
    """(scores given, scores expected): each scoring member's for each
    complete file, but the files they are recused from. Five queries."""
    members = set(scorers(round).values_list("pk", flat=True))
    files = scored_files(round).count()
    if not members or not files:
        return 0, len(members) * files
    expected = len(members) * files - len({pair for pair in recusals(round) if pair[1] in members})
    given = Score.objects.filter(candidacy__in=scored_files(round), selector__in=members).count()
    return given, expected


def all_scored(round: SelectionRound) -> bool:
    """Every scoring member has scored every complete file but those they
    are recused from (and there is at least one of each)."""
    given, expected = scoring_progress(round)
    return expected > 0 and given == expected


def visible_scores(user, round: SelectionRound):
    """The scores `user` may read: every one once published (the public);
    before, a member of the selection committee reads only their own until
    every member has scored, then all (observers: all, once all have
    scored); the secretariat follows the scoring, all."""
    scores = Score.objects.filter(candidacy__round=round)
    if round.published_at or is_secretariat(user):
        return scores
    selector = selector_of(user, round)
    if selector is None:
        return scores.none()
    if all_scored(round):
        return scores
    return scores.filter(selector=selector)


# --- Ranking, the close pairs, the decisions.


@dataclass
class Ranked:
    candidacy: Candidacy
    totals: dict[int, int]  # selector id -> total
    mean: Fraction | None  # None: not scored yet
    rank: int = 0
    above_line: bool = False
    selected: bool = False

    @property
    def mean_display(self) -> str:
        return "" if self.mean is None else f"{float(self.mean):.2f}"


@dataclass
class Ranking:
    round: SelectionRound
    rows: list[Ranked]
    pairs: list[tuple[Ranked, Ranked]] = field(default_factory=list)
    decisions: dict[tuple[int, int], PairDecision] = field(default_factory=dict)

    @property
    def undecided(self) -> list[tuple[Ranked, Ranked]]:
        return [(a, b) for a, b in self.pairs if (a.candidacy.pk, b.candidacy.pk) not in self.decisions]


def ranking(round: SelectionRound) -> Ranking:
    """The complete candidacies ranked by mean score (the highest first; a
    tie in the order of the associations' names, and flagged), the line
    after round.seats, the pairs across it tied or less than CLOSE_POINTS
    apart, the decisions taken on them and who is selected: three queries."""
    files = list(scored_files(round).select_related("association").order_by("association__name", "pk"))
    totals: dict[int, dict[int, int]] = {c.pk: {} for c in files}
    for row in Score.objects.filter(candidacy__in=[c.pk for c in files]).only(
        "candidacy_id", "selector_id", *ANSWERS
    ):
        totals[row.candidacy_id][row.selector_id] = row.total
    rows = [
        Ranked(
            c, totals[c.pk], Fraction(sum(totals[c.pk].values()), len(totals[c.pk])) if totals[c.pk] else None
        )
        for c in files
    ]
    rows.sort(key=lambda r: -(r.mean if r.mean is not None else Fraction(-1)))
    for number, row in enumerate(rows, 1):
        row.rank = number
        row.above_line = number <= round.seats
    above = [r for r in rows if r.above_line and r.mean is not None]
    below = [r for r in rows if not r.above_line and r.mean is not None]
    pairs = [(a, b) for a in above for b in below if a.mean - b.mean < CLOSE_POINTS]
    decisions = {(d.above_id, d.below_id): d for d in PairDecision.objects.filter(round=round)}
    result = Ranking(round, rows, pairs, decisions)
    chosen = {r.candidacy.pk for r in above}
    for (above_id, below_id), decision in decisions.items():
        if decision.chosen_id == below_id and above_id in chosen:
            chosen.discard(above_id)
            chosen.add(below_id)
    for row in rows:
        row.selected = row.candidacy.pk in chosen
    return result


def decide_pair(
    round: SelectionRound,
    *,
    by,
    above: Candidacy,
    below: Candidacy,
    chosen: Candidacy,
    reason: str,
    explanation: str,
) -> PairDecision:
    """Records the selection committee's decision on a flagged pair (the
    secretariat records it): which takes the seat and why."""
    if not is_secretariat(by):
        raise PermissionDenied(_("The secretariat records the selection committee's decisions."))
    explanation = (explanation or "").strip()
    errors = {}
    if reason not in PairDecision.Reason.values:
        errors["reason"] = _("Choose what the decision rests on.")
    if not explanation:
        errors["explanation"] = _("Write the reason as it will be published.")
    if chosen.pk not in (above.pk, below.pk):
        errors["chosen"] = _("Choose one of the two candidacies.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round = lock(round)
        if round.published_at:
            raise ValidationError(_("The results are published: the decisions can no longer change."))
        flagged = {(a.candidacy.pk, b.candidacy.pk) for a, b in ranking(round).pairs}
        if (above.pk, below.pk) not in flagged:
            raise ValidationError(
                _(
                    "These two candidacies are not within %(points)d points of each other "
                    "across the selection line."
                )
                % {"points": CLOSE_POINTS}
            )
        decision, _created = PairDecision.objects.update_or_create(
            round=round,
            above=above,
            below=below,
            defaults={
                "chosen": chosen,
                "reason": reason,
                "explanation": explanation,
                "decided_by": by,
                "decided_at": timezone.now(),
            },
        )
        return decision


def publication_refusal(round: SelectionRound, result: Ranking | None = None) -> str | None:
    """Why the results may not be published yet; None when they may."""
    if round.published_at:
        return _("The results are already published.")
    if round.call_state() != "closed":
        return _("The results are published once the call for candidacies has closed.")
    if Candidacy.objects.filter(round=round, submitted_at__isnull=False, completeness=C.UNCHECKED).exists():
        return _("Every submitted file must be checked first.")
    if not all_scored(round):
        return _("Every scoring member must score every complete file first.")
    result = result or ranking(round)
    if result.undecided:
        return _(
            "Every pair of candidacies less than %(points)d points apart across the line "
            "must be decided first."
        ) % {"points": CLOSE_POINTS}
    return None


def publish(round: SelectionRound, *, by) -> SelectionEvent:
    """Publishes the results: the selected become the civil-society members
    of the committee's term (each seat meets the rules of a seat), every
    candidate with a submitted file is told, the round is public."""
    if not is_secretariat(by):
        raise PermissionDenied(_("The secretariat publishes the results."))
    with transaction.atomic():
        round = lock(round)
        result = ranking(round)
        refusal = publication_refusal(round, result)
        if refusal:
            raise ValidationError(refusal)
        today = timezone.localdate()
        committee: Committee = round.committee
        now = timezone.now()
        for row in result.rows:
            candidacy = row.candidacy
            outcome = OUTCOME.SELECTED if row.selected else OUTCOME.NOT_SELECTED
            CandidacyEvent.objects.create(
                candidacy=candidacy, actor=by, from_status=candidacy.outcome, to_status=outcome
            )
            candidacy.outcome = outcome
            candidacy.save(update_fields=["outcome"])
            if row.selected:
                seat = seat_of(candidacy)
                seat.designated_on = today
                seat.starts_on = max(today, committee.term_start)
                seat.full_clean(exclude=["designation_letter"])
                seat.save()
        event = SelectionEvent.objects.create(
            round=round,
            actor=by,
            from_status=round.stage(),
            to_status=SelectionEvent.Move.PUBLISHED,
            created_at=now,
        )
        round.published_at = now
        round.save(update_fields=["published_at"])
        for candidacy in Candidacy.objects.filter(
            round=round, submitted_at__isnull=False, applicant__isnull=False
        ).select_related("applicant"):
            notify(user=candidacy.applicant, kind="selection_result", context={"candidacy_id": candidacy.pk})
    return event


# --- The call announced.


def call_recipients():
    """Whom the call is announced to: the active representatives of every
    association (the outbox leaves out those who opted out of the kind)."""
    users = (
        Association.objects.filter(representatives__is_active=True)
        .values_list("representatives", flat=True)
        .distinct()
    )
    return User.objects.filter(pk__in=users).order_by("pk")


def announce_refusal(round: SelectionRound, today=None) -> str | None:
    """Why the call may not be announced on `today`; None when it may."""
    if round.announced_at:
        return _("The call has already been announced.")
    if round.call_state(today) == "closed":
        return _("The call for candidacies has closed: it is no longer announced.")
    return None


def announce(round: SelectionRound, *, by) -> SelectionEvent:
    """Announces the call to the representatives of every association (those
    who did not opt out of the kind), once."""
    if not is_secretariat(by):
        raise PermissionDenied(_("The secretariat announces the call."))
    with transaction.atomic():
        round = lock(round)
        refusal = announce_refusal(round)
        if refusal:
            raise TransitionError(refusal)
        now = timezone.now()
        event = SelectionEvent.objects.create(
            round=round,
            actor=by,
            from_status=round.stage(),
            to_status=SelectionEvent.Move.ANNOUNCED,
            created_at=now,
        )
        round.announced_at = now
        round.save(update_fields=["announced_at"])
        for user in call_recipients():
            notify(user=user, kind="selection_call", context={"round_id": round.pk})
    return event


def counts(round: SelectionRound) -> dict[str, int]:
    """The round's figures for its pages: one query."""
    return Candidacy.objects.filter(round=round).aggregate(
        drafts=Count("pk", filter=Q(submitted_at__isnull=True)),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        complete=Count("pk", filter=Q(completeness=C.COMPLETE)),
        incomplete=Count("pk", filter=Q(completeness=C.INCOMPLETE)),
        selected=Count("pk", filter=Q(outcome=OUTCOME.SELECTED)),
    )
