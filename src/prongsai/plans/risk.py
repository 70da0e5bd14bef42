"""Risk matrices as data: the level of a likelihood × impact pair, and the matrix as a grid."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "risk-matrices.yaml"


@dataclass(frozen=True)
class Level:
    name: str
    min_score: int
    color: str


@dataclass(frozen=True)
class Matrix:
    code: str
    name: str
    likelihood: tuple[str, ...]
    impact: tuple[str, ...]
    levels: tuple[Level, ...]

    @property
    def size(self) -> int:
        return len(self.likelihood)

    def level(self, likelihood: int, impact: int) -> Level:
        """The level of a 1-based likelihood and impact; ValueError outside the matrix."""
        if not (1 <= likelihood <= len(self.likelihood) and 1 <= impact <= len(self.impact)):
            raise ValueError(
                f"โอกาส {likelihood} และผลกระทบ {impact} ต้องอยู่ระหว่าง 1 ถึง {self.size} "
                f"(likelihood and impact must be 1–{self.size})"
            )
        score = likelihood * impact
        return next(level for level in self.levels if score >= level.min_score)

    def grid(self) -> list[list[Level]]:
        """Rows from the highest likelihood down, columns by impact: the heat map's cells."""
        return [
            [self.level(li, im) for im in range(1, len(self.impact) + 1)]
            for li in range(len(self.likelihood), 0, -1)
        ]


@cache
def matrices() -> dict[str, Matrix]:
    doc = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {
        m["code"]: Matrix(
            m["code"],
            m["name"],
            tuple(m["likelihood"]),
            tuple(m["impact"]),
            tuple(Level(lv["name"], lv["min_score"], lv["color"]) for lv in m["levels"]),
        )
        for m in doc["matrices"]
    }


def matrix(code: str) -> Matrix:
    try:
        return matrices()[code]
    except KeyError:
        raise ValueError(f"ไม่มีเมทริกซ์ความเสี่ยง '{code}' (unknown risk matrix)") from None
