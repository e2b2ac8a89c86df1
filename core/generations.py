"""Generations: the one way a cached page or figure learns that what it shows
has changed.

A generation is a named token in the cache ("plans", "ideas:12"…). Whatever is
cached from some data puts the current tokens of that data in its key; a write
bumps the token (and again when its transaction commits), so the next
request misses and recomputes, and the stale entry expires on its own. Reading any number of
generations is one cache round trip.

Apps declare which writes bump which generation with `follow()`: every save,
delete and many-to-many change of the given models (the admin, imports and the
portal's views all go through them). A write that bypasses model signals
(`QuerySet.update`, `bulk_create`) calls `bump()` itself.

What depends on the clock as well as on the data (a phase that opens at
midnight) is cached for FRAGMENT_CACHE_SECONDS at most.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import partial
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

PREFIX = "generation:"


def current(*names: str) -> str:
    """The tokens of `names`, joined: a word for a cache key."""
    keys = [PREFIX + name for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # Never bumped, or evicted: a new token, so nothing older is trusted.
            cache.add(key, uuid4().hex, None)
            found[key] = cache.get(key) or uuid4().hex
    return ".".join(found[key] for key in keys)


def bump(*names: str) -> None:
    """Every entry cached under these generations is out of date: now, for
    this connection's next read, and again once the current transaction
    commits, for whatever another request cached meanwhile from the data
    before the commit."""

    def renew() -> None:
        cache.set_many({PREFIX + name: uuid4().hex for name in names}, None)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew)


def follow(models: Iterable, names_of: Callable[[object], Iterable[str]], fields: Iterable[str] = ()) -> None:
    """Bump `names_of(instance)` on every save, delete and many-to-many change
    of these models; with `fields`, not on a save that names its
    `update_fields` and none of these (a user's last login)."""
    fields = frozenset(fields)

    def touched(instances) -> None:
        names = {name for instance in instances for name in names_of(instance)}
        if names:
            bump(*sorted(names))

    for model in models:

        def saved_or_deleted(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
            if raw:  # loaddata: nothing cached to keep right
                return
            if fields and update_fields and not fields & set(update_fields):
                return
            touched([instance])

        def related(sender, instance, action, reverse, pk_set, _of=model, _field=None, **kwargs) -> None:
            if not reverse:
                if action.startswith("post_"):
                    touched([instance])
            elif action in ("post_add", "post_remove"):  # from the other side: ours are in pk_set
                touched(_of._default_manager.filter(pk__in=pk_set))
            elif action == "pre_clear":  # from the other side: ours are still linked
                touched(_of._default_manager.filter(**{_field: instance}))

        uid = f"generations:{model._meta.label}"
        post_save.connect(saved_or_deleted, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(saved_or_deleted, sender=model, dispatch_uid=uid, weak=False)
        for field in model._meta.local_many_to_many:
            handler = partial(related, _of=model, _field=field.name)
            m2m_changed.connect(handler, sender=field.remote_field.through, dispatch_uid=uid, weak=False)


# key -> (token, expires at, value): what `cached(..., in_process=True)` keeps
# in this worker's memory.
_kept: dict[str, tuple[str, float, object]] = {}


def cached(
    key: str,
    names: Iterable[str],
    build: Callable[[], object],
    seconds: int | None = None,
    *,
    in_process: bool = False,
):
    """`build()`, cached under `key` and the current generations of `names`,
    `seconds` at most (FRAGMENT_CACHE_SECONDS by default).

    `in_process` also keeps the value in this worker's memory while the
    generations stand: for small values read on most pages (the public plans),
    which then cost one cache round trip and no unpickling."""
    seconds = settings.FRAGMENT_CACHE_SECONDS if seconds is None else seconds
    token = current(*names)
    if len(token) > 100:  # many generations (every plan's ideas): a key of bounded length
        token = hashlib.sha256(token.encode()).hexdigest()
    if in_process:
        kept = _kept.get(key)
        if kept and kept[0] == token and kept[1] > time.monotonic():
            return kept[2]
    value = cache.get(f"{key}:{token}")
    if value is None:
        value = build()
        cache.set(f"{key}:{token}", value, seconds)
    if in_process:
        _kept[key] = (token, time.monotonic() + seconds, value)
    return value


def rendered(
    request,
    key: str,
    names: Iterable[str],
    template: str,
    context: Callable[[], dict],
    *,
    cache_if: bool = True,
) -> SafeString:
    """A template's output, cached like `cached()` per language: for a part of
    a public page that depends on no one's session (no CSRF token, no user).
    `context()` runs on a miss only; `cache_if=False` renders without the cache
    (what this visitor sees differs from the public's)."""
    if cache_if:
        build = lambda: render_to_string(template, context(), request=request)  # noqa: E731
        html = cached(f"{key}:{get_language()}", names, build)
    else:
        html = render_to_string(template, context(), request=request)
    return mark_safe(html)  # noqa: S308 - our own templates' output


def page_word(request, name: str = "page") -> str:
    """The page number asked for, as a word of a cache key and what the view
    gives the paginator's get_page(): anything but a plain number (which
    get_page() would answer with the last page) is "1"."""
    raw = request.GET.get(name, "1")
    return raw if raw.isdigit() and len(raw) < 7 else "1"


# Named generations. Each app that owns rows of a plan declares its family
# once (`WORKSHOPS = PerPlan("workshops")`, in its generations.py); every
# declaration, page and bump names the generation through it.


def plan_of(row, path: str = "") -> int | None:
    """The plan of `row`, reached through `path` ("milestone__commitment";
    "" for a row that has a plan itself): through the relations already
    loaded on the row for free, else in one query for the rest of the way."""
    parts = path.split("__") if path else []
    for index, name in enumerate(parts):
        field = row._meta.get_field(name)
        if not field.is_cached(row):
            rest = "__".join([*parts[index + 1 :], "plan_id"])
            return (
                field.related_model._base_manager.filter(pk=getattr(row, field.attname))
                .values_list(rest, flat=True)
                .first()
            )
        row = getattr(row, name)
    return row.plan_id


class PerPlan:
    """One app's generations, one per plan ("workshops:12"): what that app's
    cached lists and pages of a plan are built from."""

    def __init__(self, app: str):
        self.app = app
        # Families whose rows this family's pages show too (shows()).
        self.shown: list[PerPlan] = []

    def __repr__(self) -> str:
        return f"PerPlan({self.app!r})"

    def name(self, plan_id: int) -> str:
        return f"{self.app}:{plan_id}"

    def of(self, row, path: str = "") -> list[str]:
        """The generation of `row`, whose plan is reached through `path` (plan_of)."""
        plan_id = plan_of(row, path)
        return [] if plan_id is None else [self.name(plan_id)]

    def follow(self, model, path: str = "", *, when: Callable[[object], bool] | None = None) -> None:
        """Every write of `model` bumps the generation of its row's plan
        (follow()); with `when`, only a write of a row for which it is true
        (what changes public output)."""
        follow([model], lambda row: self.of(row, path) if when is None or when(row) else [])

    def bump(self, plan_ids: Iterable[int]) -> None:
        """For a write that bypasses the signals (`QuerySet.update`): these
        plans' generations."""
        names = sorted({self.name(plan_id) for plan_id in plan_ids if plan_id is not None})
        if names:
            bump(*names)

    def shows(self, other: "PerPlan") -> None:
        """This family's pages show rows of `other` too (a workshop's page
        counts its ideas): declared by the app that owns `other`, which may
        sit above this one and so cannot be imported by it."""
        if other not in self.shown:
            self.shown.append(other)

    def page(self, plan_id: int) -> list[str]:
        """The generations of this family's pages of the plan: its own, then
        those of the families it shows."""
        return [self.name(plan_id), *(other.name(plan_id) for other in self.shown)]
