"""Small hand-built criteria for engine tests: no files, no database."""

from __future__ import annotations

from decimal import Decimal

from prongsai.scoring.criteria import (
    Criteria,
    Indicator,
    OitItem,
    Option,
    Question,
    RatingBand,
    Tool,
)

D = Decimal
YES_NO = (Option("yes", "ใช่", D(100)), Option("no", "ไม่ใช่", D(0)))
LEVELS = (
    Option("most", "มากที่สุด", D(100)),
    Option("much", "มาก", D("66.67")),
    Option("little", "น้อย", D("33.33")),
    Option("least", "น้อยที่สุด", D(0)),
)
BANDS = (
    RatingBand("excellent", "ผ่านดีเยี่ยม", "", D(95), D(95)),
    RatingBand("good", "ผ่านดี", "", D(85), D(85)),
    RatingBand("pass", "ผ่าน", "", D(85)),
    RatingBand("improve", "ต้องปรับปรุง", "", D(70)),
    RatingBand("urgent", "ต้องปรับปรุงโดยด่วน", "", D(0)),
)


def tiny_criteria(*, grouped_oit: bool = True) -> Criteria:
    """Two IIT indicators (one with a two-part question), one EIT, one OIT with sub-indicators."""
    return Criteria(
        year=2599,
        version=1,
        urn="urn:prongsai:test:2599",
        tools=(Tool("iit", D(30)), Tool("eit", D(30), (1, 2)), Tool("oit", D(40))),
        indicators=(
            Indicator(1, "iit", "หนึ่ง"),
            Indicator(2, "iit", "สอง"),
            Indicator(3, "eit", "สาม"),
            Indicator(4, "oit", "สี่"),
        ),
        questions=(
            Question("i1", "iit", 1, "ข้อหนึ่ง", LEVELS),
            Question("i2", "iit", 1, "ข้อสอง", YES_NO, sub_items=("i2a", "i2b")),
            Question("i3", "iit", 2, "ข้อสาม", YES_NO),
            Question("e1", "eit", 3, "ข้ออี", YES_NO),
            Question("e2", "eit", 3, "ข้ออีสอง", LEVELS),
        ),
        oit_items=(
            OitItem("o1", 4, "หนึ่ง", "4.1" if grouped_oit else None),
            OitItem("o2", 4, "สอง", "4.1" if grouped_oit else None),
            OitItem("o3", 4, "สาม", "4.2" if grouped_oit else None),
        ),
        rating_bands=BANDS,
        questionnaire_status="known",
        oit_items_status="known",
    )
