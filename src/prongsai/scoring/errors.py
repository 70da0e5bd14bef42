"""Input problems, reported Thai first and naming the row and column."""

from __future__ import annotations

from dataclasses import dataclass

MAX_REPORTED = 50  # enough to fix a file in one pass without drowning the reader


@dataclass(frozen=True)
class Problem:
    message_th: str
    message_en: str
    row: int | None = None  # 1-based data row as a spreadsheet shows it (header is row 1)
    column: str | None = None

    def __str__(self) -> str:
        where_th = where_en = ""
        if self.row is not None:
            where_th += f"แถว {self.row} "
            where_en += f"row {self.row} "
        if self.column:
            where_th += f"คอลัมน์ {self.column} "
            where_en += f"column {self.column} "
        prefix_th = f"{where_th.strip()}: " if where_th else ""
        prefix_en = f"{where_en.strip()}: " if where_en else ""
        return f"{prefix_th}{self.message_th} ({prefix_en}{self.message_en})"


class ScoringInputError(ValueError):
    """Raised with every problem found in an input; nothing is scored when it is raised."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems[:MAX_REPORTED]
        self.more = max(0, len(problems) - MAX_REPORTED)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        out = [str(p) for p in self.problems]
        if self.more:
            out.append(f"… และอีก {self.more} รายการ (… and {self.more} more)")
        return out


class ProblemList(list[Problem]):
    """Collects problems while an input is read, then raises them all at once."""

    def add(
        self, message_th: str, message_en: str, row: int | None = None, column: str | None = None
    ):
        self.append(Problem(message_th, message_en, row, column))

    def raise_if_any(self) -> None:
        if self:
            raise ScoringInputError(list(self))
