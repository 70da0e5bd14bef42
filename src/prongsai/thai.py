"""Thai formatting helpers for official documents.

A thin wrapper around PyThaiNLP that fixes the parts official paperwork cares about:
Buddhist-era dates, the October-to-September fiscal year, Thai digits and amounts in
baht written out in words.

Money is handled as :class:`~decimal.Decimal` only. Floats are rejected on purpose:
``1.005`` as a float is really ``1.00499999...`` and would round to the wrong satang.

This module must not import Django so it can be used (and tested) anywhere.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from pythainlp.util import (
    arabic_digit_to_thai_digit,
    num_to_thaiword,
    thai_digit_to_arabic_digit,
)

try:  # The month lists live in a submodule that pythainlp.util does not re-export.
    from pythainlp.util.date import thai_abbr_months, thai_full_months
except ImportError:  # pragma: no cover - only if PyThaiNLP moves them
    thai_full_months = [
        "มกราคม",
        "กุมภาพันธ์",
        "มีนาคม",
        "เมษายน",
        "พฤษภาคม",
        "มิถุนายน",
        "กรกฎาคม",
        "สิงหาคม",
        "กันยายน",
        "ตุลาคม",
        "พฤศจิกายน",
        "ธันวาคม",
    ]
    thai_abbr_months = [
        "ม.ค.",
        "ก.พ.",
        "มี.ค.",
        "เม.ย.",
        "พ.ค.",
        "มิ.ย.",
        "ก.ค.",
        "ส.ค.",
        "ก.ย.",
        "ต.ค.",
        "พ.ย.",
        "ธ.ค.",
    ]

__all__ = [
    "bahttext",
    "buddhist_year",
    "fiscal_year",
    "fiscal_year_bounds",
    "fiscal_year_period",
    "format_baht",
    "format_score",
    "thai_date",
    "thai_month_year",
    "to_arabic_digits",
    "to_satang",
    "to_thai_digits",
]

BE_OFFSET = 543
# Sanity range for Buddhist-era years: catches a Gregorian year passed by mistake.
_MIN_BE_YEAR = 2400
_MAX_BE_YEAR = 2700

_CENT = Decimal("0.01")
# Only accept well-formed thousands grouping, so "1,2,3" is not silently read as 123.
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


# --- digits -------------------------------------------------------------------------


def to_thai_digits(value: object) -> str:
    """Return ``str(value)`` with Arabic digits 0-9 replaced by Thai digits ๐-๙.

    All other characters are left untouched.
    """
    return arabic_digit_to_thai_digit(str(value))


def to_arabic_digits(text: str) -> str:
    """Return ``text`` with Thai digits ๐-๙ replaced by Arabic digits 0-9."""
    return thai_digit_to_arabic_digit(text)


def _digits(text: str, thai_digits: bool) -> str:
    return to_thai_digits(text) if thai_digits else text


# --- years and dates ----------------------------------------------------------------


def buddhist_year(d: date | datetime | int) -> int:
    """Return the Buddhist-era year (Gregorian year + 543).

    An ``int`` is taken as a Gregorian year.
    """
    # bool is an int subclass; True -> 544 would be a silent bug.
    if isinstance(d, bool):
        raise TypeError("buddhist_year() expects a date, datetime or int year, not bool")
    if isinstance(d, date):  # also covers datetime
        return d.year + BE_OFFSET
    if isinstance(d, int):
        return d + BE_OFFSET
    raise TypeError(f"buddhist_year() expects a date, datetime or int, not {type(d).__name__}")


def _check_date(d: object, func: str) -> date:
    if not isinstance(d, date):
        raise TypeError(f"{func}() expects a date or datetime, not {type(d).__name__}")
    return d


def fiscal_year(d: date) -> int:
    """Return the Thai government fiscal year (Buddhist era) that contains ``d``.

    The fiscal year runs 1 October - 30 September and is named after the year in
    which it ends: FY 2568 is 1 Oct 2024 (พ.ศ. 2567) - 30 Sep 2025.
    """
    d = _check_date(d, "fiscal_year")
    year = d.year + 1 if d.month >= 10 else d.year
    return year + BE_OFFSET


def fiscal_year_bounds(fy_be: int) -> tuple[date, date]:
    """Return ``(first_day, last_day)`` of the Buddhist-era fiscal year ``fy_be``.

    Raises ``ValueError`` for years outside 2400-2700, which almost always means a
    Gregorian year was passed by mistake.
    """
    if isinstance(fy_be, bool) or not isinstance(fy_be, int):
        raise TypeError(f"fiscal_year_bounds() expects an int, not {type(fy_be).__name__}")
    if not _MIN_BE_YEAR <= fy_be <= _MAX_BE_YEAR:
        raise ValueError(
            f"fiscal_year_bounds() expects a Buddhist-era year "
            f"({_MIN_BE_YEAR}-{_MAX_BE_YEAR}), got {fy_be}"
        )
    gregorian_end = fy_be - BE_OFFSET
    return date(gregorian_end - 1, 10, 1), date(gregorian_end, 9, 30)


def thai_date(d: date, *, style: str = "long", thai_digits: bool = True) -> str:
    """Format a date the way Thai official documents do.

    ``style="long"``: ``"1 ตุลาคม 2567"`` (full month name, 4-digit BE year).
    ``style="short"``: ``"1 ต.ค. 67"`` (abbreviated month, 2-digit BE year).
    The day never has a leading zero. With ``thai_digits=True`` (the default for
    official documents) digits are Thai: ``"๑ ตุลาคม ๒๕๖๗"``.
    """
    d = _check_date(d, "thai_date")
    year = buddhist_year(d)
    # Built by hand rather than with thai_strftime: "%-d" is platform-dependent in
    # strftime and we need exact control over padding.
    if style == "long":
        text = f"{d.day} {thai_full_months[d.month - 1]} {year}"
    elif style == "short":
        text = f"{d.day} {thai_abbr_months[d.month - 1]} {year % 100:02d}"
    else:
        raise ValueError(f"style must be 'long' or 'short', got {style!r}")
    return _digits(text, thai_digits)


def thai_month_year(d: date, *, short: bool = False, thai_digits: bool = True) -> str:
    """Format month and Buddhist-era year: ``"ตุลาคม ๒๕๖๘"`` or ``"ต.ค. ๒๕๖๘"``.

    The year is always written in full, also with ``short=True``, because this is used
    for reporting periods where a 2-digit year would be ambiguous.
    """
    d = _check_date(d, "thai_month_year")
    months = thai_abbr_months if short else thai_full_months
    return _digits(f"{months[d.month - 1]} {buddhist_year(d)}", thai_digits)


ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def english_be_date(d: date, *, short: bool = False) -> str:
    """A date for English pages, the year still Buddhist-era: ``"1 October 2568"``
    (``short``: ``"1 Oct 2568"``), so figures match the Thai pages and documents."""
    d = _check_date(d, "english_be_date")
    month = ENGLISH_MONTHS[d.month - 1]
    return f"{d.day} {month[:3] if short else month} {buddhist_year(d)}"


def english_be_month(d: date) -> str:
    """``"Oct 2568"``: month and Buddhist-era year for English pages."""
    d = _check_date(d, "english_be_month")
    return f"{ENGLISH_MONTHS[d.month - 1][:3]} {buddhist_year(d)}"


def fiscal_year_period(fy_be: int, *, thai_digits: bool = True) -> str:
    """Describe a fiscal year as a period: ``"ต.ค. ๒๕๖๗ – ก.ย. ๒๕๖๘"`` for 2568."""
    start, end = fiscal_year_bounds(fy_be)
    return (
        f"{thai_month_year(start, short=True, thai_digits=thai_digits)}"
        f" \u2013 "  # en dash with spaces (house style for periods)
        f"{thai_month_year(end, short=True, thai_digits=thai_digits)}"
    )


# --- money --------------------------------------------------------------------------


def _to_decimal(value: Decimal | int | str, func: str) -> Decimal:
    """Convert ``value`` to a finite Decimal, refusing floats and bools."""
    if isinstance(value, bool):
        raise TypeError(f"{func}() does not accept bool")
    if isinstance(value, float):
        raise TypeError(
            f"{func}() does not accept float: floats carry binary rounding error "
            f"(1.005 is really 1.00499...). Pass a Decimal or a str such as '1.005'."
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        text = to_arabic_digits(value.strip())
        if "," in text:
            if not _GROUPED_NUMBER.fullmatch(text):
                raise ValueError(f"{func}(): malformed thousands separators in {value!r}")
            text = text.replace(",", "")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{func}(): not a number: {value!r}") from None
    else:
        raise TypeError(f"{func}() expects a Decimal, int or str, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{func}() expects a finite amount, got {value!r}")
    return result


def _quantize_half_up(value: Decimal) -> Decimal:
    # Raise precision for huge values so quantize() cannot fail with InvalidOperation.
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() + 4)
        result = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    # Normalise -0.00 to 0.00 so nothing ever prints "-0.00" or "ลบศูนย์บาท".
    return result.copy_abs() if result.is_zero() else result


def to_satang(amount: Decimal | int | str) -> Decimal:
    """Return ``amount`` as a Decimal rounded to whole satang (0.01), half-up.

    Accepts Decimal, int or str (``"1,234.50"`` with thousands commas is fine).
    Halves round away from zero: ``1.005 -> 1.01``, ``-1.005 -> -1.01``.
    Raises ``TypeError`` for float and bool, ``ValueError`` for NaN/Infinity or an
    unparsable string.
    """
    return _quantize_half_up(_to_decimal(amount, "to_satang"))


def bahttext(amount: Decimal | int | str) -> str:
    """Write an amount of money in Thai words, as on cheques and official forms.

    ``Decimal("1234.56")`` -> ``"หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบหกสตางค์"``,
    ``100`` -> ``"หนึ่งร้อยบาทถ้วน"``, ``0`` -> ``"ศูนย์บาทถ้วน"``,
    ``Decimal("0.50")`` -> ``"ห้าสิบสตางค์"`` (no baht part below one baht).
    The amount is first rounded half-up to whole satang; negatives get ``"ลบ"``.
    """
    value = _quantize_half_up(_to_decimal(amount, "bahttext"))
    # Work in integer satang from here on: exact, and no float anywhere. The value has
    # exactly two decimal places, so its digits are the satang count.
    sign, digits, _exponent = value.as_tuple()
    total_satang = int("".join(map(str, digits))) * (-1 if sign else 1)
    baht, satang = divmod(abs(total_satang), 100)

    if satang == 0:
        words = f"{num_to_thaiword(baht)}บาทถ้วน"
    elif baht == 0:
        # PyThaiNLP's bahttext writes "ศูนย์บาทห้าสิบสตางค์" here; forms omit the baht part.
        words = f"{num_to_thaiword(satang)}สตางค์"
    else:
        words = f"{num_to_thaiword(baht)}บาท{num_to_thaiword(satang)}สตางค์"
    return f"ลบ{words}" if total_satang < 0 else words


def format_baht(amount: Decimal | int | str, *, thai_digits: bool = False) -> str:
    """Format money as ``"1,234.50"``: thousands separators, 2 decimals, half-up."""
    value = _quantize_half_up(_to_decimal(amount, "format_baht"))
    return _digits(f"{value:,.2f}", thai_digits)


def format_score(value: Decimal | int | str, *, thai_digits: bool = False) -> str:
    """Format a score with 2 decimals, half-up and no grouping: ``"91.47"``."""
    result = _quantize_half_up(_to_decimal(value, "format_score"))
    return _digits(f"{result:.2f}", thai_digits)


# --- one document's way of writing --------------------------------------------------

# "พ.ศ. ๒๕๖๘" must not break between its two words: a no-break space holds them together.
NBSP = "\u00a0"


class Formatter:
    """Numbers, money, dates and years as one document prints them: Thai or Arabic digits
    throughout, as the organisation asks (thai-official-documents.md: one kind per document)."""

    def __init__(self, thai_digits: bool = True):
        self.thai_digits = thai_digits

    def digits(self, value: object) -> str:
        return _digits(str(value), self.thai_digits)

    def number(self, value: Decimal | int, places: int = 0) -> str:
        """``1,234`` or, with places, ``1,234.50`` (half-up)."""
        quantum = Decimal(1).scaleb(-places)
        rounded = _to_decimal(value, "number").quantize(quantum, rounding=ROUND_HALF_UP)
        return self.digits(f"{rounded:,.{places}f}")

    def score(self, value: Decimal | int | str | None) -> str:
        return "–" if value is None else format_score(value, thai_digits=self.thai_digits)

    def baht(self, amount: Decimal | int | str) -> str:
        return format_baht(amount, thai_digits=self.thai_digits)

    def baht_words(self, amount: Decimal | int | str) -> str:
        """``"๒๐,๐๐๐.๐๐ บาท (สองหมื่นบาทถ้วน)"``, as totals are written."""
        return f"{self.baht(amount)} บาท ({bahttext(amount)})"

    def date(self, value: date | None, style: str = "long") -> str:
        return thai_date(value, style=style, thai_digits=self.thai_digits) if value else ""

    def be(self, year: int) -> str:
        """``"พ.ศ. ๒๕๖๘"`` held on one line."""
        return f"พ.ศ.{NBSP}{self.digits(year)}"

    def fiscal_year(self, year: int) -> str:
        """``"ปีงบประมาณ พ.ศ. ๒๕๖๘"``."""
        return f"ปีงบประมาณ {self.be(year)}"

    def years(self, first: int, last: int) -> str:
        """``"พ.ศ. ๒๕๖๖ – ๒๕๗๐"`` (one year: ``"พ.ศ. ๒๕๖๘"``)."""
        if first == last:
            return self.be(first)
        return f"{self.be(first)} – {self.digits(last)}"

    def period(self, year: int) -> str:
        return fiscal_year_period(year, thai_digits=self.thai_digits)
