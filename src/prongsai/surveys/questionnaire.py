"""What a campaign asks: the year's IIT/EIT questions from the criteria, or a satisfaction
questionnaire from YAML. Field names are question (or sub-item) codes and option keys, as in
`prongsai ita framework YEAR --json`, so exports and the engine speak the same language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from prongsai.frameworks.library import FrameworkError, checksum, criteria_of, dump
from prongsai.frameworks.store import find_document

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    score: float
    satisfied: bool = False


@dataclass(frozen=True)
class Item:
    code: str  # the code answered: a question, or a sub-item of one
    text: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    title: str
    sections: tuple[Section, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)


def for_campaign(campaign) -> Questionnaire:
    if campaign.tool == "satisfaction":
        return satisfaction_questionnaire()
    return ita_questionnaire(campaign.year, campaign.tool, campaign.org)


def ita_questionnaire(year: int, tool: str, org=None) -> Questionnaire:
    """The year's IIT or EIT questions, grouped by indicator; refuses a year without them.

    The year's criteria are the built-in ones, else (given the organisation) its own published
    criteria for a year nobody has published yet (frameworks/drafts.py)."""
    try:
        document = find_document(year=year, org=org)
    except FrameworkError as exc:
        raise ValueError(f"ไม่มีเกณฑ์ ITA ของปี {year} (no ITA criteria for {year})") from exc
    if criteria_of(document).questionnaire_status not in ("known", "provisional"):
        raise ValueError(f"ปี {year} ไม่มีข้อคำถาม {tool.upper()} (no questionnaire for {year})")
    # Kept by content: an organisation's criteria may change while they are a draft.
    key = (checksum(document), tool)
    if key not in _BUILT:
        _BUILT[key] = _questionnaire(document, tool)
    return _BUILT[key]


_BUILT: dict[tuple[str, str], Questionnaire] = {}


def _questionnaire(document: dict, tool: str) -> Questionnaire:
    doc = dump(document)
    sections = []
    for indicator in doc["indicators"]:
        if indicator["tool"] != tool:
            continue
        items = []
        for q in doc["questions"]:
            if q["indicator"] != indicator["number"]:
                continue
            # The options in the order a respondent reads them, as the option set lists them.
            choices = tuple(Choice(o["key"], o["label"]["th"], o["score"]) for o in q["options"])
            subs = q.get("sub_items") or []
            if subs:
                items += [
                    Item(s["code"], f"{q['text']['th']}: {s['text']['th']}", choices) for s in subs
                ]
            else:
                items.append(Item(q["code"], q["text"]["th"], choices))
        sections.append(Section(f"{indicator['number']}. {indicator['name']['th']}", tuple(items)))
    tool_names = {t["code"]: t["name"]["th"] for t in doc["tools"]}
    return Questionnaire(tool_names[tool], tuple(sections))


@cache
def satisfaction_questionnaire(name: str = "satisfaction-default") -> Questionnaire:
    doc = yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    option_sets = {
        s["code"]: tuple(
            Choice(o["key"], o["label"]["th"], float(o["score"]), bool(o.get("satisfied")))
            for o in s["options"]
        )
        for s in doc["option_sets"]
    }
    sections = tuple(
        Section(
            s["name"]["th"],
            tuple(
                Item(q["code"], q["text"]["th"], option_sets[q["option_set"]])
                for q in s["questions"]
            ),
        )
        for s in doc["sections"]
    )
    return Questionnaire(doc["name"]["th"], sections)
