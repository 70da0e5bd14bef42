#!/usr/bin/env bash
# At a release: snapshot the demo, fully migrated, into ops/release_fixtures/release-VERSION.json.gz.
# The migration test then loads every snapshot at its own schema and migrates it forward.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("prongsai"))')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRONGSAI_DATA_DIR="$work" PRONGSAI_DEBUG=1 DATABASE_URL=
.venv/bin/prongsai migrate --noinput -v 0
.venv/bin/prongsai demo --password "release-fixture-$version" >/dev/null
.venv/bin/python - "$version" <<'PY'
import sys
import django
django.setup()
from prongsai.ops import release_fixture as rf
from prongsai.orgs.models import Organisation
from prongsai.plans.demo import load_plan_demo
from prongsai.ethics.demo import load_ethics_demo
from prongsai.complaints.demo import load_complaints_demo
from prongsai.oit.demo import load_oit_demo
org = Organisation.objects.get(slug="ban-suan")  # the programme's demos, while `demo` lacks them
load_plan_demo(org)
load_ethics_demo(org)
load_complaints_demo(org, "officer-bansuan", "admin-bansuan")
load_oit_demo(org)
path = rf.FIXTURES_DIR / f"release-{sys.argv[1]}.json.gz"
path.parent.mkdir(exist_ok=True)
rf.write(rf.dump(sys.argv[1]), path)
print(path)
PY
