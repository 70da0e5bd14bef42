"""The error answers every operation may give, described in the OpenAPI document, so clients
(and the Schemathesis test) know them: 400 for a refused body or ?year=, 401 without a valid
token or session, 403 for a write by a read-only token or role, 404 for anything outside one's
organisations, 429 past the rate."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "description": "DRF error: {'detail': …} or {field: [messages]}",
    "additionalProperties": True,
}
TEXTS = {
    "400": "ข้อมูลไม่ถูกต้อง แจ้งตามช่อง/แถว (invalid input, by field or row)",
    "401": "ไม่มีโทเค็นหรือโทเค็นใช้ไม่ได้ (no valid token or session)",
    "403": "โทเค็นหรือบทบาทนี้อ่านได้อย่างเดียว (read-only token or role)",
    "404": "ไม่พบ หรือไม่ใช่ของหน่วยงานที่เข้าถึงได้ (not found, or not one's organisation's)",
    "429": "เรียกถี่เกินกำหนด (too many requests)",
}
UNSAFE = {"post", "put", "patch", "delete"}


def error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: adds the error answers to each operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["401", "404", "429"]
            names = {p.get("name") for p in operation.get("parameters", [])}
            if "requestBody" in operation or "year" in names:
                codes.append("400")
            if method in UNSAFE:
                codes.append("403")
            for code in codes:
                operation["responses"].setdefault(
                    code,
                    {
                        "description": TEXTS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
