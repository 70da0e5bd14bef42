"""bench/intake.py works: its smallest run on SQLite, normal and with the server killed mid-load.

Only correctness is asserted (every acknowledged response stored once); never a speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[4] / "bench" / "intake.py"

pytestmark = [
    pytest.mark.skipif(not SCRIPT.exists(), reason="bench/ is not next to the sources"),
    # The script makes its own SQLite database; the PostgreSQL pass would only repeat it.
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite pass"),
]


def run_bench(*extra: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--db", "sqlite", "--submissions", "40", "--clients", "4",
         "--workers", "2", "--time-limit", "30", *extra],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_normal_run_stores_every_acknowledged_submission_once():
    out = run_bench()
    assert "verification: OK" in out
    assert "40 responses = acknowledged" in out
    assert "ratio survey/bare throughput" in out


def test_killed_server_loses_and_doubles_nothing():
    out = run_bench("--crash")
    assert "killed (SIGKILL, master and workers)" in out
    assert "verification: OK" in out
    assert "40 responses = acknowledged" in out
    assert "of 40 replays acknowledged" in out


def test_iit_codes_survive_a_kill_and_work_once():
    """IIT from 4 concurrent clients, each submission with its own code, server killed mid-load:
    retries with the same nonce and code are taken once, and spent codes sent again are refused."""
    out = run_bench("--crash", "--tool", "iit")
    assert "IIT, crash mode" in out
    assert "verification: OK" in out
    assert "40 responses = acknowledged" in out
    assert "40 of 40 spent codes sent again refused" in out
