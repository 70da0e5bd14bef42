"""Colours that carry text are readable: every risk level's badge and heat-map cell has a text
colour with a contrast of at least 4.5:1 (WCAG 2.1 AA) against its background. axe-core checks
the pages the browser tests visit; this covers every level of every matrix, visited or not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prongsai.plans.risk import matrices

CSS = (Path(__file__).resolve().parents[1] / "static/prongsai/site.css").read_text()


def rules() -> list[tuple[list[str], dict[str, str]]]:
    css = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        props = dict(
            (name.strip(), value.strip())
            for name, _, value in (p.partition(":") for p in body.split(";") if ":" in p)
        )
        found.append(([s.strip() for s in selectors.split(",")], props))
    return found


def resolve(value: str) -> str:
    variables = next(props for selectors, props in rules() if selectors == [":root"])
    name = re.fullmatch(r"var\((--[\w-]+)\)", value)
    return variables[name.group(1)] if name else value


def declared(selector: str, prop: str) -> str:
    """The last value the stylesheet gives `prop` for exactly `selector` (in a selector list)."""
    values = [
        props[prop] for selectors, props in rules() if selector in selectors and prop in props
    ]
    assert values, (selector, prop)
    return resolve(values[-1])


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    digits = "".join(d * 2 for d in digits) if len(digits) == 3 else digits  # #fff
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#ffffff", "#e8710a") < 4.5  # white on the orange level is not readable


@pytest.mark.parametrize("element", ["td.heat", ".risk-badge"])
def test_every_risk_level_is_readable(element):
    levels = {level.color.lower() for matrix in matrices().values() for level in matrix.levels}
    assert levels
    for colour in sorted(levels):
        cls = f".risk-{colour[1:]}"
        background = declared(cls, "background")
        assert background.lower() == colour
        own = [
            props["color"]
            for sel, props in rules()
            if f"{element}{cls}" in sel and "color" in props
        ]
        text = resolve(own[-1]) if own else declared(element, "color")
        assert contrast(text, background) >= 4.5, (element, colour, text)
