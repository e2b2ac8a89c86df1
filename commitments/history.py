"""The public history of a published card: every recorded change
(django-simple-history) to the card, its links to institutions and
associations, its milestones, indicators and public evidence, and the ideas
it integrated (their screening moves), since the card left the draft: when, who
(by their role, never their name: the secretariat, a focal point of an
institution, a representative of an association), and each field before →
after. Built in a fixed number of queries whatever the length of the history."""

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.permissions import SECRETARIAT_GROUP
from plans.models import Association, Institution

from .models import Commitment, Evidence, Indicator, Milestone, public_when_validated

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


@dataclass
class Entry:
    when: datetime
    who: str
    subject: str
    kind: str  # "published", "changed", "added", "deleted"
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _text(record, name: str) -> str:
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
        User = get_user_model()  # noqa: N806
        superusers = User.objects.filter(pk__in=user_ids, is_superuser=True).values_list("pk", flat=True)
        in_group = User.groups.through.objects.filter(user_id__in=user_ids, group__name=SECRETARIAT_GROUP)
        self.secretariat = set(superusers) | set(in_group.values_list("user_id", flat=True))
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

    def who(self, user_id) -> str:
        if user_id is None:
            return _("the portal")
        if user_id in self.secretariat:
            return _("the secretariat")
        if user_id in self.focal:
            return _("a focal point of %(institution)s") % {
                "institution": self.institutions.get(self.focal[user_id], "?")
            }
        if user_id in self.representing:
            return _("a representative of %(association)s") % {
                "association": self.associations.get(self.representing[user_id], "?")
            }
        return _("the secretariat's staff")

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


# The consulted version is compared for its content: moving along the life
# cycle and reporting progress are not changes to what was consulted on.
PROGRESS_FIELDS = {"status", "completion"}


def public_history(commitment: Commitment, plan) -> History:
    records = list(
        commitment.history.order_by("history_date", "history_id").prefetch_related(
            *(rows for rows, _key, _model in LINKS.values())
        )
    )
    published = next((r for r in records if r.status != Commitment.Status.DRAFT), None)
    if published is None:
        return History([])
    milestone_records = list(
        Milestone.history.filter(commitment_id=commitment.pk).order_by("id", "history_date", "history_id")
    )
    indicator_records = list(
        Indicator.history.filter(commitment_id=commitment.pk).order_by("id", "history_date", "history_id")
    )
    # Evidence is public once its update is validated (or when staff entered it).
    evidence_records = list(
        Evidence.history.filter(milestone_id__in={r.id for r in milestone_records})
        .filter(public_when_validated())
        .order_by("id", "history_date", "history_id")
    )
    # The ideas it integrated: each idea's recorded screening move (ideas
    # are reached through the relation, the ideas app being above this one).
    integrations = list(
        commitment.ideas.visible()
        .filter(events__to_status="integrated")
        .values_list("pk", "title", "events__created_at", "events__actor_id")
        .order_by("events__created_at", "pk")
    )
    link_ids: dict = {}
    for record in records:
        record.links = {}
        for name, (rows, key, model) in LINKS.items():
            ids = frozenset(getattr(row, key) for row in getattr(record, rows).all())
            record.links[name] = ids
            link_ids.setdefault(model, set()).update(ids)
    names = _Names(
        plan,
        records,
        [*milestone_records, *indicator_records, *evidence_records],
        link_ids,
        actor_ids=[actor for *_rest, actor in integrations],
    )

    entries = []
    card_fields = _fields(Commitment)
    previous = None
    for record in records:
        if record.history_date >= published.history_date:
            who = names.who(record.history_user_id)
            if record is published:
                entries.append(Entry(record.history_date, who, _("The card"), "published"))
            elif previous is not None:
                changes = _diff(card_fields, previous, record, names)
                changes += _link_changes(previous, record, names)
                if changes:
                    entries.append(Entry(record.history_date, who, _("The card"), "changed", changes))
        previous = record

    since = published.history_date
    milestone_fields = [f for f in _fields(Milestone) if f.name not in ("commitment", "position")]
    entries += _row_entries(
        milestone_records,
        milestone_fields,
        lambda r: _("Milestone: %(description)s") % {"description": _text(r, "description")[:120]},
        names,
        since,
    )
    entries += _row_entries(
        indicator_records,
        [f for f in _fields(Indicator) if f.name not in ("commitment", "position")],
        lambda r: _("Indicator: %(name)s") % {"name": _text(r, "name")[:120]},
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
    for pk, title, when, actor in integrations:
        if when >= since:
            subject = _("Idea #%(number)s: %(title)s") % {"number": pk, "title": title[:120]}
            entries.append(Entry(when, names.who(actor), subject, "integrated"))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    history = History(entries)
    consulted = _consulted(records)
    if consulted is not None:
        history.consulted_on = consulted.history_date
        history.since_consulted = _since(
            consulted, records[-1], milestone_records, card_fields, milestone_fields, names
        )
    return history


def _row_entries(rows, fields, subject_of, names: _Names, since) -> list[Entry]:
    """Entries for the records of rows under the card (milestones…), in
    order of row then time: added, each change, deleted."""
    entries = []
    previous = None
    for record in rows:
        if previous is not None and previous.id != record.id:
            previous = None
        if record.history_date >= since:
            who = names.who(record.history_user_id)
            subject = subject_of(record)
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


def _consulted(records) -> object | None:
    """The card's last record while proposed, once a later record moved it on."""
    if not records or records[-1].status == Commitment.Status.PROPOSED:
        return None
    consulted = None
    for before, after in pairwise(records):
        if before.status == Commitment.Status.PROPOSED and after.status != Commitment.Status.PROPOSED:
            consulted = before
    return consulted


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
        subject = _("Milestone: %(description)s") % {"description": _text(record, "description")[:120]}
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
