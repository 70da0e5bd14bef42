"""Charts of the printed documents: the ITA indicator bar chart and the corruption risk heat map.

Drawn with matplotlib on a private :class:`~matplotlib.figure.Figure` (never pyplot, whose global
figure list would leak memory in a long-running server) inside an ``rc_context`` so no global
setting changes. Text is drawn in Laksaman, the free TH SarabunPSK look-alike that Debian ships
(fonts-tlwg-laksaman), and the SVG stores glyphs as paths: the chart then looks the same in a
PDF, a browser or a Word file whether or not the reader has the font.

The chart text is Thai whatever the interface language, because it belongs to a Thai official
document. This module does not import Django.
"""

from __future__ import annotations

import glob
import io
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache

import matplotlib
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.patches import Patch, Rectangle

from prongsai.thai import format_score, to_arabic_digits, to_thai_digits

__all__ = [
    "THRESHOLD_LABEL",
    "indicator_chart_png",
    "indicator_chart_svg",
    "laksaman_path",
    "risk_heatmap_png",
    "risk_heatmap_svg",
]

FONT_FAMILY = "Laksaman"
THRESHOLD_LABEL = "เกณฑ์ผ่าน {threshold}"
CURRENT_LABEL = "ปีนี้"
PREVIOUS_LABEL = "ปีก่อน"
SCORE_LABEL = "คะแนน"

_BAR = "#1f4e79"
_BAR_BELOW = "#c55a11"  # indicators under the threshold stand out in print and on screen
_PREVIOUS = "#a6a6a6"
_THRESHOLD = "#c00000"

_RC = {
    "font.family": [FONT_FAMILY, "DejaVu Sans"],
    "font.size": 11,
    # Glyphs as paths: the SVG must not depend on fonts installed where it is viewed.
    "svg.fonttype": "path",
    # Fixed ids and no timestamp, so the same scores give byte-identical SVG (cacheable, testable).
    "svg.hashsalt": "prongsai",
}


# SVG properties matplotlib writes in style="" that SVG also accepts as attributes.
_PRESENTATION = {
    "fill",
    "fill-opacity",
    "opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "stroke-width",
}
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"\s*<style[^>]*>(.*?)</style>", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)


@cache
def laksaman_path() -> str | None:
    """Return the path of the Laksaman TTF, or None when fonts-tlwg-laksaman is missing."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{FONT_FAMILY}:style=Regular"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    # fc-match always answers with *some* font; only accept the one we asked for.
    if FONT_FAMILY.lower() in found.lower():
        return found
    candidates = sorted(glob.glob(f"/usr/share/fonts/**/{FONT_FAMILY}.ttf", recursive=True))
    return candidates[0] if candidates else None


@cache
def _register_font() -> None:
    # fontManager is process-wide; registering once is enough and adding twice duplicates entries.
    path = laksaman_path()
    if path:
        fontManager.addfont(path)


def _number(value: object, what: str) -> Decimal:
    """Read a score or indicator number given as Decimal, int, float or text in any digits."""
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a number, not bool")
    try:
        return Decimal(to_arabic_digits(str(value)).strip())
    except InvalidOperation:
        raise ValueError(f"{what} is not a number: {value!r}") from None


def _digits(text: str, thai_digits: bool) -> str:
    return to_thai_digits(text) if thai_digits else text


def _draw(
    indicators: Sequence[Mapping],
    *,
    threshold: float,
    previous: Mapping[int, float] | None,
    thai_digits: bool,
) -> Figure:
    if not indicators:
        raise ValueError("indicator chart needs at least one indicator")
    rows = []
    for ind in indicators:
        number = int(_number(ind["number"], "indicator number"))
        score = _number(ind["score"], f"score of indicator {number}")
        rows.append((number, str(ind["name"]), score))

    labels = [_digits(f"{number} {name}", thai_digits) for number, name, _ in rows]
    scores = [float(score) for _, _, score in rows]
    positions = list(range(len(rows)))
    has_previous = bool(previous)
    height = 0.38 if has_previous else 0.6

    fig = Figure(figsize=(7.5, 0.45 * len(rows) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    if has_previous:
        before = [float(_number(previous.get(n, 0), f"previous score {n}")) for n, _, _ in rows]
        ax.barh(
            [p + height / 2 for p in positions],
            before,
            height=height,
            color=_PREVIOUS,
            label=PREVIOUS_LABEL,
        )
        current_positions = [p - height / 2 for p in positions]
    else:
        current_positions = positions
    colours = [_BAR if s >= threshold else _BAR_BELOW for s in scores]
    ax.barh(
        current_positions,
        scores,
        height=height,
        color=colours,
        label=CURRENT_LABEL if has_previous else None,
        zorder=2,
    )
    # Values sit in a column right of the longest possible bar: next to each bar they would
    # collide with the threshold line, which most scores lie close to.
    for position, (_, _, score) in zip(current_positions, rows, strict=True):
        ax.text(
            101.5,
            position,
            format_score(score, thai_digits=thai_digits),
            va="center",
            ha="left",
            fontsize=10,
        )

    threshold_text = _digits(
        THRESHOLD_LABEL.format(threshold=format_score(str(threshold)).removesuffix(".00")),
        thai_digits,
    )
    # Behind the bars (zorder 1 < 2), and stopping short of its own label.
    ax.vlines(
        threshold, len(rows) - 0.5, -0.6, color=_THRESHOLD, linestyle="--", linewidth=1.2, zorder=1
    )
    ax.text(threshold, -0.75, threshold_text, color=_THRESHOLD, ha="center", va="bottom")

    ax.set_yticks(positions, labels)
    ax.set_xlim(0, 113)
    ticks = list(range(0, 101, 20))
    ax.set_xticks(ticks, [_digits(str(t), thai_digits) for t in ticks])
    ax.set_xlabel(SCORE_LABEL)
    # Reversed limits put indicator 1 on top, as in the results table; the extra room above
    # the first bar keeps the threshold label clear of it.
    ax.set_ylim(len(rows) - 0.5, -1.1)
    ax.spines[["top", "right"]].set_visible(False)
    if has_previous:
        fig.legend(loc="outside lower center", ncols=2, frameon=False)
    return fig


def _render(fig: Figure, fmt: str, **kwargs) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, **kwargs)
    return buf.getvalue()


def indicator_chart_svg(
    indicators: list[dict],
    *,
    threshold: float = 85,
    previous: dict[int, float] | None = None,
    thai_digits: bool = False,
) -> str:
    """Return an SVG bar chart of the indicator scores, ready to inline in HTML.

    ``indicators`` are dicts with ``number``, ``name`` and ``score``; numbers and scores may be
    Decimal, int, float or text in Arabic or Thai digits (the document context's own dicts
    work as they are). ``previous`` maps indicator number to last year's score and adds grey
    bars. The XML declaration and doctype are left out so the text can sit inside an HTML page.
    """
    _register_font()
    with matplotlib.rc_context(_RC):
        fig = _draw(indicators, threshold=threshold, previous=previous, thai_digits=thai_digits)
        svg = _render(fig, "svg", metadata={"Date": None}).decode("utf-8")
    return _inline_svg(svg[svg.index("<svg") :])


def _declarations(css: str) -> list[tuple[str, str]]:
    pairs = (part.split(":", 1) for part in css.split(";") if ":" in part)
    return [(name.strip(), value.strip()) for name, value in pairs]


def _attributes(css: str) -> str:
    declarations = _declarations(css)
    attributes = "".join(f' {n}="{v}"' for n, v in declarations if n in _PRESENTATION)
    rest = "; ".join(f"{n}: {v}" for n, v in declarations if n not in _PRESENTATION)
    return attributes + (f' style="{rest}"' if rest else "")


def _inline_svg(svg: str) -> str:
    """Make matplotlib's SVG fit to sit inside an HTML page.

    Inline in HTML, style="" attributes and <style> rules go through the page's CSS, which knows
    no fill or stroke: a browser or PDF renderer may warn for each (hundreds per chart), and a <style>
    rule would apply to the whole page. Presentation attributes mean the same to SVG and stay
    inside it. The metadata block only names matplotlib.
    """
    svg = _METADATA.sub("", svg)
    root_style = ""
    if match := _STYLE_ELEMENT.search(svg):
        # matplotlib's only rule is "*{…}": defaults that SVG inherits from the root.
        rule = re.fullmatch(r"\*\s*\{(.*)\}", match.group(1).strip(), re.S)
        if rule:
            root_style = _attributes(rule.group(1))
            svg = svg[: match.start()] + svg[match.end() :]
    svg = _STYLE_ATTRIBUTE.sub(lambda m: _attributes(m.group(1)), svg)
    return svg.replace("<svg ", f"<svg{root_style} ", 1)


def indicator_chart_png(
    indicators: list[dict],
    *,
    threshold: float = 85,
    previous: dict[int, float] | None = None,
    thai_digits: bool = False,
    dpi: int = 200,
) -> bytes:
    """Return the same chart as :func:`indicator_chart_svg` as PNG bytes (for Word files)."""
    _register_font()
    with matplotlib.rc_context(_RC):
        fig = _draw(indicators, threshold=threshold, previous=previous, thai_digits=thai_digits)
        return _render(fig, "png", dpi=dpi, metadata={"Software": None})


# --- the risk heat map --------------------------------------------------------------------

LIKELIHOOD_LABEL = "โอกาสที่จะเกิด"
IMPACT_LABEL = "ผลกระทบ"
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_CELL_EDGE = "#ffffff"


def _cell_colour(cell: object) -> tuple[str, str]:
    """(colour, level name) of a heat-map cell: a "#rrggbb" string, a mapping or a Level."""
    if isinstance(cell, str):
        colour, name = cell, ""
    elif isinstance(cell, Mapping):
        colour, name = cell.get("color", ""), cell.get("name", "")
    else:
        colour, name = getattr(cell, "color", ""), getattr(cell, "name", "")
    if not isinstance(colour, str) or not _HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"heat map cell colour must be '#rrggbb', not {colour!r}")
    return colour, str(name or "")


def _ink_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    # Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05): equal at ~0.179.
    return "#000000" if luminance > 0.179 else "#ffffff"


def _count_grid(
    counts: Sequence[Sequence[object]] | Mapping[tuple[int, int], object], rows: int, cols: int
) -> list[list[int]]:
    """Counts in the grid's shape (top row = highest likelihood) from either accepted form."""
    grid = [[0] * cols for _ in range(rows)]
    if isinstance(counts, Mapping):
        for key, value in counts.items():
            likelihood, impact = key
            if not (1 <= likelihood <= rows and 1 <= impact <= cols):
                raise ValueError(
                    f"count for likelihood {likelihood}, impact {impact} is off the grid"
                )
            grid[rows - likelihood][impact - 1] = int(_number(value, "risk count"))
        return grid
    if len(counts) != rows or any(len(row) != cols for row in counts):
        raise ValueError(f"counts must have the grid's shape: {rows} rows of {cols}")
    for r, row in enumerate(counts):
        for c, value in enumerate(row):
            grid[r][c] = int(_number(value, "risk count"))
    return grid


def _draw_heatmap(
    grid: Sequence[Sequence[object]],
    counts: Sequence[Sequence[object]] | Mapping[tuple[int, int], object],
    likelihood_labels: Sequence[str],
    impact_labels: Sequence[str],
    *,
    thai_digits: bool,
) -> Figure:
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    if not rows or not cols or any(len(row) != cols for row in grid):
        raise ValueError("the heat map needs a non-empty rectangular grid")
    if len(likelihood_labels) != rows or len(impact_labels) != cols:
        raise ValueError(
            f"{rows} likelihood and {cols} impact labels expected, got "
            f"{len(likelihood_labels)} and {len(impact_labels)}"
        )
    cells = [[_cell_colour(cell) for cell in row] for row in grid]
    numbers = _count_grid(counts, rows, cols)

    side = 0.95 if cols <= 5 else 0.75
    fig = Figure(figsize=(1.6 + side * cols + 1.4, 1.4 + side * rows + 0.6), layout="constrained")
    ax = fig.add_subplot()
    for r in range(rows):
        likelihood = rows - r
        y = likelihood - 1  # the highest likelihood is drawn at the top
        for c in range(cols):
            impact = c + 1
            colour, _name = cells[r][c]
            square = Rectangle((c, y), 1, 1, facecolor=colour, edgecolor=_CELL_EDGE, linewidth=2.5)
            square.set_gid(f"risk-cell-{likelihood}-{impact}")
            ax.add_patch(square)
            if numbers[r][c]:
                label = ax.text(
                    c + 0.5,
                    y + 0.5,
                    _digits(str(numbers[r][c]), thai_digits),
                    ha="center",
                    va="center",
                    fontsize=18,
                    fontweight="bold",
                    color=_ink_on(colour),
                )
                label.set_gid(f"risk-count-{likelihood}-{impact}")

    ax.set_xlim(0, cols)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.set_xticks(
        [c + 0.5 for c in range(cols)],
        [_digits(f"{c + 1}\n{label}", thai_digits) for c, label in enumerate(impact_labels)],
    )
    ax.set_yticks(
        [r + 0.5 for r in range(rows)],
        [_digits(f"{r + 1} {label}", thai_digits) for r, label in enumerate(likelihood_labels)],
    )
    ax.tick_params(length=0)
    ax.set_xlabel(IMPACT_LABEL)
    ax.set_ylabel(LIKELIHOOD_LABEL)
    ax.spines[:].set_visible(False)

    # One legend entry per level, the most severe (highest likelihood × impact) first.
    order = sorted(((rows - r) * (c + 1), cells[r][c]) for r in range(rows) for c in range(cols))
    legend: dict[str, str] = {}
    for _score, (colour, name) in reversed(order):
        if name and name not in legend:
            legend[name] = colour
    if legend:
        fig.legend(
            handles=[Patch(facecolor=colour, label=name) for name, colour in legend.items()],
            loc="outside right center",
            frameon=False,
            title="ระดับความเสี่ยง",
        )
    return fig


def risk_heatmap_svg(
    grid: Sequence[Sequence[object]],
    counts: Sequence[Sequence[object]] | Mapping[tuple[int, int], object],
    likelihood_labels: Iterable[str],
    impact_labels: Iterable[str],
    *,
    thai_digits: bool = False,
) -> str:
    """Return an SVG heat map of a risk matrix with the number of risks in each cell.

    ``grid`` is the matrix as ``plans.risk.Matrix.grid()`` gives it: rows from the highest
    likelihood down, columns by impact from the lowest, each cell a level (anything with
    ``color`` and ``name``, as attribute or key) or a plain ``"#rrggbb"`` colour. ``counts``
    has the same shape, or maps ``(likelihood, impact)`` (1-based) to a count; counts may be
    ints or text in either digits, and an empty cell (0) shows no number. The labels run from
    the lowest likelihood and impact up, as in the matrix definition. Each cell's square has the
    SVG id ``risk-cell-<likelihood>-<impact>`` and its number ``risk-count-<likelihood>-<impact>``.
    Glyphs are paths, as in :func:`indicator_chart_svg`; the text is ready to inline in HTML.
    """
    _register_font()
    with matplotlib.rc_context(_RC):
        fig = _draw_heatmap(
            grid, counts, list(likelihood_labels), list(impact_labels), thai_digits=thai_digits
        )
        svg = _render(fig, "svg", metadata={"Date": None}).decode("utf-8")
    return _inline_svg(svg[svg.index("<svg") :])


def risk_heatmap_png(
    grid: Sequence[Sequence[object]],
    counts: Sequence[Sequence[object]] | Mapping[tuple[int, int], object],
    likelihood_labels: Iterable[str],
    impact_labels: Iterable[str],
    *,
    thai_digits: bool = False,
    dpi: int = 200,
) -> bytes:
    """The heat map of :func:`risk_heatmap_svg` as PNG bytes (``heatmap_png``, for Word)."""
    _register_font()
    with matplotlib.rc_context(_RC):
        fig = _draw_heatmap(
            grid, counts, list(likelihood_labels), list(impact_labels), thai_digits=thai_digits
        )
        return _render(fig, "png", dpi=dpi, metadata={"Software": None})
