"""The risk heat map: a grid coloured by level, the number of risks in each cell."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import matplotlib
import matplotlib.pyplot as plt
import pytest
from PIL import Image

from prongsai.documents.charts import risk_heatmap_png, risk_heatmap_svg

SVG = "{http://www.w3.org/2000/svg}"
# The common 5 × 5 matrix (plans/data/risk-matrices.yaml): (level, lowest score, colour).
RISK_LEVELS = [("สูงมาก", 15, "#b3261e"), ("สูง", 9, "#e8710a"), ("ปานกลาง", 4, "#f2c500"), ("ต่ำ", 1, "#2e7d32")]  # fmt: skip
RISK_SCALE = ["น้อยมาก", "น้อย", "ปานกลาง", "สูง", "สูงมาก"]
# (likelihood, impact) of seven risks, one in each of these cells.
RISK_CELLS = [(4, 4), (4, 3), (3, 4), (2, 5), (2, 3), (3, 2), (1, 3)]


def risk_grid() -> list[list[dict]]:
    """The matrix as plans.risk.Matrix.grid() gives it: highest likelihood first."""

    def level(likelihood: int, impact: int) -> dict:
        name, colour = next((n, c) for n, low, c in RISK_LEVELS if likelihood * impact >= low)
        return {"name": name, "color": colour}

    return [[level(li, im) for im in range(1, 6)] for li in range(5, 0, -1)]


def risk_counts() -> dict[tuple[int, int], int]:
    return dict.fromkeys(RISK_CELLS, 1)


# matplotlib writes each text's characters as a comment at the top of its group.
COUNT = re.compile(r'<g id="risk-count-(\d+)-(\d+)">\s*<!-- (.*?) -->')


def counts_in(svg: str) -> dict[tuple[int, int], str]:
    return {(int(li), int(im)): text for li, im, text in COUNT.findall(svg)}


def test_each_cell_with_risks_shows_its_count():
    counts = risk_counts()
    svg = risk_heatmap_svg(risk_grid(), counts, RISK_SCALE, RISK_SCALE, thai_digits=True)
    thai = "๐๑๒๓๔๕๖๗๘๙"
    assert counts_in(svg) == {cell: thai[n] for cell, n in counts.items()}
    # Empty cells have no number, but every cell is drawn.
    assert len(re.findall(r'<g id="risk-cell-\d+-\d+"', svg)) == 25


def test_cells_are_coloured_by_level():
    svg = risk_heatmap_svg(risk_grid(), {}, RISK_SCALE, RISK_SCALE)
    root = ET.fromstring(svg)
    fills = {
        g.get("id"): next(p.get("fill") for p in g.iter(f"{SVG}path"))
        for g in root.iter(f"{SVG}g")
        if (g.get("id") or "").startswith("risk-cell-")
    }
    assert fills["risk-cell-5-5"] == "#b3261e"  # 25: สูงมาก
    assert fills["risk-cell-3-3"] == "#e8710a"  # 9: สูง
    assert fills["risk-cell-2-2"] == "#f2c500"  # 4: ปานกลาง
    assert fills["risk-cell-1-1"] == "#2e7d32"  # 1: ต่ำ
    assert not list(root.iter(f"{SVG}text"))  # glyphs as paths
    assert "style" not in svg and "<metadata" not in svg


def test_counts_may_come_as_a_grid_or_by_cell_in_either_digits():
    counts = risk_counts()
    as_grid = [["๐"] * 5 for _ in range(5)]
    for (likelihood, impact), n in counts.items():
        as_grid[5 - likelihood][impact - 1] = "๐๑๒๓๔๕๖๗๘๙"[n]
    by_cell = risk_heatmap_svg(risk_grid(), counts, RISK_SCALE, RISK_SCALE)
    assert risk_heatmap_svg(risk_grid(), as_grid, RISK_SCALE, RISK_SCALE) == by_cell
    colours = [[cell["color"] for cell in row] for row in risk_grid()]
    # Plain colours draw the same squares; only the legend (level names) is missing.
    assert counts_in(risk_heatmap_svg(colours, counts, RISK_SCALE, RISK_SCALE)) == counts_in(
        by_cell
    )


def test_numbers_are_readable_on_dark_and_light_cells():
    svg = risk_heatmap_svg(risk_grid(), {(5, 5): 1, (2, 2): 2}, RISK_SCALE, RISK_SCALE)
    dark = svg[svg.index('id="risk-count-5-5"') :][:400]
    light = svg[svg.index('id="risk-count-2-2"') :][:400]
    assert 'fill="#ffffff"' in dark
    assert 'fill="#ffffff"' not in light  # black: SVG's default fill


@pytest.mark.parametrize(
    ("grid", "counts", "likelihood", "impact"),
    [
        ([], {}, [], []),
        ([["#ffffff", "#ffffff"], ["#ffffff"]], {}, ["a", "b"], ["a", "b"]),
        ([["red"]], {}, ["a"], ["a"]),
        ([["#ffffff"]], {(2, 1): 1}, ["a"], ["a"]),
        ([["#ffffff"]], [[1, 2]], ["a"], ["a"]),
        ([["#ffffff"]], {}, ["a", "b"], ["a"]),
    ],
)
def test_a_malformed_matrix_is_an_error(grid, counts, likelihood, impact):
    with pytest.raises(ValueError):
        risk_heatmap_svg(grid, counts, likelihood, impact)


def test_the_heat_map_is_reproducible_and_leaves_no_global_state():
    rc_before = dict(matplotlib.rcParams)
    svg = risk_heatmap_svg(risk_grid(), risk_counts(), RISK_SCALE, RISK_SCALE)
    assert risk_heatmap_svg(risk_grid(), risk_counts(), RISK_SCALE, RISK_SCALE) == svg
    png = risk_heatmap_png(risk_grid(), risk_counts(), RISK_SCALE, RISK_SCALE, dpi=40)
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert plt.get_fignums() == []
    assert dict(matplotlib.rcParams) == rc_before
