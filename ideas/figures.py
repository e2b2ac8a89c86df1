"""The version of a plan's statistics in the cache. The writes the cheap
fingerprint in ideas.statistics does not see — supports and comments, a
hundred thousand rows — bump it after their transaction commits, so the next
request recomputes the figures. (Moderation changes no figure: hidden
contributions still count as participation.)"""

from uuid import uuid4

from django.core.cache import cache
from django.db import transaction


def _key(plan_id: int) -> str:
    return f"ideas:statistics-version:{plan_id}"


def version(plan_id: int) -> str:
    current = cache.get(_key(plan_id))
    if current is None:
        # Never bumped, or evicted: a new version, so nothing older is trusted.
        cache.add(_key(plan_id), uuid4().hex, None)
        current = cache.get(_key(plan_id)) or uuid4().hex
    return current


def touch(plan_id: int) -> None:
    transaction.on_commit(lambda: cache.set(_key(plan_id), uuid4().hex, None))
