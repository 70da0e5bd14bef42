"""ITA criteria files: read, validate, and turn into what the engine and the pages use.

A criteria document is one YAML file per fiscal year (see schema.py and the README). Built-in
documents ship in `data/` and never change once published: a corrected file gets a higher
`version`. Organisations can import their own documents (models.Framework, importer.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import jsonschema
import yaml

from prongsai.frameworks.schema import SCHEMA, YEAR_RULES
from prongsai.incoming import compose_yaml, load_yaml
from prongsai.scoring.criteria import (
    Criteria,
    Indicator,
    OitItem,
    Option,
    Question,
    RatingBand,
    Tool,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


class FrameworkError(ValueError):
    """A criteria document is not valid; `problems` name the place (line and field) of each."""

    def __init__(self, origin: str, problems: list[str]):
        self.origin = origin
        self.problems = problems
        super().__init__(f"{origin}: " + "; ".join(problems))

    def lines(self) -> list[str]:
        return [f"{self.origin}: {p}" for p in self.problems]


# ---------------------------------------------------------------- reading and validating


def parse_yaml(text: str, origin: str) -> dict:
    """Parse YAML text into a criteria document, validated; FrameworkError names line and field."""
    try:
        root = compose_yaml(text)
        doc = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"บรรทัด {mark.line + 1}: " if mark else ""
        raise FrameworkError(origin, [f"{where}ไฟล์ YAML ไม่ถูกต้อง (invalid YAML): {exc}"]) from exc
    if not isinstance(doc, dict):
        raise FrameworkError(origin, ["ไฟล์ว่างหรือไม่ใช่เอกสารเกณฑ์ (not a criteria document)"])
    duplicates = _duplicate_keys(root)
    if duplicates:
        raise FrameworkError(origin, duplicates)

    def locate(path: list) -> str | None:
        line = _line_of(root, path)
        return f"บรรทัด {line}" if line else None

    validate(doc, origin, locate)
    return fold_year_rules(doc)


def validate(doc: dict, origin: str, locate=None) -> None:
    """Schema first, then the cross-references the schema cannot express.

    `locate(path)` turns a JSON path into words a person can find (a YAML line, a sheet row).
    """
    problems: list[str] = []
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for error in sorted(
        validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]
    ):
        path = list(error.absolute_path)
        where = locate(path) if locate else None
        prefix = f"{where} " if where else ""
        problems.append(f"{prefix}{_path_text(path)}: {error.message}")
    if problems:
        raise FrameworkError(origin, problems)
    problems = [f"{where}: {message}" for where, message in _semantic_problems(doc)]
    if problems:
        raise FrameworkError(origin, problems)


def _duplicate_keys(node) -> list[str]:
    """YAML keeps the last of two equal keys silently; a correction written so would be lost."""
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if key.value in seen:
                problems.append(
                    f"บรรทัด {key.start_mark.line + 1}: คีย์ '{key.value}' ซ้ำ (duplicate key)"
                )
            seen.add(key.value)
            problems += _duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems += _duplicate_keys(item)
    return problems


def _path_text(path: list) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def _line_of(node, path: list) -> int | None:
    """1-based line of the YAML node at a JSON path, for messages a person can act on."""
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            node = None
        if node is None:
            return None
    return node.start_mark.line + 1 if node is not None else None


def _semantic_problems(doc: dict) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []

    def dupes(kind: str, codes: list) -> None:
        seen: set = set()
        for code in codes:
            if code in seen:
                problems.append((kind, f"รหัส '{code}' ซ้ำ (duplicate code)"))
            seen.add(code)

    year = doc["year"]
    if not doc["urn"].endswith(f":{year}") and not doc["urn"].startswith("urn:prongsai:custom:"):
        problems.append(("urn", f"URN ต้องลงท้ายด้วยปี {year} (urn must end with the year)"))
    tools = {t["code"]: t for t in doc["tools"]}
    dupes("tools", [t["code"] for t in doc["tools"]])
    weight = sum(Decimal(str(t["weight"])) for t in doc["tools"])
    if weight != 100:
        problems.append(("tools", f"น้ำหนักรวม {weight} ต้องเท่ากับ 100 (weights must add up to 100)"))
    indicators = {i["number"]: i for i in doc["indicators"]}
    dupes("indicators", [i["number"] for i in doc["indicators"]])
    for n, ind in indicators.items():
        if ind["tool"] not in tools:
            problems.append((f"indicators[{n}]", f"ไม่มีเครื่องมือ '{ind['tool']}' (unknown tool)"))
    for code in tools:
        if not any(i["tool"] == code for i in doc["indicators"]):
            problems.append(("tools", f"เครื่องมือ {code} ไม่มีตัวชี้วัด (tool has no indicator)"))
    option_sets = {s["code"]: s for s in doc.get("option_sets", [])}
    dupes("option_sets", [s["code"] for s in doc.get("option_sets", [])])
    for s in doc.get("option_sets", []):
        dupes(f"option_sets[{s['code']}]", [o["key"] for o in s["options"]])
    all_codes = [q["code"] for q in doc.get("questions", [])]
    all_codes += [s["code"] for q in doc.get("questions", []) for s in q.get("sub_items", [])]
    all_codes += [item["code"] for item in doc.get("oit_items", [])]
    dupes("questions", all_codes)
    for q in doc.get("questions", []):
        ind = indicators.get(q["indicator"])
        if ind is None or ind["tool"] == "oit":
            problems.append(
                (f"questions[{q['code']}]", "ต้องอยู่ในตัวชี้วัด IIT/EIT (indicator must be IIT/EIT)")
            )
        if q["option_set"] not in option_sets:
            problems.append(
                (f"questions[{q['code']}]", f"ไม่มีชุดตัวเลือก '{q['option_set']}' (unknown option set)")
            )
    for item in doc.get("oit_items", []):
        ind = indicators.get(item["indicator"])
        if ind is None or ind["tool"] != "oit":
            problems.append(
                (f"oit_items[{item['code']}]", "ต้องอยู่ในตัวชี้วัด OIT (indicator must be OIT)")
            )
            continue
        subs = {s["code"] for s in ind.get("sub_indicators", [])}
        if item.get("sub_indicator") and item["sub_indicator"] not in subs:
            problems.append(
                (
                    f"oit_items[{item['code']}]",
                    f"ไม่มีตัวชี้วัดย่อย '{item['sub_indicator']}' (unknown sub-indicator)",
                )
            )
    problems += _year_rule_problems(doc)
    coverage = doc["coverage"]
    if coverage["questionnaire"]["status"] in ("known", "provisional"):
        for n, ind in indicators.items():
            if ind["tool"] != "oit" and not any(
                q["indicator"] == n for q in doc.get("questions", [])
            ):
                problems.append(
                    (f"indicators[{n}]", "แบบวัดระบุว่าครบ แต่ตัวชี้วัดนี้ไม่มีข้อคำถาม (no questions)")
                )
    if coverage["oit_items"]["status"] in ("known", "provisional"):
        for n, ind in indicators.items():
            if ind["tool"] == "oit" and not any(
                i["indicator"] == n for i in doc.get("oit_items", [])
            ):
                problems.append(
                    (f"indicators[{n}]", "รายการ OIT ระบุว่าครบ แต่ตัวชี้วัดนี้ไม่มีข้อ (no items)")
                )
    return problems


YEAR_RULE_WORDS = (
    "current (ปีงบประมาณปัจจุบัน), previous (ปีงบประมาณก่อน),"
    " current_or_covering (ปีปัจจุบันหรือแผนหลายปีที่ครอบคลุมปีนั้น)"
)


def _year_rule_problems(doc: dict) -> list[tuple[str, str]]:
    """Year rules name a known rule and a known item, and agree with `year_offset`."""
    problems: list[tuple[str, str]] = []
    items = {item["code"]: item for item in doc.get("oit_items", [])}
    block = doc.get("oit_year_rules", {})

    def known(where: str, rule: str) -> bool:
        if rule in YEAR_RULES:
            return True
        problems.append((where, f"ไม่รู้จักกฎปี '{rule}' ใช้ได้: {YEAR_RULE_WORDS} (unknown year rule)"))
        return False

    for code, entry in block.items():
        where = f"oit_year_rules.{code}"
        if code not in items:
            problems.append((where, f"ไม่มีข้อ OIT '{code}' ในเกณฑ์นี้ (unknown OIT item)"))
        known(where, entry["rule"])
    for code, item in items.items():
        where = f"oit_items[{code}]"
        own = item.get("year_rule")
        if own is not None and known(f"{where}.year_rule", own):
            if code in block and block[code]["rule"] != own:
                problems.append(
                    (
                        where,
                        f"กฎปี '{own}' ไม่ตรงกับ oit_year_rules ('{block[code]['rule']}')"
                        " (year rule conflicts with oit_year_rules)",
                    )
                )
        rule = block.get(code, {}).get("rule") or own
        if item.get("year_offset", 0) == -1 and rule in ("current", "current_or_covering"):
            problems.append(
                (
                    where,
                    f"year_offset: -1 (ปีก่อน) ขัดกับกฎปี '{rule}'"
                    " (year_offset -1 means the previous year: use the rule previous)",
                )
            )
    return problems


def year_rule_of(doc: dict, item: dict) -> str:
    """What an OIT item asks of its evidence's year: its rule in `oit_year_rules`, else its
    own `year_rule`, else `previous` for `year_offset: -1`, else `current`."""
    entry = doc.get("oit_year_rules", {}).get(item["code"])
    if entry:
        return entry["rule"]
    if item.get("year_rule"):
        return item["year_rule"]
    return "previous" if item.get("year_offset", 0) == -1 else "current"


def fold_year_rules(doc: dict) -> dict:
    """The document with each OIT item's `year_rule` set from the `oit_year_rules` block (kept,
    with its provenance) or from `year_offset`; an item whose rule is `previous` also gets
    `year_offset: -1`, so older readers keep working. Items without either are left as they
    are (their rule is `current`)."""
    for item in doc.get("oit_items", []):
        rule = year_rule_of(doc, item)
        if (
            rule != "current"
            or "year_rule" in item
            or item["code"] in doc.get("oit_year_rules", {})
        ):
            item["year_rule"] = rule
        if rule == "previous":
            item["year_offset"] = -1
    return doc


# ---------------------------------------------------------------- turning documents into objects


def checksum(doc: dict) -> str:
    """Content hash of a document, independent of YAML formatting and key order."""
    canonical = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _dec(value) -> Decimal:
    # via str: YAML gives floats, and Decimal(0.1) would carry binary error
    return Decimal(str(value))


def effective_options(doc: dict, question: dict) -> list[dict]:
    """A question's options with reverse-scoring applied (score → 100 − score)."""
    option_set = next(s for s in doc.get("option_sets", []) if s["code"] == question["option_set"])
    reverse = question.get("reverse", False)
    return [
        {
            "key": o["key"],
            "label": o["label"],
            "score": (100 - _dec(o["score"])) if reverse else _dec(o["score"]),
        }
        for o in option_set["options"]
    ]


def item_name(item: dict) -> str:
    """An OIT item's Thai name, or "" when the official name is not known (show the code alone)."""
    return item.get("name", {}).get("th", "")


def item_label(item: dict) -> str:
    """ "o3 ข้อมูลการติดต่อ", or just "o5" for an item whose name is not known."""
    return " ".join(p for p in (item["code"], item_name(item)) if p)


def confidence_of(node: dict, field: str) -> str:
    """How sure a node is of one of its fields: its own `field_confidence`, else the node's."""
    return node.get("field_confidence", {}).get(field, node["confidence"])


def to_criteria(doc: dict) -> Criteria:
    """Build the engine's view of a validated document."""
    tool_of = {i["number"]: i["tool"] for i in doc["indicators"]}
    questions = tuple(
        Question(
            code=q["code"],
            tool=tool_of[q["indicator"]],
            indicator=q["indicator"],
            text_th=q["text"]["th"],
            options=tuple(
                Option(o["key"], o["label"]["th"], o["score"]) for o in effective_options(doc, q)
            ),
            sub_items=tuple(s["code"] for s in q.get("sub_items", [])),
            reverse=q.get("reverse", False),
        )
        for q in doc.get("questions", [])
    )
    return Criteria(
        year=doc["year"],
        version=doc["version"],
        urn=doc["urn"],
        tools=tuple(
            Tool(t["code"], _dec(t["weight"]), tuple(p["part"] for p in t.get("parts", [])))
            for t in doc["tools"]
        ),
        indicators=tuple(
            Indicator(i["number"], i["tool"], i["name"]["th"], i["name"].get("en", ""))
            for i in sorted(doc["indicators"], key=lambda i: i["number"])
        ),
        questions=questions,
        oit_items=tuple(
            OitItem(item["code"], item["indicator"], item_name(item), item.get("sub_indicator"))
            for item in doc.get("oit_items", [])
        ),
        pass_threshold=_dec(doc["rating"]["pass_threshold"]),
        rating_bands=tuple(
            RatingBand(
                b["code"],
                b["label"]["th"],
                b["label"].get("en", ""),
                _dec(b["min_total"]),
                _dec(b["min_each_tool"]) if "min_each_tool" in b else None,
            )
            for b in doc["rating"]["bands"]
        ),
        questionnaire_status=doc["coverage"]["questionnaire"]["status"],
        oit_items_status=doc["coverage"]["oit_items"]["status"],
    )


def dump(doc: dict) -> dict:
    """The full document as JSON for other tools: URNs and effective option scores added."""
    base = doc["urn"]
    tool_of = {i["number"]: i["tool"] for i in doc["indicators"]}
    out = json.loads(json.dumps(doc, ensure_ascii=False))
    out["checksum"] = checksum(doc)
    for tool in out["tools"]:
        tool["urn"] = f"{base}:{tool['code']}"
    for ind in out["indicators"]:
        ind["urn"] = f"{base}:{ind['tool']}:ind{ind['number']}"
    for option_set in out.get("option_sets", []):
        option_set["urn"] = f"{base}:options:{option_set['code']}"
    for q, original in zip(out.get("questions", []), doc.get("questions", []), strict=True):
        q["tool"] = tool_of[q["indicator"]]
        q["urn"] = f"{base}:{q['tool']}:{q['code']}"
        q["options"] = [{**o, "score": float(o["score"])} for o in effective_options(doc, original)]
        for sub in q.get("sub_items", []):
            sub["urn"] = f"{base}:{q['tool']}:{sub['code']}"
    for item in out.get("oit_items", []):
        item["urn"] = f"{base}:oit:{item['code']}"
    return out


# ---------------------------------------------------------------- the built-in library


@dataclass(frozen=True)
class FrameworkInfo:
    """One criteria document as lists and pages show it."""

    urn: str
    year: int
    version: int
    name_th: str
    name_en: str
    builtin: bool
    questionnaire_status: str
    oit_items_status: str
    question_count: int
    oit_item_count: int
    owner: str = ""

    @classmethod
    def of(cls, doc: dict, *, builtin: bool, owner: str = "") -> FrameworkInfo:
        return cls(
            urn=doc["urn"],
            year=doc["year"],
            version=doc["version"],
            name_th=doc["name"]["th"],
            name_en=doc["name"].get("en", ""),
            builtin=builtin,
            questionnaire_status=doc["coverage"]["questionnaire"]["status"],
            oit_items_status=doc["coverage"]["oit_items"]["status"],
            question_count=len(doc.get("questions", [])),
            oit_item_count=len(doc.get("oit_items", [])),
            owner=owner,
        )


@cache
def builtin_documents() -> tuple[dict, ...]:
    """Every shipped criteria document, validated, newest version per year last."""
    docs = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        docs.append(parse_yaml(path.read_text(encoding="utf-8"), path.name))
    return tuple(sorted(docs, key=lambda d: (d["year"], d["version"])))


def builtin_frameworks() -> list[FrameworkInfo]:
    return [FrameworkInfo.of(doc, builtin=True) for doc in builtin_documents()]


def criteria_years() -> list[int]:
    """The fiscal years Prongsai ships criteria for, oldest first."""
    return sorted({doc["year"] for doc in builtin_documents()})


def year_to_draft(current_fiscal_year: int) -> int:
    """The year a new draft is offered for: the current fiscal year while no criteria are shipped
    for it, else the year after the newest shipped."""
    return max(current_fiscal_year, max(criteria_years()) + 1)


def builtin_document(year: int) -> dict | None:
    """The newest shipped version for a fiscal year, or None."""
    matches = [d for d in builtin_documents() if d["year"] == year]
    return matches[-1] if matches else None


@cache
def _criteria_for(urn: str, version: int, digest: str, payload: str) -> Criteria:
    return to_criteria(json.loads(payload))


def criteria_of(doc: dict) -> Criteria:
    """Engine criteria for a document, built once per content."""
    payload = json.dumps(doc, sort_keys=True, ensure_ascii=False)
    return _criteria_for(doc["urn"], doc["version"], checksum(doc), payload)
