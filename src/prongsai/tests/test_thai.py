"""Tests for prongsai.thai (pure Python: no Django, no database)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pythainlp.util import bahttext as pythainlp_bahttext

from prongsai.thai import (
    bahttext,
    buddhist_year,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_period,
    format_baht,
    format_score,
    thai_date,
    thai_month_year,
    to_arabic_digits,
    to_satang,
    to_thai_digits,
)

# --- a strict Thai-number-words parser, for the round-trip property only -------------
#
# It accepts exactly the canonical forms (สิบ not หนึ่งสิบ, ยี่สิบ not สองสิบ, เอ็ด for a
# trailing one after a higher place) and raises on anything else, so a round trip proves
# the words are both well-formed and numerically right.

_DIGIT_WORDS = {
    "หนึ่ง": 1,
    "สอง": 2,
    "สาม": 3,
    "สี่": 4,
    "ห้า": 5,
    "หก": 6,
    "เจ็ด": 7,
    "แปด": 8,
    "เก้า": 9,
}
_PLACES = [("แสน", 100_000), ("หมื่น", 10_000), ("พัน", 1_000), ("ร้อย", 100), ("สิบ", 10)]


def _take_digit(text: str, pos: int) -> tuple[int | None, int]:
    for word, value in _DIGIT_WORDS.items():
        if text.startswith(word, pos):
            return value, pos + len(word)
    return None, pos


def _parse_block(text: str, preceded: bool) -> int:
    """Parse a group below one million. ``preceded``: other words come before it."""
    pos, total = 0, 0
    for place_word, place_value in _PLACES:
        if place_value == 10:
            # Tens: bare สิบ = 10, ยี่สิบ = 20, สามสิบ..เก้าสิบ; never หนึ่งสิบ/สองสิบ.
            if text.startswith("ยี่สิบ", pos):
                total, pos = total + 20, pos + len("ยี่สิบ")
                continue
            if text.startswith("สิบ", pos):
                total, pos = total + 10, pos + len("สิบ")
                continue
        digit, after = _take_digit(text, pos)
        if digit is not None and text.startswith(place_word, after):
            if place_value == 10 and digit in (1, 2):
                raise ValueError(f"non-canonical tens in {text!r}")
            total, pos = total + digit * place_value, after + len(place_word)
    rest = text[pos:]
    if rest == "":
        return total
    if rest == "เอ็ด":
        if not (preceded or total):
            raise ValueError(f"เอ็ด with nothing before it in {text!r}")
        return total + 1
    if rest == "หนึ่ง" and (preceded or total):
        raise ValueError(f"expected เอ็ด, got หนึ่ง in {text!r}")
    if rest in _DIGIT_WORDS:
        return total + _DIGIT_WORDS[rest]
    raise ValueError(f"cannot parse {rest!r} in {text!r}")


def parse_thai_number(text: str) -> int:
    """Thai number words (non-negative) -> int, e.g. 'หนึ่งล้านเอ็ด' -> 1000001."""
    if text == "ศูนย์":
        return 0
    blocks = text.split("ล้าน")
    if blocks[0] == "":
        raise ValueError(f"number cannot start with ล้าน: {text!r}")
    value = 0
    for i, block in enumerate(blocks):
        # Only the final block gets the "เอ็ด after earlier words" rule (PyThaiNLP's rule).
        preceded = i > 0 and i == len(blocks) - 1
        value = value * 1_000_000 + _parse_block(block, preceded)
    if value == 0:
        raise ValueError(f"zero must be written ศูนย์: {text!r}")
    return value


def parse_bahttext(text: str) -> int:
    """Thai baht words -> signed amount in satang."""
    sign = 1
    if text.startswith("ลบ"):
        sign, text = -1, text[len("ลบ") :]
    if text.endswith("บาทถ้วน"):
        baht, satang = parse_thai_number(text[: -len("บาทถ้วน")]), 0
    elif text.endswith("สตางค์"):
        body = text[: -len("สตางค์")]
        if "บาท" in body:
            baht_words, satang_words = body.split("บาท")
            baht = parse_thai_number(baht_words)
            assert baht > 0, "below one baht the baht part must be omitted"
        else:
            baht, satang_words = 0, body
        satang = parse_thai_number(satang_words)
        assert 1 <= satang <= 99
    else:
        raise ValueError(f"not baht text: {text!r}")
    total = baht * 100 + satang
    assert not (sign < 0 and total == 0), "no negative zero"
    return sign * total


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ศูนย์", 0),
        ("หนึ่ง", 1),
        ("สิบเอ็ด", 11),
        ("ยี่สิบเอ็ด", 21),
        ("หนึ่งร้อยเอ็ด", 101),
        ("หนึ่งล้านเอ็ด", 1_000_001),
        ("ยี่สิบเอ็ดล้าน", 21_000_000),
        ("หนึ่งล้านล้าน", 10**12),
    ],
)
def test_parser_itself(text: str, expected: int) -> None:
    assert parse_thai_number(text) == expected


@pytest.mark.parametrize("text", ["หนึ่งสิบ", "สองสิบ", "สิบหนึ่ง", "เอ็ด", "ล้าน", "สิบสิบ"])
def test_parser_rejects_non_canonical_words(text: str) -> None:
    with pytest.raises(ValueError):
        parse_thai_number(text)


# --- digits -------------------------------------------------------------------------


def test_to_thai_digits() -> None:
    assert to_thai_digits(2568) == "๒๕๖๘"
    assert to_thai_digits("ปี 2568, ข้อ 1.5") == "ปี ๒๕๖๘, ข้อ ๑.๕"
    assert to_thai_digits(Decimal("-10.50")) == "-๑๐.๕๐"
    assert to_thai_digits("") == ""


def test_to_arabic_digits() -> None:
    assert to_arabic_digits("๑ ต.ค. ๖๗") == "1 ต.ค. 67"
    assert to_arabic_digits("abc") == "abc"


@given(st.text())
def test_digit_round_trip(text: str) -> None:
    # Only Arabic digits become Thai, so a text without Thai digits round-trips.
    text = to_arabic_digits(text)
    assert to_arabic_digits(to_thai_digits(text)) == text


@given(st.text())
def test_thai_digits_leave_other_characters_alone(text: str) -> None:
    converted = to_thai_digits(text)
    assert len(converted) == len(text)
    for before, after in zip(text, converted, strict=True):
        if before in "0123456789":
            assert after == "๐๑๒๓๔๕๖๗๘๙"[int(before)]
        else:
            assert after == before


# --- years and dates ----------------------------------------------------------------


def test_buddhist_year() -> None:
    assert buddhist_year(date(2024, 10, 1)) == 2567
    assert buddhist_year(datetime(2025, 1, 1, 0, 0)) == 2568
    assert buddhist_year(2025) == 2568


def test_buddhist_year_rejects_bool_and_junk() -> None:
    with pytest.raises(TypeError):
        buddhist_year(True)
    with pytest.raises(TypeError):
        buddhist_year("2025")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2024, 9, 30), 2567),
        (date(2024, 10, 1), 2568),
        (date(2025, 1, 1), 2568),
        (date(2025, 9, 30), 2568),
        (date(2025, 10, 1), 2569),
        (datetime(2025, 9, 30, 23, 59, 59), 2568),
    ],
)
def test_fiscal_year_boundaries(d: date, fy: int) -> None:
    assert fiscal_year(d) == fy


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))
    assert fiscal_year_bounds(2400) == (date(1856, 10, 1), date(1857, 9, 30))
    assert fiscal_year_bounds(2700) == (date(2156, 10, 1), date(2157, 9, 30))


@pytest.mark.parametrize("fy", [2025, 2399, 2701, 0, -2568])
def test_fiscal_year_bounds_rejects_non_buddhist_years(fy: int) -> None:
    with pytest.raises(ValueError, match="Buddhist-era"):
        fiscal_year_bounds(fy)


def test_fiscal_year_bounds_rejects_non_int() -> None:
    with pytest.raises(TypeError):
        fiscal_year_bounds("2568")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fiscal_year_bounds(True)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
@example(date(2157, 9, 30))  # last day of FY 2700, the top of the accepted range
@example(date(2157, 10, 1))  # first day of FY 2701, just outside it
def test_fiscal_year_bounds_contain_the_date(d: date) -> None:
    fy = fiscal_year(d)
    if fy > 2700:
        # fiscal_year_bounds only accepts 2400-2700 (dates up to 30 Sep 2157).
        with pytest.raises(ValueError):
            fiscal_year_bounds(fy)
        return
    start, end = fiscal_year_bounds(fy)
    assert start <= d <= end
    # The bounds are exactly one fiscal year, and neighbours belong to other years.
    assert fiscal_year(start) == fiscal_year(end) == fy
    assert fiscal_year(start - timedelta(days=1)) == fy - 1
    assert fiscal_year(end + timedelta(days=1)) == fy + 1


def test_thai_date_long_and_short() -> None:
    d = date(2024, 10, 1)
    assert thai_date(d, thai_digits=False) == "1 ตุลาคม 2567"
    assert thai_date(d) == "๑ ตุลาคม ๒๕๖๗"
    assert thai_date(d, style="short", thai_digits=False) == "1 ต.ค. 67"
    assert thai_date(d, style="short") == "๑ ต.ค. ๖๗"


def test_thai_date_details() -> None:
    # No leading zero on the day; two-digit year keeps its leading zero.
    assert thai_date(date(2025, 2, 5), thai_digits=False) == "5 กุมภาพันธ์ 2568"
    assert thai_date(date(1957, 12, 31), style="short", thai_digits=False) == "31 ธ.ค. 00"
    assert thai_date(datetime(2025, 7, 15, 13, 30), thai_digits=False) == "15 กรกฎาคม 2568"


def test_thai_date_rejects_unknown_style() -> None:
    with pytest.raises(ValueError):
        thai_date(date(2024, 10, 1), style="medium")


def test_thai_month_year() -> None:
    d = date(2025, 10, 15)
    assert thai_month_year(d, thai_digits=False) == "ตุลาคม 2568"
    assert thai_month_year(d, short=True, thai_digits=False) == "ต.ค. 2568"
    assert thai_month_year(d, short=True) == "ต.ค. ๒๕๖๘"


def test_fiscal_year_period() -> None:
    assert fiscal_year_period(2568) == "ต.ค. ๒๕๖๗ \u2013 ก.ย. ๒๕๖๘"
    assert fiscal_year_period(2569, thai_digits=False) == "ต.ค. 2568 \u2013 ก.ย. 2569"
    with pytest.raises(ValueError):
        fiscal_year_period(2025)


# --- money: to_satang ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1.005"), Decimal("1.01")),
        (Decimal("1.004"), Decimal("1.00")),
        (Decimal("-1.005"), Decimal("-1.01")),
        (Decimal("2.5"), Decimal("2.50")),
        (7, Decimal("7.00")),
        ("1,234.50", Decimal("1234.50")),
        ("1,234,567.895", Decimal("1234567.90")),
        (" 42 ", Decimal("42.00")),
        ("๑๒.๕", Decimal("12.50")),
        (Decimal("-0.001"), Decimal("0.00")),
        (Decimal("1E+3"), Decimal("1000.00")),
    ],
)
def test_to_satang_examples(amount: Decimal | int | str, expected: Decimal) -> None:
    result = to_satang(amount)
    assert result == expected
    assert result.as_tuple().exponent == -2


def test_to_satang_never_returns_negative_zero() -> None:
    assert not to_satang(Decimal("-0.004")).is_signed()


def test_float_is_rejected_with_helpful_message() -> None:
    for func in (to_satang, bahttext, format_baht, format_score):
        with pytest.raises(TypeError, match="Decimal or a str"):
            func(1.005)  # type: ignore[arg-type]


def test_bool_and_other_types_are_rejected() -> None:
    with pytest.raises(TypeError):
        to_satang(True)
    with pytest.raises(TypeError):
        to_satang(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "amount", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), "-Infinity", "nan"]
)
def test_non_finite_is_rejected(amount: Decimal | str) -> None:
    with pytest.raises(ValueError):
        to_satang(amount)


@pytest.mark.parametrize("amount", ["", "abc", "1,2,3", "12,34.5", "1.2.3", ",100"])
def test_bad_strings_are_rejected(amount: str) -> None:
    with pytest.raises(ValueError):
        to_satang(amount)


@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(0, 6))
def test_to_satang_matches_integer_reference(units: int, places: int) -> None:
    amount = Decimal(units).scaleb(-places)
    # Reference with integers only: amount = units / 10**places; round half away from
    # zero to hundredths.
    magnitude = abs(units) * 100
    scale = 10**places
    quotient, remainder = divmod(magnitude, scale)
    if 2 * remainder >= scale:
        quotient += 1
    expected = -quotient if units < 0 else quotient
    assert to_satang(amount) == Decimal(expected).scaleb(-2)
    assert to_satang(str(amount)) == to_satang(amount)


# --- money: bahttext ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1234.56"), "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบหกสตางค์"),
        (100, "หนึ่งร้อยบาทถ้วน"),
        (0, "ศูนย์บาทถ้วน"),
        (Decimal("0.00"), "ศูนย์บาทถ้วน"),
        (Decimal("0.50"), "ห้าสิบสตางค์"),
        (Decimal("0.01"), "หนึ่งสตางค์"),
        (Decimal("0.21"), "ยี่สิบเอ็ดสตางค์"),
        (Decimal("1.005"), "หนึ่งบาทหนึ่งสตางค์"),
        (Decimal("1.01"), "หนึ่งบาทหนึ่งสตางค์"),
        (1, "หนึ่งบาทถ้วน"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (1_000_001, "หนึ่งล้านเอ็ดบาทถ้วน"),
        (21_000_000, "ยี่สิบเอ็ดล้านบาทถ้วน"),
        ("1,234.50", "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
        (-5, "ลบห้าบาทถ้วน"),
        (Decimal("-0.50"), "ลบห้าสิบสตางค์"),
        (Decimal("-1234.56"), "ลบหนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบหกสตางค์"),
        (Decimal("-0.004"), "ศูนย์บาทถ้วน"),  # rounds to zero: no "ลบศูนย์"
    ],
)
def test_bahttext_examples(amount: Decimal | int | str, expected: str) -> None:
    assert bahttext(amount) == expected


def test_pythainlp_bahttext_still_needs_this_wrapper() -> None:
    # 1.005 as a float is 1.00499999..., so PyThaiNLP drops the satang. If this test
    # starts failing, PyThaiNLP has changed and the wrapper may be simplified.
    theirs = pythainlp_bahttext(float(Decimal("1.005")))
    ours = bahttext(Decimal("1.005"))
    assert theirs == "หนึ่งบาทถ้วน"
    assert ours == "หนึ่งบาทหนึ่งสตางค์"
    assert ours != theirs
    # It also refuses Decimal outright and writes a zero baht part below one baht.
    with pytest.raises(TypeError):
        pythainlp_bahttext(Decimal("1.5"))
    assert pythainlp_bahttext(0.5) == "ศูนย์บาทห้าสิบสตางค์"


_amounts = st.decimals(
    min_value=Decimal(-(10**12)), max_value=Decimal(10**12), places=2, allow_nan=False
)


@given(_amounts, st.integers(min_value=1, max_value=5))
@example(Decimal("0.00"), 1)
@example(Decimal("1000000000000.00"), 1)
@example(Decimal("-1000000000000.00"), 1)
@example(Decimal("1000001.01"), 1)
def test_bahttext_is_consistent(amount: Decimal, extra_zeros: int) -> None:
    words = bahttext(amount)
    assert bahttext(str(amount)) == words
    assert bahttext(Decimal(str(amount) + "0" * extra_zeros)) == words
    satang = int(amount.scaleb(2)) % 100
    assert words.endswith("บาทถ้วน") == (satang == 0)
    assert ("สตางค์" in words) == (satang != 0)
    assert words.startswith("ลบ") == (amount < 0)


@given(_amounts)
@example(Decimal("1000001.01"))
@example(Decimal("0.01"))
@example(Decimal("-0.21"))
@example(Decimal("21000000.00"))
@example(Decimal("1000000000000.00"))
def test_bahttext_round_trips_through_parser(amount: Decimal) -> None:
    assert parse_bahttext(bahttext(amount)) == int(amount.scaleb(2))


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_bahttext_of_int_round_trips(baht: int) -> None:
    assert parse_bahttext(bahttext(baht)) == baht * 100


# --- money: display formats ---------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1234.5"), "1,234.50"),
        (Decimal("1234567.895"), "1,234,567.90"),
        (0, "0.00"),
        (Decimal("-0.001"), "0.00"),
        (Decimal("-1234.5"), "-1,234.50"),
        ("1,000", "1,000.00"),
        (999, "999.00"),
    ],
)
def test_format_baht(amount: Decimal | int | str, expected: str) -> None:
    assert format_baht(amount) == expected


def test_format_baht_thai_digits() -> None:
    assert format_baht(Decimal("1234.5"), thai_digits=True) == "๑,๒๓๔.๕๐"


@given(_amounts)
def test_format_baht_parses_back(amount: Decimal) -> None:
    assert to_satang(format_baht(amount)) == to_satang(amount)
    assert to_satang(to_arabic_digits(format_baht(amount, thai_digits=True))) == amount


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("91.465"), "91.47"),
        (Decimal("91.4649"), "91.46"),
        (Decimal("100"), "100.00"),
        (Decimal("1234.5"), "1234.50"),  # no thousands separator for scores
        (Decimal("0"), "0.00"),
    ],
)
def test_format_score(value: Decimal, expected: str) -> None:
    assert format_score(value) == expected


def test_format_score_thai_digits() -> None:
    assert format_score(Decimal("91.465"), thai_digits=True) == "๙๑.๔๗"
