"""Production server settings: `gunicorn -c gunicorn.conf.py prongsai.wsgi`.

The access log leaves out the client address, the query string and the paths of the public
survey and complaint pages (prongsai.security.accesslog): survey links can carry a one-time
code, and the promise is that no log links a code, an address or a time to an answer.

The flood, receipt and login guards count per client in the cache (logins in the database).
Several workers with a per-process cache would each count apart, so production refuses to start
them without a shared cache (REDIS_URL).
"""

import multiprocessing
import os
import sys

bind = os.environ.get("PRONGSAI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PRONGSAI_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("PRONGSAI_THREADS", "1"))
# Load the app once in the master: a worker restarted after a crash answers at once instead of
# spending a second importing charts and parsing the criteria.
preload_app = True
timeout = 30
graceful_timeout = 20
accesslog = os.environ.get("PRONGSAI_ACCESS_LOG", "-")
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'
logger_class = "prongsai.security.accesslog.PrivateAccessLogger"

_debug = os.environ.get("PRONGSAI_DEBUG", "").lower() in {"1", "true", "yes", "on"}
# Benchmarks only (bench/intake.py without Redis): each worker then counts its own floods.
_per_worker_ok = os.environ.get("PRONGSAI_ALLOW_PER_WORKER_LIMITS") == "1"
if workers > 1 and not os.environ.get("REDIS_URL") and not (_debug or _per_worker_ok):
    sys.exit(
        f"Prongsai: {workers} workers need a shared cache, or each would count survey floods "
        "and wrong complaint receipts on its own. Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) "
        "or run one worker with PRONGSAI_WORKERS=1 (PRONGSAI_THREADS for more concurrency)."
    )
