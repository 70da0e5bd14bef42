"""The per-host limit across checks: two checks running at once (each its own thread, event loop
and Redis connection, as two workers are) never send one website more than `per_host` requests
at once between them when they share the Redis at 127.0.0.1:6379; without it each counts alone.
The loopback website counts the requests it is serving at once."""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid

import pytest
import redis

from prongsai.oit.checker import Target, check_sync
from prongsai.oit.hostlimit import RedisLimit
from prongsai.oit.tests.site import EvidenceSite, LoopbackOnly

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(  # never skipped in CI, which starts a Redis (scripts/test.sh)
    not redis_answers() and os.environ.get("CI") != "true", reason="no Redis on 127.0.0.1:6379"
)


def two_checks_at_once(site, prefix: str | None, per_host: int = 2) -> list:
    """Two checks of the same twelve pages at once (0.1 s each, so each check lasts 0.6 s); their findings."""
    site.in_flight = site.max_in_flight = 0
    targets = [Target("o4", site.url(f"/wait-{n}.html")) for n in range(12)]
    start, results = threading.Barrier(2), []

    def one():
        start.wait()
        results.append(
            check_sync(
                targets,
                main_site=site.main_site,
                year=2568,
                per_host=per_host,
                guard=LoopbackOnly(),
                limit_url=REDIS_URL if prefix else None,
                limit_prefix=prefix or "prongsai",
            )  # fmt: skip
        )

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return [f for findings in results for f in findings]


def test_two_checks_sharing_redis_stay_within_the_limit_together():
    with EvidenceSite() as site:
        findings = two_checks_at_once(site, f"test-{uuid.uuid4().hex}")
        assert len(findings) == 24 and {f.status for f in findings} == {"ok"}
        assert site.max_in_flight == 2


def test_without_redis_each_check_counts_on_its_own():
    with EvidenceSite() as site:
        findings = two_checks_at_once(site, None)
        assert len(findings) == 24
        assert site.max_in_flight > 2  # the two checks together exceed the limit of each


def test_a_slot_left_by_a_dead_worker_frees_itself():
    prefix = f"test-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(REDIS_URL)
    with EvidenceSite() as site:
        host = site.main_site.split("/")[2]
        # a worker killed while holding both slots: its locks expire after a second
        for n in range(2):
            assert client.lock(f"{prefix}:oit-host:{host}:{n}", timeout=1).acquire(blocking=False)
        site.in_flight = site.max_in_flight = 0
        started = time.monotonic()
        findings = check_sync(
            [Target("o4", site.url(f"/wait-{n}.html")) for n in range(4)],
            main_site=site.main_site, year=2568, per_host=2, guard=LoopbackOnly(),
            limit_url=REDIS_URL, limit_prefix=prefix,
        )  # fmt: skip
        took = time.monotonic() - started
    assert {f.status for f in findings} == {"ok"}
    assert took >= 0.9  # it waited for the dead worker's slots to expire
    assert site.max_in_flight == 2
    assert client.keys(f"{prefix}:*") == []  # every slot given back


def test_a_slot_is_kept_while_its_request_runs_longer_than_the_expiry():
    prefix = f"test-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(REDIS_URL)
    limit = RedisLimit(REDIS_URL, 1, ttl=0.6, prefix=prefix)
    held = []

    async def main():
        async with limit.slot("slow.example"):
            await asyncio.sleep(1.5)  # more than twice the expiry
            held.append(client.get(f"{prefix}:oit-host:slow.example:0") is not None)
        await limit.aclose()

    asyncio.run(main())
    assert held == [True]
    assert client.keys(f"{prefix}:*") == []
