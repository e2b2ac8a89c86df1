"""Django's Redis cache, failing open: when Redis is unreachable, a cache read
misses and a write is dropped, instead of failing the request. The cache holds
nothing the portal cannot do without (rate-limit counters, cached pages), and a
citizen's submission must succeed even when Redis is down."""

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _fail_open(fallback):
    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE:
                logger.warning("Redis cache unreachable: %s skipped.", method.__name__, exc_info=True)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


class OneClientPerPool(RedisCacheClient):
    """Django builds a redis.Redis object for every cache operation, and
    redis-py copies its table of response callbacks into each: a tenth of a
    millisecond, twice per cached page. One client per connection pool does
    the same (a client takes a connection from its pool for each command)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool

    # A failed add() says "added": a rate-limit counter then starts from one,
    # which lets the request through.
    add = _fail_open(lambda *a, **k: True)(RedisCache.add)
    get = _fail_open(lambda key, default=None, version=None: default)(RedisCache.get)
    set = _fail_open(lambda *a, **k: None)(RedisCache.set)
    touch = _fail_open(lambda *a, **k: False)(RedisCache.touch)
    delete = _fail_open(lambda *a, **k: False)(RedisCache.delete)
    get_many = _fail_open(lambda *a, **k: {})(RedisCache.get_many)
    has_key = _fail_open(lambda *a, **k: False)(RedisCache.has_key)
    incr = _fail_open(lambda key, delta=1, version=None: delta)(RedisCache.incr)
    set_many = _fail_open(lambda *a, **k: [])(RedisCache.set_many)
    delete_many = _fail_open(lambda *a, **k: None)(RedisCache.delete_many)
    clear = _fail_open(lambda *a, **k: None)(RedisCache.clear)
