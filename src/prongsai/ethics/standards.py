"""An organisation's ethical standards from the shipped template (`data/standards-seed-000.yaml`).

Seed 000's table (desired behaviours, standards, meaning, practice guidelines, indicators) is the
starting point; the organisation then edits its own rows. Loading again refreshes the rows found
by their numbers and adds what is missing, so it is safe to repeat.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from django.db import transaction

from prongsai.ethics.models import BehaviourGroup, Indicator, Standard

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_TEMPLATE = "standards-seed-000"
_INDICATOR_KEYS = {
    "number",
    "text",
    "unit",
    "source",
    "category",
    "outcome",
    "direction",
    "printed",
}


class StandardsDataError(ValueError):
    """The template file is malformed; the message names the file, the place and the field."""


def _text(item: str | dict) -> str:
    """A list entry is a string, or {text, printed} where the seed's printing was mended."""
    return " ".join((item["text"] if isinstance(item, dict) else item).split())


@cache
def standards_template(code: str = DEFAULT_TEMPLATE) -> dict:
    """The template, checked as a whole before anything uses it."""
    path = DATA_DIR / f"{code}.yaml"
    if not path.is_file():
        raise StandardsDataError(f"no standards template '{code}'")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources, units = set(Indicator.Source.values), set(Indicator.Unit.values)
    directions = set(Indicator.Direction.values)
    numbers = [s.get("number") for s in doc.get("standards") or []]
    if not numbers or len(set(numbers)) != len(numbers):
        raise StandardsDataError(f"{path.name}: standards: numbers missing or repeated")
    for n, standard in enumerate(doc["standards"]):
        where = f"{path.name}: standards[{n}]"
        if not standard.get("name"):
            raise StandardsDataError(f"{where}.name: missing")
        for m, row in enumerate(standard.get("indicators") or []):
            here = f"{where}.indicators[{m}]"
            if set(row) - _INDICATOR_KEYS:
                raise StandardsDataError(
                    f"{here}: unknown keys {sorted(set(row) - _INDICATOR_KEYS)}"
                )
            if not isinstance(row.get("number"), int) or not row.get("text"):
                raise StandardsDataError(f"{here}: number and text are required")
            if row.get("unit", "count") not in units:
                raise StandardsDataError(f"{here}.unit: one of {sorted(units)}")
            if row.get("source", "entered") not in sources:
                raise StandardsDataError(f"{here}.source: one of {sorted(sources)}")
            if row.get("direction", "at_least") not in directions:
                raise StandardsDataError(f"{here}.direction: one of {sorted(directions)}")
    for n, group in enumerate(doc.get("behaviour_groups") or []):
        unknown = set(group.get("standards") or []) - set(numbers)
        if unknown:
            raise StandardsDataError(
                f"{path.name}: behaviour_groups[{n}].standards: no standard {sorted(unknown)}"
            )
    return doc


@transaction.atomic
def load_standards(org, template: str = DEFAULT_TEMPLATE) -> list[Standard]:
    """Create (or refresh) the organisation's standards, behaviours and indicators from a template.

    Rows are found again by their numbers; indicator values and targets are never touched.
    """
    doc = standards_template(template)
    group_of: dict[int, BehaviourGroup] = {}
    for order, row in enumerate(doc.get("behaviour_groups") or [], start=1):
        group = BehaviourGroup.objects.filter(org=org, order=order).first() or BehaviourGroup(
            org=org, order=order
        )
        group.purpose = row["purpose"]
        group.items = "\n".join(_text(i) for i in row["items"])
        group.full_clean()
        group.save()
        for number in row.get("standards") or []:
            group_of[number] = group
    standards = []
    for row in doc["standards"]:
        standard = Standard.objects.filter(org=org, number=row["number"]).first() or Standard(
            org=org, number=row["number"]
        )
        standard.name = _text(row["name"])
        standard.meaning = "\n".join(_text(i) for i in row.get("meaning") or [])
        standard.practices = "\n".join(_text(i) for i in row.get("practices") or [])
        standard.behaviour_group = group_of.get(row["number"])
        standard.full_clean()
        standard.save()
        for ind in row.get("indicators") or []:
            indicator = Indicator.objects.filter(
                standard=standard, number=ind["number"]
            ).first() or Indicator(standard=standard, number=ind["number"])
            indicator.text = _text(ind["text"])
            indicator.unit = ind.get("unit", Indicator.Unit.COUNT)
            indicator.source = ind.get("source", Indicator.Source.ENTERED)
            indicator.complaint_category = ind.get("category") or ""
            indicator.complaint_outcome = ind.get("outcome") or ""
            indicator.direction = ind.get("direction", Indicator.Direction.AT_LEAST)
            indicator.full_clean()
            indicator.save()
        standards.append(standard)
    return standards
