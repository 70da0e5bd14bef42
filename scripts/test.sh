#!/usr/bin/env bash
# The whole suite: migrations check, then pytest on SQLite, then on PostgreSQL when one answers.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=prongsai.settings_test
PG_URL="${PRONGSAI_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"

echo "== ruff"
.venv/bin/ruff check --quiet src bench
.venv/bin/ruff format --check --quiet src bench

echo "== makemigrations --check"
$PY -m django makemigrations --check --dry-run

if [ "${CI:-}" = true ] && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  # The kill-and-retry test of the job queue needs Redis: start one where CI has none running.
  redis-server --port 6379 --bind 127.0.0.1 --save "" --daemonize yes || true
  sleep 1
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 && [ "${CI:-}" = true ]; then
  # CI machines start PostgreSQL before the run; restart it if it has stopped. The SQLite pass
  # needs it too: the deploy run test starts the web, a worker and the scheduler against it.
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  sleep 2
fi

echo "== tests on SQLite"
env -u DATABASE_URL $PY -m pytest "$@"

if pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "== tests on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" $PY -m pytest -m "not slow" "$@"
else
  echo "== PostgreSQL does not answer on 127.0.0.1:5432: PostgreSQL run skipped"
  [ "${CI:-}" = true ] && { echo "CI needs PostgreSQL"; exit 1; }
fi
