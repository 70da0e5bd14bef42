"""How many requests the OIT checker sends to one website at once.

`LocalLimit` (the embedded default) counts within one check: one asyncio.Semaphore per host and
port. `RedisLimit` makes the limit hold across every process and machine that checks with the
same Redis: a province's workers checking organisations that share one hosting server never send
it more than `per_host` requests at once between them.

A Redis slot is one of `per_host` locks of redis-py (`redis.asyncio.lock.Lock`: SET NX with an
expiry, released only by its holder's token), named after the host. The holder renews its lock
every `ttl / 3` seconds while its request runs, so a worker killed while it holds a slot blocks
the host for at most `ttl` seconds, however long requests may take. Within one process a local semaphore comes
first, so the process's own requests wait without asking Redis; only requests that compete with
other processes poll for a free slot. No Django here.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator

import redis.asyncio as aioredis
from redis.exceptions import LockError, RedisError

# How long a request that finds every slot taken waits before it looks again (seconds).
POLL = (0.01, 0.05)


class LocalLimit:
    """At most `per_host` requests at once to one host, within this check."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self.hosts: dict[str, asyncio.Semaphore] = {}

    def _semaphore(self, host: str) -> asyncio.Semaphore:
        if host not in self.hosts:
            self.hosts[host] = asyncio.Semaphore(self.per_host)
        return self.hosts[host]

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        async with self._semaphore(host):
            yield

    async def aclose(self) -> None:
        pass


class RedisLimit(LocalLimit):
    """At most `per_host` requests at once to one host, across every process using `url`.

    `prefix` keeps installations that share a Redis server apart; `ttl` is the most a slot is
    held by a process that died holding it. A Redis that cannot be reached raises
    ConnectionError (the job is then retried by the queue)."""

    def __init__(
        self, url: str, per_host: int, *, ttl: float = 15, prefix: str = "prongsai"
    ) -> None:
        super().__init__(per_host)
        self.client = aioredis.Redis.from_url(url)
        self.ttl = ttl
        self.prefix = f"{prefix}:oit-host"

    async def _take(self, host: str) -> aioredis.lock.Lock:
        slots = list(range(self.per_host))
        while True:
            random.shuffle(slots)  # spread the holders over the slots
            for n in slots:
                lock = self.client.lock(f"{self.prefix}:{host}:{n}", timeout=self.ttl)
                if await lock.acquire(blocking=False):
                    return lock
            await asyncio.sleep(random.uniform(*POLL))

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        async with self._semaphore(host):
            try:
                lock = await self._take(host)
            except RedisError as exc:
                raise ConnectionError(f"Redis of the per-host limit: {exc}") from exc
            renewing = asyncio.ensure_future(self._renew(lock))
            try:
                yield
            finally:
                renewing.cancel()
                # Lost meanwhile (Redis unreachable for ttl): someone else may hold it now.
                with contextlib.suppress(LockError, RedisError):
                    await lock.release()

    async def _renew(self, lock: aioredis.lock.Lock) -> None:
        while True:
            await asyncio.sleep(self.ttl / 3)
            with contextlib.suppress(LockError, RedisError):  # the next renewal tries again
                await lock.reacquire()

    async def aclose(self) -> None:
        await self.client.aclose()
