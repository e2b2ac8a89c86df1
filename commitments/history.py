"""The public history of a published card since it left the draft: when, who
(by their role, never their name: the secretariat, a focal point of an
institution, a representative of an association) and what, each field
before → after. Each kind of fact is read from the one place that records
it:

- the card's moves along its life cycle (proposed, adopted…): its recorded
  moves (CommitmentEvent, core.transitions), which also say when it was
  published and which version was put to consultation;
- what was written on the card, its links to institutions and associations,
  its milestones (their progress, which a validated update sets), indicators
  and public evidence: their django-simple-history records, the card's
  status column left out (its moves say it);
- what the apps above record of it (slots.HISTORY): the ideas it
  integrated, their screening moves (IdeaEvent).

Built in a fixed number of queries whatever the length of the history."""

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby, pairwise

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.permissions import SECRETARIAT_GROUP
from plans.models import Association, Institution

from . import slots
from .models import Commitment, CommitmentEvent, Evidence, Indicator, Milestone, public_when_validated

C = Commitment.Status
LEFT_OUT = {"id", "plan"}
LINKS = {
    # the card's many-to-many field: (its history rows, the linked model's key, the model)
    "involved_institutions": (
        "historicalcommitment_involved_institutions_set",
        "institution_id",
        Institution,
    ),
    "partner_associations": ("historicalcommitment_partner_associations_set", "association_id", Association),
    "co_drafting_associations": (
        "historicalcommitment_co_drafting_associations_set",
        "association_id",
        Association,
    ),
}


# What a history record of an account since deleted says in place of its
# user (commitments.privacy): a move's actor is always a person, a record's
# missing user the portal itself (the demo, a command) unless marked so.
ERASED = "account deleted"


@dataclass(frozen=True)
class Who:
    """Who made a change, by role: a label, and the name of the institution
    or association it acts for, never composed into a sentence (the page
    sets them side by side: «point focal — Ministère de l'Économie»)."""

    label: str
    name: str = ""

    def __str__(self) -> str:
        return f"{self.label} — {self.name}" if self.name else self.label


@dataclass
class Entry:
    when: datetime
    who: Who | str
    subject: str
    kind: str  # "published", "changed", "added", "deleted"
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def translated(record, name: str) -> str:
    """A translated text of a history record, in the page's language if it
    has one (records keep a column per language: title_ar, title_fr…)."""
    language = (get_language() or "ar").split("-")[0]
    codes = [language, *(code for code, _label in settings.LANGUAGES if code != language)]
    return next((value for code in codes if (value := getattr(record, f"{name}_{code}", None))), "")


def _fields(model) -> list:
    history_names = {f.name for f in model.history.model._meta.fields}
    return [f for f in model._meta.concrete_fields if f.name in history_names and f.name not in LEFT_OUT]


class _Names:
    """Names of what the records point to, read once for the whole history."""

    def __init__(self, plan, records, row_records, link_ids, actor_ids=()):
        institution_ids = {r.lead_institution_id for r in records}
        institution_ids |= {getattr(r, "responsible_institution_id", None) for r in row_records}
        institution_ids |= link_ids.get(Institution, set())
        user_ids = {r.history_user_id for r in [*records, *row_records] if r.history_user_id}
        user_ids |= set(actor_ids) - {None}
        secretariat = Q(is_superuser=True) | Q(groups__name=SECRETARIAT_GROUP)
        self.secretariat = set(
            get_user_model().objects.filter(secretariat, pk__in=user_ids).values_list("pk", flat=True)
        )
        self.focal = dict(
            Institution.focal_points.through.objects.filter(user_id__in=user_ids).values_list(
                "user_id", "institution_id"
            )
        )
        self.representing = dict(
            Association.representatives.through.objects.filter(user_id__in=user_ids).values_list(
                "user_id", "association_id"
            )
        )
        institution_ids |= set(self.focal.values())
        association_ids = link_ids.get(Association, set()) | set(self.representing.values())
        self.institutions = {
            i.pk: i.name for i in Institution.objects.filter(pk__in=institution_ids - {None})
        }
        self.associations = {a.pk: a.name for a in Association.objects.filter(pk__in=association_ids)}
        self.themes = {t.pk: f"{t.number}. {t.name}" for t in plan.themes.all()}

    def who(self, user_id, *, erased: bool = False) -> Who:
        """Who made a record (`erased`: of an account deleted since)."""
        if user_id is None:
            return Who(_("deleted user")) if erased else Who(_("the portal"))
        if user_id in self.secretariat:
            return Who(_("the secretariat"))
        if user_id in self.focal:
            return Who(_("focal point"), self.institutions.get(self.focal[user_id], "?"))
        if user_id in self.representing:
            return Who(
                _("association representative"), self.associations.get(self.representing[user_id], "?")
            )
        return Who(_("the secretariat's staff"))

    def moved(self, actor_id) -> Who:
        """Who made a recorded move: always someone, so none is an account deleted since."""
        return self.who(actor_id, erased=True)

    def value(self, model_field, value) -> str:
        if value is None or value == "":
            return "—"
        if model_field.name in ("lead_institution", "responsible_institution"):
            return self.institutions.get(value, "?")
        if model_field.name == "theme":
            return self.themes.get(value, "?")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, date):
            return formats.date_format(value, "DATE_FORMAT")
        return str(value)


def _diff(fields, before, after, names: _Names) -> list[tuple[str, str, str]]:
    changes = []
    for model_field in fields:
        old, new = getattr(before, model_field.attname), getattr(after, model_field.attname)
        if old != new:
            changes.append(
                (str(model_field.verbose_name), names.value(model_field, old), names.value(model_field, new))
            )
    return changes


@dataclass
class History:
    entries: list[Entry]  # newest first
    # What changed between the version put to public consultation (the
    # card's last record while it was proposed) and today's: None when the
    # card has not left the consultation.
    consulted_on: datetime | None = None
    since_consulted: list[Entry] = field(default_factory=list)


# The consulted version is compared for its content: reporting progress is
# not a change to what was consulted on (nor are moves: they are not read here).
PROGRESS_FIELDS = {"status", "completion"}


# The card's records with their links to institutions and associations.
def _card_records(cards):
    return (
        Commitment.history.filter(id__in=cards)
        .order_by("id", "history_date", "history_id")
        .prefetch_related(*(rows for rows, _key, _model in LINKS.values()))
    )


def _milestone_records(cards):
    return Milestone.history.filter(commitment_id__in=cards).order_by("id", "history_date", "history_id")


@dataclass(frozen=True)
class _Published:
    since: datetime
    by: int | None
    move: object  # the move that published it, or None (public from its creation)
    drafts: list


def _published(commitment: Commitment, moves, records) -> _Published | None:
    """When the card was published, by whom, and the times it spent back in
    draft since; None for a draft never published."""
    # Published by its first move out of the draft; a card public from its
    # creation (the demo's national cards), from its first record on, even
    # if it went back to draft later.
    drafted = records[0].status == C.DRAFT
    published = next((move for move in moves if drafted and move.from_status == C.DRAFT), None)
    if published is not None:
        since, by = published.created_at, published.actor_id
    elif commitment.status != C.DRAFT:
        since, by = records[0].history_date, records[0].history_user_id
    else:
        return None
    return _Published(since, by, published, _draft_spans(moves, since))


def _linked(records, link_ids: dict) -> None:
    """Each record's links (`record.links`: the ids per many-to-many field),
    and their ids gathered by model in `link_ids`, for their names."""
    for record in records:
        record.links = {}
        for name, (rows, key, model) in LINKS.items():
            ids = frozenset(getattr(row, key) for row in getattr(record, rows).all())
            record.links[name] = ids
            link_ids.setdefault(model, set()).update(ids)


def public_history(commitment: Commitment, plan) -> History:
    moves = list(commitment.events.order_by("created_at", "pk"))
    records = list(_card_records([commitment.pk]))
    if not records:
        return History([])
    published = _published(commitment, moves, records)
    if published is None:
        return History([])
    since, published_by, drafts = published.since, published.by, published.drafts
    # Back in draft, the card is off the public pages: what was written on
    # it then shows as it stood when it was proposed again, never step by step.
    records = _public_records(records, drafts)
    milestone_records = list(_milestone_records([commitment.pk]))
    indicator_records = list(
        Indicator.history.filter(commitment_id=commitment.pk).order_by("id", "history_date", "history_id")
    )
    # Evidence is public once its update is validated (or when staff entered it).
    evidence_records = list(
        Evidence.history.filter(milestone_id__in={r.id for r in milestone_records})
        .filter(public_when_validated())
        .order_by("id", "history_date", "history_id")
    )
    milestone_records = _public_records(milestone_records, drafts)
    indicator_records = _public_records(indicator_records, drafts)
    evidence_records = _public_records(evidence_records, drafts)
    # What the apps above record of it (each idea's move into it): (when,
    # who, subject, kind).
    recorded = slots.HISTORY.read(commitment)
    link_ids: dict = {}
    _linked(records, link_ids)
    names = _Names(
        plan,
        records,
        [*milestone_records, *indicator_records, *evidence_records],
        link_ids,
        actor_ids=[actor for _when, actor, *_rest in recorded] + [move.actor_id for move in moves],
    )

    published_who = names.who(published_by) if published.move is None else names.moved(published_by)
    entries = [Entry(since, published_who, _("The card"), "published")]
    status = Commitment._meta.get_field("status")
    for move in moves:
        if move.created_at > since:
            change = (
                str(status.verbose_name),
                names.value(status, move.from_status),
                names.value(status, move.to_status),
            )
            entries.append(
                Entry(move.created_at, names.moved(move.actor_id), _("The card"), "changed", [change])
            )
    card_fields = _card_fields()
    for previous, record in pairwise(records):
        if record.history_date >= since:
            changes = _diff(card_fields, previous, record, names) + _link_changes(previous, record, names)
            if changes:
                who = names.who(record.history_user_id, erased=record.history_change_reason == ERASED)
                entries.append(Entry(record.history_date, who, _("The card"), "changed", changes))

    milestone_fields = _milestone_fields()
    entries += _row_entries(
        milestone_records,
        milestone_fields,
        lambda r: _("Milestone: %(description)s") % {"description": translated(r, "description")[:120]},
        names,
        since,
    )
    entries += _row_entries(
        indicator_records,
        [f for f in _fields(Indicator) if f.name not in ("commitment", "position")],
        lambda r: _("Indicator: %(name)s") % {"name": translated(r, "name")[:120]},
        names,
        since,
    )
    entries += _row_entries(
        evidence_records,
        [f for f in _fields(Evidence) if f.name not in ("milestone", "update", "added_on")],
        lambda r: _("Evidence: %(title)s") % {"title": r.title[:120]},
        names,
        since,
    )
    for when, actor, subject, kind in recorded:
        if when >= since:
            entries.append(Entry(when, names.moved(actor), subject, kind))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    history = History(entries)
    history.consulted_on, history.since_consulted = _consulted_version(
        commitment, moves, records, milestone_records, names
    )
    return history


def _card_fields() -> list:
    # The card's status is its moves': not read from its records.
    return [f for f in _fields(Commitment) if f.name != "status"]


def _milestone_fields() -> list:
    return [f for f in _fields(Milestone) if f.name not in ("commitment", "position")]


def _consulted_version(commitment, moves, records, milestone_records, names) -> tuple[datetime | None, list]:
    consulted = _consulted(commitment, moves, records)
    if consulted is None:
        return None, []
    since = _since(consulted, records[-1], milestone_records, _card_fields(), _milestone_fields(), names)
    return consulted.history_date, since


def consulted_versions(commitments, plan) -> dict[int, History]:
    """For each card of `commitments` (of `plan`) that left its consultation,
    what changed since the consulted version, as `public_history` says it
    (`consulted_on`, `since_consulted`; no entries): for a page that lists
    many cards (a consultation's report), in a fixed number of queries
    whatever their number."""
    ids = [card.pk for card in commitments]
    moves: dict[int, list] = {}
    for move in CommitmentEvent.objects.filter(commitment__in=ids).order_by("commitment", "created_at", "pk"):
        moves.setdefault(move.commitment_id, []).append(move)
    records: dict[int, list] = {}
    for record in _card_records(ids):
        records.setdefault(record.id, []).append(record)
    milestones: dict[int, list] = {}
    for record in _milestone_records(ids):
        milestones.setdefault(record.commitment_id, []).append(record)
    read, link_ids = {}, {}
    for card in commitments:
        published = _published(card, moves.get(card.pk, []), records[card.pk]) if card.pk in records else None
        if published is None:
            continue
        card_records = _public_records(records[card.pk], published.drafts)
        _linked(card_records, link_ids)
        read[card.pk] = (card, card_records, _public_records(milestones.get(card.pk, []), published.drafts))
    everything = [record for _card, card_records, _rows in read.values() for record in card_records]
    rows = [record for _card, _records, card_rows in read.values() for record in card_rows]
    names = _Names(plan, everything, rows, link_ids)
    versions = {}
    for pk, (card, card_records, card_rows) in read.items():
        when, since = _consulted_version(card, moves.get(pk, []), card_records, card_rows, names)
        if when is not None:
            versions[pk] = History([], consulted_on=when, since_consulted=since)
    return versions


@dataclass(frozen=True)
class _Draft:
    """A time the card spent back in draft after its publication: from its
    move back to draft until the move that proposed it again (`until`, and
    who made it, `by`), or None while it is still a draft."""

    since: datetime
    until: datetime | None
    by: int | None

    def holds(self, when: datetime) -> bool:
        return self.since <= when and (self.until is None or when < self.until)


def _draft_spans(moves, published: datetime) -> list[_Draft]:
    spans, back = [], None
    for move in moves:
        if move.created_at <= published:
            continue
        if move.to_status == C.DRAFT:
            back = move.created_at
        elif move.from_status == C.DRAFT and back is not None:
            spans.append(_Draft(back, move.created_at, move.actor_id))
            back = None
    if back is not None:
        spans.append(_Draft(back, None, None))
    return spans


def _public_records(records: list, drafts: list[_Draft]) -> list:
    """The records (in order of row, then time) the public may read: those
    written while the card was back in draft are left out, but for each
    row's last one in each such time, which is the row as it was proposed
    again: dated then, made by whoever proposed it. A row added and deleted
    while in draft never was public."""
    if not drafts:
        return records
    kept = []
    for _row, rows in groupby(records, key=lambda record: record.id):
        public, held = None, None  # the row's last public record; its last draft one
        for record in [*rows, None]:
            span = next((s for s in drafts if s.holds(record.history_date)), None) if record else None
            if held is not None and (record is None or span is not held[1]):
                draft, span_of = held
                held = None
                was_public = public is not None and public.history_type != "-"
                if span_of.until is not None and (draft.history_type != "-" or was_public):
                    draft.history_date, draft.history_user_id = span_of.until, span_of.by
                    if span_of.by is None:  # a move's actor is someone: deleted since
                        draft.history_change_reason = ERASED
                    kept.append(draft)
                    public = draft
            if record is None:
                break
            if span is not None:
                held = (record, span)
            else:
                kept.append(record)
                public = record
    return kept


def _row_entries(rows, fields, subject_of, names: _Names, since) -> list[Entry]:
    """Entries for the records of rows under the card (milestones…), in
    order of row then time: added, each change, deleted."""
    entries = []
    previous = None
    for record in rows:
        if previous is not None and previous.id != record.id:
            previous = None
        if record.history_date >= since:
            who = names.who(record.history_user_id, erased=record.history_change_reason == ERASED)
            # A deleted row is named as it last stood.
            subject = subject_of(previous if record.history_type == "-" and previous else record)
            if record.history_type == "-":
                entries.append(Entry(record.history_date, who, subject, "deleted"))
            elif previous is None:
                entries.append(Entry(record.history_date, who, subject, "added"))
            else:
                changes = _diff(fields, previous, record, names)
                if changes:
                    entries.append(Entry(record.history_date, who, subject, "changed", changes))
        previous = record
    return entries


def _consulted(commitment: Commitment, moves, records) -> object | None:
    """The card as put to consultation: its last record before the move that
    ended its last consultation (None while it is proposed, or never was)."""
    if commitment.status == C.PROPOSED:
        return None
    ended = next((move for move in reversed(moves) if move.from_status == C.PROPOSED), None)
    if ended is None:
        return None
    # The move is recorded before the card is saved: its own record comes after.
    return next((r for r in reversed(records) if r.history_date <= ended.created_at), records[0])


def _since(consulted, current, milestone_records, card_fields, milestone_fields, names) -> list[Entry]:
    """The card and its milestones as consulted on, against today's."""
    when = consulted.history_date
    entries = []
    content = [f for f in card_fields if f.name not in PROGRESS_FIELDS]
    changes = _diff(content, consulted, current, names) + _link_changes(consulted, current, names)
    if changes:
        entries.append(Entry(current.history_date, "", _("The card"), "changed", changes))
    then: dict[int, object] = {}
    now: dict[int, object] = {}
    for record in milestone_records:  # in order of milestone, then time
        if record.history_date <= when:
            then[record.id] = record
        now[record.id] = record
    content = [f for f in milestone_fields if f.name not in PROGRESS_FIELDS]
    for pk in sorted(then.keys() | now.keys()):
        before = then.get(pk)
        after = now[pk]
        before = None if before is not None and before.history_type == "-" else before
        gone = after.history_type == "-"
        record = after if before is None else before
        subject = _("Milestone: %(description)s") % {"description": translated(record, "description")[:120]}
        if before is None and not gone:
            entries.append(Entry(after.history_date, "", subject, "added"))
        elif before is not None and gone:
            entries.append(Entry(after.history_date, "", subject, "deleted"))
        elif before is not None:
            changes = _diff(content, before, after, names)
            if changes:
                entries.append(Entry(after.history_date, "", subject, "changed", changes))
    return entries


def _link_changes(before, after, names: _Names) -> list[tuple[str, str, str]]:
    changes = []
    for name, (_rows, _key, model) in LINKS.items():
        old, new = before.links[name], after.links[name]
        if old != new:
            lookup = names.institutions if model is Institution else names.associations
            label = str(Commitment._meta.get_field(name).verbose_name)
            changes.append(
                (
                    label,
                    ", ".join(sorted(lookup.get(pk, "?") for pk in old)) or "—",
                    ", ".join(sorted(lookup.get(pk, "?") for pk in new)) or "—",
                )
            )
    return changes
