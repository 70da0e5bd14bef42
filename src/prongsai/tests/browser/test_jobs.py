"""A job started from a page, run by a real worker process, watched in Chromium to 100 %.

Everything as `make run` has it, in processes of their own on a data directory of their own: the
web server (`prongsai runserver`), one worker (`prongsai worker`) and the embedded SQLite queue
and database. A province reader who is also an officer starts "every organisation's ITA analysis
of the province as one ZIP" on the jobs page; the job's page shows the bar and "n จาก m", updated
by htmx, until m of m; the ZIP is downloaded and each organisation's Word file read back.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

import docx
import pytest

PASSWORD = "a-long-browser-password"
ORGS = 6
SETUP = """
from django.contrib.auth import get_user_model
from prongsai.ita.models import ItaResult
from prongsai.ita.results import save_results
from prongsai.orgs.models import Membership, Organisation, ProvinceRole
from prongsai.test import results_2568
user = get_user_model().objects.create_user(
    "officer-batch", password="{password}", first_name="สมใจ", last_name="ทดสอบงาน")
for n in range({orgs}):
    org = Organisation.objects.create(
        slug=f"batch-{{n}}", name_th=f"องค์การบริหารส่วนตำบลทดสอบที่ {{n + 1}}", kind="sao",
        province="ชลบุรี")
    save_results(org, 2568, results_2568(), ItaResult.Source.MANUAL)
    if n == 0:
        Membership.objects.create(user=user, org=org, role="officer")
ProvinceRole.objects.create(user=user, province="ชลบุรี")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture
def site():
    """(base URL, data directory) of a web server and a worker on a fresh installation."""
    data = Path(tempfile.mkdtemp(prefix="prongsai-browser-jobs-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prongsai.settings",
        "PRONGSAI_DEBUG": "1",
        "PRONGSAI_DATA_DIR": str(data),
        "PRONGSAI_QUEUE": f"prongsai-test-{uuid.uuid4().hex[:12]}",
    }
    for name in ("PRONGSAI_BROKER_URL", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)  # the embedded default: SQLite database and queue in `data`
    prongsai = [sys.executable, "-m", "prongsai.cli"]
    subprocess.run([*prongsai, "migrate", "-v0"], env=env, check=True, timeout=300)
    script = SETUP.format(password=PASSWORD, orgs=ORGS)
    subprocess.run([*prongsai, "shell", "-c", script], env=env, check=True, timeout=120)
    port = free_port()
    processes = []
    for name, argv in (
        ("web", ["runserver", f"127.0.0.1:{port}", "--noreload"]),
        ("worker", ["worker", "--concurrency", "1", "--hostname", "browser@%h"]),
    ):
        log = open(data / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        processes.append(
            subprocess.Popen(
                [*prongsai, *argv],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}", data
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(10)


@pytest.mark.slow
def test_a_province_zip_job_shows_its_progress_to_100_percent_and_downloads(page, site):
    base, data = site
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer-batch")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/o/**")

    page.goto(f"{base}/o/batch-0/jobs/")
    page.locator('select[name="kind"]').select_option("ita_analysis")
    page.locator('form:has(select[name="kind"]) input[name="year"]').fill("2568")
    page.locator('select[name="fmt"]').select_option("docx")
    page.get_by_role("button", name="เริ่มทำเอกสาร").click()
    page.wait_for_url("**/jobs/*/")
    job_url = page.url

    # Watch the bar: every state and "n จาก m" the page shows, as htmx swaps it in.
    seen: list[tuple[str, str]] = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        box = page.locator("#job-progress")
        shown = (box.get_attribute("data-state"), box.locator("[data-count]").inner_text())
        if not seen or seen[-1] != shown:
            seen.append(shown)
        if shown[0] in ("done", "failed", "cancelled"):
            break
        page.wait_for_timeout(100)
    logs = {p.name: p.read_text(errors="replace")[-3000:] for p in data.glob("*.log")}
    assert seen[-1] == ("done", f"{ORGS} จาก {ORGS}"), (seen, logs)
    assert seen[0][0] in ("queued", "running"), seen  # the page showed it before it was done
    counts = [int(text.split()[0]) for _state, text in seen]
    assert counts == sorted(counts), seen  # the bar only moves forward
    assert page.url == job_url  # htmx updated the page in place: no reload
    bar = page.locator("#job-progress progress")
    assert bar.get_attribute("value") == bar.get_attribute("max") == str(ORGS)
    assert page.locator("[data-message]").inner_text() == (
        f"ทำเอกสาร การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)"
        f" ได้ {ORGS} จาก {ORGS} หน่วยงาน"
    )

    with page.expect_download() as download:
        page.locator("[data-result]").click()
    assert download.value.suggested_filename == "ita-analysis-2568.zip"
    content = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = sorted(archive.namelist())
        assert names == [f"ita-analysis-batch-{n}-2568.docx" for n in range(ORGS)]
        for n, name in enumerate(names):
            text = "\n".join(
                p.text for p in docx.Document(io.BytesIO(archive.read(name))).paragraphs
            )
            assert f"องค์การบริหารส่วนตำบลทดสอบที่ {n + 1}" in text, name
            assert "2568" in text or "๒๕๖๘" in text, name
