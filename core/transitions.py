"""Recorded state transitions, one helper for every state machine (screening
of ideas, moderation, and the cycles of later capabilities): lock the row,
check the move against the model's table of allowed moves, save with
`update_fields`, record an event row (who, when, from, to, and what the move
carries), and let the caller write its notification, in one transaction.
The outbox sends the email once the transaction commits.

A state is a stored field (an idea's status), or derived from dates and
never stored (a workshop is cancelled when it has a cancellation date):
then `rows` gives the queryset that annotates it, the state's one
definition, and a move saves only the fields its `changes` set."""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _


class TransitionError(Exception):
    """A move the state machine refuses; the message is for the user."""


@dataclass(frozen=True)
class Machine:
    model: type[models.Model]
    field: str
    allowed: Mapping[str, Collection[str]]
    event_model: type[models.Model]
    # How an event names its row: a foreign key ("idea") or a generic one ("content_object").
    event_link: str
    # For a derived state: the rows annotated with it (called at each move,
    # so what depends on the time is computed then).
    rows: Callable[[], models.QuerySet] | None = None
    # Refusals said better than the general sentence: {(from, to): message}.
    refusals: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def can_move(self, obj, to: str) -> bool:
        return to in self.allowed.get(getattr(obj, self.field), ())

    def label(self, value: str) -> str:
        return str(dict(self.event_model._meta.get_field("to_status").flatchoices).get(value, value))

    @property
    def stored(self) -> bool:
        return any(f.name == self.field for f in self.model._meta.concrete_fields)

    def move(
        self,
        obj,
        to: str,
        *,
        by,
        changes: Mapping | None = None,
        notify: Callable | None = None,
        **event_fields,
    ):
        """Moves `obj` to `to` and returns the event; `changes` are other
        fields saved with the move (for a derived state, the fields that make
        it); `notify(locked_obj, event)` runs in the same transaction (the
        outbox row is part of the move)."""
        rows = self.rows() if self.rows is not None else self.model._default_manager.all()
        with transaction.atomic():
            locked = rows.select_for_update().get(pk=obj.pk)
            current = getattr(locked, self.field)
            if to not in self.allowed.get(current, ()):
                raise TransitionError(
                    self.refusals.get((current, to))
                    or _("This is “%(current)s”: it cannot become “%(target)s”.")
                    % {"current": self.label(current), "target": self.label(to)}
                )
            event = self.event_model._default_manager.create(
                **{self.event_link: locked}, actor=by, from_status=current, to_status=to, **event_fields
            )
            fields = {**({self.field: to} if self.stored else {}), **(changes or {})}
            for name, value in [*fields.items(), (self.field, to)]:
                setattr(locked, name, value)
                setattr(obj, name, value)  # the caller's instance shows the new state too
            if fields:
                locked.save(update_fields=list(fields))
            if notify is not None:
                notify(locked, event)
        return event
