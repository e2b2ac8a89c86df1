"""Generations: the one way a cached page or figure learns that what it shows
has changed.

A generation is a named token in the cache ("plans", "ideas:12"…). Whatever is
cached from some data is kept with the tokens of that data it was built from; a
write bumps the token (and again when its transaction commits), so the next
request misses and recomputes. Reading any number of generations is one cache
round trip; a public page reads each once (`public_page`).

After a change, one worker rebuilds an entry while the others serve the
previous one: a busy page is never rebuilt by every worker at once.

Apps declare which writes bump which generation with `follow()`: every save,
delete and many-to-many change of the given models (the admin, imports and the
portal's views all go through them). A write that bypasses model signals
(`QuerySet.update`, `bulk_create`) calls `bump()` itself.

What depends on the clock as well as on the data (a phase that opens at
midnight) is cached for FRAGMENT_CACHE_SECONDS at most.
"""

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import partial, wraps
from typing import NamedTuple
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

PREFIX = "generation:"
# Read by every page `public_page` keeps: bumped, every kept page is rebuilt.
PAGES = "pages"


class Entry(NamedTuple):
    """What the cache holds under a key: the generations' token(s) it was
    built for, until when it is fresh (time.time()), and the value."""

    token: object
    fresh_until: float
    value: object


@dataclass
class _Reading:
    """What the page being served has read so far: each generation's token
    as first read, the shortest lifetime of its cached parts, and whether it
    may be kept: not when a part was the previous value (another worker
    rebuilding), the data changed meanwhile, or a part was not the public's
    (`rendered(cache_if=False)`: a form with errors, a hostile query)."""

    tokens: dict[str, str] = dataclass_field(default_factory=dict)
    seconds: int | None = None
    keep: bool = True


_reading: ContextVar[_Reading | None] = ContextVar("generations_reading", default=None)


def current(*names: str) -> str:
    """The tokens of `names`, joined: a word for a cache key."""
    tokens = _tokens(names)
    return ".".join(tokens[name] for name in names)


def _tokens(names: Iterable[str]) -> dict[str, str]:
    """Each generation's token, in one cache round trip. Within a page served
    through `public_page`, each is read once: later reads in the same request
    reuse it (one snapshot per request)."""
    reading = _reading.get()
    known = reading.tokens if reading is not None else {}
    tokens = {name: known[name] for name in names if name in known}
    keys = {PREFIX + name: name for name in names if name not in tokens}
    if keys:
        stored = cache.get_many(list(keys))
        for key, name in keys.items():
            if key not in stored:
                # Never bumped, or evicted: a new token, so nothing older is trusted.
                cache.add(key, uuid4().hex, None)
                stored[key] = cache.get(key) or uuid4().hex
            tokens[name] = stored[key]
        if reading is not None:
            known.update({name: tokens[name] for name in keys.values()})
    return tokens


@contextlib.contextmanager
def one_reading():
    """Within it, each generation is read from the cache once and its token
    kept (as `public_page` does for a page): for a view that asks for the same
    generations several times, such as a file's rules (core.files)."""
    if _reading.get() is not None:
        yield
        return
    scope = _reading.set(_Reading())
    try:
        yield
    finally:
        _reading.reset(scope)


def bump(*names: str) -> None:
    """Every entry cached under these generations is out of date: now, for
    this connection's next read, and again once the current transaction
    commits, for whatever another request cached meanwhile from the data
    before the commit."""

    def renew() -> None:
        cache.set_many({PREFIX + name: uuid4().hex for name in names}, None)

    reading = _reading.get()
    if reading is not None:  # what this request read is out of date: read again, keep nothing
        reading.keep = False
        for name in names:
            reading.tokens.pop(name, None)
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


# Rebuilds: while one worker rebuilds an entry, the others serve the
# previous one (kept KEEP times its lifetime for that), or, when there is
# none, wait for it up to WAIT_SECONDS; a rebuild that takes longer than
# BUILD_SECONDS lets another worker try.
BUILD_SECONDS = 30
WAIT_SECONDS = 3.0
POLL_SECONDS = 0.05
KEEP = 2


def _fresh_or_rebuilt(
    key: str,
    is_fresh: Callable[[Entry], bool],
    build: Callable[[], tuple[object, Entry | None]],
    kept: dict[str, Entry] | None = None,
):
    """The value of the entry under `key` if `is_fresh(entry)`; otherwise one
    worker at a time runs `build()` (the value, and the entry to keep or
    None), and the others serve the previous entry meanwhile, or wait for the
    new one when there is none. With `kept`, entries are also kept in this
    worker's memory: a fresh one there costs no cache read and no unpickling."""
    entry = kept.get(key) if kept is not None else None
    if entry is not None and is_fresh(entry):
        return entry.value
    entry = cache.get(key)
    if entry is not None and is_fresh(entry):
        _keep(kept, key, entry)
        return entry.value
    lock = f"{key}:building"
    locked = cache.add(lock, 1, BUILD_SECONDS)
    if not locked:
        if entry is not None:
            reading = _reading.get()
            if reading is not None:
                reading.keep = False
            return entry.value
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and cache.get(lock) is not None:
            time.sleep(POLL_SECONDS)
        entry = cache.get(key)
        if entry is not None and is_fresh(entry):
            _keep(kept, key, entry)
            return entry.value
    try:
        value, entry = build()
        if entry is not None:
            cache.set(key, entry, max(1, round(KEEP * (entry.fresh_until - time.time()))))
            _keep(kept, key, entry)
    finally:
        if locked:
            cache.delete(lock)
    return value


# What this worker keeps in memory: the values of `cached(..., in_process=True)`
# (a few, small, read on most pages: the public plans), and the most recent
# public pages, at most PAGES_KEPT of them.
_kept: dict[str, Entry] = {}
_pages: dict[str, Entry] = {}
PAGES_KEPT = 200


def _settings_changed(**kwargs) -> None:
    # A page may show a setting (the menu's member, a retention period):
    # tests change them at run time; the kept pages are then rebuilt.
    _pages.clear()
    bump(PAGES)


setting_changed.connect(_settings_changed, dispatch_uid="generations:settings_changed")


def _keep(kept: dict[str, Entry] | None, key: str, entry: Entry) -> None:
    if kept is None:
        return
    kept.pop(key, None)
    kept[key] = entry
    if kept is _pages and len(kept) > PAGES_KEPT:
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):  # another thread got there first
            del kept[next(iter(kept))]  # the oldest


def cached(
    key: str,
    names: Iterable[str],
    build: Callable[[], object],
    seconds: int | None = None,
    *,
    in_process: bool = False,
):
    """`build()`, cached under `key` while the generations of `names` stand,
    `seconds` at most (FRAGMENT_CACHE_SECONDS by default). After a change,
    one worker rebuilds while the others serve the previous value.

    `in_process` also keeps the value in this worker's memory while the
    generations stand: for small values read on most pages (the public plans),
    which then cost one cache round trip and no unpickling."""
    seconds = settings.FRAGMENT_CACHE_SECONDS if seconds is None else seconds
    reading = _reading.get()
    if reading is not None:
        reading.seconds = min(seconds, reading.seconds or seconds)
    token = current(*names)

    def rebuild() -> tuple[object, Entry]:
        value = build()
        return value, Entry(token, time.time() + seconds, value)

    return _fresh_or_rebuilt(
        key,
        lambda entry: entry.token == token and entry.fresh_until > time.time(),
        rebuild,
        _kept if in_process else None,
    )


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
        if (reading := _reading.get()) is not None:
            reading.keep = False  # nor the page around it
        html = render_to_string(template, context(), request=request)
    return mark_safe(html)  # noqa: S308 - our own templates' output


def _same_for_everyone(request) -> bool:
    """A visitor who is not signed in and has no message waiting sees what
    every such visitor sees at this address."""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and user is not None
        and not user.is_authenticated
        and not len(messages.get_messages(request))
    )


def _keepable(request, response, reading: _Reading) -> bool:
    """A response that is the same for every visitor: a complete page, no
    cookie, no CSRF token (a form), no message, no session written, built
    from fresh parts."""
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not len(messages.get_messages(request))
        and not request.session.modified
        and reading.keep
    )


def public_page(view=None, *, query: Iterable[str] = ()):
    """A public view whose page, for a visitor who is not signed in, depends
    only on its address, its language and the generations it reads (and the
    date, within FRAGMENT_CACHE_SECONDS): the whole response is kept under
    the generations the view read while building it, and served again without
    running the view until one of them is bumped. Everything the page shows
    must come from those generations (`cached()`, `rendered()`, `current()`).

    `query` names the parameters of the query string the page reads (a
    list's filters, its page number): an address with any other is served
    but not kept (the page's links repeat the query string, and unknown
    words would fill the cache). Signed-in visitors, pages with a form (a
    CSRF token) or a message, and a part rendered uncached run the view as
    usual, reading each generation once per request."""
    known = frozenset(query)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            reading = _Reading()
            scope = _reading.set(reading)
            try:
                if not _same_for_everyone(request) or not known.issuperset(request.GET):
                    return view(request, *args, **kwargs)
                address = f"{get_language()}|{request.build_absolute_uri()}"
                key = "page:" + hashlib.sha256(address.encode()).hexdigest()

                def is_fresh(entry: Entry) -> bool:
                    return entry.fresh_until > time.time() and _tokens(list(entry.token)) == entry.token

                def build() -> tuple[HttpResponse, Entry | None]:
                    current(PAGES)  # every page, whatever else it reads
                    response = view(request, *args, **kwargs)
                    if not _keepable(request, response, reading):
                        return response, None
                    seconds = min(
                        reading.seconds or settings.FRAGMENT_CACHE_SECONDS, settings.FRAGMENT_CACHE_SECONDS
                    )
                    kept = (response.status_code, list(response.items()), response.content)
                    return response, Entry(dict(reading.tokens), time.time() + seconds, kept)

                served = _fresh_or_rebuilt(key, is_fresh, build, _pages)
                if isinstance(served, HttpResponseBase):
                    return served
                status, headers, content = served
                return HttpResponse(content, status=status, headers=dict(headers))
            finally:
                _reading.reset(scope)

        # Read by the tests that walk the URL configuration (tests/resilience/urlwalk.py).
        wrapper.public_query = known
        return wrapper

    return decorate(view) if view is not None else decorate


def day(today=None) -> str:
    """The generation of a day (Casablanca): what is computed from the date
    as well as from the data (a deadline passed, the OGP checklist) reads
    it with the others, so that its entry is built again the next day,
    however long the data stands. Never bumped: each day's token is made
    when it is first read, and stands for that day."""
    return f"day:{(today or timezone.localdate()).isoformat()}"


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
