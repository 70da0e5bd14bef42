"""Jobs left running by a lost worker are queued again (at most three times), on the real
database; time passes by moving the jobs' timestamps, not by sleeping."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from datetime import timedelta
from unittest import mock

from celery.signals import worker_ready
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from kombu import Connection
from kombu import Queue as KombuQueue

from prongsai.complaints import tasks as complaint_tasks
from prongsai.jobs import recovery, runner
from prongsai.jobs import tasks as job_tasks
from prongsai.jobs.models import Job
from prongsai.jobs.queue import app
from prongsai.jobs.tasks import document_batch, start_document_batch
from prongsai.jobs.tests.said import assert_said_in_both
from prongsai.oit import tasks as oit_tasks
from prongsai.test import BaseTestCase

QUEUE = settings.CELERY_TASK_DEFAULT_QUEUE


@contextlib.contextmanager
def sqlite_queue():
    """A fresh embedded SQLite queue file, the broker while the block runs."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqla+sqlite:///{folder}/queue.sqlite"
        with override_settings(CELERY_BROKER_URL=url):
            yield url


def publish(url: str, job: Job) -> None:
    """The job's message, sent as Celery sends it, to the queue at `url`."""
    with Connection(url) as conn, conn.Producer() as producer:
        message = app.amqp.as_task_v2(uuid.uuid4().hex, "prongsai.jobs.document_batch", [job.pk])
        producer.publish(
            message.body, routing_key=QUEUE, declare=[KombuQueue(QUEUE, routing_key=QUEUE)],
            headers=message.headers, serializer="json",
        )  # fmt: skip


def take_and_die(url: str, count: int) -> None:
    """A worker process takes `count` messages and is gone before acknowledging them (a closed
    connection would give them back; a killed process cannot)."""
    taker = (
        "import os, sys\n"
        "from kombu import Connection\n"
        "with Connection(sys.argv[1]) as conn:\n"
        "    for _ in range(int(sys.argv[3])):\n"
        "        assert conn.default_channel.basic_get(sys.argv[2], no_ack=False) is not None\n"
        "    os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", taker, url, QUEUE, str(count)], check=True)


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


class RecoveryTests(BaseTestCase):
    def setUp(self):
        self.sent: list[tuple[str, list]] = []
        patcher = mock.patch.object(
            app, "send_task", side_effect=lambda name, args: self.sent.append((name, args))
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def batch(self) -> Job:
        with mock.patch.object(document_batch, "delay"):
            return start_document_batch(
                org_ids=[self.org_a.pk], kind="ita_analysis", year=2568, fmt="docx",
                user=self.officer_a, org=self.org_a,
            )  # fmt: skip

    def running(self, job: Job, *, silent: timedelta, attempts: int = 1, worker: str = "") -> Job:
        """The job as a worker left it: claimed, `silent` ago its last step."""
        Job.objects.filter(pk=job.pk).update(
            state="running", attempts=attempts, done=0, total=1,
            heartbeat=timezone.now() - silent, worker=worker or "elsewhere.example:1",
        )  # fmt: skip
        job.refresh_from_db()
        return job

    def recover(self):
        with self.captureOnCommitCallbacks(execute=True):
            return recovery.recover()

    def test_a_job_silent_past_its_time_limit_is_queued_again_and_then_completes(self):
        limit = recovery.time_limit(Job.Kind.DOCUMENT_BATCH)
        self.assertEqual(
            limit, timedelta(seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT) + recovery.GRACE
        )
        job = self.running(self.batch(), silent=limit + timedelta(seconds=1))
        self.assertEqual(self.recover(), {"requeued": [job.pk], "failed": []})
        self.assertEqual(self.sent, [("prongsai.jobs.document_batch", [job.pk])])
        job.refresh_from_db()
        self.assertEqual((job.state, job.worker), ("queued", ""))
        self.assertIn("ส่งงานเข้าคิวอีกครั้ง", job.message)
        # The message the recovery sent, run: the job begins afresh and completes once.
        self.assertEqual(document_batch.apply(args=[job.pk]).get(), "done")
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts, job.done, job.total), ("done", 2, 1, 1))
        self.assertTrue(job.result)

    def test_a_job_still_reporting_progress_is_left_alone(self):
        limit = recovery.time_limit(Job.Kind.DOCUMENT_BATCH)
        job = self.running(self.batch(), silent=limit - timedelta(seconds=30))
        self.assertEqual(self.recover(), {"requeued": [], "failed": []})
        job.refresh_from_db()
        self.assertEqual(job.state, "running")
        self.assertEqual(self.sent, [])

    def test_each_task_has_its_own_limit(self):
        """An OIT check may run ten minutes: silent for twenty, it is stuck; a nightly re-check
        (six hours) silent for twenty minutes is not."""
        check = Job.objects.create(org=self.org_a, kind=Job.Kind.OIT_CHECK, params={"year": 2568})
        night = Job.objects.create(kind=Job.Kind.OIT_RECHECK, params={"year": 2568})
        for job in (check, night):
            self.running(job, silent=timedelta(minutes=20))
        self.assertEqual(recovery.time_limit(Job.Kind.OIT_CHECK), timedelta(minutes=12))
        self.assertEqual(self.recover()["requeued"], [check.pk])
        self.assertEqual(self.sent, [("prongsai.oit.check_org", [check.pk])])
        self.assertEqual(oit_tasks.check_org.name, recovery.TASKS[Job.Kind.OIT_CHECK])

    def test_a_job_whose_worker_process_is_gone_is_queued_again_at_once(self):
        here = socket.gethostname()
        lost = self.running(
            self.batch(), silent=timedelta(seconds=5), worker=f"{here}:{dead_pid()}"
        )
        alive = self.running(self.batch(), silent=timedelta(seconds=5), worker=runner.this_worker())
        away = self.running(self.batch(), silent=timedelta(seconds=5), worker="other-host:1")
        self.assertEqual(self.recover()["requeued"], [lost.pk])
        states = dict(
            Job.objects.filter(pk__in=[lost.pk, alive.pk, away.pk]).values_list("pk", "state")
        )
        self.assertEqual(states, {lost.pk: "queued", alive.pk: "running", away.pk: "running"})

    def test_on_redis_the_broker_gives_the_message_back_and_only_the_time_limit_counts(self):
        here = socket.gethostname()
        lost = self.running(
            self.batch(), silent=timedelta(seconds=5), worker=f"{here}:{dead_pid()}"
        )
        with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/15"):
            self.assertEqual(self.recover()["requeued"], [])
            self.running(lost, silent=timedelta(hours=2), worker=f"{here}:{dead_pid()}")
            self.assertEqual(self.recover()["requeued"], [lost.pk])

    def test_after_three_attempts_the_job_fails_with_a_thai_and_an_english_message(self):
        job = self.running(self.batch(), silent=timedelta(hours=2), attempts=recovery.MAX_ATTEMPTS)
        self.assertEqual(self.recover(), {"requeued": [], "failed": [job.pk]})
        self.assertEqual(self.sent, [])
        job.refresh_from_db()
        self.assertEqual(job.state, "failed")
        self.assertIn("ขัดข้อง 3 ครั้ง", job.message)
        self.assertIn("failed 3 times", job.message_en)
        self.assertIsNotNone(job.finished)
        self.login(self.officer_a)
        assert_said_in_both(self, job, "ขัดข้อง 3 ครั้ง", "failed 3 times")

    def test_recovering_twice_sends_once(self):
        """The scheduler and a starting worker at the same moment: one message."""
        job = self.running(self.batch(), silent=timedelta(hours=2))
        stale = recovery.stuck()
        self.assertEqual([j.pk for j in stale], [job.pk])
        self.recover()
        with mock.patch.object(recovery, "stuck", return_value=stale):  # seen before the first
            self.assertEqual(self.recover(), {"requeued": [], "failed": []})
        self.assertEqual(len(self.sent), 1)

    def test_a_job_that_moved_on_meanwhile_is_not_touched(self):
        job = self.running(self.batch(), silent=timedelta(hours=2))
        stale = recovery.stuck()
        runner.step(job, 1)  # its worker reports progress after all
        with mock.patch.object(recovery, "stuck", return_value=stale):
            self.assertEqual(self.recover(), {"requeued": [], "failed": []})
        job.refresh_from_db()
        self.assertEqual(job.state, "running")

    def test_finished_and_waiting_jobs_are_not_recovered(self):
        done, queued = self.batch(), self.batch()
        Job.objects.filter(pk=done.pk).update(
            state="done", heartbeat=timezone.now() - timedelta(days=2)
        )
        Job.objects.filter(pk=queued.pk).update(created=timezone.now() - timedelta(days=2))
        with sqlite_queue() as url:
            publish(url, queued)  # a long queue: its message still waits there
            self.assertEqual(recovery.waiting_job_ids(), {queued.pk})
            self.assertEqual(self.recover(), {"requeued": [], "failed": []})

    def test_a_queued_job_whose_message_a_lost_worker_took_is_sent_again(self):
        """On the SQLite queue a taken message is only marked invisible: a worker killed before
        it claimed the job leaves it queued with nothing waiting for it."""
        lost, young = self.batch(), self.batch()
        Job.objects.filter(pk=lost.pk).update(created=timezone.now() - timedelta(hours=2))
        with sqlite_queue() as url:
            publish(url, lost)
            publish(url, young)
            take_and_die(url, 2)
            self.assertEqual(recovery.waiting_job_ids(), set())
            self.assertEqual(self.recover(), {"requeued": [lost.pk], "failed": []})
            self.assertEqual(self.recover(), {"requeued": [], "failed": []})  # sent once
        self.assertEqual(self.sent, [("prongsai.jobs.document_batch", [lost.pk])])
        lost.refresh_from_db()
        self.assertEqual((lost.state, lost.message, lost.message_en), ("queued", *recovery.RESENT))

    def test_on_redis_queued_jobs_are_left_to_the_broker(self):
        queued = self.batch()
        Job.objects.filter(pk=queued.pk).update(created=timezone.now() - timedelta(days=2))
        with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/15"):
            self.assertIsNone(recovery.waiting_job_ids())
            self.assertEqual(self.recover(), {"requeued": [], "failed": []})

    def test_messages_handed_out_a_week_ago_are_removed_from_the_queue_file(self):
        old, recent = self.batch(), self.batch()
        with sqlite_queue() as url:
            publish(url, old)
            publish(url, recent)
            take_and_die(url, 2)
            path = url.removeprefix("sqla+sqlite:///")
            with sqlite3.connect(path) as db:  # the first was handed out eight days ago
                first = db.execute("SELECT min(id) FROM kombu_message").fetchone()[0]
                db.execute(
                    "UPDATE kombu_message SET timestamp = datetime('now', 'localtime', '-8 days')"
                    " WHERE id = ?",
                    (first,),
                )
            self.assertEqual(recovery.forget_taken_messages(), 1)
            with sqlite3.connect(path) as db:
                self.assertEqual(db.execute("SELECT count(*) FROM kombu_message").fetchone(), (1,))

    def test_a_purge_sent_again_runs_its_own_job(self):
        job = Job.objects.create(
            kind=Job.Kind.COMPLAINT_PURGE, created=timezone.now() - timedelta(days=1)
        )
        self.running(job, silent=timedelta(hours=2))
        self.recover()
        self.assertEqual(self.sent, [("prongsai.complaints.purge", [job.pk])])
        self.assertEqual(complaint_tasks.purge.apply(args=[job.pk]).get(), "done")
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts), ("done", 2))
        self.assertEqual(Job.objects.filter(kind=Job.Kind.COMPLAINT_PURGE).count(), 1)

    def test_the_scheduler_runs_it_every_five_minutes_and_a_starting_worker_at_once(self):
        entry = settings.CELERY_BEAT_SCHEDULE["jobs-recover"]
        self.assertEqual((entry["task"], entry["schedule"]), ("prongsai.jobs.recover", 300.0))
        self.assertEqual(job_tasks.recover.name, "prongsai.jobs.recover")
        job = self.running(self.batch(), silent=timedelta(hours=2))
        with (
            self.captureOnCommitCallbacks(execute=True),
            mock.patch.object(job_tasks.connections, "close_all"),
            # inside the test's transaction Django would see a non-autocommit connection as
            # unusable and close it (PostgreSQL): the worker's own start has no such transaction
            mock.patch.object(job_tasks, "close_old_connections"),
        ):
            worker_ready.send(sender=None)  # what Celery sends when a worker has started
        job.refresh_from_db()
        self.assertEqual(job.state, "queued")
        self.assertEqual(self.sent, [("prongsai.jobs.document_batch", [job.pk])])
        job = self.running(job, silent=timedelta(hours=2), attempts=2)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertIn("1 งาน", job_tasks.recover.apply().get())
        self.assertEqual(len(self.sent), 2)

    def test_steps_and_claims_are_signs_of_life(self):
        job = self.batch()
        claimed = runner.claim(job.pk)
        self.assertEqual(claimed.worker, runner.this_worker())
        first = claimed.heartbeat
        self.assertIsNotNone(first)
        Job.objects.filter(pk=job.pk).update(heartbeat=first - timedelta(hours=1))
        runner.step(claimed, 0, 1)
        claimed.refresh_from_db()
        self.assertGreaterEqual(claimed.heartbeat, first)
