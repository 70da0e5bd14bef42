"""Health endpoints for a load balancer or an orchestrator.

/healthz: the process answers (no database, no network): restart it when this fails.
/readyz: the database, the cache and the queue's broker answer: send it traffic only then.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from prongsai.jobs.queue import app


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = "readyz-probe"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")


def _broker() -> None:
    with app.connection_for_write(connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
@require_GET
def readyz(request):
    results, ready = {}, True
    for name, check in CHECKS.items():
        start = time.monotonic()
        try:
            check()
            results[name] = {"ok": True, "ms": round(1000 * (time.monotonic() - start), 1)}
        except Exception as exc:  # any failure is "not ready", named, never a 500 page
            ready = False
            results[name] = {"ok": False, "error": type(exc).__name__}
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": results},
                        status=200 if ready else 503)  # fmt: skip
