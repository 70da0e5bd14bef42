"""Production server settings: `gunicorn -c gunicorn.conf.py prongsai.wsgi`.

The access log leaves out the client address and the query string: survey links can carry a
one-time code, and the promise is that no log links a code or an address to anything.
"""

import multiprocessing
import os

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
