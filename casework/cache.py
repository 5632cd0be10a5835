"""The cache is an optimisation: with Redis down, or not answering, pages are made without it."""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, except that while Redis cannot be reached every read is a miss and
    every write is dropped, with a warning in the log. After a failure Redis is left alone for
    PAUSE seconds, so a server that does not answer costs one timeout (the socket timeouts in
    settings), not one for every call a page makes."""

    PAUSE = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._paused_until = 0.0

    def _try(self, operation, fallback, *args):
        if time.monotonic() < self._paused_until:
            return fallback
        try:
            return operation(*args)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            self._paused_until = time.monotonic() + self.PAUSE
            logger.warning(
                "Cachen (Redis) svarar inte; sidorna görs utan den de närmaste %g s: %s",
                self.PAUSE,
                error,
            )
            return fallback

    def get(self, key, default=None, version=None):
        return self._try(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._try(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._try(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().set_many, list(data), data, timeout, version)  # all failed

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().touch, False, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        value = self._try(super().incr, None, key, delta, version)
        if value is None:  # as for a key that is not there
            raise ValueError(f"Key '{key}' not found.")
        return value

    def delete(self, key, version=None):
        return self._try(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        self._try(super().delete_many, None, keys, version)

    def clear(self):
        return self._try(super().clear, False)
