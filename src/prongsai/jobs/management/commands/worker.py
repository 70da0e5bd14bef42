"""`prongsai worker`: takes jobs from the queue (any number, on any number of machines)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from prongsai.jobs.queue import app


class Command(BaseCommand):
    help = "Run a worker that takes background jobs from the queue (Celery)."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=0, help="processes (default: CPUs)")
        parser.add_argument("--pool", default="prefork", help="prefork, threads or solo")
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument("--hostname", default="", help="a name for this worker")

    def handle(self, *args, concurrency, pool, loglevel, hostname, **options):
        argv = ["worker", f"--loglevel={loglevel}", f"--pool={pool}", "--without-gossip"]
        if concurrency:
            argv.append(f"--concurrency={concurrency}")
        if hostname:
            argv.append(f"--hostname={hostname}")
        app.worker_main(argv)
