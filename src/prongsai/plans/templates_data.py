"""Creating a plan from a shipped template of dimensions and missions (data, not code)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from django.db import transaction

from prongsai.plans.models import ActionPlan, Dimension, SubSection

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_TEMPLATE = "nacc-lao-2566-2570"


@cache
def plan_template(code: str = DEFAULT_TEMPLATE) -> dict:
    path = DATA_DIR / f"{code}.yaml"
    if not path.exists():
        raise ValueError(f"ไม่มีแม่แบบแผน '{code}' (no such plan template)")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@transaction.atomic
def create_plan(org, title: str, *, template: str = DEFAULT_TEMPLATE, **fields) -> ActionPlan:
    """A new plan with the template's dimensions and sub-sections; years default to the template's."""
    data = plan_template(template)
    plan = ActionPlan.objects.create(
        org=org,
        title=title,
        first_year=fields.pop("first_year", data["first_year"]),
        last_year=fields.pop("last_year", data["last_year"]),
        **fields,
    )
    for d in data["dimensions"]:
        dimension = Dimension.objects.create(plan=plan, number=d["number"], name=d["name"])
        for s in d["subsections"]:  # one by one, so each is in the audit trail
            SubSection.objects.create(dimension=dimension, code=s["code"], name=s["name"])
    return plan
