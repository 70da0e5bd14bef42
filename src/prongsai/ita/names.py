"""Names of a year's indicators, OIT items and ratings in the page's language.

The criteria documents carry English names (`name.en`, `label.en`) beside the Thai ones; the
engine keeps only the Thai. In an English page these give the English text, falling back to the
Thai where a document has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prongsai.language import english_page as english


@dataclass(frozen=True)
class Names:
    indicators: dict[int, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    ratings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, document: dict | None) -> Names:
        document = document or {}
        return cls(
            indicators={
                i["number"]: i.get("name", {}).get("en", "") for i in document.get("indicators", [])
            },
            items={
                i["code"]: i.get("name", {}).get("en", "") for i in document.get("oit_items", [])
            },
            ratings={
                b["code"]: b.get("label", {}).get("en", "")
                for b in document.get("rating", {}).get("bands", [])
            },
        )

    def indicator(self, number: int, thai: str) -> str:
        return (english() and self.indicators.get(number)) or thai

    def item(self, code: str, thai: str) -> str:
        """An OIT item's name; a question (no English text in the criteria) keeps its Thai."""
        return (english() and self.items.get(code)) or thai

    def rating(self, code: str | None, thai: str | None) -> str:
        return (english() and code and self.ratings.get(code)) or thai or ""
