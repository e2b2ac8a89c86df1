"""Rate limits that say when the visitor may try again.

Two kinds, both read their rate from settings at each request ("5/h": five
an hour), so tests and deployments can change them:

- `flood()`: counts requests in the cache (django-ratelimit's fixed windows,
  Redis in production), against bursts of raw POSTs.
- `rows_since()`: counts what a person actually created, in the database, so
  a form sent back for correction costs nothing. The caller holds a lock on
  the person's row while it counts and saves, so parallel requests cannot
  both pass the last free place.

Either answers None (go on) or the number of seconds to wait, which
`retry_message()` turns into a sentence in the page's language.

- `once_per()`: at most one of something per value (an email address) in a
  period, whoever asks; a fixed window would let two through across its edge.

- `public_post()`: a raw post of the public's against floods, per person
  and per client address.

- `publish()`: the two together for a form the public posts (an idea, a
  comment on an idea or in a consultation): raw posts against floods, then
  the person's rows against their rate, under a lock on their row (`lock()`)."""

import hashlib
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import ngettext
from django_ratelimit.core import _split_rate, get_usage


def rate_of(setting: str) -> tuple[int, int]:
    """(count, seconds) of the rate named by a setting."""
    return _split_rate(getattr(settings, setting))


def flood(request, group: str, setting: str, key: str = "user") -> int | None:
    """Counts this request against the rate; seconds to wait when over it."""
    usage = get_usage(request, group=group, key=key, rate=getattr(settings, setting), increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def public_post(request, group: str, setting: str) -> int | None:
    """A raw post of the public's (an idea, a comment, a support), counted
    against floods twice: per person (`setting`), and per client address,
    all of the public's posts together (PUBLIC_RATE_POSTS_PER_ADDRESS): a
    script with many accounts behind one address is held too. Both are
    counted each time; the longer wait is the answer."""
    waits = [
        flood(request, group, setting),
        flood(request, "public.address", "PUBLIC_RATE_POSTS_PER_ADDRESS", key="ip"),
    ]
    return max((wait for wait in waits if wait), default=None)


def once_per(group: str, value: str, seconds: int) -> bool:
    """True the first time for `value` in `seconds`, then False until they
    have passed: a cache key added only where none is (Redis's SET NX), so
    parallel requests cannot both pass. Without the cache it lets go, as the
    other limits do (core.cache fails open)."""
    digest = hashlib.sha256(value.encode()).hexdigest()
    return cache.add(f"once:{group}:{digest}", 1, timeout=seconds)


def rows_since(rows: QuerySet, setting: str, field: str = "created_at") -> int | None:
    """Given a person's rows, the seconds until one more is allowed by the
    rate, or None if it is allowed now."""
    count, seconds = rate_of(setting)
    now = timezone.now()
    since = now - timedelta(seconds=seconds)
    recent = sorted(rows.filter(**{f"{field}__gt": since}).values_list(field, flat=True))
    if len(recent) < count:
        return None
    # The oldest of the last `count` rows must leave the window.
    oldest = recent[-count]
    return max(math.ceil((oldest + timedelta(seconds=seconds) - now).total_seconds()), 1)


def lock(user) -> None:
    """Locks the person's row until the transaction ends: their parallel
    requests (two tabs, a double click) are served one after the other."""
    get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)


def publish(request, form, rows: QuerySet, setting: str, create, *, posts: tuple[str, str]):
    """Raw posts are counted against floods (`public_post()`; `posts`: the
    group and the setting of their rate per person); then, if the form is
    valid, the person's rows (`rows`) against `setting`, under a lock on
    their row, so a form sent back for correction costs nothing and
    parallel posts cannot both take the last place. Returns (seconds to wait, None) or (None, what `create()`
    made); (None, None) when the form is not valid. What `create()` raises
    leaves nothing saved."""
    wait = public_post(request, *posts)
    if wait is None and form.is_valid():
        with transaction.atomic():
            lock(request.user)
            wait = rows_since(rows, setting)
            if wait is None:
                return None, create()
    return wait, None


def retry_message(seconds: int) -> str:
    """When to try again: in so many minutes, at what local time."""
    minutes = max(math.ceil(seconds / 60), 1)
    at = timezone.localtime(timezone.now() + timedelta(seconds=seconds))
    # Up to the next minute: told 10:42 for 10:42:30, a person trying at
    # 10:42 would be refused again.
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return ngettext(
        "You may try again in %(minutes)d minute, at %(time)s.",
        "You may try again in %(minutes)d minutes, at %(time)s.",
        minutes,
    ) % {"minutes": minutes, "time": formats.time_format(at, "H:i")}
