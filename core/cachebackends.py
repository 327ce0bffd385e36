"""Django's Redis cache, keeping its client objects.

Django's RedisCacheClient makes a new redis-py client for every operation; a
redis-py client fills a table of some 170 response callbacks when it is made,
which cost more than half of a cached page's time in a profile. A client only
wraps the connection pool and is safe to reuse, so this backend keeps one per
pool. (Django's cache handler already gives each thread its own backend.)
"""

from django.core.cache.backends import redis


class ReusedClients(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
