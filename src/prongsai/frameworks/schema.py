"""JSON Schema of an ITA criteria file (one YAML file per fiscal year).

Every node that states a fact carries its provenance: `source` (URL or seed file) and
`confidence` as shared/reference/ita-method.md tags it. A node whose facts are not equally sure
names the exceptions in `field_confidence` (e.g. an OIT item whose name is secondary but whose
indicator is inferred: `confidence: secondary, field_confidence: {indicator: inferred}`).
EIT parts may carry their own `source`/`confidence`/`note`; OIT components are rated together
through their item's `field_confidence: {components: …}` (one Excel cell per item holds them),
with `components_status` and `components_source` saying how much is known and from where.
An OIT item whose official name is not known has no `name`: it is shown by its code alone.
"""

from __future__ import annotations

# provisional: copied by an organisation from the previous year into a draft nobody has published
CONFIDENCE = ["confirmed", "secondary", "inferred", "unknown", "provisional"]
STATUS = ["known", "provisional", "partial", "unknown"]
COMPONENTS_STATUS = ["known", "partial", "inferred", "unknown"]
# What an OIT item asks of the years its evidence names (oit/extract.py judges them):
#   current: the fiscal year (or a later one; October–December of the year before opens it);
#   previous: the previous fiscal year (a report of the year that has ended);
#   current_or_covering: as current, or a multi-year plan whose range covers the fiscal year.
YEAR_RULES = ("current", "previous", "current_or_covering")

_text = {
    "type": "object",
    "required": ["th"],
    "properties": {"th": {"type": "string", "minLength": 1}, "en": {"type": "string"}},
    "additionalProperties": False,
}
_provenance = {
    "source": {"type": "string", "minLength": 1},
    "confidence": {"enum": CONFIDENCE},
    "note": {"type": "string"},
}
_sub_provenance = dict(_provenance)  # optional on the parts of a node (not required)
_code = {"type": "string", "pattern": r"^[a-z][a-z0-9_.\-]*$"}
_score = {"type": "number", "minimum": 0, "maximum": 100}


def _node(required: list[str], properties: dict) -> dict:
    field_confidence = {
        "type": "object",
        "propertyNames": {"enum": sorted(properties)},
        "additionalProperties": {"enum": CONFIDENCE},
    }
    return {
        "type": "object",
        "required": [*required, "source", "confidence"],
        "properties": {**properties, **_provenance, "field_confidence": field_confidence},
        "additionalProperties": False,
    }


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["urn", "year", "version", "name", "tools", "indicators", "rating", "coverage"],
    "additionalProperties": False,
    "properties": {
        "urn": {"type": "string", "pattern": r"^urn:prongsai:[a-z0-9:\-]+$"},
        "year": {"type": "integer", "minimum": 2550, "maximum": 2700},
        "version": {"type": "integer", "minimum": 1},
        "name": _text,
        "description": _text,
        "publication_date": {"type": "string"},
        **_provenance,
        "coverage": {
            "type": "object",
            "required": ["questionnaire", "oit_items"],
            "additionalProperties": False,
            "properties": {
                key: _node(
                    ["status"],
                    {
                        "status": {"enum": STATUS},
                        # how many questions/items a source counts, when their texts are not known
                        "counts": {
                            "type": "object",
                            "propertyNames": {"enum": ["iit", "eit", "oit"]},
                            "additionalProperties": {"type": "integer", "minimum": 1},
                        },
                    },
                )
                for key in ("questionnaire", "oit_items")
            },
        },
        "tools": {
            "type": "array",
            "minItems": 1,
            "items": _node(
                ["code", "weight", "name"],
                {
                    "code": {"enum": ["iit", "eit", "oit"]},
                    "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
                    "name": _text,
                    "parts": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["part", "name"],
                            "properties": {
                                "part": {"type": "integer"},
                                "name": _text,
                                **_sub_provenance,
                            },
                            "additionalProperties": False,
                        },
                    },
                },
            ),
        },
        "indicators": {
            "type": "array",
            "minItems": 1,
            "items": _node(
                ["number", "tool", "name"],
                {
                    "number": {"type": "integer", "minimum": 1},
                    "tool": {"enum": ["iit", "eit", "oit"]},
                    "name": _text,
                    "sub_indicators": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "name"],
                            "properties": {"code": {"type": "string"}, "name": _text},
                            "additionalProperties": False,
                        },
                    },
                },
            ),
        },
        "option_sets": {
            "type": "array",
            "items": _node(
                ["code", "name", "options"],
                {
                    "code": _code,
                    "name": _text,
                    "options": {
                        "type": "array",
                        "minItems": 2,
                        "items": {
                            "type": "object",
                            "required": ["key", "label", "score"],
                            "properties": {"key": _code, "label": _text, "score": _score},
                            "additionalProperties": False,
                        },
                    },
                },
            ),
        },
        "questions": {
            "type": "array",
            "items": _node(
                ["code", "indicator", "text", "option_set"],
                {
                    "code": _code,
                    "indicator": {"type": "integer"},
                    "text": _text,
                    "option_set": _code,
                    "reverse": {"type": "boolean"},
                    "sub_items": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "text"],
                            "properties": {"code": _code, "text": _text},
                            "additionalProperties": False,
                        },
                    },
                },
            ),
        },
        "oit_items": {
            "type": "array",
            "items": _node(
                ["code", "indicator"],
                {
                    "code": _code,
                    "indicator": {"type": "integer"},
                    "sub_indicator": {"type": ["string", "null"]},
                    "name": _text,  # absent when the official name is not known
                    # -1: the evidence is the previous fiscal year's report (oit/checker.py)
                    "year_offset": {"type": "integer", "minimum": -1, "maximum": 0},
                    # one of YEAR_RULES; folded in from `oit_year_rules` by the loader
                    "year_rule": {"type": "string"},
                    "components": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "text"],
                            "properties": {
                                "code": _code,
                                "text": _text,
                                "keywords": {"type": "array", "items": {"type": "string"}},
                            },
                            "additionalProperties": False,
                        },
                    },
                    # How much of what the item must show is known: known (NACC wording as
                    # copied), partial (part of it), inferred (from the item's name or another
                    # year), unknown (no components: only reachability, main website and year
                    # are checked). `components_source` says where the components come from.
                    "components_status": {"enum": COMPONENTS_STATUS},
                    "components_source": {"type": "string", "minLength": 1},
                },
            ),
        },
        # Per OIT item code, the year its evidence must name, with its provenance; a block of its
        # own at the end of the file, folded into the items by the loader (library.py).
        "oit_year_rules": {
            "type": "object",
            "propertyNames": _code,
            "additionalProperties": {
                "type": "object",
                "required": ["rule", "source", "confidence"],
                "properties": {"rule": {"type": "string"}, **_provenance},
                "additionalProperties": False,
            },
        },
        "rating": _node(
            ["pass_threshold", "bands"],
            {
                "pass_threshold": _score,
                "bands": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["code", "label", "min_total"],
                        "properties": {
                            "code": _code,
                            "label": _text,
                            "min_total": _score,
                            "min_each_tool": _score,
                        },
                        "additionalProperties": False,
                    },
                },
            },
        ),
        "sample_sizes": {
            "type": "array",
            "items": _node(
                ["tool", "org_group", "minimum"],
                {
                    "tool": {"enum": ["iit", "eit", "oit"]},
                    "part": {"type": "integer"},
                    "org_group": _text,
                    "org_type": {"type": "string"},
                    "size": {"enum": ["S", "M", "L"]},
                    "minimum": {"type": "integer", "minimum": 1},
                },
            ),
        },
    },
}
